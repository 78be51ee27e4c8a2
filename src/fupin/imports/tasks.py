"""The roster import as a background job: the whole import in the job's one transaction."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.imports.permissions import IMPORT_ROSTERS
from fupin.jobs.services.kinds import job_kind
from fupin.jobs.services.runs import JobContext
from fupin.registry.services.roster_import import import_roster
from fupin.rules.roster import RosterReadError

IMPORT_ROSTER = "imports.roster"
SHOWN_PROBLEMS = 500  # the page lists this many; the command line's --errors file has them all


@job_kind(
    IMPORT_ROSTER,
    _("Import a roster into the registry"),
    IMPORT_ROSTERS,
    results={
        "households": _("households in the roster"),
        "households_added": _("households added"),
        "members_added": _("members added"),
        "households_updated": _("households updated"),
        "fields_changed": _("fields changed"),
        "incomes_added": _("income records added"),
        "problems": _("problems (nothing was imported)"),
        "dry_run": _("dry run (nothing was written)"),
    },
)
def import_roster_job(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """Imports the uploaded roster; its problems and notes go on the job's page."""
    folder = Path(params["folder"])
    try:
        report = import_roster(folder / params["name"], actor=context.actor, now=timezone.now(),
                               year=params.get("year"), dry_run=bool(params.get("dry_run")),
                               progress=lambda _step, done, total: context.progress(done, total))  # fmt: skip
    except RosterReadError as exc:
        context.problem(str(exc))
        return {"problems": 1}
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the registry keeps what it took; not the file
    for problem in report.problems[:SHOWN_PROBLEMS]:
        context.problem(
            f"{problem.sheet} {problem.row} {problem.column} {problem.value!r}: {problem.message}"
        )
    for note in report.notes[:SHOWN_PROBLEMS]:
        context.problem(note)
    fields = ("households", "households_added", "members_added", "households_updated",
              "fields_changed", "incomes_added")  # fmt: skip
    return {**{name: getattr(report, name) for name in fields}, "problems": len(report.problems),
            "dry_run": report.dry_run}  # fmt: skip
