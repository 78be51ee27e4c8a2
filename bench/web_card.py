"""Times the web pages on the demo county: household card, region tree, village list (median).

Usage: ``.venv/bin/python bench/web_card.py [--scale 1.0] [--requests 20]``. Uses the database
that DATABASE_URL / FUPIN_DATA_DIR name (default ``var/fupin.sqlite3``, the ``make demo`` one);
when it holds no households, generates and loads the demo county at ``--scale`` first. Requests go
through Django's test client (the full middleware, template and database path, no network).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from fupin.registry.models import Household, Profile, Region  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
logging.getLogger("fupin.access").setLevel(
    logging.WARNING
)  # one line per card would drown the figures


def ensure_county(scale: float) -> None:
    """Migrates, and loads the demo county when the database has no households."""
    call_command("migrate", verbosity=0)
    if Household.objects.exists():
        return
    from fupin.registry.services.loader import load_county
    from fupin.synth.county import demo_county

    started = time.perf_counter()
    stats = load_county(demo_county(scale=scale))
    print(f"loaded {stats.households:,} households in {time.perf_counter() - started:.1f} s")


def bench_client(role: str, region: Region) -> Client:
    """A client logged in as a benchmark user with ``role`` scoped to ``region``."""
    user, _ = get_user_model().objects.get_or_create(username=f"bench_{role}")
    Profile.objects.update_or_create(user=user, defaults={"role": role, "region": region})
    client = Client()
    client.force_login(user)
    return client


def timed(client: Client, urls: list[str]) -> list[float]:
    """Milliseconds per GET; every response must be 200."""
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def report(name: str, times: list[float]) -> None:
    """Prints median, p90 and max of one page's timings."""
    ordered = sorted(times)
    p90 = ordered[max(0, int(round(0.9 * len(ordered))) - 1)]
    print(
        f"{name:<28} n={len(times):>3}  median {statistics.median(times):7.1f} ms"
        f"  p90 {p90:7.1f} ms  max {ordered[-1]:7.1f} ms"
    )


def main() -> None:
    """Runs the benchmark and prints one line per page."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    ensure_county(args.scale)
    rng = random.Random(2014)
    county = Region.objects.filter(level="county").order_by("code").first()
    assert county is not None, "no county in the database"
    numbers = list(Household.objects.values_list("number", flat=True))
    print(f"database: {settings.DATABASES['default']['ENGINE']}, {len(numbers):,} households")
    office = bench_client("county_office", county)
    cards = [f"/households/{n}/" for n in rng.sample(numbers, args.requests)]
    timed(office, cards[:3])  # warm caches and the connection
    report("household card (county)", timed(office, cards))
    report("region tree, home (county)", timed(office, ["/"] * args.requests))
    village = Household.objects.get(number=rng.choice(numbers)).village
    cadre = bench_client("village_cadre", village)
    own = list(Household.objects.filter(village=village).values_list("number", flat=True))
    report(
        "household card (cadre)", timed(cadre, [f"/households/{rng.choice(own)}/" for _ in cards])
    )
    report("village list (cadre)", timed(cadre, [f"/villages/{village.code}/"] * args.requests))


if __name__ == "__main__":
    main()
