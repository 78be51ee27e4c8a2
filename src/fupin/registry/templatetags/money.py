"""``{{ fen|yuan }}``: an amount kept in integer fen, shown in yuan with two decimals (1,234.56)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Fen as yuan, grouped in the reader's locale; an empty amount as a dash."""
    if fen is None:
        return "—"
    return number_format(Decimal(int(fen)) / 100, decimal_pos=2, force_grouping=True)
