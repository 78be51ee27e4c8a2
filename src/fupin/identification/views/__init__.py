"""The identification pages."""
