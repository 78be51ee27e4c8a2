"""Help measures for monitored households."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.monitoring.errors import MonitoringError
from fupin.monitoring.models import Measure, MonitoredHousehold
from fupin.monitoring.permissions import ADD_MEASURE
from fupin.registry.permissions import User, account_of, can


def add_measure(
    monitored_id: int, *, kind: str, started_on: dt.date, note: str, actor: User | None
) -> Measure:
    """Records a measure for a household still monitored, by a field user of its area."""
    with transaction.atomic():
        monitored = (
            MonitoredHousehold.objects.select_for_update()
            .select_related("household__village")
            .get(pk=monitored_id)
        )
        if not can(actor, ADD_MEASURE, monitored):
            raise MonitoringError([("kind", _("your role may not record measures here"))])
        if not monitored.active:
            raise MonitoringError([("kind", _("monitoring of this household has ended"))])
        return Measure.objects.create(
            monitored=monitored,
            kind=kind,
            started_on=started_on,
            note=note,
            recorded_by=account_of(actor),
        )
