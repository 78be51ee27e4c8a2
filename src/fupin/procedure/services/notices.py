"""Public notices and objections: posting, objecting while a notice is up, resolving with a finding."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.procedure.errors import ProcedureError, StaleObjectionError
from fupin.procedure.models import Notice, Objection, ObjectionStatus, StepRecord
from fupin.procedure.permissions import RESOLVE_OBJECTIONS
from fupin.registry.models import Region
from fupin.registry.permissions import User, account_of, can, region_code_of


def notices_of(subject: Any) -> Any:
    """The notices posted for a subject, newest first."""
    kind = ContentType.objects.get_for_model(type(subject))
    return Notice.objects.filter(subject_type=kind, subject_id=subject.pk)


def post_notice(
    subject: Any,
    procedure: str,
    *,
    title: str,
    body: str,
    posted_on: dt.date,
    days: int,
    step: StepRecord | None = None,
) -> Notice:
    """Posts a notice for ``subject`` in its village, up for ``days`` days from ``posted_on``."""
    village = Region.objects.get(code=region_code_of(subject))
    return Notice.objects.create(
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
        region=village,
        procedure=procedure,
        title=title[:200],
        body=body,
        posted_on=posted_on,
        days=days,
        ends_on=posted_on + dt.timedelta(days=days - 1),
        step=step,
    )


def notice_blockers(subject: Any, today: dt.date) -> list[tuple[str, str]]:
    """Why the procedure must wait: a notice still up, or an objection without a finding."""
    problems: list[tuple[str, str]] = []
    for notice in notices_of(subject):
        if notice.ends_on >= today:
            problems.append(
                ("notice", _("the public notice runs until %(day)s") % {"day": notice.ends_on})
            )
        open_count = notice.objections.filter(status=ObjectionStatus.OPEN).count()
        if open_count:
            problems.append(
                (
                    "objections",
                    _("%(count)d objection(s) to the notice await a finding")
                    % {"count": open_count},
                )
            )
    return problems


def _reference(now: dt.datetime) -> str:
    return f"O{now:%Y%m%d}-{secrets.token_hex(3).upper()}"


def raise_objection(
    notice: Notice, *, text: str, name: str = "", contact: str = "", now: dt.datetime
) -> Objection:
    """Keeps a member of the public's objection; refused once the notice has come down."""
    if not notice.is_up(timezone.localdate(now)):
        raise ProcedureError([("notice", _("this notice is no longer up: objections are closed"))])
    if not text.strip():
        raise ProcedureError([("text", _("is required"))])
    return Objection.objects.create(
        notice=notice,
        reference=_reference(now),
        received_at=now,
        name=name.strip()[:100],
        contact=contact.strip()[:40],
        text=text.strip(),
    )


def posted_by_actor(objection: Objection, actor: User | None) -> bool:
    """True when ``actor`` took the step that posted the objection's notice."""
    step = objection.notice.step
    account = account_of(actor)
    return step is not None and account is not None and step.actor_id == account.pk


def may_resolve(actor: User | None, objection: Objection) -> bool:
    """Whether ``actor`` may record the finding: the role and area allow it, and the objection
    is not to a notice they posted themselves (no one judges an objection to their own step)."""
    return can(actor, RESOLVE_OBJECTIONS, objection) and not posted_by_actor(objection, actor)


def resolve_objection(
    objection_id: int,
    *,
    status: str,
    finding: str,
    actor: User | None,
    now: dt.datetime,
    expected_version: int,
) -> Objection:
    """Records the finding that resolves an objection (upheld or dismissed), under a row lock."""
    if status not in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED):
        raise ProcedureError([("status", _("must be upheld or dismissed"))])
    if not finding.strip():
        raise ProcedureError([("finding", _("a finding is required"))])
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("notice__region", "notice__step")
            .get(pk=objection_id)
        )
        if not can(actor, RESOLVE_OBJECTIONS, objection):
            raise ProcedureError([("objection", _("your role may not resolve objections here"))])
        if posted_by_actor(objection, actor):
            message = _("you posted this notice: an objection to it is judged by someone else")
            raise ProcedureError([("objection", message)])
        if objection.version != expected_version:
            raise StaleObjectionError(objection.pk, expected_version)
        if not objection.is_open:
            raise ProcedureError([("objection", _("this objection is already resolved"))])
        Objection.objects.filter(pk=objection.pk).update(
            status=status,
            finding=finding.strip(),
            resolved_by=account_of(actor),
            resolved_at=now,
            version=F("version") + 1,
        )
    return Objection.objects.get(pk=objection_id)
