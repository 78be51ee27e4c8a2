"""Monitoring's permissions (the procedure's steps carry their own, in ``monitoring.procedure``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import FIELD, HOUSEHOLD_READERS, OFFICES, define

VIEW_ALERTS = define(
    "monitoring.view_alerts", HOUSEHOLD_READERS, _("read alerts, their evidence and procedure")
)
RECORD_VISIT = define(
    "monitoring.record_visit", FIELD, _("record a home visit, raising an alert for a risk found")
)
ADD_MEASURE = define(
    "monitoring.add_measure", FIELD, _("record a help measure for a monitored household")
)
RUN_SCREENING = define(
    "monitoring.run_screening",
    OFFICES,
    _("import department lists, upload risk scores, run the kernel and escalate overdue alerts"),
)
