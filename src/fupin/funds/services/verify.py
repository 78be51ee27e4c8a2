"""The ledger checked from its own rows: every leaf recomputed, the tree rebuilt and its stored
nodes compared, every signed head checked against the log and its signature, and the balances
replayed. The first failure is named by its entry (``seq``) or its head."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from fupin.funds.models import Account, LedgerNode, LedgerState, SignedTreeHead
from fupin.funds.services.heads import as_head
from fupin.ledger import leaf_hash, verify_head
from fupin.ledger.canonical import rfc3339, trusted_flat_canonical_bytes
from fupin.ledger.merkle import Frontier

CHUNK = 20_000


class Failure(Exception):
    """The first thing that does not hold."""


@dataclass
class Verdict:
    """What the check found: the size and root when all holds, else the first failure."""

    size: int = 0
    root: str = ""
    heads: int = 0
    failure: str | None = None
    balances: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every check held."""
        return self.failure is None


STORED_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?")
ENTRIES_SQL = (
    "SELECT e.seq, {posted_at}, e.kind, d.code, c.code, e.amount_fen, e.document, "
    "e.document_sha256, e.actor, e.memo, r.seq, e.leaf_hash, e.reverses_id FROM funds_ledgerentry e "
    "JOIN funds_account d ON d.id = e.debit_id JOIN funds_account c ON c.id = e.credit_id "
    "LEFT JOIN funds_ledgerentry r ON r.id = e.reverses_id ORDER BY e.seq"
)


def _time_text(value: Any, seq: int) -> str:
    """A stored time as the canonical RFC 3339 text: PostgreSQL hands an aware datetime, SQLite
    a naive one in UTC (or, without its converter, the text Django wrote)."""
    if isinstance(value, dt.datetime):  # naive from SQLite's converter: Django stores UTC
        return rfc3339(value if value.tzinfo else value.replace(tzinfo=dt.UTC))
    if not isinstance(value, str):
        raise Failure(f"entry {seq}: its stored time is neither a time nor text: {value!r}")
    # Only the exact form Django writes: anything else (a zone suffix, say) is read otherwise by
    # the application than by this check, so it is a failure, not a guess.
    if not STORED_TIME.fullmatch(value):
        raise Failure(
            f"entry {seq}: its stored time {value!r} is not in the form the ledger writes"
        )
    fraction = value[20:26] if len(value) > 19 else ""
    return f"{value[:10]}T{value[11:19]}.{fraction.ljust(6, '0')}Z"


def _entries() -> Iterator[tuple[dict[str, Any], str]]:
    """Each entry's canonical fields and its stored leaf hash, in ``seq`` order, read straight
    from the table (a million rows: the ORM's per-row conversions would double the time)."""
    with connection.cursor() as cursor:
        # On SQLite the stored text itself, which _time_text reads faster than the converter.
        posted_at = "CAST(e.posted_at AS TEXT)" if connection.vendor == "sqlite" else "e.posted_at"
        cursor.execute(ENTRIES_SQL.format(posted_at=posted_at))
        while rows := cursor.fetchmany(CHUNK):
            for row in rows:
                fields = {"seq": row[0], "posted_at": _time_text(row[1], row[0]), "kind": row[2],
                          "debit": row[3], "credit": row[4], "amount_fen": row[5],
                          "document": row[6], "document_sha256": row[7], "actor": row[8],
                          "memo": row[9], "reverses": row[10]}  # fmt: skip
                if row[12] is not None and row[10] is None:
                    raise Failure(f"entry {row[0]}: it reverses an entry that is not stored")
                yield fields, row[11]


def _nodes() -> Iterator[tuple[int, int, str]]:
    rows = LedgerNode.objects.order_by("id").values_list("level", "ordinal", "hash")
    yield from rows.iterator(chunk_size=CHUNK)


