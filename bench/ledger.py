"""Times the funds ledger on a county-sized log: posting, verifying, proving.

Usage: ``FUPIN_DATA_DIR=/tmp/fupin-ledger .venv/bin/python bench/ledger.py [--entries 1000000]``
(DATABASE_URL for PostgreSQL; the data folder must be empty). Makes a fund source, 200 village
pools and 20,000 household accounts, posts the entries in postings of 10,000 movements, signs a
head, then times ``verify_ledger`` (what ``fupin ledger verify`` runs) and 200 inclusion proofs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from fupin.funds import selectors  # noqa: E402
from fupin.funds.models import Account, LedgerEntry  # noqa: E402
from fupin.funds.services.heads import generate_key, public_key_hex, sign_current_head  # noqa: E402
from fupin.funds.services.posting import Leg, post  # noqa: E402
from fupin.funds.services.verify import verify_ledger  # noqa: E402
from fupin.registry.models import Region  # noqa: E402

BATCH = 10_000


def _accounts(households: int) -> list[str]:
    county = Region.objects.create(code="990102000000", name="Bench County", level="county")
    codes = [("EXT:budget", "external"), ("SRC:central", "source")]
    codes += [(f"HH:B-{i:06d}", "household") for i in range(households)]
    Account.objects.bulk_create([Account(code=c, name=c, kind=k, region=county) for c, k in codes])
    return [c for c, k in codes if k == "household"]


def _post(entries: int, households: list[str]) -> float:
    started = time.perf_counter()
    post([Leg("EXT:budget", -entries * 100), Leg("SRC:central", entries * 100)], kind="receipt",
         document="bench", actor=None, now=timezone.now())  # fmt: skip
    done = 1
    while done < entries:
        size = min(BATCH, entries - done)
        legs = [Leg("SRC:central", -size * 100)]
        legs += [Leg(households[(done + i) % len(households)], 100) for i in range(size)]
        post(legs, kind="disbursement", document="bench roll", actor=None, now=timezone.now())
        done += size
    return time.perf_counter() - started


def main() -> None:
    """Builds the log and prints the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if LedgerEntry.objects.exists():
        raise SystemExit("the bench needs an empty data folder")
    generate_key()
    households = _accounts(20_000)
    posting = _post(args.entries, households)
    print(f"posted {args.entries:,} entries in {posting:.1f} s")
    sign_current_head(timezone.now())
    started = time.perf_counter()
    verdict = verify_ledger(bytes.fromhex(public_key_hex()))
    print(
        f"verify: {time.perf_counter() - started:.1f} s ({verdict.size:,} entries, ok={verdict.ok})"
    )
    times = []
    for seq in random.Random(1).sample(range(1, args.entries + 1), 200):
        started = time.perf_counter()
        selectors.inclusion(seq)
        times.append((time.perf_counter() - started) * 1000)
    print(f"proof: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms (200 proofs)")


if __name__ == "__main__":
    main()
