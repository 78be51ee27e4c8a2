"""The four procedures as tables of steps (the procedure engine runs them).

Identification follows "两公示一公告": application → democratic appraisal → village verification →
first notice → township review (with its spot check) → second notice → county approval →
announcement, which writes the household's status event. Exit: appraisal → verification → the
household's signed agreement ("三不出" checked) → notice → announcement. Return follows
identification with one notice. A correction is verified and approved, then changes the card.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fupin.identification import forms
from fupin.identification.services import step_checks as checks
from fupin.identification.services import step_effects as effects
from fupin.procedure.engine import Procedure, Stage, StageKind, Step
from fupin.registry.permissions import FIELD, OFFICES, Role, define

PENDING, CLOSED = StageKind.PENDING, StageKind.CLOSED
COUNTY = {Role.COUNTY_OFFICE}
VILLAGE = {Role.VILLAGE_CADRE, *OFFICES}

APPLIED = Stage("applied", _("applied"), PENDING)
APPRAISED = Stage("appraised", _("appraised by the representatives"), PENDING)
VERIFIED = Stage("verified", _("verified by the village"), PENDING)
FIRST_NOTICE = Stage("first_notice", _("first public notice"), PENDING)
TOWNSHIP = Stage("township_reviewed", _("reviewed by the township"), PENDING)
SECOND_NOTICE = Stage("second_notice", _("second public notice"), PENDING)
NOTICE = Stage("noticed", _("public notice"), PENDING)
AGREED = Stage("agreed", _("agreed by the household"), PENDING)
COUNTY_APPROVED = Stage("county_approved", _("approved by the county"), PENDING)
ANNOUNCED = Stage("announced", _("announced"), CLOSED)
CORRECTED = Stage("corrected", _("corrected"), CLOSED)
REJECTED = Stage("rejected", _("rejected"), CLOSED, on_path=False)
WITHDRAWN = Stage("withdrawn", _("withdrawn"), CLOSED, on_path=False)


def _step(kind: str, action: str, label: Any, source: Stage, target: Stage, roles: Any,
          **kw: Any) -> Step:  # fmt: skip
    permission = define(f"identification.{kind}_{action}", roles, label)
    return Step(action, label, source.code, target.code, permission, **kw)


def _appraise(kind: str, source: Stage, target: Stage, *extra: Any) -> Step:
    return _step(kind, "appraise", _("democratic appraisal"), source, target, VILLAGE,
                 checks=(checks.appraisal_valid, *extra), effects=(effects.keep_main_cause,),
                 form=forms.AppraisalForm, signed=True)  # fmt: skip


def _verify(kind: str, source: Stage, target: Stage) -> Step:
    return _step(kind, "verify", _("village verification"), source, target, FIELD,
                 checks=(checks.verification_done,), form=forms.VerifyForm, signed=True)  # fmt: skip


def _notice(kind: str, action: str, label: Any, source: Stage, target: Stage, roles: Any,
            waits: bool = False) -> Step:  # fmt: skip
    return _step(kind, action, label, source, target, roles, checks=(checks.notice_long_enough,),
                 form=forms.NoticeForm, signed=True, notice=True, waits_for_notice=waits)  # fmt: skip


def _reject(kind: str, source: Stage, roles: Any = OFFICES, waits: bool = False) -> Step:
    # Only the county undoes the county's approval; an office rejects what is below it.
    roles = COUNTY if source is COUNTY_APPROVED else roles
    # One rejection per stage (the engine keys steps by stage and action).
    return _step(kind, f"reject_{source.code}", _("reject"), source, REJECTED, roles,
                 checks=(checks.reason_given,), form=forms.ReasonForm, signed=True,
                 waits_for_notice=waits)  # fmt: skip


def _announce(kind: str, source: Stage, roles: Any, *extra: Any) -> Step:
    return _step(kind, "announce", _("announcement"), source, ANNOUNCED, roles,
                 checks=(checks.no_upheld_objection, checks.status_still_allows, *extra),
                 effects=(effects.record_status_event,), form=forms.ApproveForm, signed=True,
                 waits_for_notice=True)  # fmt: skip


def _withdraw(kind: str) -> Step:
    return _step(kind, "withdraw", _("withdraw"), APPLIED, WITHDRAWN, FIELD,
                 checks=(checks.reason_given,), form=forms.ReasonForm, signed=True)  # fmt: skip


I = "identification"  # noqa: E741 (a table key, read as a word)
IDENTIFICATION_STEPS = (
    _appraise(I, APPLIED, APPRAISED, checks.justified, checks.cause_recorded),
    _verify(I, APPRAISED, VERIFIED),
    _notice(I, "first_notice", _("post the first notice"), VERIFIED, FIRST_NOTICE, VILLAGE),
    _step(I, "township_review", _("township review"), FIRST_NOTICE, TOWNSHIP, OFFICES,
          checks=(checks.spot_check_recorded, checks.no_upheld_objection), form=forms.ReviewForm,
          signed=True, waits_for_notice=True),
    _notice(I, "second_notice", _("post the second notice"), TOWNSHIP, SECOND_NOTICE, OFFICES),
    _step(I, "county_approve", _("county approval"), SECOND_NOTICE, COUNTY_APPROVED, COUNTY,
          checks=(checks.spot_check_recorded, checks.no_upheld_objection,
                  checks.status_still_allows), form=forms.ReviewForm, signed=True,
          waits_for_notice=True),
    _announce(I, COUNTY_APPROVED, VILLAGE),
    _withdraw(I),
    *(_reject(I, s) for s in (APPLIED, APPRAISED, VERIFIED, TOWNSHIP, COUNTY_APPROVED)),
    _reject(I, FIRST_NOTICE, waits=True),
    _reject(I, SECOND_NOTICE, COUNTY, waits=True),
)  # fmt: skip

E = "exit"
EXIT_STEPS = (
    _appraise(E, APPLIED, APPRAISED, checks.exit_allowed),
    _verify(E, APPRAISED, VERIFIED),
    _step(E, "agree", _("the household's signed agreement"), VERIFIED, AGREED, FIELD,
          checks=(checks.exit_allowed,), form=forms.AgreementForm, signed=True),
    _notice(E, "notice", _("post the notice"), AGREED, NOTICE, VILLAGE),
    _announce(E, NOTICE, OFFICES, checks.exit_allowed),
    _withdraw(E),
    *(_reject(E, s) for s in (APPLIED, APPRAISED, VERIFIED, AGREED)),
    _reject(E, NOTICE, waits=True),
)  # fmt: skip

R = "return"
RETURN_STEPS = (
    _appraise(R, APPLIED, APPRAISED, checks.justified, checks.cause_recorded),
    _verify(R, APPRAISED, VERIFIED),
    _notice(R, "notice", _("post the notice"), VERIFIED, NOTICE, VILLAGE),
    _step(R, "township_review", _("township review"), NOTICE, TOWNSHIP, OFFICES,
          checks=(checks.spot_check_recorded, checks.no_upheld_objection), form=forms.ReviewForm,
          signed=True, waits_for_notice=True),
    _step(R, "county_approve", _("county approval"), TOWNSHIP, COUNTY_APPROVED, COUNTY,
          checks=(checks.spot_check_recorded, checks.no_upheld_objection,
                  checks.status_still_allows), form=forms.ReviewForm, signed=True),
    _announce(R, COUNTY_APPROVED, VILLAGE),
    _withdraw(R),
    *(_reject(R, s) for s in (APPLIED, APPRAISED, VERIFIED, TOWNSHIP, COUNTY_APPROVED)),
    _reject(R, NOTICE, waits=True),
)  # fmt: skip

C = "correction"
CORRECTION_STEPS = (
    _verify(C, APPLIED, VERIFIED),
    _step(C, "approve", _("approve the correction"), VERIFIED, CORRECTED, OFFICES,
          effects=(effects.apply_correction,), form=forms.ApproveForm, signed=True),
    _withdraw(C),
    *(_reject(C, s) for s in (APPLIED, VERIFIED)),
)  # fmt: skip


def _policy_of(case: Any) -> Any:
    """The policy in force in the case's village."""
    from fupin.registry.selectors.policies import policy_for_region

    return policy_for_region(case.household.village)


