"""Times exporting a county's household list (every household, as the export job writes it).

Usage: ``.venv/bin/python bench/list_export.py [--scale 1.0]`` with the database DATABASE_URL /
FUPIN_DATA_DIR name; when it holds no households, the demo county is loaded first. Writes the
list as CSV and as xlsx for a county office and prints rows, seconds and file size for each.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import timezone  # noqa: E402
from web_card import ensure_county  # noqa: E402

from fupin.exports.services.exports import listing_for, write_listing  # noqa: E402
from fupin.registry.models import Profile, Region  # noqa: E402


def main() -> None:
    """Loads the county if needed, then writes its household list in both formats."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    ensure_county(args.scale)
    county = Region.objects.filter(level="county").order_by("code").first()
    user, _ = get_user_model().objects.get_or_create(username="bench_county_office")
    Profile.objects.update_or_create(user=user, defaults={"role": "county_office",
                                                          "region": county})  # fmt: skip
    user = get_user_model().objects.get(pk=user.pk)
    folder = Path(tempfile.mkdtemp())
    for fmt in ("csv", "xlsx"):
        started = time.perf_counter()
        listing = listing_for(user, "registry.households", QueryDict(), timezone.localdate())
        rows = write_listing(listing, fmt, folder / f"households.{fmt}")
        seconds = time.perf_counter() - started
        size = (folder / f"households.{fmt}").stat().st_size / 2**20
        print(f"{fmt:>4}: {rows:,} households in {seconds:.1f} s ({size:.1f} MiB)")


if __name__ == "__main__":
    main()
