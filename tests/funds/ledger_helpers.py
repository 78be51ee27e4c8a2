"""A small ledger over the registry cast: a fund source, the county's and townships' pools,
a village's, two households' accounts; a signing key in a temporary folder."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fupin.funds.models import Account
from fupin.funds.services.posting import Leg, post

SHANGHAI = ZoneInfo("Asia/Shanghai")
JAN = dt.datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int = 9) -> dt.datetime:
    """A moment of January 2026 in the county."""
    return dt.datetime(2026, 1, day, hour, 0, tzinfo=SHANGHAI)


def accounts(cast) -> dict[str, Account]:  # type: ignore[no-untyped-def]
    """The cast's accounts, by code."""
    made = [
        ("EXT:central-budget", "Central budget", "external", cast.county, None),
        ("SRC:central-2026", "Central special fund 2026", "source", cast.county, None),
        ("REG:990102000000", "L County pool", "region", cast.county, None),
        ("REG:990102001000", "Township A pool", "region", cast.township_a, None),
        ("REG:990102002000", "Township B pool", "region", cast.township_b, None),
        ("REG:990102001001", "Village a1 pool", "region", cast.village_a1, None),
        ("HH:H-a1-1", "Household H-a1-1", "household", cast.village_a1, cast.h_a1_1),
        ("HH:H-a1-2", "Household H-a1-2", "household", cast.village_a1, cast.h_a1_2),
    ]
    return {code: Account.objects.create(code=code, name=name, kind=kind, region=region,
                                         household=household)
            for code, name, kind, region, household in made}  # fmt: skip


def flows(cast) -> None:  # type: ignore[no-untyped-def]
    """A receipt, allocations down to a village, and two subsidies: six entries."""
    office = cast.county_office
    post(
        [Leg("EXT:central-budget", -1_000_000), Leg("SRC:central-2026", 1_000_000)],
        kind="receipt",
        document="财预〔2026〕1号",
        actor=office,
        now=at(5),
    )
    post(
        [
            Leg("SRC:central-2026", -1_000_000),
            Leg("REG:990102001000", 600_000),
            Leg("REG:990102002000", 400_000),
        ],
        kind="allocation",
        document="县扶办〔2026〕3号",
        actor=office,
        now=at(6),
    )
    post(
        [Leg("REG:990102001000", -300_000), Leg("REG:990102001001", 300_000)],
        kind="allocation",
        document="乡〔2026〕2号",
        actor=office,
        now=at(7),
    )
    post([Leg("REG:990102001001", -150_000), Leg("HH:H-a1-1", 100_000), Leg("HH:H-a1-2", 50_000)],
         kind="disbursement", document="补贴发放表 2026-01", actor=office, now=at(8),
         memo="产业补贴")  # fmt: skip


def signed_ledger(cast, settings, tmp_path):  # type: ignore[no-untyped-def]
    """The cast's accounts and six entries, under a head signed with a key made for the test."""
    from fupin.funds.services.heads import generate_key, sign_current_head

    settings.LEDGER_KEY_FILE = tmp_path / "ledger-key.pem"
    generate_key()
    accounts(cast)
    flows(cast)
    sign_current_head(at(8, 23))  # size 6
    return cast
