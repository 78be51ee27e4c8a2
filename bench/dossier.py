"""Times a household's dossier: the export (PDF, attachments, manifest) and its check.

Usage: ``FUPIN_DATA_DIR=/tmp/fupin-bench .venv/bin/python bench/dossier.py [--runs N]``. Uses
the database DATABASE_URL / FUPIN_DATA_DIR names; builds the demo county when it holds no
households. Takes the household with the most signed steps (and documents), exports its dossier
``--runs`` times as the county user, checks the last export, and rolls everything back.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from fupin.dossier.services.export import export_dossier  # noqa: E402
from fupin.dossier.services.verify import verify_dossier  # noqa: E402
from fupin.identification.models import Case  # noqa: E402
from fupin.procedure.models import StepRecord  # noqa: E402
from fupin.registry.models import Household  # noqa: E402


class RolledBack(Exception):
    """Raised to undo the exports after timing them."""


def _busiest() -> Household:
    """The household whose cases hold the most step records."""
    steps = StepRecord.objects.filter(procedure__startswith="identification.")
    counts = steps.values("subject_id").annotate(n=Count("id")).order_by("-n")
    top = counts.first()
    if top is None:
        return Household.objects.order_by("id").first()  # type: ignore[return-value]
    return Case.objects.get(pk=top["subject_id"]).household


def main() -> None:
    """Exports one household's dossier ``--runs`` times and checks it; prints the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Household.objects.exists():
        from fupin.demo.county import build_demo_county

        build_demo_county()
    county = get_user_model().objects.get(username="county")
    household = _busiest()
    seconds, size, checked = [], 0, 0.0
    with contextlib.suppress(RolledBack), transaction.atomic():
        for _run in range(args.runs):
            started = time.perf_counter()
            dossier = export_dossier(household.pk, actor=county, now=timezone.now())
            seconds.append(time.perf_counter() - started)
            size = len(dossier.content)
        started = time.perf_counter()
        report = verify_dossier(io.BytesIO(dossier.content), user=county)
        checked = time.perf_counter() - started
        assert report.ok, [f for f in report.findings if not f.ok]
        raise RolledBack
    print(f"household {household.number}: {len(report.findings)} items checked")
    print(f"export: median {statistics.median(seconds):.2f} s over {args.runs} runs "
          f"(min {min(seconds):.2f} s), ZIP {size / 1024:.0f} KiB")  # fmt: skip
    print(f"check: {checked:.2f} s")


if __name__ == "__main__":
    main()
