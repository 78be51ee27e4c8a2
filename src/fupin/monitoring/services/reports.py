"""A household's own report (public form) and a cadre's visit record, as alert sources."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.monitoring.errors import MonitoringError
from fupin.monitoring.models import Alert, OwnReport
from fupin.monitoring.services.raising import Signal, is_monitorable, raise_alert
from fupin.monitoring.services.steps import take_step
from fupin.registry.models import Household, Member
from fupin.registry.permissions import User

if TYPE_CHECKING:
    from fupin.policy import Policy


def _reference(now: dt.datetime) -> str:
    return f"R{now:%Y%m%d}-{secrets.token_hex(3).upper()}"


def receive_own_report(
    *,
    id_number: str,
    name: str,
    phone: str,
    village_code: str,
    cause: str,
    description: str,
    now: dt.datetime,
    policy: Policy | None = None,
) -> OwnReport:
    """Keeps the report; when ID number and name match an active member, raises an alert."""
    member = (
        Member.objects.filter(active=True, id_number=id_number.strip().upper())
        .select_related("household")
        .first()
    )
    matched = member if member is not None and member.name == name.strip() else None
    with transaction.atomic():
        alert = None
        if matched is not None and is_monitorable(matched.household):
            signal = Signal(
                household=matched.household,
                source="own_report",
                causes=[cause],
                summary=description[:500],
                data={"phone": phone, "cause": cause},
            )
            alert, _opened = raise_alert(signal, now=now, policy=policy)
        return OwnReport.objects.create(
            reference=_reference(now),
            id_number=id_number.strip().upper(),
            name=name.strip(),
            phone=phone,
            village_code=village_code,
            cause=cause,
            description=description,
            received_at=now,
            household=matched.household if matched else None,
            alert=alert,
        )


def record_visit(
    household: Household,
    *,
    actor: User | None,
    now: dt.datetime,
    policy: Policy | None = None,
    visit: dict[str, Any],
    causes: list[str],
    expected_version: int | None = None,
) -> Alert:
    """Records a cadre's visit: the home visit of a reported alert, or a new alert found on a visit.

    ``visit`` holds visitors, visited_on and findings. A live alert past the visit stage gets the
    visit as evidence. Without a live alert the visit raises one (source: visit) when ``causes``
    name a risk. All in one transaction.
    """
    with transaction.atomic():
        live = Alert.objects.live().filter(household=household).first()
        if live is not None and live.stage == "reported":
            version = live.version if expected_version is None else expected_version
            return take_step(
                live.pk,
                "visit",
                actor=actor,
                now=now,
                expected_version=version,
                policy=policy,
                data=visit,
                note=visit.get("findings", ""),
            )
        if live is None and not causes:
            raise MonitoringError(
                [("causes", _("name the risk found, or there is nothing to raise"))]
            )
        if not is_monitorable(household):
            raise MonitoringError(
                [("household", _("the household is registered poor: it is helped, not monitored"))]
            )
        signal = Signal(
            household=household,
            source="visit",
            causes=["VISIT_FINDING", *causes],
            summary=str(visit.get("findings", ""))[:500],
            data={k: v.isoformat() if isinstance(v, dt.date) else v for k, v in visit.items()},
        )
        alert, opened = raise_alert(signal, now=now, policy=policy, actor=actor)
        if opened:
            return take_step(
                alert.pk,
                "visit",
                actor=actor,
                now=now,
                expected_version=alert.version,
                policy=policy,
                data=visit,
                note=visit.get("findings", ""),
            )
        return alert
