"""``fupin identify``: decide every household of a roster and explain why.

Exit codes: 0 all households decided; 1 ``--skip-invalid`` left some out (see the error report);
2 the roster was refused (invalid values, unreadable file, unknown policy) and no results written.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pyarrow as pa
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from fupin.i18n import gettext as _
from fupin.i18n import gettext_noop as N_
from fupin.rules.batches import decide_batches
from fupin.rules.in_force import PolicyChoice, decide_by_policy
from fupin.rules.results import results_table, write_results_csv
from fupin.rules.roster import (
    Problem,
    RawRoster,
    RosterReadError,
    read_roster,
    summary_lines,
    validate_roster,
    write_errors_csv,
)
from fupin.tabular.atomic import replaced_atomically

PROGRESS_FROM = 20_000  # households; smaller rosters finish before a bar would help
COMMAND_HELP = N_("Decides every household of a roster under a policy and explains each decision.")
WORKBOOK_PROGRESS_FROM = 1_000_000  # bytes of .xlsx
POLICY_HELP = N_(
    "A bundled policy name, a policy file, or auto: each household under the policy in force "
    "for its village code (cn-53 for codes starting 53, else cn)."
)


def register(app: typer.Typer) -> None:
    """Adds ``fupin identify`` to the CLI."""
    # Help is translated when the CLI is imported, i.e. in the language of the locale.
    app.command("identify", help=_(COMMAND_HELP))(identify)


def identify(
    roster: Path = typer.Argument(
        None,
        help=_("An .xlsx workbook (sheets households, members) or a folder with the two CSVs."),
    ),
    out: Path = typer.Option(None, "--out", "-o", help=_("Where to write RESULTS.csv.")),
    policy: str = typer.Option("cn", "--policy", help=_(POLICY_HELP)),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help=_("Decide the valid households; report the others (exit 1).")
    ),
    template: Path = typer.Option(
        None, "--template", help=_("Write an empty roster workbook to this path and stop.")
    ),
) -> None:
    """Decides every household of a roster under a policy and explains each decision."""
    err = Console(stderr=True, soft_wrap=True, highlight=False, markup=False)
    if template is not None:
        from fupin.rules.roster.template import write_template  # openpyxl only when needed

        write_template(template)
        typer.echo(_("Wrote the roster template {path}.").format(path=template))
        return
    if roster is None or out is None:
        err.print(_("Give a ROSTER and --out RESULTS.csv, or --template PATH."))
        raise typer.Exit(2)
    errors_path = out.with_name(f"{out.stem}.errors.csv")
    try:
        _run(roster, out, errors_path, policy, skip_invalid, err)
    except (typer.Exit, typer.Abort):  # the documented outcomes (click's Exit is an Exception)
        raise
    except Exception:
        # A fault of Fupin's own (the CLI reports it, exit 3): no earlier run's files may stay
        # looking like this run's output.
        out.unlink(missing_ok=True)
        errors_path.unlink(missing_ok=True)
        raise


def _run(
    roster: Path, out: Path, errors_path: Path, policy: str, skip_invalid: bool, err: Console
) -> None:
    chosen = _load_policy(policy, err, out, errors_path)
    try:
        raw = _read(roster, err)
    except RosterReadError as exc:
        _refuse([exc.problem], out, errors_path, err)
    if raw.encodings:
        encodings = ", ".join(dict.fromkeys(raw.encodings))
        err.print(_("Read the CSV files as {encodings}.").format(encodings=encodings))
    validated = validate_roster(raw, chosen)
    if validated.problems and (validated.fatal or not skip_invalid):
        _refuse(validated.problems, out, errors_path, err)
    results = _decide(validated.households, validated.members, chosen, err)
    _write_atomically(results_table(results), out)
    _finish(validated.problems, validated.total_households, results.num_rows, out, errors_path, err)


def _load_policy(name: str, err: Console, out: Path, errors_path: Path) -> PolicyChoice:
    from fupin.policy import PolicyError

    try:
        return PolicyChoice.named(name)
    except (PolicyError, OSError) as exc:
        err.print(_("Cannot load the policy {name}: {error}").format(name=name, error=exc))
        out.unlink(missing_ok=True)  # refused: nothing of an earlier run stays
        errors_path.unlink(missing_ok=True)
        raise typer.Exit(2) from None


def _refuse(problems: list[Problem], out: Path, errors_path: Path, err: Console) -> NoReturn:
    # All or nothing: a refused roster leaves no results, not even an older file.
    out.unlink(missing_ok=True)
    write_errors_csv(problems, errors_path)
    for line in summary_lines(problems):
        err.print(line, markup=False, highlight=False)
    err.print(
        _("The roster was refused; nothing was written to {out}. Error report: {errors}").format(
            out=out, errors=errors_path
        ),
        markup=False,
    )
    raise typer.Exit(2)


def _read(roster: Path, err: Console) -> RawRoster:
    # openpyxl reads a county workbook for a minute or more; show that it is moving.
    if roster.is_dir() or not roster.is_file() or roster.stat().st_size < WORKBOOK_PROGRESS_FROM:
        return read_roster(roster)
    with Progress(*_columns(), console=err, transient=True) as progress:
        task = progress.add_task(_("Reading the workbook (rows)"), total=None)
        return read_roster(roster, on_rows=lambda rows: progress.advance(task, rows))


def _columns() -> tuple:
    return (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )


def _decide(
    households: pa.Table, members: pa.Table, choice: PolicyChoice, err: Console
) -> pa.Table:
    # Each policy's households are decided together; the rows come back in roster order.
    assignment = choice.assign(households["village_code"])
    if households.num_rows < PROGRESS_FROM:
        return decide_by_policy(
            households, members, assignment, lambda h, m, params, _g: decide_batches(h, m, params)
        )
    with Progress(*_columns(), console=err, transient=True) as progress:
        task = progress.add_task(_("Deciding households"), total=households.num_rows)

        def decide_group(h: pa.Table, m: pa.Table, params, _group) -> pa.Table:
            return decide_batches(
                h, m, params, on_batch=lambda batch: progress.advance(task, batch.num_rows)
            )

        return decide_by_policy(households, members, assignment, decide_group)


def _write_atomically(table: pa.Table, out: Path) -> None:
    with replaced_atomically(out) as temporary:
        write_results_csv(table, temporary)


def _finish(
    problems: list[Problem], total: int, decided: int, out: Path, errors_path: Path, err: Console
) -> None:
    message = _("Decided {decided} of {total} households; results in {out}.")
    err.print(message.format(decided=decided, total=total, out=out), markup=False)
    if not problems:
        errors_path.unlink(missing_ok=True)  # a stale report would describe another run
        return
    write_errors_csv(problems, errors_path)
    for line in summary_lines(problems):
        err.print(line, markup=False, highlight=False)
    err.print(_("Invalid households were skipped; see {errors}.").format(errors=errors_path))
    raise typer.Exit(1)
