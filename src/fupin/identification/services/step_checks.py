"""What each step of the four procedures needs in its data, checked before it is taken."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from fupin.identification.choices import APPRAISAL_LABELS, EXIT_LABELS
from fupin.procedure.engine import Problems, StepContext
from fupin.rules.identification import (
    Appraisal,
    appraisal_problems,
    exit_blockers,
    present_needed,
)


def _required(data: dict, *names: str) -> Problems:
    return [(n, _("is required")) for n in names if not str(data.get(n) or "").strip()]


def _past_date(data: dict, name: str, today: dt.date) -> Problems:
    value = data.get(name)
    if not isinstance(value, dt.date):
        return [(name, _("is required"))]
    return [(name, _("cannot be in the future"))] if value > today else []


def appraisal_valid(context: StepContext) -> Problems:
    """The meeting's date, place, minutes and both signatories; the quorum and the vote."""
    data = context.data
    problems = _past_date(data, "held_on", context.today)
    problems += _required(data, "place", "minutes", "first_secretary", "village_head")
    meeting = Appraisal(
        present=int(data.get("present") or 0),
        total=int(data.get("total") or 0),
        votes_for=int(data.get("votes_for") or 0),
        votes_against=int(data.get("votes_against") or 0),
        abstentions=int(data.get("abstentions") or 0),
    )
    quorum = context.in_force.identification.appraisal_quorum
    for code in appraisal_problems(meeting, quorum):
        args = {"quorum": str(quorum), "needed": present_needed(max(meeting.total, 0), quorum),
                "total": meeting.total}  # fmt: skip
        problems.append(("present" if code != "majority" else "votes_for",
                         str(APPRAISAL_LABELS[code]) % args))  # fmt: skip
    return problems


def exclusions_justified(context: StepContext) -> Problems:
    """A case that hit an exclusion rule goes on only with a written justification."""
    if context.subject.exclusions and not str(context.data.get("justification") or "").strip():
        return [("justification", _("an exclusion rule was hit: write why the case goes on"))]
    return []


def verification_done(context: StepContext) -> Problems:
    """The verification's date, who verified and what they found."""
    problems = _past_date(context.data, "verified_on", context.today)
    return problems + _required(context.data, "verifiers", "findings")


def notice_long_enough(context: StepContext) -> Problems:
    """The notice lasts at least the policy's days and was not posted in the future."""
    low = context.in_force.identification.notice_days_min
    days = context.data.get("notice_days")
    problems: Problems = []
    if not isinstance(days, int) or days < low:
        problems.append(("notice_days", _("a notice lasts at least %(low)d days") % {"low": low}))
    return problems + _past_date(context.data, "notice_from", context.today)


def spot_check_recorded(context: StepContext) -> Problems:
    """The review says whether this household was in the spot check, and what was found."""
    data = context.data
    if data.get("spot_checked") and not str(data.get("spot_check_findings") or "").strip():
        return [("spot_check_findings", _("write what the spot check found"))]
    return []


def reason_given(context: StepContext) -> Problems:
    """A reason is written down."""
    return _required(context.data, "reason")


def exit_allowed(context: StepContext) -> Problems:
    """ "三不出": the rules decided exit, and not in the year the household entered."""
    from fupin.identification.selectors import entry_years

    case = context.subject
    identified, returned = entry_years(case.household_id)
    blockers = exit_blockers(
        decision=case.decision,
        year=context.today.year,
        identified_year=identified,
        returned_year=returned,
        same_year_allowed=context.in_force.exit.same_year_exit_allowed,
        agreement_signed=context.data.get("agreed") if "agreed" in context.data else None,
    )
    return [("decision", str(EXIT_LABELS[code])) for code in blockers]
