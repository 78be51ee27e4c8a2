"""Taking one step of the monitoring procedure on an alert (through the procedure engine)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from fupin.monitoring.models import Alert
from fupin.monitoring.procedure import MONITORING
from fupin.procedure.engine import StepContext
from fupin.procedure.services import steps as engine
from fupin.registry.permissions import User
from fupin.registry.selectors.masking import mask_name

if TYPE_CHECKING:
    from fupin.policy import Policy


def notice_text(context: StepContext) -> tuple[str, str]:
    """The public notice of an appraisal: the household by its masked head's name, no details."""
    household = context.subject.household
    title = _("Proposed for return-to-poverty monitoring: the household of %(name)s") % {
        "name": mask_name(household.head_name)
    }
    body = _(
        "After a home visit, an asset check and the democratic appraisal, the household of "
        "%(name)s (group %(group)s) is proposed for monitoring. Objections may be raised until "
        "the notice comes down."
    ) % {"name": mask_name(household.head_name), "group": household.group_no}
    return title, body


def take_step(
    alert_id: int,
    action: str,
    *,
    actor: User | None,
    now: dt.datetime,
    expected_version: int,
    policy: Policy | None = None,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> Alert:
    """Moves the alert one step through the monitoring procedure, all or nothing (under the
    policy of the household's village unless ``policy`` is given)."""
    alert: Alert = engine.take_step(
        MONITORING,
        Alert,
        alert_id,
        action,
        actor=actor,
        now=now,
        expected_version=expected_version,
        policy=policy,
        data=data,
        note=note,
        notice_text=notice_text,
    )
    return alert
