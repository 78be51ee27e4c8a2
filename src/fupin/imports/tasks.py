"""The roster import and the survey import as background jobs: each whole import in the job's
one transaction."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from fupin import i18n
from fupin.imports.permissions import IMPORT_ROSTERS
from fupin.jobs.services.kinds import job_kind
from fupin.jobs.services.runs import JobContext
from fupin.registry.services.roster_import import ImportReport, import_roster
from fupin.registry.services.survey_import import import_submissions
from fupin.rules.roster import RosterReadError

IMPORT_ROSTER = "imports.roster"
IMPORT_SURVEY = "imports.survey"
SHOWN_PROBLEMS = 500  # the page lists this many; the command line's --errors file has them all
RESULTS = {
    "households": _("households in the roster"),
    "households_added": _("households added"),
    "members_added": _("members added"),
    "households_updated": _("households updated"),
    "fields_changed": _("fields changed"),
    "incomes_added": _("income records added"),
    "problems": _("problems (nothing was imported)"),
    "dry_run": _("dry run (nothing was written)"),
}
FIGURES = ("households", "households_added", "members_added", "households_updated",
           "fields_changed", "incomes_added")  # fmt: skip


@contextlib.contextmanager
def _in_language(params: dict[str, Any]) -> Iterator[None]:
    """The job speaks the uploader's language: its problems are kept as they will be read."""
    language = params.get("language") or "zh-hans"
    with translation.override(language), i18n.override(language):
        yield


def _reported(context: JobContext, report: ImportReport) -> dict[str, Any]:
    """The report's problems and notes on the job's page; its figures as the job's result."""
    for problem in report.problems[:SHOWN_PROBLEMS]:
        context.problem(
            f"{problem.sheet} {problem.row} {problem.column} {problem.value!r}: {problem.message}"
        )
    for note in report.notes[:SHOWN_PROBLEMS]:
        context.problem(note)
    result: dict[str, Any] = {name: getattr(report, name) for name in FIGURES}
    if report.problems:
        result["problems"] = len(report.problems)
    if report.dry_run:
        result["dry_run"] = True
    return result


def _options(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"actor": context.actor, "now": timezone.now(), "year": params.get("year"),
            "dry_run": bool(params.get("dry_run")),
            "progress": lambda _step, done, total: context.progress(done, total)}  # fmt: skip


def _on_upload(context: JobContext, params: dict[str, Any], importer: Any) -> Any:
    """Runs ``importer`` on the uploaded file in the uploader's language, then removes the
    upload (the registry keeps what it took, not the file); a file that cannot be read at all
    is the job's one problem (returned as its result)."""
    folder = Path(params["folder"])
    try:
        with _in_language(params):
            return importer(folder / params["name"], **_options(context, params))
    except RosterReadError as exc:
        problem = exc.problem
        place = " ".join(str(p) for p in (problem.sheet, problem.row or "", problem.column) if p)
        context.problem(f"{place}: {problem.message}")
        return {"problems": 1}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@job_kind(IMPORT_ROSTER, _("Import a roster into the registry"), IMPORT_ROSTERS, results=RESULTS)
def import_roster_job(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """Imports the uploaded roster; its problems and notes go on the job's page."""
    report = _on_upload(context, params, import_roster)
    return report if isinstance(report, dict) else _reported(context, report)


@job_kind(
    IMPORT_SURVEY,
    _("Import survey submissions into the registry"),
    IMPORT_ROSTERS,
    results={"submissions": _("submissions in the export"),
             "already_imported": _("submissions imported before (left alone)"), **RESULTS},
)  # fmt: skip
def import_survey_job(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """Imports the uploaded survey export; a submission imported before is left alone."""
    report = _on_upload(context, params, import_submissions)
    if isinstance(report, dict):
        return report
    for note in report.notes:
        context.problem(note)
    return {"submissions": report.submissions, "already_imported": report.already_imported,
            **_reported(context, report.roster)}  # fmt: skip
