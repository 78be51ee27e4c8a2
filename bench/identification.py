"""Times the bulk opening of cases from the rules' decisions over a whole county.

Usage: ``FUPIN_DATA_DIR=/tmp/fupin-bench .venv/bin/python bench/identification.py``. Uses the
database DATABASE_URL / FUPIN_DATA_DIR names; builds the demo county when it holds no households
(``fupin demo --no-serve`` first is quicker to reuse). The opening runs in one transaction, as
the background job runs it, and is rolled back afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from fupin.identification.services.bulk import open_from_decisions  # noqa: E402
from fupin.registry.models import Household, Region  # noqa: E402


class RolledBack(Exception):
    """Raised to undo the opening after timing it."""


def main() -> None:
    """Opens the county's cases once and prints the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", action="store_true", help="keep the cases opened")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Household.objects.exists():
        from fupin.demo.county import build_demo_county

        build_demo_county()
    county = Region.objects.filter(level="county").order_by("code").first()
    assert county is not None
    print(f"{Household.objects.count():,} households in {county}")
    marks: list[tuple[int, float]] = []
    started = time.perf_counter()
    with contextlib.suppress(RolledBack), transaction.atomic():
        summary = open_from_decisions(
            county, actor=None, now=timezone.now(),
            progress=lambda done, total: marks.append((done, time.perf_counter() - started)),
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        if not args.keep:
            raise RolledBack  # undoes the opening: the bench leaves the database as it was
    print(f"considered {summary.considered:,} households; opened {dict(summary.opened)}")
    print(f"bulk opening: {elapsed:.1f} s ({summary.considered / elapsed:,.0f} households/s)")
    if marks:
        print(f"first chunk of {marks[0][0]:,} households after {marks[0][1]:.1f} s")


if __name__ == "__main__":
    main()
