"""Monitoring's background jobs: the rules kernel over an area, raising within the scale."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.jobs.services.kinds import job_kind
from fupin.jobs.services.runs import JobContext
from fupin.monitoring.permissions import RUN_SCREENING
from fupin.monitoring.services.kernel import raise_from_kernel
from fupin.registry.models import Region

KERNEL_RUN = "monitoring.kernel_run"


@job_kind(
    KERNEL_RUN,
    _("Rules kernel over an area: alerts within the monitored scale, the rest watched"),
    RUN_SCREENING,
    results={
        "considered": _("households checked"),
        "opened": _("alerts raised"),
        "updated": _("alerts given new evidence"),
        "watched": _("households put on the watch list"),
        "skipped": _("registered poor (helped, not monitored)"),
    },
)
def kernel_run(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """Runs the kernel on the area's households and raises alerts (one transaction)."""
    region = Region.objects.get(code=params["region"])
    summary = raise_from_kernel(
        region, now=timezone.now(), actor=context.actor, progress=context.progress
    )
    return {
        "considered": summary.considered,
        "opened": summary.opened,
        "updated": summary.updated,
        "watched": summary.watched,
        "skipped": len(summary.skipped),
    }
