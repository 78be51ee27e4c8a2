"""`fupin synth`: generate the demo county to Parquet, a roster (CSV / xlsx) or the database."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fupin.i18n import get_language
from fupin.i18n import gettext as _

FORMATS = ("parquet", "csv", "xlsx")


def _step_labels() -> dict[str, str]:
    return {
        "regions": _("Drawing the region tree"),
        "members": _("Drawing households and members"),
        "incomes": _("Drawing incomes"),
        "registration": _("Registering poor households"),
        "tables": _("Building tables"),
    }


def _load_labels() -> dict[str, str]:
    return {
        "checks": _("Checking the county"),
        "regions": _("Loading regions"),
        "households": _("Loading households"),
        "members": _("Loading members"),
    }


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def _generate(console: Console, seed: int, scale: float, year: int) -> Any:
    from fupin.synth import STEPS, demo_county

    labels = _step_labels()
    with _progress(console) as bar:
        task = bar.add_task(_("Generating the demo county"), total=len(STEPS))

        def advance(step: str) -> None:
            bar.update(task, description=labels.get(step, step), completed=STEPS.index(step))

        county = demo_county(seed=seed, scale=scale, year=year, progress=advance)
        bar.update(task, description=_("Generated the demo county"), completed=len(STEPS))
    return county


def _write(console: Console, county: Any, out: Path, fmt: str) -> Path:
    from fupin.synth import write_parquet, write_roster

    rows = county.households.num_rows + county.members.num_rows
    with _progress(console) as bar:
        task = bar.add_task(
            _("Writing {format}").format(format=fmt), total=rows if fmt == "xlsx" else 1
        )
        if fmt == "parquet":
            path = write_parquet(county, out)
        elif fmt == "csv":
            path = write_roster(county, out)
        else:
            target = out if out.suffix.lower() == ".xlsx" else out / "roster.xlsx"
            path = write_roster(county, target, progress=lambda n: bar.advance(task, n))
        bar.update(task, completed=rows if fmt == "xlsx" else 1)
    return path


def _load(console: Console, county: Any) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")
    import django

    django.setup()
    from django.db.utils import OperationalError, ProgrammingError
    from django.utils import translation

    from fupin.registry.services.loader import load_county

    # The loader's messages come from Django's catalogues: speak the CLI's language.
    with translation.override(get_language()), _progress(console) as bar:
        tasks: dict[str, Any] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in tasks:
                label = _load_labels().get(step) or _("Loading {step}").format(step=step)
                tasks[step] = bar.add_task(label, total=total)
            bar.update(tasks[step], completed=done, total=total)

        try:
            load_county(county, progress=report)
        except (OperationalError, ProgrammingError) as exc:
            raise _fail(
                console,
                _("The database is not ready ({error}); run `fupin migrate` first.").format(
                    error=exc
                ),
            ) from None
        except ValueError as exc:
            raise _fail(
                console, _("The database refused the county: {error}").format(error=exc)
            ) from None


def _fail(console: Console, message: str) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(code=1)


def _print_summary(console: Console, county: Any, seconds: float) -> None:
    from fupin.synth.summary import headline

    figures = headline(county)
    table = Table(title=_("Demo county, {year}").format(year=county.year), show_header=False)
    table.add_row(_("Households"), f"{figures.households:,}")
    table.add_row(_("Residents"), f"{figures.residents:,}")
    table.add_row(
        _("People below the line ({line} yuan)").format(line=county.poverty_line),
        f"{figures.poor_people:,}",
    )
    table.add_row(_("Registered poor households"), f"{figures.registered_poor_households:,}")
    table.add_row(_("Mean per-capita net income (yuan)"), f"{figures.mean_income:,.2f}")
    table.add_row(_("Generation time (s)"), f"{seconds:.1f}")
    console.print(table)


def county(
    out: Path | None = typer.Option(None, "--out", help=_("Folder (or .xlsx file) to write to.")),
    seed: int = typer.Option(
        2014, "--seed", help=_("Random seed; the same seed gives the same county.")
    ),
    scale: float = typer.Option(
        1.0, "--scale", help=_("Share of the full county's households (0 < scale <= 10).")
    ),
    year: int = typer.Option(2014, "--year", help=_("Income year (2014-2020).")),
    fmt: str = typer.Option("parquet", "--format", help=_("parquet, csv or xlsx.")),
    db: bool = typer.Option(False, "--db", help=_("Load the county into the database.")),
) -> None:
    """Generates the demo county ("L County", 631 villages, about 500,000 people)."""
    console = Console(stderr=True)
    if fmt not in FORMATS:
        raise typer.BadParameter(
            _("choose one of {choices}").format(choices=", ".join(FORMATS)), param_hint="--format"
        )
    if out is None and not db:
        raise typer.BadParameter(_("give --out DIR, --db, or both"), param_hint="--out")
    from fupin.synth.county import check_arguments

    try:
        check_arguments(scale, year)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--scale/--year") from None
    started = time.perf_counter()
    generated = _generate(console, seed, scale, year)
    seconds = time.perf_counter() - started
    if out is not None:
        path = _write(console, generated, out, fmt)
        console.print(_("Wrote {path}").format(path=path))
    if db:
        _load(console, generated)
        console.print(_("Loaded the county into the database."))
    _print_summary(Console(), generated, seconds)


def register(app: typer.Typer) -> None:
    """Adds this group's commands to the CLI."""
    synth_app = typer.Typer(
        help=_("Generate synthetic data: the demo county."), no_args_is_help=True
    )
    synth_app.command(
        "county",
        help=_('Generates the demo county ("L County", 631 villages, about 500,000 people).'),
    )(county)
    from fupin.commands.batch import NATIONAL_HELP, national  # the synthetic country

    synth_app.command("national", help=_(NATIONAL_HELP))(national)
    app.add_typer(synth_app, name="synth")
