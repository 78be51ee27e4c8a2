"""``fupin registry import``: a roster into the registry, all or nothing, with its report."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from fupin.commands.web import setup_django
from fupin.i18n import gettext as _

err = Console(stderr=True)
registry_app = typer.Typer(no_args_is_help=True, add_completion=False)
# The options every import shares (rosters, survey submissions).
DRY_RUN = typer.Option(False, "--dry-run", help=_("Check and count everything, write nothing."))
AS_USER = typer.Option(
    None, "--user", help=_("Import as this user (their area; the history names them).")
)
ERRORS = typer.Option(None, "--errors", help=_("Write every problem to this CSV file."))


def _actor(username: str | None):  # type: ignore[no-untyped-def]
    if username is None:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        err.print(_("No active user {name}.").format(name=username))
        raise typer.Exit(code=1)
    return user


def import_roster_command(
    roster: Path = typer.Argument(
        ..., help=_("The roster: an .xlsx workbook or a folder of households.csv and members.csv.")
    ),
    year: int = typer.Option(
        None, "--year", help=_("The income year every household row must have.")
    ),
    dry_run: bool = DRY_RUN,
    user: str = AS_USER,
    errors: Path = ERRORS,
) -> None:
    """Adds a roster's new households and updates existing ones as corrections, all or nothing."""
    setup_django()
    from django.utils import timezone

    from fupin.registry.services.roster_import import import_roster
    from fupin.rules.roster import RosterReadError

    try:
        report = import_roster(
            roster, actor=_actor(user), now=timezone.now(), year=year, dry_run=dry_run
        )
    except RosterReadError as exc:
        err.print(str(exc))
        raise typer.Exit(code=1) from None
    print_report(report, errors)


def print_report(report, errors: Path | None) -> None:  # type: ignore[no-untyped-def]
    """Prints an import's figures and notes, or its problems (then exits with 1)."""
    from fupin.rules.roster import summary_lines, write_errors_csv

    if errors is not None:
        write_errors_csv(report.problems, errors)
    if not report.ok:
        for line in summary_lines(report.problems):
            err.print(line)
        err.print(_("Nothing was imported."))
        raise typer.Exit(code=1)
    done = _("Would import") if report.dry_run else _("Imported")
    typer.echo(_("{done}: {total} households; {added} added with {members} members; {updated} updated "
                 "({fields} fields changed, {incomes} income records added).").format(
        done=done, total=report.households, added=report.households_added, members=report.members_added,
        updated=report.households_updated, fields=report.fields_changed, incomes=report.incomes_added))  # fmt: skip
    for note in report.notes[:20]:
        err.print(note)
    if len(report.notes) > 20:
        err.print(_("… and {count} more notes.").format(count=len(report.notes) - 20))


def register(app: typer.Typer) -> None:
    """Adds ``fupin registry`` to the CLI."""
    registry_app.command("import", help=_("Imports a roster into the registry (all or nothing)."))(
        import_roster_command
    )
    app.add_typer(registry_app, name="registry", help=_("The registry: importing rosters."))
