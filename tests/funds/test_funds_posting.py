"""Posting: balanced legs become gapless entries; everything the ledger refuses writes nothing."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from ledger_helpers import accounts, at, flows

from fupin.funds.models import Account, LedgerEntry, LedgerNode, LedgerState
from fupin.funds.services.posting import Leg, PostingError, post, reverse
from fupin.registry.models import AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast):  # type: ignore[no-untyped-def]
    accounts(cast)
    flows(cast)
    return cast


def _balances() -> dict[str, int]:
    return dict(Account.objects.values_list("code", "balance_fen"))


def test_money_flows_from_the_source_to_households_with_gapless_entries(ledger):
    assert list(LedgerEntry.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert LedgerState.objects.get().size == 6
    balances = _balances()
    assert balances["EXT:central-budget"] == -1_000_000 and balances["SRC:central-2026"] == 0
    assert (balances["REG:990102001000"], balances["REG:990102002000"]) == (300_000, 400_000)
    assert (balances["HH:H-a1-1"], balances["HH:H-a1-2"]) == (100_000, 50_000)
    assert sum(balances.values()) == 0
    split = LedgerEntry.objects.filter(kind="allocation").order_by("seq")[:2]
    assert [(e.credit.code, e.debit.code, e.amount_fen) for e in split] == [
        ("SRC:central-2026", "REG:990102001000", 600_000),
        ("SRC:central-2026", "REG:990102002000", 400_000)]  # fmt: skip
    assert LedgerNode.objects.count() == 4  # a tree of 6 leaves: three pairs and one of four


def _refused(ledger, legs, message, **kwargs):  # type: ignore[no-untyped-def]
    before = (LedgerEntry.objects.count(), _balances())
    options = {"kind": "disbursement", "document": "roll", "actor": ledger.county_office,
               "now": at(9), **kwargs}  # fmt: skip
    with pytest.raises(PostingError) as refused:
        post(legs, **options)
    assert message in str(refused.value.errors)
    assert (LedgerEntry.objects.count(), _balances()) == before


@pytest.mark.parametrize(
    ("legs", "message"),
    [
        ([Leg("REG:990102001001", -100), Leg("HH:H-a1-1", 90)], "unbalanced: 100 fen given, 90"),
        ([Leg("REG:990102001001", 0), Leg("HH:H-a1-1", 0)], "zero moves nothing"),
        ([Leg("REG:990102001001", -1.5), Leg("HH:H-a1-1", 1.5)], "whole number of fen"),  # type: ignore[arg-type]
        ([Leg("REG:990102001001", -200_000), Leg("HH:H-a1-1", 200_000)], "above what it was given"),
        ([Leg("REG:990102001001", -100), Leg("HH:H-zz-9", 100)], "unknown account HH:H-zz-9"),
        ([], "at least two accounts"),
    ],
)
def test_bad_postings_are_refused_with_the_reason(ledger, legs, message):
    _refused(ledger, legs, message)


def test_an_office_moves_only_its_own_areas_money(ledger):
    legs = [Leg("REG:990102001000", -100), Leg("REG:990102001001", 100)]
    with pytest.raises(PostingError, match="outside your area"):
        post(legs, kind="allocation", document="x", actor=ledger.township_office_b, now=at(9))
    with pytest.raises(PostingError, match="rests on a document"):
        post(legs, kind="allocation", document=" ", actor=ledger.township_office_a, now=at(9))
    [entry] = post(legs, kind="allocation", document="乡〔2026〕5号", actor=ledger.township_office_a,
                   now=at(9))  # fmt: skip
    assert entry.seq == 7 and entry.actor == "township_office_a"


def test_a_correction_is_a_reversing_entry(ledger):
    entry = reverse(6, actor=ledger.county_office, now=at(10), reason="wrong household")
    assert (entry.seq, entry.kind, entry.reverses.seq) == (7, "reversal", 6)
    assert (
        _balances()["HH:H-a1-2"] == 0 and _balances()["REG:990102001001"] == 200_000
    )  # 150,000 left + 50,000 back
    for seq in (6, 7):
        with pytest.raises(PostingError, match="cannot be reversed again"):
            reverse(seq, actor=ledger.county_office, now=at(11), reason="again")


@pytest.mark.parametrize("table", ["funds_ledgerentry", "funds_ledgernode"])
@pytest.mark.parametrize(
    "sql", ["UPDATE {table} SET id = id WHERE id = %s", "DELETE FROM {table} WHERE id = %s"]
)
def test_the_database_refuses_to_change_the_ledger(ledger, table, sql):
    row = connection.cursor().execute(f"SELECT id FROM {table} ORDER BY id LIMIT 1").fetchone()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute(sql.format(table=table), [row[0]])


def test_the_orm_refuses_too(ledger):
    entry = LedgerEntry.objects.get(seq=1)
    entry.memo = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(seq=1).update(memo="rewritten")
