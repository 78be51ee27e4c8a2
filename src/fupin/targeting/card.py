"""Reproduces the model card's figures (docs/monitoring.md) and the timings (docs/perf/monitoring.md).

    .venv/bin/python -m fupin.targeting.card --seed 2014 --scale 0.2 --until 2018

Generates the demo panel, trains on outcome years up to ``until`` and evaluates on the later
ones, printing each step's time and the model's and the rules-only baseline's figures.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import pyarrow.compute as pc

from fupin.policy import load_policy
from fupin.synth.panel import demo_panel
from fupin.targeting.panel import panel_from_tables
from fupin.targeting.report import evaluation_lines
from fupin.targeting.scoring import score_households
from fupin.targeting.training import evaluate_model, train_model


def _timed(label: str, timings: dict[str, float], work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    timings[label] = time.perf_counter() - start
    return result


def measure(seed: int, scale: float, until: int) -> tuple[list[str], dict[str, float]]:
    """The evaluation lines and the seconds each step took."""
    policy = load_policy("cn")
    timings: dict[str, float] = {}
    synth = _timed("generate panel", timings, lambda: demo_panel(seed, scale))
    panel = _timed(
        "check panel", timings, lambda: panel_from_tables(synth.households, synth.members)
    )
    model = _timed("train", timings, lambda: train_model(panel, policy, until=until))
    evaluation = _timed("evaluate", timings, lambda: evaluate_model(panel, model, policy))
    households, members = panel.year(panel.years[-1])
    scores = _timed(
        "score last year", timings, lambda: score_households(households, members, model, policy)
    )
    lines = evaluation_lines(evaluation)
    falls = synth.shocks.filter(pc.equal(synth.shocks["event"], "price_fall"))
    lines.append(f"years with a farm price fall {sorted(set(falls['year'].to_pylist()))}")
    lines.append(f"households {households.num_rows}, alerts {sum(scores['alert'].to_pylist())}")
    lines.append(
        f"training pairs {model.metadata_['pairs']}, positives {model.metadata_['positives']}"
    )
    return lines, timings


def main() -> None:
    """Command-line entry: prints the figures and timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--scale", type=float, default=0.2)
    parser.add_argument("--until", type=int, default=2018)
    args = parser.parse_args()
    lines, timings = measure(args.seed, args.scale, args.until)
    print("\n".join(lines))
    for label, seconds in timings.items():
        print(f"{label:<18}{seconds:8.2f} s")


if __name__ == "__main__":
    main()
