"""Queries of the funds app: the ledger's proofs against its signed heads, and its export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fupin.funds.models import LedgerEntry, SignedTreeHead
from fupin.funds.services.canonical import VALUES, entry_bytes, fields_of_row
from fupin.funds.services.tree import stored_tree


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
