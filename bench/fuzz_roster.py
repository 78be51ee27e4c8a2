"""A larger seeded fuzz run of `fupin identify` than the suite's: mutated CSV rosters and workbooks.

Usage: ``.venv/bin/python bench/fuzz_roster.py [--runs 2000] [--seed 1]``. Builds a small roster,
damages it ``--runs`` times (bytes flipped, lost or added, lines repeated or lost, the file cut,
re-encoded; workbooks cut or their sheet XML damaged), runs the command in-process each time and
prints how the runs ended. Any exit outside {0, 1, 2}, a RESULTS.csv left by a refused run, or a
report row without its sheet or with row 0 is printed as a finding (and the exit status is 1).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import io
import random
import sys
import tempfile
import zipfile
from pathlib import Path

from fupin.cli import run_command
from fupin.synth import demo_county, write_roster

NOISE = [b",", b"\n", b"\r\n", b'"', b"\xff", b"\x00", b"\xef\xbb\xbf", b"NA", " 张".encode()]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One damage of the kinds a roster meets on its way."""
    kind, at = rng.randrange(7), rng.randrange(len(data) + 1)
    lines = data.splitlines(keepends=True)
    if kind == 0 and data:
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    if kind == 1:
        return data[:at] + data[at + 1 :]
    if kind == 2:
        return data[:at] + rng.choice(NOISE) + data[at:]
    if kind in (3, 4) and lines:
        line = rng.randrange(len(lines))
        kept = lines[: line + 1] + lines[line:] if kind == 3 else lines[:line] + lines[line + 1 :]
        return b"".join(kept)
    if kind == 5:
        return data[:at]
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8").encode(rng.choice(["gb18030", "utf-16", "utf-8-sig"]))
    return data


def damaged_workbook(source: bytes, rng: random.Random) -> bytes:
    """The workbook cut or flipped, or its sheets' XML damaged inside a whole zip."""
    if rng.random() < 0.5:
        return mutate(source, rng)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(out, "w") as damaged:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = mutate(data, rng)
            damaged.writestr(item, data)
    return out.getvalue()


def findings_of(code: int, out: Path) -> list[str]:
    """What is wrong with one run's outcome (empty: nothing)."""
    found = [] if code in (0, 1, 2) else [f"exit {code}"]
    if code == 2 and out.exists():
        found.append("RESULTS.csv left by a refused run")
    errors = out.with_name("RESULTS.errors.csv")
    if code in (1, 2) and errors.exists():
        with errors.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if not row["sheet"] or row["row"] == "0":
                    found.append(f"report row without a place: {row}")
    return found


def main() -> None:
    """Runs the campaign and prints the outcome counts and any findings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        roster = write_roster(demo_county(scale=0.001), base / "roster")
        workbook = write_roster(demo_county(scale=0.001), base / "roster.xlsx").read_bytes()
        sheets = {p.name: p.read_bytes() for p in roster.iterdir()}
        outcomes: collections.Counter[int] = collections.Counter()
        findings = []
        for run in range(args.runs):
            folder = base / f"run{run}"
            folder.mkdir()
            if rng.random() < 0.7:
                target = folder
                victim = rng.choice(sorted(sheets))
                for name, data in sheets.items():
                    (folder / name).write_bytes(mutate(data, rng) if name == victim else data)
            else:
                target = folder / "roster.xlsx"
                target.write_bytes(damaged_workbook(workbook, rng))
            out = folder / "RESULTS.csv"
            with (
                contextlib.redirect_stderr(io.StringIO()),
                contextlib.redirect_stdout(io.StringIO()),
            ):
                code = run_command(["--lang", "en", "identify", str(target), "--out", str(out)])
            outcomes[code] += 1
            findings += [f"run {run}: {f}" for f in findings_of(code, out)]
    print(f"{args.runs} runs, seed {args.seed}: exits {dict(sorted(outcomes.items()))}")
    for finding in findings[:50]:
        print(finding)
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
