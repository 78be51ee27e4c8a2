"""Return-to-poverty monitoring: monitored households, alerts, department screening, follow-up."""
