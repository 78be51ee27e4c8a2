"""The identification app's background job: opening cases in bulk from the rules' decisions."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.identification.permissions import OPEN_IN_BULK
from fupin.identification.services.bulk import open_from_decisions
from fupin.jobs.services.kinds import job_kind
from fupin.jobs.services.runs import JobContext
from fupin.registry.models import Region

OPEN_CASES = "identification.open_cases"


@job_kind(
    OPEN_CASES,
    _("Open cases from the rules' decisions (identify, exit, return) for an area"),
    OPEN_IN_BULK,
    results={
        "considered": _("households checked"),
        "identification": _("identification cases opened"),
        "exit": _("exit cases opened"),
        "return": _("return cases opened"),
        "already_open": _("already had an open case"),
    },
)
def open_cases(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """Opens the area's cases in one transaction (the job's), with progress."""
    region = Region.objects.get(code=params["region"])
    summary = open_from_decisions(
        region, actor=context.actor, now=timezone.now(), progress=context.progress
    )
    return {
        "considered": summary.considered,
        **{kind: summary.opened.get(kind, 0) for kind in ("identification", "exit", "return")},
        "already_open": summary.already_open,
    }
