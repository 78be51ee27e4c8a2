"""Identification, exit, return and correction as public, signed procedures (the ``Case``)."""
