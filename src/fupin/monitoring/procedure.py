"""The signed monitoring procedure, as one table of steps (the procedure engine runs it).

reported → visited (two visitors) → assets checked → appraised, with a public notice →
township reviewed (once the notice has come down and every objection has a finding) → county
decision: monitored or rejected; a monitored household ends with risk eliminated or returned.
Choices, stage sets and the alert page's path are all derived from this table.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fupin.monitoring import forms
from fupin.monitoring.services import step_checks as checks
from fupin.monitoring.services import step_effects as effects
from fupin.procedure.engine import Procedure, Stage, StageKind, Step
from fupin.registry.permissions import FIELD, OFFICES, Role, define

PENDING, LIVE, CLOSED = StageKind.PENDING, StageKind.LIVE, StageKind.CLOSED
COUNTY = {Role.COUNTY_OFFICE}

STAGES = (
    Stage("reported", _("reported"), PENDING),
    Stage("visited", _("visited at home"), PENDING),
    Stage("assets_checked", _("assets checked"), PENDING),
    Stage("noticed", _("appraised and noticed"), PENDING),
    Stage("township_reviewed", _("reviewed by the township"), PENDING),
    Stage("monitored", _("monitored"), LIVE),
    Stage("rejected", _("not taken into monitoring"), CLOSED, on_path=False),
    Stage("risk_eliminated", _("risk eliminated"), CLOSED, on_path=False),
    Stage("returned", _("returned to poverty"), CLOSED, on_path=False),
)


def _step(
    action: str, label: object, source: str, target: str, roles: object, **kw: object
) -> Step:
    permission = define(f"monitoring.step_{action}", roles, label)  # type: ignore[arg-type]
    return Step(action, label, source, target, permission, **kw)  # type: ignore[arg-type]


STEPS = (
    _step("visit", _("home visit by two people"), "reported", "visited", FIELD,
          checks=(checks.visit_complete,), form=forms.VisitForm),
    _step("check_assets", _("asset check"), "visited", "assets_checked", FIELD,
          checks=(checks.assets_authorised,), form=forms.AssetsForm),
    _step("appraise", _("democratic appraisal and notice"), "assets_checked", "noticed",
          {Role.VILLAGE_CADRE, *OFFICES}, checks=(checks.notice_within_policy,),
          form=forms.AppraiseForm, signed=True, notice=True),
    _step("township_review", _("township review"), "noticed", "township_reviewed", OFFICES,
          form=forms.ReviewForm, signed=True, waits_for_notice=True),
    _step("county_approve", _("county decision: monitor"), "township_reviewed", "monitored",
          COUNTY, checks=(checks.known_group,), effects=(effects.enter_monitoring,),
          form=forms.ApproveForm, signed=True),
    _step("county_reject", _("county decision: reject"), "township_reviewed", "rejected",
          COUNTY, checks=(checks.reason_given,), form=forms.RejectForm, signed=True),
    _step("eliminate_risk", _("risk eliminated"), "monitored", "risk_eliminated", COUNTY,
          checks=(checks.risk_eliminated,), effects=(effects.end_with_risk_eliminated,),
          form=forms.EliminateForm, signed=True),
    _step("return", _("returned to poverty"), "monitored", "returned", COUNTY,
          checks=(checks.reason_given,), effects=(effects.end_with_return,),
          form=forms.ReturnForm, signed=True),
)  # fmt: skip


def _policy_of(alert: Any) -> Any:
    """The policy in force in the alert's village."""
    from fupin.registry.selectors.policies import policy_for_region

    return policy_for_region(alert.household.village)


MONITORING = Procedure(
    name="monitoring",
    stages=STAGES,
    steps=STEPS,
    records={"escalate": _("escalated to the township (overdue)")},
    related=("household__village",),
    policy_of=_policy_of,
)
PENDING_STAGES = MONITORING.stages_of(PENDING)
CLOSED_STAGES = MONITORING.stages_of(CLOSED)
