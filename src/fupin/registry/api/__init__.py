"""The registry's REST endpoints, and what every app's endpoints share (``common``)."""
