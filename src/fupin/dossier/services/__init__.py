"""The household file's use cases, each one transaction."""
