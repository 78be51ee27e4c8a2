"""The ledger checked from its own rows: every leaf recomputed, the tree rebuilt and its stored
nodes compared, every signed head checked against the log and its signature, and the balances
replayed. The first failure is named by its entry (``seq``) or its head."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fupin.funds.models import Account, LedgerEntry, LedgerNode, LedgerState, SignedTreeHead
from fupin.funds.services.canonical import VALUES, entry_leaf, fields_of_row
from fupin.funds.services.heads import as_head
from fupin.ledger import verify_head
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


def _entries() -> Iterator[dict[str, Any]]:
    rows = LedgerEntry.objects.order_by("seq").values(*VALUES)
    yield from rows.iterator(chunk_size=CHUNK)


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

    def entry(self, row: dict[str, Any]) -> None:
        seq = row["seq"]
        expected = self.frontier.size + 1
        if seq != expected:
            raise Failure(f"entry {expected}: missing (the next stored entry is {seq})")
        if self.last_time is not None and row["posted_at"] < self.last_time:
            raise Failure(f"entry {seq}: dated before entry {seq - 1} (inserted in the past?)")
        self.last_time = row["posted_at"]
        leaf = entry_leaf(fields_of_row(row))
        if leaf.hex() != row["leaf_hash"]:
            raise Failure(f"entry {seq}: its fields are not those it was posted with")
        for level, index, value in self.frontier.append(leaf):
            stored = next(self.nodes, None)
            if stored != (level, index, value.hex()):
                raise Failure(f"entry {seq}: the tree's node ({level}, {index}) does not match")
        self._move(row)
        self.heads_at(self.frontier.size)

    def _move(self, row: dict[str, Any]) -> None:
        fen, giver = row["amount_fen"], row["credit__code"]
        self.balances[giver] -= fen
        self.balances[row["debit__code"]] += fen
        if self.balances[giver] < 0 and giver not in self.external:
            raise Failure(f"entry {row['seq']}: {giver} gives more than it holds")

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
    if sum(check.balances.values()) != 0:
        raise Failure("the entries do not balance")


def verify_ledger(public_key: bytes) -> Verdict:
    """Checks the whole ledger against ``public_key`` (raw 32 bytes)."""
    check, verdict = _Check(public_key), Verdict()
    try:
        check.heads_at(0)
        for row in _entries():
            check.entry(row)
        verdict.size = check.frontier.size
        _finish(check, verdict)
    except Failure as failure:
        verdict.failure = str(failure)
        verdict.size = check.frontier.size
        return verdict
    verdict.root, verdict.heads = check.frontier.root().hex(), len(check.heads)
    verdict.balances = dict(check.balances)
    return verdict
