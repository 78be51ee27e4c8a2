"""A roster (the format of `fupin identify`) into the registry: new households loaded in bulk,
existing ones updated as corrections, every change kept with its old value; all or nothing.

The roster is validated first, every problem named by sheet, row, column and value, as `fupin
identify` names them; then the registry's own checks (the village exists and lies in the
importer's area, a household stays in its village, the year is the one asked for). With any
problem, nothing is written. A new household's status is taken as the roster gives it (a county
bringing its list into Fupin); an existing household's status is never changed by an import —
that goes through the identification procedure — and a roster that says otherwise is noted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction

from fupin.i18n import gettext as _
from fupin.registry.models import Household, IncomeRecord, Member
from fupin.registry.permissions import User
from fupin.registry.selectors.roster import registered_status
from fupin.registry.services.corrections import (
    correct_household,
    correct_income,
    correct_member,
    record_addition,
)
from fupin.registry.services.loader import load_county
from fupin.registry.services.roster_checks import (
    existing_households,
    registry_problems,
    text_of,
)
from fupin.rules import columns as col
from fupin.rules.in_force import PolicyChoice
from fupin.rules.roster import Problem, read_roster, validate_roster
from fupin.rules.roster.reader import ROW, RawRoster

H, M = col.HOUSEHOLDS_SHEET, col.MEMBERS_SHEET
YES_NO = ("food_secure", "clothing_secure", "safe_water")
MEMBER_TEXT = ("name", "relation", "sex", "health", "labour_ability")
MEMBER_YES_NO = ("in_school", "medical_insurance")


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), and every problem that stopped it."""

    households: int = 0
    households_added: int = 0
    members_added: int = 0
    households_updated: int = 0
    fields_changed: int = 0
    incomes_added: int = 0
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing stopped the import."""
        return not self.problems


@dataclass(frozen=True)
class _County:
    """The roster's new households in the loader's layout (no new regions)."""

    regions: pa.Table
    households: pa.Table
    members: pa.Table


def _new_households(raw: Any, new: set[str]) -> _County:
    """The roster's rows of households not yet in the registry, each with its head's name."""
    wanted = pa.array(sorted(new), pa.string())
    households = raw.households.filter(pc.is_in(raw.households["household_id"], value_set=wanted))
    members = raw.members.filter(pc.is_in(raw.members["household_id"], value_set=wanted))
    heads = {h: n for h, n, r in zip(text_of(members, "household_id"), text_of(members, "name"),
                                     text_of(members, "relation"), strict=True) if r == "head"}  # fmt: skip
    names = [heads.get(number, "") for number in text_of(households, "household_id")]
    households = households.drop_columns([ROW]).append_column(
        "head_name", pa.array(names, pa.string())
    )
    regions = pa.table(
        {name: pa.array([], pa.string()) for name in ("code", "name", "level", "parent_code")}
    )
    return _County(regions, households, members.drop_columns([ROW]))


def _yes(text: Any) -> bool:
    return text if isinstance(text, bool) else str(text).strip().lower() == "yes"


def _fact(name: str, value: Any) -> Any:
    """An exclusion fact as the card holds it: yes/no as a flag, a count as a number."""
    return int(value) if name in col.COUNT_COLUMNS else _yes(value)


def _household_changes(household: Household, row: dict[str, Any]) -> dict[str, Any]:
    """The card's fields the roster row gives otherwise than the registry holds."""
    wanted: dict[str, Any] = {name: _yes(row[name]) for name in YES_NO}
    wanted["housing_grade"] = row["housing_grade"]
    for name in (*col.EXCLUSION_HOUSEHOLD_FLAGS, *col.COUNT_COLUMNS):
        if row.get(name) not in (None, ""):  # an empty cell: not recorded, the card stays
            wanted[name] = _fact(name, row[name])
    return {k: v for k, v in wanted.items() if getattr(household, k) != v}


def _member_changes(member: Member, row: dict[str, Any]) -> dict[str, Any]:
    wanted: dict[str, Any] = {name: row[name] for name in MEMBER_TEXT}
    wanted.update({name: _yes(row[name]) for name in MEMBER_YES_NO})
    wanted["birth_date"] = dt.date.fromisoformat(row["birth_date"])
    for name in col.EXCLUSION_MEMBER_FLAGS:
        if row.get(name) not in (None, ""):
            wanted[name] = _fact(name, row[name])
    return {k: v for k, v in wanted.items() if getattr(member, k) != v}


def _income(
    household: Household,
    row: dict[str, Any],
    reason: str,
    actor: User | None,
    now: dt.datetime,
    report: ImportReport,
) -> None:
    amounts = {name: Decimal(row[name]) for name in col.MONEY_COLUMNS}
    record = IncomeRecord.objects.filter(household=household, year=row["year"]).first()
    if record is None:
        IncomeRecord.objects.create(household=household, year=row["year"], **amounts)
        record_addition(
            household,
            f"incomes.{row['year']}",
            str(row["year"]),
            actor=actor,
            reason=reason,
            now=now,
        )
        report.incomes_added += 1
        return
    changes = {k: v for k, v in amounts.items() if getattr(record, k) != v}
    if changes:
        correct_income(
            record, changes, expected_version=household.version, actor=actor, reason=reason, now=now
        )
        household.refresh_from_db()
        report.fields_changed += len(changes)


