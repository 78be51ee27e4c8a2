"""Times monitoring on a generated county: kernel alerts, a screening import, the pages (median).

Usage: ``FUPIN_DATA_DIR=/tmp/fupin-bench .venv/bin/python bench/monitoring.py [--scale 0.1]``.
Uses the database DATABASE_URL / FUPIN_DATA_DIR name; loads the demo county at ``--scale`` when it
holds no households. Pages go through Django's test client (middleware, templates, database).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from fupin.monitoring.services.kernel import raise_from_kernel  # noqa: E402
from fupin.monitoring.services.screening import import_screening  # noqa: E402
from fupin.registry.models import Household, Member, Profile, Region  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
logging.getLogger("fupin.access").setLevel(logging.WARNING)


def ensure_county(scale: float) -> None:
    """Migrates, and loads the demo county when the database has no households."""
    call_command("migrate", verbosity=0)
    if Household.objects.exists():
        return
    from fupin.registry.services.loader import load_county
    from fupin.synth.county import demo_county

    load_county(demo_county(scale=scale))


def office(region: Region) -> tuple[object, Client]:
    """A county-office user and a logged-in client."""
    user, _ = get_user_model().objects.get_or_create(username="bench_monitoring")
    Profile.objects.update_or_create(
        user=user, defaults={"role": "county_office", "region": region}
    )
    client = Client()
    client.force_login(user)
    return user, client


def seconds(label: str, started: float) -> None:
    """Prints the time since ``started``."""
    print(f"{label:<44} {time.perf_counter() - started:8.2f} s")


def pages(client: Client, urls: list[str], label: str, repeat: int) -> None:
    """Median milliseconds of ``repeat`` GETs of each url."""
    times = []
    for url in urls * repeat:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    print(f"{label:<44} median {statistics.median(times):8.1f} ms  max {max(times):8.1f} ms")


def health_list(rows: int) -> bytes:
    """A health-insurance list over registered members (every fifth above 10,000 yuan)."""
    ids = list(Member.objects.filter(active=True).values_list("id_number", flat=True)[:rows])
    lines = ["id_number,date,amount"]
    lines += [f"{n},2025-02-01,{12000 if i % 5 == 0 else 3000}" for i, n in enumerate(ids)]
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    """Runs the benchmark and prints one line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    ensure_county(args.scale)
    county = Region.objects.filter(level="county").order_by("code").first()
    assert county is not None
    user, client = office(county)
    print(f"{settings.DATABASES['default']['ENGINE']}: {Household.objects.count():,} households")
    started = time.perf_counter()
    summary = raise_from_kernel(county, now=timezone.now(), actor=user)
    seconds(f"kernel alerts ({summary.considered:,} hh, {summary.opened:,} opened)", started)
    started = time.perf_counter()
    record = import_screening(
        "health",
        "bench.csv",
        health_list(args.rows),
        actor=user,
        now=timezone.now(),
    )
    seconds(f"health import ({record.rows_total:,} rows, {record.alerts_raised:,} new)", started)
    pages(client, ["/monitoring/"], "alert list (county, first page)", args.requests)
    pages(client, ["/monitoring/dashboard/"], "dashboard (county)", args.requests)
    first = record.evidence.first()
    if first is not None:
        pages(client, [f"/monitoring/alerts/{first.alert_id}/"], "alert page", args.requests)


if __name__ == "__main__":
    main()
