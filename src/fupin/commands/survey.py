"""``fupin survey``: the registration survey as an XLSForm for ODK Collect and KoboToolbox, and
its submissions (ODK Central's ZIP, Kobo's xlsx or CSV) into the registry."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from fupin import __version__
from fupin.commands.registry import AS_USER, DRY_RUN, ERRORS, _actor, print_report
from fupin.commands.web import setup_django
from fupin.i18n import gettext as _

err = Console(stderr=True)
survey_app = typer.Typer(no_args_is_help=True, add_completion=False)


def _villages(region: str | None) -> list[tuple[str, str]]:
    if region is None:
        return []
    setup_django()
    from fupin.registry.models import Region

    found = Region.objects.filter(code=region).first()
    if found is None:
        err.print(_("No region with code {code}.").format(code=region))
        raise typer.Exit(code=1)
    villages = Region.objects.filter(level="village", code__startswith=found.prefix)
    return list(villages.order_by("code").values_list("code", "name"))


def xlsform_command(
    out: Path = typer.Option(..., "--out", help=_("Where to write the XLSForm (.xlsx).")),
    region: str = typer.Option(
        None, "--region", help=_("Offer this region's villages as a list (its code).")
    ),
    xform: Path = typer.Option(
        None, "--xform", help=_("Also write the XForm (XML) converted by pyxform.")
    ),
) -> None:
    """Writes the household registration survey as an XLSForm, in Chinese and English."""
    from fupin.survey import write_xlsform

    villages = _villages(region)
    version = f"{__version__}-{len(villages)}"
    path = write_xlsform(out, villages=villages, version=version)
    if xform is not None:
        from pyxform.xls2xform import convert

        xform.write_text(convert(xlsform=str(path)).xform, encoding="utf-8")
    typer.echo(_("Wrote {path} (form fupin_registration, {count} villages listed).").format(
        path=path, count=len(villages)))  # fmt: skip


def _place(problem) -> str:  # type: ignore[no-untyped-def]
    parts = [problem.sheet, problem.row and _("row {row}").format(row=problem.row),
             problem.column and _("column {column}").format(column=problem.column)]  # fmt: skip
    return ", ".join(str(p) for p in parts if p)


def import_command(
    submissions: Path = typer.Argument(
        ..., help=_("The export: ODK Central's ZIP of CSVs, or Kobo's .xlsx or .csv.")
    ),
    year: int = typer.Option(None, "--year", help=_("The income year every submission must have.")),
    dry_run: bool = DRY_RUN,
    user: str = AS_USER,
    errors: Path = ERRORS,
) -> None:
    """Registers new households and updates known ones from survey submissions, all or nothing;
    a submission already imported (by its instance id) is left alone."""
    setup_django()
    from django.utils import timezone

    from fupin.registry.services.survey_import import import_submissions
    from fupin.rules.roster import RosterReadError

    try:
        report = import_submissions(submissions, actor=_actor(user), now=timezone.now(),
                                    year=year, dry_run=dry_run)  # fmt: skip
    except RosterReadError as exc:
        err.print(f"{_place(exc.problem)}: {exc.problem.message}")
        raise typer.Exit(code=1) from None
    for note in report.notes:
        err.print(note)
    if report.already_imported:
        err.print(_("{count} of {total} submissions were imported before: left alone.").format(
            count=report.already_imported, total=report.submissions))  # fmt: skip
    print_report(report.roster, errors)


def register(app: typer.Typer) -> None:
    """Adds ``fupin survey`` to the CLI."""
    survey_app.command("xlsform", help=_("Writes the registration survey as an XLSForm."))(
        xlsform_command
    )
    survey_app.command("import", help=_("Imports survey submissions into the registry."))(
        import_command
    )
    app.add_typer(survey_app, name="survey", help=_("The registration survey (ODK, Kobo)."))
