"""What each step of the four procedures needs in its data, checked before it is taken."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fupin.identification.choices import APPRAISAL_LABELS, EXIT_LABELS, STATUSES_FOR
from fupin.procedure.engine import Problems, StepContext, past_date, required
from fupin.procedure.engine import reason_given as reason_given  # the tables name it from here
from fupin.rules.identification import (
    Appraisal,
    appraisal_problems,
    exit_blockers,
    present_needed,
    spot_check_needed,
)


def appraisal_valid(context: StepContext) -> Problems:
    """The meeting's date, place, minutes and both signatories; the quorum and the vote."""
    data = context.data
    problems = past_date(data, "held_on", context.today)
    problems += required(data, "place", "minutes", "first_secretary", "village_head")
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


def justified(context: StepContext) -> Problems:
    """An identification or a return goes on past an exclusion rule the household hits (at
    opening or now), or against the rules' decision, only with a written justification."""
    from fupin.identification.services.opening import household_exclusions

    case = context.subject
    hits = set(case.exclusions) | set(household_exclusions(case.household, context.in_force))
    wanted = {"identification": "identify", "return": "return"}[case.kind]
    against = bool(case.decision) and case.decision != wanted
    if (hits or against) and not str(context.data.get("justification") or "").strip():
        why = _("an exclusion rule was hit") if hits else _("the rules decided otherwise")
        return [("justification", _("%(why)s: write why the case goes on") % {"why": why})]
    return []


def cause_recorded(context: StepContext) -> Problems:
    """A household entering the poor list has its main cause on the card, or the appraisal
    names it (the registration card needs one)."""
    if context.subject.household.main_cause or context.data.get("main_cause"):
        return []
    return [("main_cause", _("name the household's main cause of poverty"))]


def verification_done(context: StepContext) -> Problems:
    """The verification's date, who verified and what they found."""
    problems = past_date(context.data, "verified_on", context.today)
    return problems + required(context.data, "verifiers", "findings")


def notice_long_enough(context: StepContext) -> Problems:
    """The notice lasts at least the policy's days and was not posted in the future."""
    low = context.in_force.identification.notice_days_min
    days = context.data.get("notice_days")
    problems: Problems = []
    if not isinstance(days, int) or days < low:
        problems.append(("notice_days", _("a notice lasts at least %(low)d days") % {"low": low}))
    return problems + past_date(context.data, "notice_from", context.today)


def spot_check_recorded(context: StepContext) -> Problems:
    """The review says whether this household was in the spot check, and what was found; while
    the area's share of spot-checked reviews this year is under the policy's (20 % of a
    township's, 10 % of a county's), the review must be a spot check."""
    from fupin.identification.selectors import spot_checks_this_year

    data = context.data
    if data.get("spot_checked"):
        if not str(data.get("spot_check_findings") or "").strip():
            return [("spot_check_findings", _("write what the spot check found"))]
        return []
    county = context.step.action == "county_approve"
    rules = context.in_force.identification
    share = rules.county_spot_check if county else rules.township_spot_check
    code = context.subject.household.village.code
    prefix = code[:6] if county else code[:9]
    checked, reviewed = spot_checks_this_year(prefix, context.step.action, context.today.year)
    if spot_check_needed(checked, reviewed, share):
        message = _("%(share)s%% of this year's reviews here must be spot checks: visit this "
                    "household") % {"share": f"{share * 100:g}"}  # fmt: skip
        return [("spot_checked", message)]
    return []


def no_upheld_objection(context: StepContext) -> Problems:
    """An objection found valid stops the case: it can only be rejected now."""
    from fupin.identification.selectors import upheld_objections

    if upheld_objections(context.subject):
        return [("objection", _("an objection to this case was upheld: reject the case"))]
    return []


def status_still_allows(context: StepContext) -> Problems:
    """The household's status still allows the case (monitoring may have moved it meanwhile)."""
    household = context.subject.household
    household.refresh_from_db(fields=["status", "version"])
    if household.status not in STATUSES_FOR[context.subject.kind]:
        return [("household", _("the household's status changed meanwhile: reject the case"))]
    return []


def exit_allowed(context: StepContext) -> Problems:
    """ "三不出": the rules decide exit today, and not in the year the household entered."""
    from fupin.identification.selectors import entry_years
    from fupin.identification.services.evidence import current_decision

    case = context.subject
    identified, returned = entry_years(case.household_id)
    blockers = exit_blockers(
        decision=current_decision(case.household).get("decision", ""),
        year=context.today.year,
        identified_year=identified,
        returned_year=returned,
        same_year_allowed=context.in_force.exit.same_year_exit_allowed,
        agreement_signed=context.data.get("agreed") if "agreed" in context.data else None,
    )
    return [("agreed" if c == "no_agreement" else "decision", str(EXIT_LABELS[c]))
            for c in blockers]  # fmt: skip
