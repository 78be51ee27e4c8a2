"""The imports' pages."""