def _members(
    household: Household,
    rows: list[dict[str, Any]],
    reason: str,
    actor: User | None,
    now: dt.datetime,
    report: ImportReport,
) -> None:
    """The roster's members of an existing household: changed fields corrected, new ones added."""
    known = {m.id_number: m for m in household.members.all()}
    for row in rows:
        member = known.get(row["id_number"])
        if member is None:
            facts = {k: v for k, v in _member_changes(Member(), row).items()}
            added = Member.objects.create(household=household, id_number=row["id_number"], **facts)
            record_addition(
                household,
                "members",
                f"{added.name} ({added.masked_id})",
                actor=actor,
                reason=reason,
                now=now,
            )
            report.members_added += 1
        elif not member.active:
            report.notes.append(
                _(
                    "{number}: {name} is on the roster but left the household; record a move back on the card"
                ).format(number=household.number, name=member.name)
            )
        elif changes := _member_changes(member, row):
            correct_member(
                member,
                changes,
                expected_version=household.version,
                actor=actor,
                reason=reason,
                now=now,
            )
            household.refresh_from_db()
            report.fields_changed += len(changes)


def _update(
    household: Household,
    row: dict[str, Any],
    members: list[dict[str, Any]],
    reason: str,
    actor: User | None,
    now: dt.datetime,
    report: ImportReport,
) -> None:
    """One existing household brought to the roster: its card, its year's income, its members."""
    before = report.fields_changed + report.incomes_added + report.members_added
    if changes := _household_changes(household, row):
        correct_household(
            household,
            changes,
            expected_version=household.version,
            actor=actor,
            reason=reason,
            now=now,
        )
        household.refresh_from_db()
        report.fields_changed += len(changes)
    _income(household, row, reason, actor, now, report)
    _members(household, members, reason, actor, now, report)
    exited_before = household.events.filter(kind="exited").exists()
    if registered_status(household.status, exited_before) != row["registered_status"]:
        report.notes.append(
            _(
                "{number}: the roster says {said}, the registry {status}; a status changes through a case"
            ).format(
                number=household.number,
                said=row["registered_status"],
                status=household.get_status_display(),
            )
        )
    if report.fields_changed + report.incomes_added + report.members_added > before:
        report.households_updated += 1


def _apply(
    raw: Any,
    checked: Any,
    reason: str,
    actor: User | None,
    now: dt.datetime,
    report: ImportReport,
    progress: Any = None,
) -> None:
    numbers = text_of(raw.households, "household_id")
    existing = existing_households(numbers)
    new = set(numbers) - set(existing)
    if new:
        loaded = load_county(_new_households(raw, new), progress=progress)
        report.households_added, report.members_added = loaded.households, loaded.members
    if not existing:
        return
    known = pa.array(sorted(existing), pa.string())
    members: dict[str, list[dict[str, Any]]] = {}
    rows = checked.members.filter(pc.is_in(checked.members["household_id"], value_set=known))
    for row in rows.to_pylist():
        members.setdefault(row["household_id"], []).append(row)
    households = checked.households.filter(
        pc.is_in(checked.households["household_id"], value_set=known)
    )
    for row in households.to_pylist():
        if row["household_id"] in existing:
            household = Household.objects.get(pk=existing[row["household_id"]].pk)
            _update(
                household, row, members.get(row["household_id"], []), reason, actor, now, report
            )


def import_roster(
    path: str | Path,
    *,
    actor: User | None,
    now: dt.datetime,
    year: int | None = None,
    dry_run: bool = False,
    progress: Any = None,
) -> ImportReport:
    """Imports a roster (xlsx, or a folder of CSV), all or nothing; returns what it did (or, in a
    dry run, what it would do). Raises RosterReadError when a sheet cannot be read at all."""
    source = Path(path)
    reason = _("roster import {file}").format(file=source.name)
    return import_raw_roster(read_roster(source), reason=reason, actor=actor, now=now, year=year,
                             dry_run=dry_run, progress=progress)  # fmt: skip


def import_raw_roster(
    raw: RawRoster,
    *,
    reason: str,
    actor: User | None,
    now: dt.datetime,
    year: int | None = None,
    dry_run: bool = False,
    progress: Any = None,
) -> ImportReport:
    """Imports roster tables already read (a survey's submissions, say), all or nothing;
    ``reason`` goes on every correction it makes."""
    report = ImportReport(households=raw.households.num_rows, dry_run=dry_run)
    checked = validate_roster(raw, PolicyChoice.named("auto"))
    report.problems = [
        *checked.problems,
        *([] if checked.fatal else registry_problems(raw, actor, year)),
    ]
    if report.problems:
        return report
    with transaction.atomic():
        _apply(raw, checked, reason, actor, now, report, progress)
        if dry_run:
            transaction.set_rollback(True)
    return report
