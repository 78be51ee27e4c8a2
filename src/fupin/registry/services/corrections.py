"""Corrections of a household's or a member's card: field-level history, never an overwrite.

Each correction is one transaction under a row lock and a version check: the fields change, a
``corrected`` status event records who, when and why (the status stays), and one ``FieldChange``
per field keeps the old and the new value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError, StaleVersionError, household_label
from fupin.registry.models import FieldChange, Household, IncomeRecord, Member
from fupin.registry.permissions import User, account_of
from fupin.registry.services.households import append_event
from fupin.registry.services.validation import model_problems

HOUSEHOLD_FIELDS = frozenset(
    f.name
    for f in Household._meta.concrete_fields
    if f.editable and f.name not in {"id", "number", "status", "version"}
)
MEMBER_FIELDS = frozenset(
    f.name for f in Member._meta.concrete_fields if f.editable and f.name not in {"id", "household"}
)


def stored(value: Any) -> Any:
    """A value as the history keeps it (JSON): dates as ISO text, amounts as exact text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def _diff(record: Any, changes: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """field → (old, new) for the fields whose stored value really changes."""
    diffs = {}
    for name, value in changes.items():
        old = stored(getattr(record, name))
        setattr(record, name, value)
        new = stored(getattr(record, name))
        if old != new:
            diffs[name] = (old, new)
    return diffs


def _refuse_unknown(changes: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise RecordError([(f"{path}{name}", _("cannot be changed here")) for name in unknown])


def _record(
    household: Household,
    member: Member | None,
    diffs: dict,
    *,
    expected_version: int,
    actor: User | None,
    reason: str,
    now: dt.datetime,
) -> None:
    fields = [f"{'member.' if member else ''}{name}" for name in diffs]
    event = append_event(
        household,
        "corrected",
        actor=actor,
        reason=reason,
        occurred_at=now,
        expected_version=expected_version,
        data={"fields": fields, "member": getattr(member, "pk", None)},
    )
    FieldChange.objects.bulk_create(
        FieldChange(
            household=household,
            member=member,
            event=event,
            field=name,
            old_value=old,
            new_value=new,
            actor=account_of(actor),
            changed_at=now,
            reason=reason,
        )
        for name, (old, new) in diffs.items()
    )


def _locked(household_id: int, expected_version: int, number: str) -> Household:
    row = Household.objects.select_for_update().get(pk=household_id)
    if row.version != expected_version:
        raise StaleVersionError(household_label(number), expected_version)
    return row


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise RecordError([("reason", _("a correction needs its reason"))])


def correct_household(
    household: Household,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    actor: User | None,
    reason: str,
    now: dt.datetime | None = None,
) -> Household:
    """Changes card fields of a household, keeping each old value; raises RecordError or
    StaleVersionError (someone changed it since ``expected_version``)."""
    _refuse_unknown(changes, HOUSEHOLD_FIELDS, "")
    _require_reason(reason)
    when = now or timezone.now()
    with transaction.atomic():
        row = _locked(household.pk, expected_version, household.number)
        diffs = _diff(row, changes)
        problems = model_problems(row, "")
        if problems:
            raise RecordError(problems)
        if diffs:
            Household.objects.filter(pk=row.pk).update(**{n: getattr(row, n) for n in diffs})
            _record(
                row,
                None,
                diffs,
                expected_version=expected_version,
                actor=actor,
                reason=reason,
                now=when,
            )
    household.refresh_from_db()
    return household


def correct_member(
    member: Member,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    actor: User | None,
    reason: str,
    now: dt.datetime | None = None,
) -> Member:
    """Changes a member's fields (the ID checked again), recorded on the household's history;
    ``expected_version`` is the household's."""
    _refuse_unknown(changes, MEMBER_FIELDS, "member.")
    _require_reason(reason)
    when = now or timezone.now()
    with transaction.atomic():
        household = _locked(member.household_id, expected_version, member.household.number)
        row = Member.objects.select_for_update().get(pk=member.pk)
        diffs = _diff(row, changes)
        problems = model_problems(row, "member")
        try:
            row.clean()  # the ID number's checks, and one active membership per ID
        except ValidationError as exc:
            problems += [(f"member.{f}", " ".join(m)) for f, m in exc.message_dict.items()]
        if problems:
            raise RecordError(problems)
        if diffs:
            Member.objects.filter(pk=row.pk).update(**{n: getattr(row, n) for n in diffs})
            _record(
                household,
                row,
                diffs,
                expected_version=expected_version,
                actor=actor,
                reason=reason,
                now=when,
            )
    member.refresh_from_db()
    return member


INCOME_FIELDS = frozenset(
    f.name
    for f in IncomeRecord._meta.concrete_fields
    if f.editable and f.name not in {"id", "household", "year"}
)


def correct_income(
    record: IncomeRecord,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    actor: User | None,
    reason: str,
    now: dt.datetime | None = None,
) -> IncomeRecord:
    """Changes amounts of one year's income record, kept as ``incomes.<year>.<field>`` changes."""
    _refuse_unknown(changes, INCOME_FIELDS, f"incomes.{record.year}.")
    _require_reason(reason)
    when = now or timezone.now()
    with transaction.atomic():
        household = _locked(record.household_id, expected_version, record.household.number)
        row = IncomeRecord.objects.select_for_update().get(pk=record.pk)
        diffs = _diff(row, changes)
        problems = model_problems(row, f"incomes.{record.year}")
        if problems:
            raise RecordError(problems)
        if diffs:
            IncomeRecord.objects.filter(pk=row.pk).update(**{n: getattr(row, n) for n in diffs})
            named = {f"incomes.{row.year}.{n}": pair for n, pair in diffs.items()}
            _record(
                household,
                None,
                named,
                expected_version=expected_version,
                actor=actor,
                reason=reason,
                now=when,
            )
    record.refresh_from_db()
    return record


def record_addition(
    household: Household,
    what: str,
    description: str,
    *,
    actor: User | None,
    reason: str,
    now: dt.datetime | None = None,
) -> None:
    """Records that a member or a year's income was added to a household's card (``what``:
    ``members`` or ``incomes.<year>``), as a correction with no old value."""
    _require_reason(reason)
    with transaction.atomic():
        row = _locked(household.pk, household.version, household.number)
        _record(
            row,
            None,
            {what: (None, description)},
            expected_version=row.version,
            actor=actor,
            reason=reason,
            now=now or timezone.now(),
        )
    household.refresh_from_db()
