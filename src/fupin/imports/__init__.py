"""Imports into the registry from the offices' files: county rosters (and, to come, field surveys)."""
