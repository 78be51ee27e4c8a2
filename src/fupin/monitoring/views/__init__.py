"""Thin views of the monitoring pages: forms in, services called, templates out."""
