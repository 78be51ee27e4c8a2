"""``fupin monitor``: train the return-to-poverty risk model, score a roster, evaluate.

Exit codes: 0 done; 2 the input was refused (unreadable, invalid values, a broken panel, a model
file that is not a Fupin model) and nothing was written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import NoReturn

import pyarrow as pa
import pyarrow.csv as pacsv
import typer
from rich.console import Console

from fupin.i18n import gettext as _
from fupin.targeting import messages as text


def register(app: typer.Typer) -> None:
    """Adds the ``fupin monitor`` group to the CLI, its help in the active language."""
    group = typer.Typer(help=_(text.GROUP_HELP), no_args_is_help=True)
    group.command("panel", help=_(text.PANEL_HELP))(panel)
    group.command("train", help=_(text.TRAIN_HELP))(train)
    group.command("score", help=_(text.SCORE_HELP))(score)
    group.command("evaluate", help=_(text.EVALUATE_HELP))(evaluate)
    app.add_typer(group, name="monitor")


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _refuse(lines: list[str]) -> NoReturn:
    err = _err()
    for line in lines:
        err.print(line, markup=False, highlight=False)
    raise typer.Exit(2)


def _policy(name: str):
    from fupin.policy import PolicyError, load_policy

    try:
        return load_policy(name)
    except (PolicyError, OSError) as exc:
        _refuse([text.cannot_load_policy(name, exc)])


def _panel(path: Path, policy, errors_path: Path | None = None):
    from fupin.rules.roster import RosterReadError, summary_lines, write_errors_csv
    from fupin.targeting.panel import PanelError
    from fupin.targeting.panel_reader import PanelValueError, read_panel

    try:
        return read_panel(path, policy)
    except RosterReadError as exc:
        _refuse([f"{exc.problem.sheet}: {exc.problem.message}"])
    except PanelValueError as exc:
        lines = summary_lines(exc.roster_problems)
        if errors_path is not None:
            write_errors_csv(exc.roster_problems, errors_path)
            lines.append(text.error_report(errors_path))
        _refuse(lines)
    except PanelError as exc:
        _refuse([text.panel_unusable()] + [f"  {p}" for p in exc.problems])


def _model(path: Path):
    from fupin.targeting import ReturnRiskModel

    try:
        return ReturnRiskModel.load(path)
    except (OSError, ValueError, KeyError) as exc:
        _refuse([text.cannot_read_model(path, exc)])


POLICY_OPTION = typer.Option("cn", "--policy", help=_(text.POLICY_HELP))


def train(
    panel: Path = typer.Argument(..., help=_(text.PANEL_ARG_HELP)),
    out: Path = typer.Option(..., "--out", "-o", help=_(text.MODEL_OUT_HELP)),
    policy: str = POLICY_OPTION,
    until: int = typer.Option(
        None,
        "--until",
        help=_(text.UNTIL_HELP),
    ),
    seed: int = typer.Option(0, "--seed", help=_(text.MODEL_SEED_HELP)),
) -> None:
    """Learns P(below next year's poverty line) from every consecutive year pair of a panel."""
    from fupin.targeting.panel import PanelError
    from fupin.targeting.training import train_model

    chosen = _policy(policy)
    data = _panel(panel, chosen)
    try:
        model = train_model(data, chosen, until=until, random_state=seed)
    except PanelError as exc:
        _refuse([text.panel_unusable()] + [f"  {p}" for p in exc.problems])
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    meta = model.metadata_
    typer.echo(text.trained(meta["pairs"], meta["positives"], meta["target_years"], out))


def score(
    roster: Path = typer.Argument(..., help=_(text.ROSTER_ARG_HELP)),
    model: Path = typer.Option(..., "--model", help=_(text.MODEL_HELP)),
    out: Path = typer.Option(..., "--out", "-o", help=_(text.SCORES_OUT_HELP)),
    policy: str = POLICY_OPTION,
    deep_poverty_village: list[str] = typer.Option(
        [], "--deep-poverty-village", help=_(text.DEEP_HELP)
    ),
) -> None:
    """Scores every household: risk, the kernel's codes, the top three factors and the alert."""
    from fupin.targeting.scoring import SCORE_COLUMNS, score_households

    chosen = _policy(policy)
    loaded = _model(model)
    data = _panel(roster, chosen, out.with_name(f"{out.stem}.errors.csv"))
    year = data.years[-1]
    households, members = data.year(year)
    try:
        scores = score_households(
            households, members, loaded, chosen, deep_poverty_villages=deep_poverty_village
        )
    except ValueError as exc:
        _refuse([str(exc)])
    _write_csv(_csv_columns(scores.select(list(SCORE_COLUMNS))), out)
    alerts = sum(scores["alert"].to_pylist())
    typer.echo(text.scored(scores.num_rows, year, alerts, out))


def evaluate(
    panel: Path = typer.Argument(..., help=_(text.EVAL_PANEL_HELP)),
    model: Path = typer.Option(..., "--model", help=_(text.MODEL_HELP)),
    policy: str = POLICY_OPTION,
) -> None:
    """Measures the model and the rules-only baseline on the outcome years the model did not see."""
    from fupin.targeting.panel import PanelError
    from fupin.targeting.report import evaluation_lines
    from fupin.targeting.training import evaluate_model

    chosen = _policy(policy)
    loaded = _model(model)
    data = _panel(panel, chosen)
    try:
        evaluation = evaluate_model(data, loaded, chosen)
    except PanelError as exc:
        _refuse([text.panel_unusable()] + [f"  {p}" for p in exc.problems])
    except ValueError as exc:
        _refuse([str(exc)])
    for line in evaluation_lines(evaluation):
        typer.echo(line)


def panel(
    out: Path = typer.Option(..., "--out", "-o", help=_(text.PANEL_OUT_HELP)),
    seed: int = typer.Option(2014, "--seed", help=_(text.PANEL_SEED_HELP)),
    scale: float = typer.Option(0.05, "--scale", help=_(text.SCALE_HELP)),
    first: int = typer.Option(2014, "--from", help=_(text.FROM_HELP)),
    last: int = typer.Option(2020, "--to", help=_(text.TO_HELP)),
) -> None:
    """Writes the demo county's panel with shocks (roster format, with the shocks drawn)."""
    from fupin.synth.panel import demo_panel
    from fupin.synth.panel_io import write_panel

    if last < first:
        _refuse([text.years_reversed(first, last)])
    try:
        generated = demo_panel(seed, scale, range(first, last + 1))
    except ValueError as exc:
        _refuse([str(exc)])
    write_panel(generated, out)
    count = generated.households.num_rows // len(generated.years)
    typer.echo(text.panel_written(count, first, last, out))


def _csv_columns(scores: pa.Table) -> pa.Table:
    # Risk to six decimals; alert as True/False like income_poor in RESULTS.csv.
    import pyarrow.compute as pc

    scores = scores.set_column(1, "risk", pc.round(scores["risk"], 6))
    return scores.set_column(4, "alert", pc.if_else(scores["alert"], "True", "False"))


def _write_csv(table: pa.Table, out: Path) -> None:
    # Written beside the target and renamed, so a failed run never leaves half a file.
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with open(temporary, "wb") as stream:
            stream.write("\ufeff".encode())
            pacsv.write_csv(table, stream, pacsv.WriteOptions(quoting_style="needed"))
        os.replace(temporary, out)
    finally:
        Path(temporary).unlink(missing_ok=True)
