"""The ledger's Merkle tree as the database keeps it: entries' leaf hashes and the complete
subtrees' hashes; a root or a proof fetches only the few it needs."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from fupin.funds.models import LedgerEntry, LedgerNode
from fupin.ledger.merkle import Frontier, StoredTree, needed_for


def fetch(wanted: set[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """The hashes of the complete subtrees (level, index) named (level 0: entries)."""
    found: dict[tuple[int, int], bytes] = {}
    leaves = [index + 1 for level, index in wanted if level == 0]
    for seq, value in LedgerEntry.objects.filter(seq__in=leaves).values_list("seq", "leaf_hash"):
        found[0, seq - 1] = bytes.fromhex(value)
    by_level: dict[int, list[int]] = defaultdict(list)
    for level, index in wanted:
        if level:
            by_level[level].append(index)
    if by_level:
        query = Q()
        for level, indexes in by_level.items():
            query |= Q(level=level, ordinal__in=indexes)
        for level, index, value in LedgerNode.objects.filter(query).values_list(
            "level", "ordinal", "hash"
        ):
            found[level, index] = bytes.fromhex(value)
    return found


def stored_tree(size: int, *needs: tuple[str, tuple[int, ...]]) -> StoredTree:
    """The tree of the first ``size`` entries with what ``needs`` (``(what, args)`` as
    ``needed_for`` takes them) reads fetched."""
    wanted: set[tuple[int, int]] = set()
    for what, args in needs:
        wanted |= needed_for(size, what, *args)
    return StoredTree(size, fetch(wanted))


def root_of(size: int) -> bytes:
    """The root of the tree of the first ``size`` entries, from the stored hashes."""
    return stored_tree(size, ("root", (size,))).root(size)


def frontier(size: int) -> Frontier:
    """The frontier of the tree of ``size`` entries, to append to."""
    parts = Frontier.parts_of(size)
    found = fetch(set(parts))
    return Frontier(size, [(level, found[level, index]) for level, index in parts])
