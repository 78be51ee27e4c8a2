"""The identification app's use cases."""
