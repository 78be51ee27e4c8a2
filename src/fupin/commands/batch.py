"""``fupin batch run``: the rules kernel over a national dataset; ``fupin synth national``.

Exit codes of ``batch run``: 0 every household decided; 1 some rows were invalid (reported in
RESULTS/errors/, the others decided); 2 refused (``--strict`` with invalid rows, an unreadable
dataset, an unknown policy or engine).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from fupin.i18n import gettext as _
from fupin.i18n import gettext_noop as N_

RUN_HELP = N_("Decides every household of a Parquet dataset with the rules kernel.")
NATIONAL_HELP = N_("Generates a synthetic country as partitioned Parquet (streaming).")
GIB = 1024**3
POLICY_HELP = N_(
    "A bundled policy name, a policy file, or auto: each household under the policy in force "
    "for its village code (cn-53 for codes starting 53, else cn)."
)


def register(app: typer.Typer) -> None:
    """Adds the ``batch`` group to the CLI."""
    batch_app = typer.Typer(
        help=_("National batch runs of the rules kernel (local or Spark)."), no_args_is_help=True
    )
    batch_app.command("run", help=_(RUN_HELP))(run)
    app.add_typer(batch_app, name="batch")


def _bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


def run(
    dataset: Path = typer.Argument(..., help=_("Folder holding households/ and members/.")),
    out: Path = typer.Option(..., "--out", "-o", help=_("RESULTS folder to write.")),
    engine: str = typer.Option("local", "--engine", help=_("local or spark.")),
    policy: str = typer.Option("cn", "--policy", help=_(POLICY_HELP)),
    strict: bool = typer.Option(
        False, "--strict", help=_("Refuse the whole run on any invalid row.")
    ),
    workers: int = typer.Option(0, "--workers", help=_("Worker processes (default: all cores).")),
    layout: str = typer.Option(
        "auto", "--layout", help=_("auto, co-partitioned or general (see docs/scale.md).")
    ),
    master: str = typer.Option(
        None, "--spark-master", help=_("Spark master URL (default local[*]).")
    ),
) -> None:
    """Decides every household of a Parquet dataset with the rules kernel."""
    from fupin.batch import DatasetError, OutputExistsError, check_engine, open_dataset, run_batch
    from fupin.policy import PolicyError

    err = Console(stderr=True, highlight=False)
    try:
        check_engine(engine)  # a missing PySpark is one line, before any progress bar
    except ValueError as exc:
        _fail(err, str(exc))
    try:
        total = open_dataset(dataset, layout).household_rows
    except (DatasetError, OSError) as exc:
        _fail(err, _("Cannot read the dataset: {error}").format(error=exc))
    try:
        with _bar(err) as bar:
            task = bar.add_task(_("Deciding households"), total=total)
            spilled = bar.add_task(_("Hash-partitioning rows"), total=None, visible=False)
            repeats = bar.add_task(
                _("Checking ID numbers across the dataset (buckets)"), total=None, visible=False
            )
            stages = {"spill": spilled, "repeats": repeats}

            def progress(stage: str, done: int) -> None:
                if stage in stages:
                    bar.update(stages[stage], advance=done, visible=True)
                else:
                    bar.advance(task, done)

            report = run_batch(
                dataset,
                out,
                engine=engine,
                policy=policy,
                strict=strict,
                workers=workers or None,
                layout=layout,
                spark_master=master,
                progress=progress,
            )
    except DatasetError as exc:  # a file found damaged while its pages were read
        _fail(err, _("Cannot read the dataset: {error}").format(error=exc))
    except (OutputExistsError, PolicyError, ValueError, OSError) as exc:
        _fail(err, str(exc))
    _summary(report)
    if report.refused:
        err.print(
            _("--strict: {count} problem(s) found; the run was refused. See {path}.").format(
                count=report.problems, path=report.out / "errors" / "errors.csv"
            )
        )
        raise typer.Exit(2)
    if report.problems:
        err.print(
            _("{count} problem(s) found; those households were not decided. See {path}.").format(
                count=report.problems, path=report.out / "errors" / "errors.csv"
            )
        )
        raise typer.Exit(1)


def _fail(err: Console, message: str) -> None:
    # Escaped, or rich takes the [spark] of 'fupin[spark]' (or brackets in a path) for markup and
    # drops it; soft_wrap keeps the message one line however narrow stderr is.
    err.print(f"[red]{escape(message)}[/red]", markup=True, soft_wrap=True)
    raise typer.Exit(2)


def _summary(report) -> None:
    table = Table(
        title=_("Batch run ({engine}, {layout})").format(
            engine=report.engine, layout=report.layout
        ),
        show_header=False,
    )
    table.add_row(_("Households read"), f"{report.households_read:,}")
    table.add_row(_("Members read"), f"{report.members_read:,}")
    table.add_row(_("Households decided"), f"{report.households_decided:,}")
    for decision, count in report.decisions.items():
        table.add_row(_("  decision {decision}").format(decision=decision), f"{count:,}")
    table.add_row(_("Problems"), f"{report.problems:,}")
    table.add_row(_("Partitions"), f"{report.partitions:,}")
    if report.redone:
        table.add_row(_("Partitions decided again (ID numbers repeated across files)"),
                      f"{report.redone:,}")  # fmt: skip
    table.add_row(_("Time (s)"), f"{report.seconds:.1f}")
    rate = report.households_read / report.seconds if report.seconds else 0.0
    table.add_row(_("Households per second"), f"{rate:,.0f}")
    table.add_row(_("Peak memory, driver (GiB)"), f"{report.driver_peak_rss / GIB:.2f}")
    table.add_row(
        _("Peak memory, largest worker (GiB) × {workers}").format(workers=report.workers),
        f"{report.worker_peak_rss / GIB:.2f}",
    )
    table.add_row(_("Results"), str(report.out))
    Console().print(table)


def national(
    households: int = typer.Option(..., "--households", help=_("Number of households.")),
    out: Path = typer.Option(..., "--out", help=_("Folder to write the dataset to.")),
    seed: int = typer.Option(
        2014, "--seed", help=_("Random seed; the same seed gives the same country.")
    ),
    year: int = typer.Option(2014, "--year", help=_("Income year (2014-2020).")),
    workers: int = typer.Option(0, "--workers", help=_("Worker processes (default: all cores).")),
) -> None:
    """Generates a synthetic country as partitioned Parquet (streaming)."""
    from fupin.synth.county import check_arguments
    from fupin.synth.national import generate_national
    from fupin.synth.national_tree import build_country

    err = Console(stderr=True, highlight=False)
    try:
        check_arguments(1.0, year)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--year") from None
    from fupin.synth.national_tree import MIN_HOUSEHOLDS

    if households < MIN_HOUSEHOLDS:
        raise typer.BadParameter(
            _("give at least {count} households (two per province)").format(count=MIN_HOUSEHOLDS),
            param_hint="--households",
        )
    counties = len(build_country(households, seed).counties)
    with _bar(err) as bar:
        task = bar.add_task(_("Generating households"), total=households)
        county_task = bar.add_task(_("Counties"), total=counties)

        def progress(done: int, counties_done: int) -> None:
            bar.advance(task, done)
            bar.advance(county_task, counties_done)

        summary = generate_national(households, out, seed, year, workers or None, progress)
    table = Table(title=_("Synthetic country"), show_header=False)
    table.add_row(_("Households"), f"{summary.households:,}")
    table.add_row(_("Members"), f"{summary.members:,}")
    table.add_row(_("Counties"), f"{summary.counties:,}")
    table.add_row(_("Villages"), f"{summary.villages:,}")
    table.add_row(_("Files"), f"{summary.files:,}")
    table.add_row(_("Size on disk (MiB)"), f"{summary.bytes_on_disk / 1024**2:,.0f}")
    table.add_row(_("Time (s)"), f"{summary.seconds:.1f}")
    Console().print(table)
