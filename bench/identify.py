"""Benchmark of `fupin identify` on a county-sized roster.

Builds L County with ``fupin.synth.demo_county()`` (≈130,000 households, ≈500,000 members), writes
it as a CSV roster, then times:

* ``fupin identify ROSTER --out RESULTS.csv`` end to end, as a user runs it (a fresh process:
  start-up, imports, reading, validation, kernel, reasons, writing);
* the same stages in-process, one by one;
* the kernel alone (``fupin.rules.decide`` on the generator's Arrow tables).

Usage: ``.venv/bin/python bench/identify.py [--scale 1.0] [--repeat 3] [--xlsx]``. Prints a
Markdown table; the figures go to docs/perf/identify.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fupin import i18n
from fupin.policy import load_policy
from fupin.rules import decide, kernel_params
from fupin.rules.batches import decide_batches
from fupin.rules.results import results_table, write_results_csv
from fupin.rules.roster import read_roster, validate_roster
from fupin.synth import demo_county, write_roster


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Best and median wall time of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def end_to_end(roster: Path, out: Path) -> None:
    """Runs the command in a fresh interpreter, as a user would."""
    command = [sys.executable, "-m", "fupin.cli", "--lang", "en", "identify", str(roster)]
    completed = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"fupin identify failed ({completed.returncode}): {completed.stderr}")


def main() -> None:
    """Builds the county, times each stage, prints the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="also time an .xlsx roster (slow)")
    args = parser.parse_args()
    i18n.activate("en")
    policy = load_policy("cn")
    params = kernel_params(policy)

    start = time.perf_counter()
    county = demo_county(scale=args.scale)
    generated = time.perf_counter() - start
    h, m = county.households.num_rows, county.members.num_rows
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        roster = write_roster(county, Path(tmp) / "roster")
        out = Path(tmp) / "RESULTS.csv"
        best, median, _ = timed(lambda: end_to_end(roster, out), args.repeat)
        rows.append(("`fupin identify` end to end (CSV roster, new process)", best, median))
        best, median, raw = timed(lambda: read_roster(roster), args.repeat)
        rows.append(("  read CSV roster", best, median))
        best, median, valid = timed(lambda: validate_roster(raw, policy), args.repeat)
        rows.append(("  validate (every cell, IDs, links)", best, median))
        best, median, result = timed(
            lambda: decide_batches(valid.households, valid.members, params), args.repeat
        )
        rows.append(("  kernel in batches of 32,768 households", best, median))
        best, median, _ = timed(lambda: write_results_csv(results_table(result), out), args.repeat)
        rows.append(("  reasons + write RESULTS.csv", best, median))
        if args.xlsx:
            workbook = write_roster(county, Path(tmp) / "roster.xlsx")
            best, median, _ = timed(lambda: end_to_end(workbook, out), 1)
            rows.append(("`fupin identify` end to end (.xlsx roster)", best, median))
    best, median, _ = timed(lambda: decide(county.households, county.members, params), args.repeat)
    rows.append(("kernel alone (`decide`, one call, Arrow in memory)", best, median))

    print(f"households {h:,}, members {m:,}; generating the county took {generated:.1f} s\n")
    print("| stage | best (s) | median (s) | households/s (best) |")
    print("| --- | ---: | ---: | ---: |")
    for name, best, median in rows:
        print(f"| {name} | {best:.2f} | {median:.2f} | {h / best:,.0f} |")


if __name__ == "__main__":
    main()
