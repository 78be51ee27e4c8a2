"""Monitoring services: each use case runs in one transaction, with the clock passed in."""
