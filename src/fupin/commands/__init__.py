"""Command groups of the ``fupin`` CLI; each module exposes ``register(app)``."""
