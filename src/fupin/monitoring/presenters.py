"""What the monitoring templates show, assembled from the models (no HTTP here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from fupin.monitoring.choices import CAUSE_LABELS, FIELD_ROLES, Source, Stage, cause_label
from fupin.monitoring.deadlines import overdue_kinds
from fupin.monitoring.factors import explain
from fupin.monitoring.forms import STEP_FORMS, MeasureForm
from fupin.monitoring.models import Alert, MonitoredHousehold
from fupin.monitoring.policy import current_policy
from fupin.monitoring.procedure import PATH, allowed_actions
from fupin.monitoring.services.elimination import elimination_problems, needs_development_measure
from fupin.monitoring.services.scale import Ranked
from fupin.monitoring.services.steps import role_may
from fupin.web import region_tree
from fupin.web.access import role_of


def is_field_user(user: Any) -> bool:
    """True for the roles that work with households in the field or the offices."""
    return role_of(user) in {*FIELD_ROLES, "superuser"}


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
    labels = dict(Stage.choices)
    position = PATH.index(alert.stage) if alert.stage in PATH else len(PATH)
    shown = [
        {
            "code": code,
            "label": labels[code],
            "state": "done" if i < position else "current" if i == position else "todo",
        }
        for i, code in enumerate(PATH)
    ]
    if alert.stage not in PATH:
        reached = len(PATH) if alert.stage != "rejected" else PATH.index("township_reviewed") + 1
        shown = shown[:reached]
        for item in shown:
            item["state"] = "done"
        shown.append({"code": alert.stage, "label": labels[alert.stage], "state": "current"})
    return shown


def _step_form(alert: Alert, user: Any, today: dt.date) -> Any:
    form_class = STEP_FORMS.get(alert.stage)
    if form_class is None or not any(role_may(user, a) for a in allowed_actions(alert.stage)):
        return None
    policy = current_policy()
    initial = {
        "visited_on": today,
        "notice_days": policy.monitoring.notice_days_min,
        "group": alert.group,
    }
    return form_class(initial=initial)


def _monitoring(alert: Alert, today: dt.date) -> dict[str, Any]:
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
            m for _c, m in elimination_problems(monitored, today, current_policy())
        ]
    return context


def alert_page(alert: Alert, user: Any, today: dt.date) -> dict[str, Any]:
    """Everything the alert page shows."""
    sources = dict(Source.choices)
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
        "steps": list(alert.steps.select_related("actor")),
        "overdue": overdue_kinds(alert.stage, alert.visit_due, alert.decision_due, today),
        "step_form": _step_form(alert, user, today),
        "known_causes": CAUSE_LABELS,
        **_monitoring(alert, today),
    }


PROBLEM_TEXT = {
    "invalid_id": _("not a valid resident ID number"),
    "invalid_date": _("not a date (write 2025-03-01), or a date in the future"),
    "invalid_amount": _("not an amount in yuan (0 or more)"),
    "missing_amount": _("the amount is missing"),
    "duplicate": _("repeats row %(first)s"),
    "unknown_id": _("no active member with this ID number in your area"),
    "name_mismatch": _("the name differs from the registry's"),
    "registered_poor": _("the household is registered poor: it is helped, not monitored"),
}
COLUMN_LABELS = {
    "id_number": _("ID number"),
    "name": _("name"),
    "date": _("date"),
    "amount": _("amount"),
    "note": _("note"),
}


def problem_rows(record: Any) -> list[dict[str, Any]]:
    """The import's problems with their column and reason in the reader's language."""
    rows = []
    for problem in record.problems:
        text = str(PROBLEM_TEXT.get(problem["code"], problem["code"]))
        if "%(" in text:
            text = text % {"first": problem.get("detail", {}).get("first", "?")}
        column = str(COLUMN_LABELS.get(problem["column"], problem["column"]))
        rows.append(
            {"row": problem["row"], "column": column, "value": problem["value"], "reason": text}
        )
    return rows
