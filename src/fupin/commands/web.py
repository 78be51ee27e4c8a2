"""`fupin migrate`, `fupin createuser`, `fupin serve` and `fupin demo`.

Implemented in fupin.registry.cli so that their texts are extracted into (and translated by) the
registry's catalogue.
"""

from fupin.registry.cli import register

__all__ = ["register"]
