"""The rules of the identification procedure that are not the kernel's income and guarantee rules:
the national exclusions ("四不列 / 七不进"), the appraisal's quorum and vote, and "三不出" for exits.

Framework-free: each rule reads plain values and returns codes, so the web app, the bulk opening
and tests share one definition. The codes' sentences are the app's (in the reader's language).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

# Exclusion code → (where the fact is kept, its field). A household fact is read from the
# household; a member fact holds when any active member has it.
EXCLUSION_FACTS: dict[str, tuple[str, str]] = {
    "vehicle": ("household", "owns_vehicle"),
    "commercial_housing": ("household", "owns_commercial_housing"),
    "employs_others": ("household", "runs_business_with_employees"),
    "away_high_income": ("household", "away_with_high_income"),
    "state_payroll": ("member", "on_state_payroll"),
    "village_cadre": ("member", "is_village_cadre"),
}


def exclusion_hits(
    exclusions: Iterable[str],
    household: Mapping[str, Any],
    members: Iterable[Mapping[str, Any]],
    department: Collection[str] = (),
) -> list[str]:
    """The policy's exclusions (in its order) that the household's facts, or a department's
    records (``department``: exclusion codes a registry reported), say hold."""
    people = list(members)
    hits = []
    for code in exclusions:
        level, name = EXCLUSION_FACTS[code]
        found = (
            bool(household.get(name))
            if level == "household"
            else any(bool(m.get(name)) for m in people)
        )
        if found or code in department:
            hits.append(code)
    return hits


@dataclass(frozen=True)
class Appraisal:
    """A democratic appraisal meeting: representatives present of the total, and the vote."""

    present: int
    total: int
    votes_for: int
    votes_against: int = 0
    abstentions: int = 0


def appraisal_problems(meeting: Appraisal, quorum: Fraction) -> list[str]:
    """What makes an appraisal invalid: codes ``no_representatives``, ``quorum``, ``votes``
    (more votes than people present) and ``majority`` (not carried by a majority of those
    present). The quorum is exact: 2/3 of 31 needs 21 present, not 20.67 rounded."""
    if meeting.total <= 0 or meeting.present < 0 or meeting.present > meeting.total:
        return ["no_representatives"]
    problems = []
    if Fraction(meeting.present, meeting.total) < quorum:
        problems.append("quorum")
    cast = meeting.votes_for + meeting.votes_against + meeting.abstentions
    if min(meeting.votes_for, meeting.votes_against, meeting.abstentions) < 0 or (
        cast > meeting.present
    ):
        problems.append("votes")
    elif 2 * meeting.votes_for <= meeting.present:
        problems.append("majority")
    return problems


def present_needed(total: int, quorum: Fraction) -> int:
    """The fewest representatives present for the quorum (a ceiling, exactly)."""
    needed = quorum * total
    return int(-(-needed.numerator // needed.denominator))


def exit_blockers(
    *,
    decision: str,
    year: int,
    identified_year: int | None,
    returned_year: int | None,
    same_year_allowed: bool,
    agreement_signed: bool | None = None,
) -> list[str]:
    """What stops an exit under "三不出": ``not_decided`` (the kernel's decision is not exit),
    ``same_year_identified`` / ``same_year_returned`` (the exit year is the year the household
    entered), ``no_agreement`` (its own signed agreement, once that step is reached:
    ``agreement_signed`` None means not asked yet)."""
    blockers = []
    if decision != "exit":
        blockers.append("not_decided")
    if not same_year_allowed:
        if identified_year == year:
            blockers.append("same_year_identified")
        if returned_year == year:
            blockers.append("same_year_returned")
    if agreement_signed is False:
        blockers.append("no_agreement")
    return blockers


def spot_check_needed(checked: int, reviewed: int, share: Decimal) -> bool:
    """True when the next review must be a spot check: without one, fewer than ``share`` of the
    area's reviews this year (this one included) would have been spot-checked. Exact: 20 % of
    6 reviews needs 2 (1.2 rounded up), never 1."""
    return Decimal(checked) < share * Decimal(reviewed + 1)
