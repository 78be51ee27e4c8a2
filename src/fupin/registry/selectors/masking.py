"""Personal data as shown where it is not needed in full: names and ID numbers masked."""

from __future__ import annotations

from fupin import idnumber


def mask_name(name: str) -> str:
    """The family name (first character) kept, the rest starred: 张三丰 → 张**."""
    text = (name or "").strip()
    if len(text) <= 1:
        return text
    return text[0] + "*" * (len(text) - 1)


def mask_id(number: str) -> str:
    """The ID number with birth date and sequence hidden."""
    return idnumber.mask(number)
