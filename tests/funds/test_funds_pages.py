"""The funds pages: tracing for the offices and auditors in their area, and the public proof."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from ledger_helpers import at, signed_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast, settings, tmp_path):  # type: ignore[no-untyped-def]
    return signed_ledger(cast, settings, tmp_path)


def _client(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def test_a_households_payment_is_traced_to_its_source(ledger):
    html = _client(ledger.auditor).get("/funds/households/H-a1-1/").content.decode()
    assert "1,000.00 yuan" in html  # entry 5: 100,000 fen
    trail = re.findall(r"#(\d) (\S+) → (\S+) ·", html)
    assert trail == [("2", "SRC:central-2026", "REG:990102001000"),
                     ("4", "REG:990102001000", "REG:990102001001"),
                     ("5", "REG:990102001001", "HH:H-a1-1")]  # fmt: skip
    assert "Central special fund 2026" in html


def test_tracing_keeps_to_the_readers_area(ledger):
    assert _client(ledger.township_office_b).get("/funds/households/H-a1-1/").status_code == 404
    assert _client(ledger.village_cadre_a1).get("/funds/households/H-a1-1/").status_code == 403
    assert _client(ledger.public).get("/funds/").status_code == 403
    county = _client(ledger.county_office).get("/funds/sources/SRC:central-2026/").content.decode()
    assert "HH:H-a1-2" in county and "REG:990102002000" in county
    township = _client(ledger.township_office_a).get("/funds/sources/SRC:central-2026/")
    text = township.content.decode()
    assert "HH:H-a1-1" in text and "REG:990102002000" not in text
    assert "Held outside your area: 4,000.00 yuan." in text  # township B's pool, by its sum only
    overview = _client(ledger.township_office_b).get("/funds/").content.decode()
    assert "Township B pool" in overview and "Township A pool" not in overview


def test_the_public_entry_page_needs_no_login_and_carries_its_proof(ledger):
    response = _client().get("/funds/public/entries/5/")
    assert response.status_code == 200
    data = json.loads(re.search(r'<script id="proof-data" type="application/json">(.*?)</script>',
                                response.content.decode(), re.S).group(1))  # fmt: skip
    assert json.loads(data["entry"])["amount_fen"] == 100_000
    assert data["tree_size"] == 6 and data["head"]["root"] == data["root"] and data["public_key"]
    assert _client().get("/funds/public/entries/99/").status_code == 404
    heads = _client().get("/funds/public/heads/").content.decode()
    assert data["root"] in heads and data["public_key"] in heads


def test_the_card_links_to_the_funds_for_those_who_may_read_them(ledger):
    link = "/funds/households/H-a1-1/"
    assert link in _client(ledger.county_office).get("/households/H-a1-1/").content.decode()
    assert link not in _client(ledger.village_cadre_a1).get("/households/H-a1-1/").content.decode()


def test_a_reversed_payment_is_marked_and_not_counted(ledger):
    from fupin.funds.services.posting import reverse

    reverse(6, actor=ledger.county_office, now=at(9), reason="wrong household")
    html = _client(ledger.auditor).get("/funds/households/H-a1-2/").content.decode()
    assert "reversed: not counted" in html and "In all: 0.00 yuan." in html


def test_a_step_through_a_household_outside_the_area_is_hidden(ledger):
    from fupin.funds.models import Account
    from fupin.funds.services.posting import Leg, post

    Account.objects.create(code="HH:H-b1-1", name="H-b1-1", kind="household",
                           region=ledger.village_b1, household=ledger.h_b1_1)  # fmt: skip
    office = ledger.county_office
    post([Leg("HH:H-a1-1", -100_000), Leg("REG:990102002000", 100_000)], kind="return",
         document="退回 王某", actor=office, now=at(9))  # fmt: skip
    post([Leg("REG:990102002000", -500_000), Leg("HH:H-b1-1", 500_000)], kind="disbursement",
         document="补贴", actor=office, now=at(10))  # fmt: skip
    html = _client(ledger.township_office_b).get("/funds/households/H-b1-1/").content.decode()
    assert "a step outside your area" in html and "HH:H-a1-1" not in html and "王某" not in html
