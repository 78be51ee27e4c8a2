"""Queries of the funds app: the ledger's proofs against its signed heads, its export, and
where each yuan came from and went (first in, first out through every account)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fupin.funds.models import Account, AccountKind, LedgerEntry, SignedTreeHead
from fupin.funds.services.canonical import VALUES, entry_bytes, fields_of_row
from fupin.funds.services.tree import stored_tree
from fupin.ledger.tracing import Movement, trace
from fupin.registry.models import Household
from fupin.registry.permissions import User, scope_of, visible_to


class ProofError(LookupError):
    """No proof can be given; says why."""


def latest_head() -> SignedTreeHead | None:
    """The signed head of the largest tree (the latest of those)."""
    return SignedTreeHead.objects.order_by("-size", "-time").first()


def inclusion(seq: int) -> dict[str, Any]:
    """Entry ``seq``'s audit path against the latest signed head (RFC 6962), as the contract
    of ``fupin ledger proof`` has it."""
    head = latest_head()
    if head is None:
        raise ProofError("no tree head is signed yet")
    if not 1 <= seq <= head.size:
        raise ProofError(f"entry {seq} is not under the latest signed head (size {head.size})")
    index = seq - 1
    tree = stored_tree(head.size, ("inclusion_proof", (index, head.size)))
    path = tree.inclusion_proof(index, head.size)
    return {"seq": seq, "leaf_index": index, "tree_size": head.size, "root": head.root,
            "audit_path": [h.hex() for h in path]}  # fmt: skip


def consistency(old: int, new: int) -> dict[str, Any]:
    """The RFC 6962 consistency proof between two signed heads' sizes."""
    sizes = set(SignedTreeHead.objects.filter(size__in=[old, new]).values_list("size", flat=True))
    for size in (old, new):
        if size not in sizes:
            raise ProofError(f"no signed head has size {size}")
    if old > new:
        raise ProofError(f"the old size {old} is larger than the new {new}")
    tree = stored_tree(new, ("consistency_proof", (old, new)))
    return {"old_size": old, "new_size": new,
            "proof": [h.hex() for h in tree.consistency_proof(old, new)]}  # fmt: skip


def canonical_lines() -> Iterator[bytes]:
    """Every entry's canonical bytes, in ``seq`` order (the lines of entries.jsonl)."""
    rows = LedgerEntry.objects.order_by("seq").values(*VALUES)
    for row in rows.iterator(chunk_size=20_000):
        yield entry_bytes(fields_of_row(row))


def heads() -> list[dict[str, Any]]:
    """Every signed head, oldest first, as heads.json lists them."""
    return [{"size": h.size, "root": h.root, "time": h.time, "signature": h.signature}
            for h in SignedTreeHead.objects.order_by("size", "time")]  # fmt: skip


def entry_with_proof(seq: int) -> dict[str, Any]:
    """An entry's canonical JSON with its proof: what the public page checks in the browser."""
    row = LedgerEntry.objects.filter(seq=seq).values(*VALUES).first()
    if row is None:
        raise ProofError(f"no entry {seq}")
    return {"entry": entry_bytes(fields_of_row(row)).decode(), **inclusion(seq)}


def movements() -> list[Movement]:
    """Every entry as tracing reads it, in ``seq`` order."""
    rows = LedgerEntry.objects.order_by("seq").values_list(
        "seq", "credit__code", "debit__code", "amount_fen"
    )
    return [Movement(*row) for row in rows.iterator(chunk_size=20_000)]


def origins() -> set[str]:
    """The accounts money is traced back to: the fund sources and the world outside."""
    kinds = (AccountKind.SOURCE, AccountKind.EXTERNAL)
    return set(Account.objects.filter(kind__in=kinds).values_list("code", flat=True))


@dataclass(frozen=True)
class Receipt:
    """One entry paid to a household, and each part of it traced to its source."""

    entry: LedgerEntry
    parts: list[tuple[Account, int, list[LedgerEntry | None]]]  # (source, fen, path; None: hidden)
    reversed: bool = False  # a later reversal took it back


def _shown(entry: LedgerEntry, visible: set[str]) -> LedgerEntry | None:
    """A step of a path, or None when it pays into or out of a household outside the area."""
    for account in (entry.debit, entry.credit):
        if account.kind == AccountKind.HOUSEHOLD and account.code not in visible:
            return None
    return entry


def household_receipts(household: Household, user: User) -> list[Receipt]:
    """Every yuan the household's account received, each part with its path back to the source;
    a step through another household outside the user's area is shown as hidden."""
    account = Account.objects.filter(household=household).first()
    if account is None:
        return []
    flows = movements()
    traced = trace(flows, origins())
    paid = [m for m in flows if m.debit == account.code]
    seqs = {seq for m in paid for lot in traced.lots[m.seq] for seq in lot.path}
    entries = LedgerEntry.objects.select_related("debit", "credit").in_bulk(
        list(seqs), field_name="seq"
    )
    sources = Account.objects.in_bulk(
        {lot.origin for m in paid for lot in traced.lots[m.seq]}, field_name="code"
    )
    codes = {e.debit.code for e in entries.values()} | {e.credit.code for e in entries.values()}
    visible = set(
        visible_to(user, Account.objects.filter(code__in=codes)).values_list("code", flat=True)
    )
    reversed_ = set(LedgerEntry.objects.filter(reverses__seq__in=[m.seq for m in paid])
                    .values_list("reverses__seq", flat=True))  # fmt: skip
    return [Receipt(entries[m.seq], [(sources[lot.origin], lot.amount_fen,
                                      [_shown(entries[s], visible) for s in lot.path])
                                     for lot in traced.lots[m.seq]], m.seq in reversed_)
            for m in paid]  # fmt: skip


def where_it_is(source: Account, user: User) -> tuple[list[tuple[Account, int]], int]:
    """Where a source's money is now: each account of the user's area holding some, most first,
    and the fen held outside that area (one figure, no names)."""
    spread = trace(movements(), origins()).spent_from(source.code)
    visible = visible_to(user, Account.objects.select_related("region"))
    accounts = visible.in_bulk(list(spread), field_name="code")
    shown = sorted(((accounts[c], fen) for c, fen in spread.items() if fen and c in accounts),
                   key=lambda pair: -pair[1])  # fmt: skip
    return shown, sum(fen for c, fen in spread.items() if c not in accounts)


def source_for(user: User, code: str) -> Account | None:
    """A fund source the user may follow: one of their area, or one above it that funds it (a
    township follows the county's sources into its villages)."""
    source = (
        Account.objects.select_related("region").filter(kind=AccountKind.SOURCE, code=code).first()
    )
    prefix = scope_of(user).prefix
    if source is None or prefix is None:
        return None
    if source.region.code.startswith(prefix) or prefix.startswith(source.region.prefix):
        return source
    return None
