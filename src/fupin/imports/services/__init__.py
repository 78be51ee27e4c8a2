"""The imports' use cases."""
