"""Taking one step of a procedure on a subject: one transaction, row lock, version check.

The subject is any model with ``stage``, ``version`` and ``closed_at`` fields and a
``scope_path`` (the permissions module's). The step must be allowed at the subject's stage,
the actor must hold the step's permission over the subject, the subject must not have changed
since ``expected_version``, a step that waits for a notice cannot pass a notice still up or an
unresolved objection, and the step's own checks must find nothing. Then its effects run, the
subject moves, and the step is recorded (signed when the step says so, with its notice posted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.procedure.engine import IllegalStep, Procedure, Step, StepContext
from fupin.procedure.errors import NotAllowed, ProcedureError, StaleVersion
from fupin.procedure.models import StepRecord
from fupin.procedure.services.notices import notice_blockers, post_notice
from fupin.procedure.services.signatures import sign
from fupin.registry.permissions import User, account_of, can, scope_of

if TYPE_CHECKING:
    from fupin.policy import Policy

NoticeText = Callable[[StepContext], tuple[str, str]]


def json_safe(data: dict[str, Any]) -> dict[str, Any]:
    """The step data with dates as ISO text, for the JSON column."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def local_date(now: dt.datetime) -> dt.date:
    """The calendar day of ``now`` in the configured time zone."""
    return timezone.localdate(now) if timezone.is_aware(now) else now.date()


def _allowed(procedure: Procedure, subject: Any, action: str, actor: User | None) -> None:
    """The actor's role and scope allow ``action`` on the subject (whatever its stage now)."""
    steps = [s for s in procedure.steps if s.action == action]
    if not steps:
        raise ProcedureError(
            [("action", _("%(action)s is not a step of this procedure") % {"action": action})]
        )
    if not any(can(actor, s.permission, subject) for s in steps):
        raise NotAllowed([("action", _("your role may not take this step here"))])


def _step(procedure: Procedure, subject: Any, action: str) -> Step:
    try:
        return procedure.step(subject.stage, action)
    except IllegalStep as exc:
        raise ProcedureError([("action", str(exc))]) from exc


def _check(step: Step, context: StepContext) -> None:
    problems = notice_blockers(context.subject, context.today) if step.waits_for_notice else []
    for check in step.checks:
        problems += check(context)
    if problems:
        raise ProcedureError(problems)


def record(
    procedure: Procedure,
    subject: Any,
    action: str,
    *,
    actor: User | None,
    now: dt.datetime,
    stage_after: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    signed: bool = False,
) -> StepRecord:
    """Writes the step record of ``action`` on ``subject`` (signed if asked); no checks here."""
    role = scope_of(actor).role
    content = {
        "procedure": procedure.name,
        "subject": f"{subject._meta.label_lower}:{subject.pk}",
        "action": action,
        "stage_before": subject.stage,
        "stage_after": stage_after or subject.stage,
        "actor": getattr(actor, "username", ""),
        "role": role.value if role is not None else "",
        "occurred_at": now,
        "note": note,
        "data": json_safe(data or {}),
    }
    return StepRecord.objects.create(
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
        procedure=procedure.name,
        action=action,
        stage_before=subject.stage,
        stage_after=stage_after or subject.stage,
        actor=account_of(actor),
        role=content["role"],
        occurred_at=now,
        note=note,
        data=content["data"],
        signature=sign(content, actor, at=now) if signed else None,
    )


def take_step(
    procedure: Procedure,
    subject_model: Any,
    subject_id: int,
    action: str,
    *,
    actor: User | None,
    now: dt.datetime,
    expected_version: int,
    policy: Policy | None = None,
    data: dict[str, Any] | None = None,
    note: str = "",
    notice_text: NoticeText | None = None,
) -> Any:
    """Moves the subject one step through the procedure, all or nothing; returns it afresh."""
    with transaction.atomic():
        # Only the subject's row is locked; what its scope and policy need is read with it.
        rows = subject_model.objects.select_for_update(of=("self",))
        subject = rows.select_related(*procedure.related).get(pk=subject_id)
        _allowed(procedure, subject, action, actor)
        if subject.version != expected_version:
            raise StaleVersion(f"{subject._meta.verbose_name} #{subject.pk}", expected_version)
        step = _step(procedure, subject, action)
        if policy is None and procedure.policy_of is not None:
            policy = procedure.policy_of(subject)
        context = StepContext(
            subject=subject,
            step=step,
            data=dict(data or {}),
            actor=actor,
            now=now,
            today=local_date(now),
            policy=policy,
        )
        _check(step, context)
        for effect in step.effects:
            effect(context)
        step_record = record(
            procedure,
            subject,
            action,
            actor=actor,
            now=now,
            stage_after=step.target,
            note=note,
            data=context.data,
            signed=step.signed,
        )
        if step.notice:
            _post(procedure, subject, context, step_record, notice_text)
        closed = not procedure.is_live(step.target)
        subject_model.objects.filter(pk=subject.pk, version=expected_version).update(
            stage=step.target, version=F("version") + 1, closed_at=now if closed else None
        )
    return subject_model.objects.get(pk=subject_id)


def _post(
    procedure: Procedure,
    subject: Any,
    context: StepContext,
    step_record: StepRecord,
    notice_text: NoticeText | None,
) -> None:
    title, body = notice_text(context) if notice_text else (str(context.step.label), "")
    post_notice(
        subject,
        procedure.name,
        title=title,
        body=body,
        posted_on=context.data["notice_from"],
        days=int(context.data["notice_days"]),
        step=step_record,
    )
