"""Times `fupin registry import` of a whole county roster into an empty registry.

Usage: ``FUPIN_DATA_DIR=/tmp/fupin-import .venv/bin/python bench/registry_import.py
[--scale 1.0] [--format csv|xlsx]`` (DATABASE_URL for PostgreSQL). Generates the demo county,
loads its regions (an import adds households, not regions), writes its roster, then imports it
once — read, validated, checked against the registry and loaded — in one transaction that is
rolled back afterwards, and prints the time of each part.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from fupin.registry.models import Household, Region  # noqa: E402
from fupin.registry.services import roster_import  # noqa: E402
from fupin.synth import demo_county, write_roster  # noqa: E402


class RolledBack(Exception):
    """Raised to undo the import after timing it."""


def _regions(county: object) -> None:
    """The county's regions, parents first."""
    made: dict[str, Region] = dict((r.code, r) for r in Region.objects.all())
    for row in county.regions.to_pylist():  # type: ignore[attr-defined]
        if row["code"] not in made:
            made[row["code"]] = Region.objects.create(
                code=row["code"], name=row["name"], level=row["level"],
                parent=made.get(row["parent_code"]) if row["parent_code"] else None,
            )  # fmt: skip


def _timed(name: str, marks: dict[str, float], function):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            marks[name] = marks.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def main() -> None:
    """Generates, writes and imports the county roster; prints the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if Household.objects.exists():
        raise SystemExit("the bench imports into an empty registry: use an empty FUPIN_DATA_DIR")
    county = demo_county(scale=args.scale, year=2020)
    _regions(county)
    folder = Path(tempfile.mkdtemp())
    target = folder / "roster.xlsx" if args.format == "xlsx" else folder / "roster"
    write_roster(county, target)
    marks: dict[str, float] = {}
    for name in ("read_roster", "validate_roster", "registry_problems", "load_county", "_apply"):
        setattr(roster_import, name, _timed(name, marks, getattr(roster_import, name)))
    started = time.perf_counter()
    with contextlib.suppress(RolledBack), transaction.atomic():
        report = roster_import.import_roster(target, actor=None, now=timezone.now())
        assert report.ok, report.problems[:5]
        total = time.perf_counter() - started
        raise RolledBack
    print(f"{report.households:,} households, {report.members_added:,} members ({args.format}); "
          f"total {total:.1f} s")  # fmt: skip
    for name, seconds in marks.items():
        print(f"  {name}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
