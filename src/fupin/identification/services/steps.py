"""Taking one step of a case's procedure (through the procedure engine)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.identification.models import Case
from fupin.identification.procedure import PROCEDURES
from fupin.procedure.engine import StepContext
from fupin.procedure.services import steps as engine
from fupin.registry.permissions import User
from fupin.registry.selectors.masking import mask_name

NOTICE_TITLES = {
    "identification": gettext_lazy("Proposed as a poor household: the household of %(name)s"),
    "exit": gettext_lazy("Proposed to leave the poor list: the household of %(name)s"),
    "return": gettext_lazy("Proposed to return to the poor list: the household of %(name)s"),
}


def notice_text(context: StepContext) -> tuple[str, str]:
    """A case's public notice: the household by its head's masked name, no ID or income."""
    case = context.subject
    household = case.household
    name = mask_name(household.head_name)
    title = str(NOTICE_TITLES[case.kind]) % {"name": name}
    body = _(
        "After the democratic appraisal and the village's verification, the household of "
        "%(name)s (group %(group)s) is proposed as above. Anyone may raise an objection, named "
        "or not, until the notice comes down."
    ) % {"name": name, "group": household.group_no}
    return title, body


def take_step(
    case_id: int,
    action: str,
    *,
    actor: User | None,
    now: dt.datetime,
    expected_version: int,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> Case:
    """Moves the case one step through its procedure, all or nothing; returns it afresh."""
    kind = Case.objects.values_list("kind", flat=True).get(pk=case_id)
    case: Case = engine.take_step(
        PROCEDURES[kind],
        Case,
        case_id,
        action,
        actor=actor,
        now=now,
        expected_version=expected_version,
        data=data,
        note=note,
        notice_text=notice_text,
    )
    return case
