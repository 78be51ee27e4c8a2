"""What the monitoring templates show, assembled from the models (no HTTP here)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from fupin.monitoring.choices import CAUSE_LABELS, Source, cause_label
from fupin.monitoring.forms import MeasureForm
from fupin.monitoring.models import Alert, MonitoredHousehold
from fupin.monitoring.procedure import MONITORING
from fupin.monitoring.selectors.scale import Ranked
from fupin.monitoring.services.deadlines import overdue_kinds
from fupin.monitoring.services.elimination import elimination_problems, needs_development_measure
from fupin.monitoring.views.factors import explain
from fupin.procedure.services.notices import notices_of
from fupin.registry.permissions import User, can
from fupin.registry.selectors import regions as region_tree
from fupin.registry.selectors.policies import policy_for_region
from fupin.registry.services.department_lists import problem_rows as department_problem_rows

if TYPE_CHECKING:
    from fupin.policy import Policy


def list_row(alert: Alert, ranked: Ranked | None, today: dt.date) -> dict[str, Any]:
    """One line of the alert list (``ranked`` is None for a closed alert)."""
    return {
        "alert": alert,
        "rank": ranked.rank if ranked else None,
        "people": ranked.people if ranked else 0,
        "within_scale": ranked.within_scale if ranked else True,
        "causes": [cause_label(c) for c in alert.causes],
        "overdue": overdue_kinds(alert.stage, alert.visit_due, alert.decision_due, today),
    }


def stages(alert: Alert) -> list[dict[str, Any]]:
    """The procedure's path with each stage done, current or to come; a closing stage appended."""
    return [
        {"code": code, "label": label, "state": state}
        for code, label, state in MONITORING.progress(alert.stage)
    ]


def step_forms(alert: Alert, user: User, today: dt.date, policy: Policy) -> list[tuple[Any, Any]]:
    """(step, empty form) for each step the user may take on the alert now."""
    initial = {
        "visited_on": today,
        "notice_from": today,
        "notice_days": policy.monitoring.notice_days_min,
        "group": alert.group,
    }
    return [
        (step, step.form(initial=initial, prefix=step.action))
        for step in MONITORING.steps_from(alert.stage)
        if step.form is not None and can(user, step.permission, alert)
    ]


def _monitoring(alert: Alert, today: dt.date, policy: Policy) -> dict[str, Any]:
    monitored = MonitoredHousehold.objects.filter(alert=alert).first()
    if monitored is None:
        return {}
    context: dict[str, Any] = {
        "monitored": monitored,
        "measures": list(monitored.measures.all()),
        "needs_development": needs_development_measure(monitored),
        "measure_form": MeasureForm(initial={"started_on": today}) if monitored.active else None,
    }
    if monitored.active:
        context["elimination_problems"] = [
            m for _c, m in elimination_problems(monitored, today, policy)
        ]
    return context


def step_rows(alert: Alert) -> list[dict[str, Any]]:
    """The steps taken, oldest first, with the action's label and the signature if signed."""
    labels = dict(MONITORING.action_choices())
    records = alert.steps.select_related("actor", "signature").order_by("occurred_at", "id")
    return [{"record": r, "label": labels.get(r.action, r.action)} for r in records]


def alert_page(alert: Alert, user: User, today: dt.date) -> dict[str, Any]:
    """Everything the alert page shows."""
    sources = dict(Source.choices)
    policy = policy_for_region(alert.household.village)
    evidence = [
        {
            "item": e,
            "source": sources.get(e.source, e.source),
            "causes": [cause_label(c) for c in e.causes],
        }
        for e in alert.evidence.select_related("recorded_by")
    ]
    village = alert.household.village
    return {
        "alert": alert,
        "household": alert.household,
        "breadcrumbs": [*region_tree.ancestors(user, village), village],
        "causes": [cause_label(c) for c in alert.causes],
        "sources": [sources.get(s, s) for s in alert.sources],
        "evidence": evidence,
        "factors": explain(alert.factors or []),
        "stages": stages(alert),
        "steps": step_rows(alert),
        "notices": list(notices_of(alert).prefetch_related("objections")),
        "overdue": overdue_kinds(alert.stage, alert.visit_due, alert.decision_due, today),
        "step_forms": step_forms(alert, user, today, policy),
        "known_causes": CAUSE_LABELS,
        **_monitoring(alert, today, policy),
    }


# Monitoring's own reason for a row it does not use; the others are every list's.
PROBLEM_TEXT = {
    "registered_poor": _("the household is registered poor: it is helped, not monitored"),
}


def problem_rows(record: Any) -> list[dict[str, Any]]:
    """The import's problems with their column and reason in the reader's language."""
    return department_problem_rows(record.problems, PROBLEM_TEXT)
