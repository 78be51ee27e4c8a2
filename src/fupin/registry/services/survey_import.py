"""Survey submissions (ODK Central, KoboToolbox) into the registry: a new household number
registers the household, a known one updates it as corrections with their history — the roster
import's validation, all or nothing, with every problem named by the export's own file, row and
column. Each submission's instance id is kept, so importing an export again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.db import transaction

from fupin.i18n import gettext as _
from fupin.registry.models import Household, SurveySubmission
from fupin.registry.permissions import User, account_of, scope_of
from fupin.registry.selectors.roster import member_row, registered_status
from fupin.registry.services.roster_checks import existing_households, text_of
from fupin.registry.services.roster_import import ImportReport, import_raw_roster
from fupin.rules import columns as col
from fupin.rules.roster import Problem
from fupin.rules.roster.reader import ROW, RawRoster
from fupin.survey import Submissions, read_submissions
from fupin.survey.submissions import INSTANCE


@dataclass
class SurveyReport:
    """What a survey import did: the roster import's report, and the submissions it left out."""

    roster: ImportReport
    submissions: int = 0  # submissions in the export (those a reviewer rejected left out)
    already_imported: int = 0
    notes: list[str] = field(default_factory=list)


def _fresh(table: pa.Table, known: set[str]) -> pa.Table:
    mask = [i not in known for i in table.column(INSTANCE).to_pylist()]
    return table.filter(pa.array(mask, pa.bool_()))


def _statuses(numbers: list[str], existing: dict[str, Household]) -> list[str]:
    """The roster status of each household: the registry's for a known one (an import never
    changes it), none for a new one."""
    statuses = []
    for number in numbers:
        household = existing.get(number)
        if household is None:
            statuses.append("none")
        else:
            exited = household.events.filter(kind="exited").exists()
            statuses.append(registered_status(household.status, exited))
    return statuses


def _registry_members(households: pa.Table, existing: dict[str, Household]) -> pa.Table:
    """A household-only export's members: each known household's active members as the
    registry holds them (the rows are the household's own row in the export)."""
    rows: list[dict[str, Any]] = []
    for number, row in zip(text_of(households, "household_id"),
                           households.column(ROW).to_pylist(), strict=True):  # fmt: skip
        household = existing.get(number)
        if household is None:
            continue
        for member in household.members.filter(active=True).order_by("id"):
            values = {k: None if v is None else str(v) for k, v in member_row(member).items()}
            rows.append({**values, "household_id": number, ROW: row})
    names = [*col.ALL_MEMBER_COLUMNS, ROW]
    return pa.table({n: pa.array([r.get(n) for r in rows],
                                 pa.int64() if n == ROW else pa.string()) for n in names})  # fmt: skip


def _explained(problem: Problem) -> Problem:
    """In an export without its members, a new household's missing members say what to do."""
    if problem.message != _("the household has no members in the members sheet"):
        return problem
    message = _("a new household needs its members: export the members too (Kobo: xlsx; "
                "ODK Central: the ZIP)")  # fmt: skip
    return replace(problem, message=message)


def _relocated(problem: Problem, submissions: Submissions) -> Problem:
    """A roster problem named by the export's own file and column."""
    place = (submissions.member_place if problem.sheet == col.MEMBERS_SHEET
             else submissions.household_place)  # fmt: skip
    if place is None or problem.sheet not in (col.HOUSEHOLDS_SHEET, col.MEMBERS_SHEET):
        return problem
    return replace(
        problem, sheet=place.name, column=place.headers.get(problem.column, problem.column)
    )


def _within(existing: dict[str, Household], actor: User | None) -> dict[str, Household]:
    """The known households the importer's area holds: no other's members or status are read
    (the import refuses those households by their village)."""
    if actor is None:  # the operator, from the command line without --user
        return existing
    prefix = scope_of(actor).prefix
    return {
        n: h
        for n, h in existing.items()
        if prefix is not None and h.village.code.startswith(prefix)
    }


def _raw(
    submissions: Submissions, known: set[str], source: Path, actor: User | None
) -> tuple[RawRoster, dict]:
    households = _fresh(submissions.households, known)
    existing = _within(existing_households(text_of(households, "household_id")), actor)
    statuses = pa.array(_statuses(text_of(households, "household_id"), existing), pa.string())
    households = households.append_column("registered_status", statuses)
    if submissions.members is None:
        members = _registry_members(households, existing)
    else:
        members = _fresh(submissions.members, known).drop_columns([INSTANCE])
    return RawRoster(households.drop_columns([INSTANCE]), members, source), existing


def _record(households: pa.Table, known: set[str], source: str, actor: User | None,
            now: dt.datetime, new: set[str]) -> None:  # fmt: skip
    numbers = text_of(households, "household_id")
    ids = dict(Household.objects.filter(number__in=numbers).values_list("number", "pk"))
    SurveySubmission.objects.bulk_create([
        SurveySubmission(instance_id=instance, household_id=ids[number], source=source,
                         registered=number in new, imported_at=now,
                         imported_by=account_of(actor))
        for instance, number in zip(households.column(INSTANCE).to_pylist(), numbers, strict=True)
        if instance not in known
    ])  # fmt: skip


def import_submissions(
    path: str | Path,
    *,
    actor: User | None,
    now: dt.datetime,
    year: int | None = None,
    dry_run: bool = False,
    progress: Any = None,
) -> SurveyReport:
    """Imports an export of the registration survey, all or nothing; raises SubmissionError
    (a RosterReadError) when the export cannot be read at all."""
    source = Path(path)
    submissions = read_submissions(source)
    instances = submissions.households.column(INSTANCE).to_pylist()
    known = set(SurveySubmission.objects.filter(instance_id__in=instances)
                .values_list("instance_id", flat=True))  # fmt: skip
    report = SurveyReport(ImportReport(dry_run=dry_run), len(instances), len(known),
                          list(submissions.notes))  # fmt: skip
    if len(known) == len(instances):
        return report
    raw, existing = _raw(submissions, known, source, actor)
    reason = _("survey import {file}").format(file=source.name)
    with transaction.atomic():
        report.roster = import_raw_roster(raw, reason=reason, actor=actor, now=now, year=year,
                                          dry_run=dry_run, progress=progress)  # fmt: skip
        if report.roster.ok and not dry_run:
            new = set(text_of(raw.households, "household_id")) - set(existing)
            _record(submissions.households, known, source.name, actor, now, new)
    problems = [_relocated(p, submissions) for p in report.roster.problems]
    if submissions.members is None:
        problems = [_explained(p) for p in problems]
    report.roster.problems = problems
    return report
