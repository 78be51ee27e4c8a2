"""The registry's own checks of a roster before an import: the villages exist and lie in the
importer's area, a household stays in its village, the year is the one asked for, and no member
is active in another household."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from fupin.i18n import gettext as _
from fupin.registry.models import Household, Member, Region
from fupin.registry.permissions import User, scope_of
from fupin.rules import columns as col
from fupin.rules.roster import Problem
from fupin.rules.roster.reader import ROW

H, M = col.HOUSEHOLDS_SHEET, col.MEMBERS_SHEET
CHUNK = 5_000


def text_of(table: pa.Table, name: str) -> list[str]:
    """A text column's values, an empty cell as the empty string."""
    return [v or "" for v in table.column(name).to_pylist()]


def _villages(codes: set[str]) -> dict[str, Region]:
    return {r.code: r for r in Region.objects.filter(code__in=codes, level="village")}


def existing_households(numbers: list[str]) -> dict[str, Household]:
    """The registry's households of these numbers, by number, with their village."""
    found: dict[str, Household] = {}
    for start in range(0, len(numbers), CHUNK):
        rows = Household.objects.filter(number__in=numbers[start : start + CHUNK])
        found.update({h.number: h for h in rows.select_related("village")})
    return found


def _elsewhere(members: pa.Table) -> list[Problem]:
    """Members whose ID number is an active member of another household in the registry."""
    rows, ids, numbers = (
        members.column(ROW).to_pylist(),
        text_of(members, "id_number"),
        text_of(members, "household_id"),
    )
    where: dict[str, str] = {}
    for start in range(0, len(ids), CHUNK):
        found = Member.objects.filter(
            active=True, id_number__in=[i.upper() for i in ids[start : start + CHUNK]]
        )
        where.update(dict(found.values_list("id_number", "household__number")))
    message = _("is already an active member of household {other}")
    return [Problem(M, row, "id_number", "", message.format(other=where[i.upper()]), number)
            for row, i, number in zip(rows, ids, numbers, strict=True)
            if i.upper() in where and where[i.upper()] != number]  # fmt: skip


def _village_problem(
    code: str,
    number: str,
    villages: dict[str, Region],
    existing: dict[str, Household],
    prefix: str | None,
) -> str | None:
    """Why a household row's village cannot be imported, or None."""
    if code not in villages:
        return _("no village with this code in the registry")
    if prefix is None or not code.startswith(prefix):
        return _("outside your area")
    if number in existing and existing[number].village.code != code:
        message = _("household {number} is in village {code}: a move is not an import")
        return message.format(number=number, code=existing[number].village.code)
    return None


def registry_problems(raw: Any, actor: User | None, year: int | None) -> list[Problem]:
    """The registry's own checks of a roster: villages, area, a household's village, the year,
    and members already active in another household."""
    households = raw.households
    numbers = text_of(households, "household_id")
    villages, existing = (
        _villages(set(text_of(households, "village_code"))),
        existing_households(numbers),
    )
    prefix = scope_of(actor).prefix if actor is not None else ""
    problems = []
    rows = zip(households.column(ROW).to_pylist(), numbers, text_of(households, "village_code"),
               text_of(households, "year"), strict=True)  # fmt: skip
    for row, number, code, year_text in rows:
        why = _village_problem(code, number, villages, existing, prefix)
        if why is not None:
            problems.append(Problem(H, row, "village_code", code, why, number))
        if year is not None and year_text != str(year):
            why = _("the import is for {year}").format(year=year)
            problems.append(Problem(H, row, "year", year_text, why, number))
    return problems + _elsewhere(raw.members)
