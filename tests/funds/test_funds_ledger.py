"""The ledger as an outside verifier sees it: proofs against signed heads, and every tamper —
made in the database itself with its triggers dropped — caught and named."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from ledger_helpers import at, flows, signed_ledger

from fupin.funds import selectors
from fupin.funds.models import LedgerEntry, SignedTreeHead
from fupin.funds.services.heads import generate_key, load_key, public_key_hex, sign_current_head
from fupin.funds.services.posting import Leg, post
from fupin.funds.services.verify import verify_ledger
from fupin.ledger import verify_consistency, verify_inclusion
from fupin.ledger.merkle import leaf_hash
from fupin.registry import triggers

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast, settings, tmp_path):  # type: ignore[no-untyped-def]
    signed_ledger(cast, settings, tmp_path)  # size 6
    post([Leg("HH:H-a1-1", -10_000), Leg("REG:990102001001", 10_000)],
         kind="return", document="退回", actor=cast.county_office, now=at(9))  # fmt: skip
    sign_current_head(at(9, 23))  # size 7
    return cast


def _public() -> bytes:
    return bytes.fromhex(public_key_hex())


def test_an_untouched_ledger_holds(ledger):
    verdict = verify_ledger(_public())
    assert verdict.ok, verdict.failure
    assert (verdict.size, verdict.heads) == (7, 2)
    assert verdict.root == SignedTreeHead.objects.get(size=7).root


def test_every_entry_proves_its_inclusion_under_the_latest_head(ledger):
    for seq in range(1, 8):
        proof = selectors.inclusion(seq)
        assert set(proof) == {"seq", "leaf_index", "tree_size", "root", "audit_path"}
        entry = selectors.entry_with_proof(seq)["entry"].encode()
        assert verify_inclusion(leaf_hash(entry), seq - 1, 7,
                                [bytes.fromhex(h) for h in proof["audit_path"]],
                                bytes.fromhex(proof["root"]))  # fmt: skip


def test_the_heads_are_consistent(ledger):
    proof = selectors.consistency(6, 7)
    old, new = (bytes.fromhex(SignedTreeHead.objects.get(size=n).root) for n in (6, 7))
    assert verify_consistency(6, 7, old, new, [bytes.fromhex(h) for h in proof["proof"]])
    with pytest.raises(selectors.ProofError, match="no signed head has size 5"):
        selectors.consistency(5, 7)


def _tamper(sql: str, params: list) -> None:  # type: ignore[type-arg]
    for table in ("funds_ledgerentry", "funds_ledgernode", "funds_signedtreehead"):
        triggers.run(connection, create=False, table=table)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for statement in triggers.sqlite_no_replace_drop(table):
                    cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _entry_id(seq: int) -> int:
    return LedgerEntry.objects.get(seq=seq).pk


@pytest.mark.parametrize(
    ("column", "value"),
    [("amount_fen", 99_999), ("memo", "产业补贴 (改)"), ("document", "伪造"), ("actor", "someone"),
     ("kind", "receipt"), ("document_sha256", "ab" * 32), ("posted_at", "2026-01-08 01:00:01")],
)  # fmt: skip
def test_an_edit_of_any_field_is_named_by_its_entry(ledger, column, value):
    _tamper(f"UPDATE funds_ledgerentry SET {column} = %s WHERE id = %s", [value, _entry_id(5)])
    verdict = verify_ledger(_public())
    assert not verdict.ok and verdict.failure.startswith("entry 5:"), verdict.failure


def test_a_changed_account_is_named(ledger):
    other = LedgerEntry.objects.get(seq=6).debit_id
    _tamper("UPDATE funds_ledgerentry SET debit_id = %s WHERE id = %s", [other, _entry_id(5)])
    assert verify_ledger(_public()).failure.startswith("entry 5:")


def test_an_edit_with_a_recomputed_leaf_is_caught_by_the_tree(ledger):
    from fupin.funds.services.canonical import VALUES, entry_leaf, fields_of_row

    _tamper("UPDATE funds_ledgerentry SET amount_fen = 1 WHERE id = %s", [_entry_id(4)])
    row = LedgerEntry.objects.filter(seq=4).values(*VALUES).get()
    _tamper("UPDATE funds_ledgerentry SET leaf_hash = %s WHERE id = %s",
            [entry_leaf(fields_of_row(row)).hex(), _entry_id(4)])  # fmt: skip
    failure = verify_ledger(_public()).failure
    assert failure.startswith("entry 4:") and "node" in failure


def test_a_deleted_entry_is_named(ledger):
    _tamper("DELETE FROM funds_ledgerentry WHERE id = %s", [_entry_id(3)])
    assert verify_ledger(_public()).failure == "entry 3: missing (the next stored entry is 4)"


def test_two_swapped_entries_are_named(ledger):
    first, second = _entry_id(2), _entry_id(3)
    _tamper("UPDATE funds_ledgerentry SET seq = 1000 WHERE id = %s", [first])
    _tamper("UPDATE funds_ledgerentry SET seq = 2 WHERE id = %s", [second])
    _tamper("UPDATE funds_ledgerentry SET seq = 3 WHERE id = %s", [first])
    assert verify_ledger(_public()).failure.startswith("entry 2:")


def test_a_backdated_entry_is_named(ledger):
    from fupin.funds.services.canonical import entry_leaf, fields_of

    late = LedgerEntry.objects.select_related("debit", "credit").get(seq=7)
    backdated = at(1).astimezone(dt.UTC).replace(tzinfo=None)  # stored as Django stores: UTC
    fields = fields_of(seq=8, posted_at=at(1), kind="return", debit=late.debit.code,
                       credit=late.credit.code, amount_fen=5, document="x", document_sha256="",
                       actor="x", memo="", reverses=None)  # fmt: skip
    _tamper(
        "INSERT INTO funds_ledgerentry (seq, posted_at, kind, debit_id, credit_id, amount_fen, "
        "document, document_sha256, actor, memo, leaf_hash) VALUES (8, %s, 'return', %s, %s, 5, "
        "'x', '', 'x', '', %s)", [backdated.isoformat(" ") if connection.vendor == "sqlite" else at(1), late.debit_id, late.credit_id, entry_leaf(fields).hex()],
    )  # fmt: skip
    assert verify_ledger(_public()).failure.startswith("entry 8: dated before entry 7")


def test_an_entry_inserted_in_the_past_with_the_whole_log_rebuilt_breaks_the_signed_heads(ledger):
    from fupin.funds.models import Account, LedgerState

    _tamper("DELETE FROM funds_ledgernode", [])
    _tamper("DELETE FROM funds_ledgerentry", [])
    LedgerState.objects.update(size=0)
    Account.objects.update(balance_fen=0)
    post([Leg("EXT:central-budget", -1), Leg("HH:H-a1-2", 1)], kind="receipt", document="x",
         actor=ledger.county_office, now=at(4))  # fmt: skip
    flows(ledger)
    post([Leg("HH:H-a1-1", -10_000), Leg("REG:990102001001", 10_000)], kind="return",
         document="退回", actor=ledger.county_office, now=at(9))  # fmt: skip
    failure = verify_ledger(_public()).failure
    assert failure.endswith("(size 6): the log's root differs"), failure


def test_a_forged_head_is_named(ledger):
    head = SignedTreeHead.objects.get(size=7)
    _tamper("UPDATE funds_signedtreehead SET root = %s WHERE id = %s", ["00" * 32, head.pk])
    assert verify_ledger(_public()).failure.startswith(f"head {head.time} (size 7): the signature")


def test_a_head_signed_by_another_key_is_named(ledger, tmp_path):
    from fupin.ledger import sign_head

    other = generate_key(tmp_path / "other.pem")
    forged = sign_head(load_key(other), b"\x00" * 32, 7, at(10))
    SignedTreeHead.objects.create(
        size=7, root=forged.root, time=forged.time, signature=forged.signature
    )
    assert "the signature does not verify" in verify_ledger(_public()).failure


def test_a_stored_balance_that_the_entries_do_not_make_is_named(ledger):
    from fupin.funds.models import Account

    Account.objects.filter(code="HH:H-a1-2").update(balance_fen=70_000)
    assert (
        verify_ledger(_public()).failure
        == "account HH:H-a1-2: holds 70000 fen, its entries make 50000"
    )


def test_the_command_line_exports_proves_and_verifies(ledger, tmp_path, capsys):
    from fupin.cli import run_command

    out = tmp_path / "export"
    assert run_command(["--lang", "en", "ledger", "export", "--out", str(out)]) == 0
    lines = (out / "entries.jsonl").read_bytes().splitlines()
    assert (
        len(lines) == 7
        and json.loads(lines[0])["seq"] == 1
        and json.loads(lines[0])["amount_fen"] == 1_000_000
    )
    heads = json.loads((out / "heads.json").read_text())
    assert [h["size"] for h in heads] == [6, 7] and set(heads[0]) == {
        "size",
        "root",
        "time",
        "signature",
    }
    assert (out / "pubkey.hex").read_text().strip() == public_key_hex()
    capsys.readouterr()
    assert run_command(["ledger", "proof", "5", "--json"]) == 0
    proof = json.loads(capsys.readouterr().out)
    assert proof["seq"] == 5 and proof["leaf_index"] == 4 and proof["tree_size"] == 7
    assert verify_inclusion(leaf_hash(lines[4]), 4, 7, [bytes.fromhex(h) for h in proof["audit_path"]],
                            bytes.fromhex(proof["root"]))  # fmt: skip
    assert run_command(["ledger", "consistency", "6", "7", "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"old_size", "new_size", "proof"}
    assert run_command(["--lang", "en", "ledger", "verify"]) == 0
    assert "7 entries" in capsys.readouterr().out
    _tamper("DELETE FROM funds_ledgerentry WHERE id = %s", [_entry_id(7)])
    assert run_command(["--lang", "en", "ledger", "verify"]) == 1
    assert "only 6 entries" in capsys.readouterr().err


def test_the_documented_outside_check_passes_on_an_export_and_fails_on_a_forgery(ledger, tmp_path):
    import os
    import re
    from pathlib import Path

    from fupin.cli import run_command

    docs = (Path(__file__).resolve().parents[2] / "docs" / "ledger.md").read_text(encoding="utf-8")
    snippet = re.search(r"## Checking without Fupin.*?```python\n(.*?)```", docs, re.S).group(1)
    out = tmp_path / "export"
    assert run_command(["ledger", "export", "--out", str(out)]) == 0
    here = os.getcwd()
    os.chdir(out)
    try:
        exec(compile(snippet, "docs/ledger.md", "exec"), {})  # noqa: S102  (the page's own code)
        lines = (
            (out / "entries.jsonl")
            .read_bytes()
            .replace(b'"amount_fen":50000', b'"amount_fen":5000')
        )
        (out / "entries.jsonl").write_bytes(lines)
        with pytest.raises(AssertionError):
            exec(compile(snippet, "docs/ledger.md", "exec"), {})  # noqa: S102
    finally:
        os.chdir(here)


def test_a_time_written_in_another_form_is_named(ledger):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL stores a timestamp, not text: there is no other form to write")
    _tamper("UPDATE funds_ledgerentry SET posted_at = %s WHERE id = %s",
            ["2026-01-08 01:00:00.000000+08:00", _entry_id(5)])  # fmt: skip
    assert verify_ledger(_public()).failure.startswith("entry 5: its stored time")


def test_an_entry_posted_with_an_earlier_clock_keeps_the_logs_time_order(ledger):
    import datetime as dt

    late = LedgerEntry.objects.get(seq=7).posted_at
    [entry] = post([Leg("REG:990102001001", -5), Leg("HH:H-a1-2", 5)], kind="disbursement",
                   document="x", actor=ledger.county_office, now=late - dt.timedelta(milliseconds=5))  # fmt: skip
    assert entry.posted_at == late
    assert verify_ledger(_public()).ok


def test_a_household_account_moved_to_another_household_is_named(ledger):
    from fupin.funds.models import Account

    Account.objects.filter(code="HH:H-a1-1").update(household=None)
    Account.objects.filter(code="HH:H-a1-2").update(household=ledger.h_a1_1)
    failure = verify_ledger(_public()).failure
    assert failure.startswith("account HH:H-a1-") and failure.endswith("not the one it names")


def test_verify_trusts_the_published_key_and_the_one_it_is_given(ledger, tmp_path, capsys):
    from fupin.cli import run_command

    other = generate_key(tmp_path / "other.pem")
    assert run_command(["--lang", "en", "ledger", "verify"]) == 0
    capsys.readouterr()
    assert (
        run_command(
            ["--lang", "en", "ledger", "verify", "--public-key", str(other.with_suffix(".pub"))]
        )
        == 1
    )
    assert "the signature does not verify" in capsys.readouterr().err
