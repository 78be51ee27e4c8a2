"""Checks of household and member input, each problem reported with its field path.

The rules are the core's (``fupin.rules.checks``): ID numbers, sex and birth date against them,
amounts, one head per household, an ID number repeated in the input. This module phrases their
reasons for the registry's forms and services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fupin import idnumber
from fupin.registry.models import Household, Member
from fupin.rules.checks import amounts, codes, ids
from fupin.rules.checks import households as structure

Problem = tuple[str, str]


def id_number_message(reason: str, text: str) -> str:
    """A translated explanation of why an ID number is malformed (``reason``: its code)."""
    cleaned = (text or "").strip().upper()
    if reason == ids.LENGTH:
        return _("must have 18 characters, has %(count)d") % {"count": len(cleaned)}
    if reason == ids.CHARACTERS:
        return _("must be 17 digits followed by a digit or X")
    if reason == ids.BIRTH_DATE:
        return _("encodes an impossible birth date %(digits)s") % {"digits": cleaned[6:14]}
    if reason == ids.CHECK:
        expected = idnumber.check_character(cleaned[:17])
        return _("check character is %(actual)s, expected %(expected)s") % {
            "actual": cleaned[17],
            "expected": expected,
        }
    return _("must not begin or end with spaces")


def _date_text(value: Any) -> str | None:
    """A birth date as the text the rule reads (YYYY-MM-DD for a date)."""
    if value in (None, ""):
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def check_member_identity(data: dict[str, Any], path: str) -> list[Problem]:
    """Validates the ID number and fills or checks sex and birth date against it (in place)."""
    path = f"{path}." if path else ""
    text = str(data.get("id_number") or "").strip()  # a form's stray spaces are not the ID's
    sex = data.get("sex") or None
    birth = _date_text(data.get("birth_date"))
    found = ids.check_ids(pa.array([text or None], pa.string()))
    if not found.valid[0]:
        reason = found.reasons.get(0, ids.LENGTH)  # an empty ID has 0 of its 18 characters
        return [(f"{path}id_number", id_number_message(reason, text))]
    data["id_number"] = text.upper()
    id_sex, id_birth = found.sex[0].as_py(), found.birth_date[0].as_py()
    agreement = ids.identity_reasons(
        found, pa.array([sex], pa.string()), pa.array([birth], pa.string())
    )
    problems: list[Problem] = []
    if sex is None:
        data["sex"] = id_sex
    elif agreement[ids.SEX_DISAGREES][0] or sex not in codes.SEXES:  # any other sex disagrees
        problems.append(
            (
                f"{path}sex",
                _("is %(sex)s but the ID number says %(id_sex)s") % {"sex": sex, "id_sex": id_sex},
            )
        )
    if birth is None:
        data["birth_date"] = dt.date.fromisoformat(id_birth)
    elif agreement[ids.BIRTH_DATE_FORMAT][0] or agreement[ids.BIRTH_DATE_NOT_REAL][0]:
        problems.append(
            (f"{path}birth_date", _("is not a date (YYYY-MM-DD): %(value)s") % {"value": birth})
        )
    elif agreement[ids.BIRTH_DATE_DISAGREES][0]:
        problems.append(
            (
                f"{path}birth_date",
                _("is %(date)s but the ID number says %(id_date)s")
                % {"date": birth, "id_date": id_birth},
            )
        )
    else:
        data["birth_date"] = dt.date.fromisoformat(birth)
    return problems


def amount_message(reason: str) -> str:
    """A translated explanation of why an amount is wrong (``reason``: its code)."""
    if reason in (amounts.NEGATIVE, amounts.TOO_LARGE):
        return _("must be at least 0 and below 1,000,000,000,000 yuan")
    if reason == amounts.PRECISION:
        return _("must have at most 2 decimals (whole fen)")
    return _("is not an amount in yuan")


def check_amounts(values: Mapping[str, Any], path: str) -> list[Problem]:
    """Income amounts: not negative (last year's per-capita figure may be), whole fen, below
    10^12 yuan; ``values`` maps field names to amounts (empty ones are not checked)."""
    prefix = f"{path}." if path else ""
    problems = []
    for name, value in values.items():
        reason = amounts.amount_reason(value, amounts.is_signed(name))
        if reason is not None:
            problems.append((f"{prefix}{name}", amount_message(reason)))
    return problems


def model_problems(instance: Any, path: str, exclude: Iterable[str] = ()) -> list[Problem]:
    """Django field validation of one unsaved instance, as (path, message) pairs.

    Only the fields are validated: the model's own ``clean()`` repeats checks the services make
    themselves with better field paths.
    """
    try:
        instance.clean_fields(exclude=list(exclude))
    except ValidationError as exc:
        prefix = f"{path}." if path else ""
        return [
            (f"{prefix}{field}", " ".join(str(m) for m in messages))
            for field, messages in exc.message_dict.items()
        ]
    return []


# Set by the registry itself (keys, links, derived status), never by the caller's data.
SYSTEM_FIELDS = frozenset(
    {"id", "village", "village_id", "household", "household_id", "status", "version"}
)


def unknown_fields(model: Any, data: Mapping[str, Any], path: str) -> list[Problem]:
    """Keys of ``data`` that are not fields the caller may set on ``model``."""
    known = {f.name for f in model._meta.concrete_fields} - SYSTEM_FIELDS
    prefix = f"{path}." if path else ""
    return [
        (f"{prefix}{key}", _("is not a field of this record")) for key in data if key not in known
    ]


def check_heads(members: Sequence[Mapping[str, Any]]) -> list[Problem]:
    """Exactly one member is the head of household."""
    head = structure.is_head(pa.array([m.get("relation") for m in members], pa.string()))
    one_household = np.zeros(len(members), dtype=np.int64)  # every member's household is row 0
    if not structure.wrong_heads(one_household, head, 1)[0]:
        return []
    count = int(head.sum())
    return [
        ("members", _("must have exactly one head of household, has %(count)d") % {"count": count})
    ]


def check_duplicate_ids(
    members: Sequence[Mapping[str, Any]], household: Household | None
) -> list[Problem]:
    """No ID twice in the input, and none active in another household of the registry."""
    problems: list[Problem] = []
    numbers = [str(m.get("id_number") or "").strip() or None for m in members]
    repeat, first = structure.repeated_ids(pa.array(numbers, pa.string()))
    for row in repeat.nonzero()[0].tolist():
        problems.append(
            (
                f"members[{row}].id_number",
                _("repeats the ID number of members[%(other)d]") % {"other": first[row]},
            )
        )
    first_seen: dict[str, int] = {}
    for index, number in enumerate(numbers):
        if number is not None:
            first_seen.setdefault(number.upper(), index)
    clashes = Member.objects.filter(id_number__in=list(first_seen), active=True)
    if household is not None and household.pk is not None:
        clashes = clashes.exclude(household=household)
    for number, other in clashes.values_list("id_number", "household__number"):
        problems.append(
            (
                f"members[{first_seen[number]}].id_number",
                _("is already an active member of household %(other)s") % {"other": other},
            )
        )
    return problems


def active_elsewhere(member: Member) -> str | None:
    """Why ``member`` clashes with an active member of another household, or None."""
    other = (
        Member.objects.filter(id_number=member.id_number, active=True)
        .exclude(pk=member.pk)
        .values_list("household__number", flat=True)
        .first()
    )
    if other is None:
        return None
    return _("is already an active member of household %(other)s") % {"other": other}
