"""Fupin (扶贫): an information system for targeted poverty alleviation.

The framework-free core (``policy``, ``measures``, ``rules``, ``targeting``, ``synth``, ``batch``)
is usable as a library; the Django apps (``registry`` …) and the web project build on it.
"""

__version__ = "0.1.0"
