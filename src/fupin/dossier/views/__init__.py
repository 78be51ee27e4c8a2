"""The household file's pages."""
