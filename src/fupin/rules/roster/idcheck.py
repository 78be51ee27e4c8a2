"""The roster report's words for invalid ID numbers; the checks are ``fupin.rules.checks.ids``."""

from __future__ import annotations

import datetime as dt

from fupin import idnumber
from fupin.i18n import gettext as _
from fupin.rules.checks import ids
from fupin.rules.checks.ids import IdFindings, check_ids

__all__ = ["IdFindings", "check_ids", "explain", "message"]


def message(reason: str, text: str) -> str:
    """The roster's sentence for an ID number ``text`` invalid for ``reason``."""
    if reason == ids.LENGTH:
        return _("ID number must have 18 characters, has {count}").format(count=len(text))
    if reason == ids.CHARACTERS:
        return _("ID number must be 17 digits followed by a digit or X")
    if reason == ids.BIRTH_DATE:
        return _("ID number encodes an impossible birth date {digits}").format(digits=text[6:14])
    if reason == ids.CHECK:
        return _("ID number check character is {found}, expected {expected}").format(
            found=text[17], expected=idnumber.check_character(text[:17])
        )
    return _("ID number is not valid")


def explain(text: str, today: dt.date | None = None) -> str:
    """Why an ID number is invalid, in the active language."""
    return message(ids.reason(text, today), text)
