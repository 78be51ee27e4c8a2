"""The funds through the API: each role reads the entries of its area's accounts, proofs check
out against the signed head, and a household's payments come traced to their sources."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from api_clients import client_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "funds"))
from ledger_helpers import signed_ledger  # noqa: E402

from fupin.ledger import leaf_hash, verify_inclusion  # noqa: E402

pytestmark = pytest.mark.django_db
# Which of the six entries touch an account of each reader's area (see ledger_helpers.flows).
SEEN = {"county_office": {1, 2, 3, 4, 5, 6}, "auditor": {1, 2, 3, 4, 5, 6},
        "assessor": {1, 2, 3, 4, 5, 6}, "township_office_a": {2, 4, 5, 6},
        "township_office_b": {3}}  # fmt: skip


@pytest.fixture
def ledger(cast, settings, tmp_path):  # type: ignore[no-untyped-def]
    return signed_ledger(cast, settings, tmp_path)


@pytest.mark.parametrize("user", list(SEEN))
def test_each_reader_lists_the_entries_of_their_areas_accounts(ledger, user):
    client = client_of(getattr(ledger, user))
    body = client.get("/api/v1/ledger/entries", {"limit": 100}).json()
    assert {e["seq"] for e in body["items"]} == SEEN[user]
    outside = sorted({1, 2, 3, 4, 5, 6} - SEEN[user])
    for seq in outside[:2]:
        assert client.get(f"/api/v1/ledger/entries/{seq}").status_code == 404
        assert client.get(f"/api/v1/ledger/entries/{seq}/proof").status_code == 404


@pytest.mark.parametrize("user", ["village_cadre_a1", "paired_helper_a1", "public"])
def test_roles_without_the_funds_read_none(ledger, user):
    client = client_of(getattr(ledger, user))
    assert client.get("/api/v1/ledger/entries").status_code == 403
    assert client.get("/api/v1/households/H-a1-1/funds").status_code in (403, 404)


def test_a_proof_from_the_api_checks_out(ledger):
    client = client_of(ledger.auditor)
    proof = client.get("/api/v1/ledger/entries/5/proof").json()
    assert proof["tree_size"] == 6 and proof["leaf_index"] == 4
    assert verify_inclusion(leaf_hash(proof["entry"].encode()), 4, 6,
                            [bytes.fromhex(h) for h in proof["audit_path"]],
                            bytes.fromhex(proof["root"]))  # fmt: skip
    heads = client.get("/api/v1/ledger/heads").json()
    assert [h["size"] for h in heads] == [6] and heads[0]["root"] == proof["root"]
    assert client.get("/api/v1/ledger/consistency", {"old": 6, "new": 6}).json()["proof"] == []
    assert client.get("/api/v1/ledger/consistency", {"old": 3, "new": 6}).status_code == 409


def test_a_households_payments_come_traced(ledger):
    receipts = client_of(ledger.township_office_a).get("/api/v1/households/H-a1-1/funds").json()
    assert receipts == [{"seq": 5, "amount_fen": 100_000, "posted_at": receipts[0]["posted_at"], "reversed": False,
                         "document": "补贴发放表 2026-01",
                         "parts": [{"source": "SRC:central-2026", "amount_fen": 100_000,
                                    "path": [2, 4, 5]}]}]  # fmt: skip
    assert (
        client_of(ledger.township_office_b).get("/api/v1/households/H-a1-1/funds").status_code
        == 404
    )