class _Check:
    def __init__(self, public_key: bytes) -> None:
        self.public_key = public_key
        self.frontier = Frontier()
        self.nodes = _nodes()
        self.heads = list(SignedTreeHead.objects.order_by("size", "time"))
        self.next_head = 0
        self.balances: dict[str, int] = defaultdict(int)
        self.external = set(Account.objects.filter(kind="external").values_list("code", flat=True))
        self.last_time: Any = None

    def entry(self, fields: dict[str, Any], stored_leaf: str) -> None:
        seq = fields["seq"]
        expected = self.frontier.size + 1
        if seq != expected:
            raise Failure(f"entry {expected}: missing (the next stored entry is {seq})")
        if self.last_time is not None and fields["posted_at"] < self.last_time:
            raise Failure(f"entry {seq}: dated before entry {seq - 1} (inserted in the past?)")
        self.last_time = fields["posted_at"]
        leaf = leaf_hash(trusted_flat_canonical_bytes(fields))
        if leaf.hex() != stored_leaf:
            raise Failure(f"entry {seq}: its fields are not those it was posted with")
        for level, index, value in self.frontier.append(leaf):
            stored = next(self.nodes, None)
            if stored != (level, index, value.hex()):
                raise Failure(f"entry {seq}: the tree's node ({level}, {index}) does not match")
        self._move(fields)
        self.heads_at(self.frontier.size)

    def _move(self, fields: dict[str, Any]) -> None:
        fen, giver = fields["amount_fen"], fields["credit"]
        self.balances[giver] -= fen
        self.balances[fields["debit"]] += fen
        if self.balances[giver] < 0 and giver not in self.external:
            raise Failure(f"entry {fields['seq']}: {giver} gives more than it holds")

    def heads_at(self, size: int) -> None:
        while self.next_head < len(self.heads) and self.heads[self.next_head].size <= size:
            head = self.heads[self.next_head]
            if not verify_head(self.public_key, as_head(head)):
                raise Failure(f"head {head.time} (size {head.size}): the signature does not verify")
            if head.root != self.frontier.root().hex():
                raise Failure(f"head {head.time} (size {head.size}): the log's root differs")
            self.next_head += 1


def _finish(check: _Check, verdict: Verdict) -> None:
    if check.next_head < len(check.heads):
        head = check.heads[check.next_head]
        raise Failure(f"head {head.time} (size {head.size}): the log has only {verdict.size} "
                      "entries (deleted?)")  # fmt: skip
    if next(check.nodes, None) is not None:
        raise Failure("the tree holds nodes no entry made")
    state = LedgerState.objects.filter(pk=1).first()
    if (state.size if state else 0) != verdict.size:
        raise Failure(
            f"the ledger counts {state.size if state else 0} entries, {verdict.size} are stored"
        )
    stored = dict(Account.objects.values_list("code", "balance_fen"))
    for code, held in sorted(stored.items()):
        if check.balances.get(code, 0) != held:
            raise Failure(
                f"account {code}: holds {held} fen, its entries make {check.balances.get(code, 0)}"
            )
    _household_links()


def _household_links() -> None:
    """A household's account names its household and lies in its village: the log holds the
    code, the account holds the link, and a moved link would show one household another's money."""
    rows = Account.objects.filter(kind="household").values_list(
        "code", "household__number", "region_id", "household__village_id"
    )
    for code, number, region, village in rows.iterator(chunk_size=CHUNK):
        if number is None or code != f"HH:{number}" or region != village:
            raise Failure(f"account {code}: linked to household {number}, not the one it names")


def verify_ledger(public_key: bytes) -> Verdict:
    """Checks the whole ledger against ``public_key`` (raw 32 bytes)."""
    check, verdict = _Check(public_key), Verdict()
    try:
        check.heads_at(0)
        for fields, stored_leaf in _entries():
            check.entry(fields, stored_leaf)
        verdict.size = check.frontier.size
        _finish(check, verdict)
    except Failure as failure:
        verdict.failure = str(failure)
        verdict.size = check.frontier.size
        return verdict
    verdict.root, verdict.heads = check.frontier.root().hex(), len(check.heads)
    verdict.balances = dict(check.balances)
    return verdict