def _procedure(name: str, stages: tuple[Stage, ...], steps: tuple[Step, ...]) -> Procedure:
    return Procedure(name=f"identification.{name}", stages=stages, steps=steps,
                     related=("household__village",), policy_of=_policy_of)  # fmt: skip


CLOSINGS = (REJECTED, WITHDRAWN)
PROCEDURES: dict[str, Procedure] = {
    "identification": _procedure("identification", (APPLIED, APPRAISED, VERIFIED, FIRST_NOTICE,
        TOWNSHIP, SECOND_NOTICE, COUNTY_APPROVED, ANNOUNCED, *CLOSINGS), IDENTIFICATION_STEPS),
    "exit": _procedure("exit", (APPLIED, APPRAISED, VERIFIED, AGREED, NOTICE, ANNOUNCED,
                                *CLOSINGS), EXIT_STEPS),
    "return": _procedure("return", (APPLIED, APPRAISED, VERIFIED, NOTICE, TOWNSHIP,
                                    COUNTY_APPROVED, ANNOUNCED, *CLOSINGS), RETURN_STEPS),
    "correction": _procedure("correction", (APPLIED, VERIFIED, CORRECTED, *CLOSINGS),
                             CORRECTION_STEPS),
}  # fmt: skip


def all_stage_choices() -> list[tuple[str, Any]]:
    """(code, label) of every stage of the four procedures, each once, in path order."""
    seen: dict[str, Any] = {}
    for procedure in PROCEDURES.values():
        for code, label in procedure.stage_choices():
            seen.setdefault(code, label)
    return list(seen.items())


def procedure_of(case: Any) -> Procedure:
    """The procedure a case follows (by its kind)."""
    return PROCEDURES[case.kind]
