"""Benchmark of `fupin batch run` at national scale.

For each size (millions of households) it generates a synthetic country with ``fupin synth
national`` (timed, size on disk measured), then times ``fupin batch run --engine local`` end to
end as a user runs it — a fresh process: start-up, imports, reading, screening, kernel, writing
results and aggregates — while sampling the resident memory of the whole process tree (driver
and workers, summed) from /proc every 0.2 s. Optionally the Spark engine (``local[*]``) at one
size. Datasets and results are deleted afterwards unless ``--keep``.

Usage: ``.venv/bin/python bench/batch.py [--sizes 1,3,30] [--spark 1] [--keep] [--dir var/bench]``.
Prints a Markdown table and writes ``DIR/batch.json``; the figures go to docs/perf/batch.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

FUPIN = [sys.executable, "-m", "fupin.cli", "--lang", "en"]
GIB = 1024**3


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _rss(pid: int) -> int:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:  # the process ended while the tree was walked
        return 0
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _tree_rss(root: int) -> int:
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss(pid)
        stack.extend(_children(pid))
    return total


def run_measured(command: list[str]) -> dict[str, float]:
    """Runs a command; wall time, CPU time of the tree and peak summed RSS of the tree."""
    peak = [0]
    started = time.perf_counter()
    before = os.times()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    sampler.join()
    after = os.times()
    if process.returncode not in (0, 1):
        sys.stderr.write(output.decode(errors="replace"))
        raise SystemExit(f"{command} failed with {process.returncode}")
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": (after.children_user - before.children_user)
        + (after.children_system - before.children_system),
        "peak_rss_gib": peak[0] / GIB,
    }


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_size(millions: float, folder: Path, spark: bool, keep: bool) -> dict[str, Any]:
    """Generates a country of ``millions`` M households and times the local (and Spark) run."""
    households = int(millions * 1_000_000)
    dataset = folder / f"country-{millions:g}m"
    row: dict[str, Any] = {"households": households}
    if not (dataset / "_fupin_dataset.json").is_file():
        shutil.rmtree(dataset, ignore_errors=True)
        command = [*FUPIN, "synth", "national", "--households", str(households)]
        generated = run_measured([*command, "--out", str(dataset)])
        row["generate"] = generated
    manifest = json.loads((dataset / "_fupin_dataset.json").read_text())
    row["members"] = manifest["members"]
    row["dataset_gib"] = _size(dataset) / GIB
    engines = ["local", "spark"] if spark else ["local"]
    for engine in engines:
        out = folder / f"results-{millions:g}m-{engine}"
        shutil.rmtree(out, ignore_errors=True)
        measured = run_measured(
            [*FUPIN, "batch", "run", str(dataset), "--out", str(out), "--engine", engine]
        )
        measured["results_gib"] = _size(out) / GIB
        measured["households_per_second"] = households / measured["seconds"]
        measured["per_core"] = households / measured["cpu_seconds"]
        row[engine] = measured
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
    if not keep:
        shutil.rmtree(dataset, ignore_errors=True)
    return row


def machine() -> str:
    """A one-line description of this machine."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}, "
        f"load average at start {load:.1f}"
    )


def main() -> None:
    """Runs the benchmark and prints a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,3,30", help="millions of households")
    parser.add_argument("--spark", default="1", help="sizes (millions) also run with Spark")
    parser.add_argument("--dir", default="var/bench", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep datasets and results")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark_sizes = {float(s) for s in args.spark.split(",") if s}
    rows = []
    print(f"machine: {machine()}", flush=True)
    for size in (float(s) for s in args.sizes.split(",")):
        row = bench_size(size, args.dir, size in spark_sizes, args.keep)
        rows.append(row)
        print(json.dumps(row), flush=True)
    (args.dir / "batch.json").write_text(json.dumps({"machine": machine(), "runs": rows}, indent=2))
    print("| households | engine | wall s | CPU s | households/s | per CPU-s | peak RSS GiB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        for engine in ("local", "spark"):
            if engine in row:
                m = row[engine]
                print(
                    f"| {row['households']:,} | {engine} | {m['seconds']:.1f} | "
                    f"{m['cpu_seconds']:.1f} | {m['households_per_second']:,.0f} | "
                    f"{m['per_core']:,.0f} | {m['peak_rss_gib']:.2f} |"
                )


if __name__ == "__main__":
    main()
