"""Checks of household and member input, each problem reported with its field path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fupin import idnumber
from fupin.registry.models import Household, Member

Problem = tuple[str, str]


def id_number_message(error: idnumber.IdNumberError, text: str) -> str:
    """A translated explanation of why an ID number is malformed."""
    cleaned = (text or "").strip().upper()
    if error.code == "length":
        return _("must have 18 characters, has %(count)d") % {"count": len(cleaned)}
    if error.code == "characters":
        return _("must be 17 digits followed by a digit or X")
    if error.code == "birth_date":
        return _("encodes an impossible birth date %(digits)s") % {"digits": cleaned[6:14]}
    if error.code == "check":
        expected = idnumber.check_character(cleaned[:17])
        return _("check character is %(actual)s, expected %(expected)s") % {
            "actual": cleaned[17],
            "expected": expected,
        }
    return str(error)


def _as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def check_member_identity(data: dict[str, Any], path: str) -> list[Problem]:
    """Validates the ID number and fills or checks sex and birth date against it (in place)."""
    path = f"{path}." if path else ""
    text = str(data.get("id_number") or "")
    try:
        parsed = idnumber.parse(text)
    except idnumber.IdNumberError as exc:
        return [(f"{path}id_number", id_number_message(exc, text))]
    data["id_number"] = parsed.number
    problems: list[Problem] = []
    if data.get("sex") in (None, ""):
        data["sex"] = parsed.sex
    sex = data["sex"]
    if sex != parsed.sex:
        problems.append(
            (
                f"{path}sex",
                _("is %(sex)s but the ID number says %(id_sex)s")
                % {"sex": sex, "id_sex": parsed.sex},
            )
        )
    raw_birth = data.get("birth_date")
    birth = _as_date(raw_birth)
    if raw_birth in (None, ""):
        data["birth_date"] = parsed.birth_date
    elif birth is None:
        problems.append(
            (
                f"{path}birth_date",
                _("is not a date (YYYY-MM-DD): %(value)s") % {"value": raw_birth},
            )
        )
    elif birth != parsed.birth_date:
        problems.append(
            (
                f"{path}birth_date",
                _("is %(date)s but the ID number says %(id_date)s")
                % {"date": birth.isoformat(), "id_date": parsed.birth_date.isoformat()},
            )
        )
    else:
        data["birth_date"] = birth
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
    heads = [i for i, m in enumerate(members) if m.get("relation") == "head"]
    if len(heads) == 1:
        return []
    return [
        (
            "members",
            _("must have exactly one head of household, has %(count)d") % {"count": len(heads)},
        )
    ]


def check_duplicate_ids(
    members: Sequence[Mapping[str, Any]], household: Household | None
) -> list[Problem]:
    """No ID twice in the input, and none active in another household of the registry."""
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for index, member in enumerate(members):
        number = str(member.get("id_number") or "")
        if number in first_seen:
            problems.append(
                (
                    f"members[{index}].id_number",
                    _("repeats the ID number of members[%(other)d]")
                    % {"other": first_seen[number]},
                )
            )
        first_seen.setdefault(number, index)
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
