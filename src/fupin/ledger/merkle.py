"""RFC 6962 (Certificate Transparency) Merkle trees: hashes, roots, inclusion and consistency
proofs, and their verification as RFC 9162 (section 2.1.3.2 and 2.1.4.2) writes it.

A leaf hash is SHA-256(0x00 ‖ data) and a node hash SHA-256(0x01 ‖ left ‖ right); a tree of n
leaves splits at the largest power of two below n. ``MerkleTree`` keeps the hash of every complete
(power-of-two, aligned) subtree as leaves are appended, so a root or a proof over a million
leaves reads a few dozen stored hashes instead of hashing the log again.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()
HASH_SIZE = 32


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 ‖ data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(size: int) -> int:
    """The largest power of two strictly below ``size`` (size ≥ 2): where RFC 6962 splits."""
    return 1 << ((size - 1).bit_length() - 1)


class Proofs(ABC):
    """Roots and proofs over the hashes of complete subtrees: ``perfect(level, index)`` is the hash
    of leaves ``[index·2^level, (index+1)·2^level)``. Subclasses say where those are kept."""

    _size = 0

    @property
    def size(self) -> int:
        """How many leaves the tree holds."""
        return self._size

    @abstractmethod
    def perfect(self, level: int, index: int) -> bytes:
        """The hash of a complete subtree (level 0: a leaf hash)."""

    def subtree(self, start: int, size: int) -> bytes:
        """The hash of leaves ``[start, start + size)`` as RFC 6962's MTH computes it (``start`` is
        a multiple of the power of two the recursion splits at, as every proof's ranges are)."""
        if size & (size - 1) == 0:
            return self.perfect(size.bit_length() - 1, start // size)
        k = split_point(size)
        return node_hash(self.subtree(start, k), self.subtree(start + k, size - k))

    def root(self, size: int | None = None) -> bytes:
        """The root of the tree's first ``size`` leaves (all of them by default)."""
        size = self.size if size is None else size
        self._check(size)
        return EMPTY_ROOT if size == 0 else self.subtree(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 6962's audit path of leaf ``index`` in the tree of the first ``size`` leaves."""
        size = self.size if size is None else size
        self._check(size)
        if not 0 <= index < size:
            raise ValueError(f"leaf {index} is not in a tree of {size}")
        path: list[bytes] = []
        start = 0
        while size > 1:  # from the root down; the siblings are collected leaf-first at the end
            k = split_point(size)
            if index < k:
                path.append(self.subtree(start + k, size - k))
                size = k
            else:
                path.append(self.subtree(start, k))
                start, index, size = start + k, index - k, size - k
        return path[::-1]

    def consistency_proof(self, old: int, new: int | None = None) -> list[bytes]:
        """RFC 6962's proof that the tree of ``old`` leaves is a prefix of the one of ``new``."""
        new = self.size if new is None else new
        self._check(new)
        if not 0 <= old <= new:
            raise ValueError(f"no consistency from {old} to {new} leaves")
        if old in (0, new):
            return []
        proof: list[bytes] = []
        start, complete, m, n = 0, True, old, new
        while m != n:
            k = split_point(n)
            if m <= k:
                proof.append(self.subtree(start + k, n - k))
                n = k
            else:
                proof.append(self.subtree(start, k))
                start, m, n, complete = start + k, m - k, n - k, False
        if not complete:
            proof.append(self.subtree(start, n))
        return proof[::-1]

    def _check(self, size: int) -> None:
        if not 0 <= size <= self.size:
            raise ValueError(f"the tree has {self.size} leaves, not {size}")


class MerkleTree(Proofs):
    """Leaf hashes in order, with every complete subtree's hash: ``levels[k][i]`` is the hash of
    leaves ``[i·2^k, (i+1)·2^k)``."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [[]]
        for leaf in leaf_hashes:
            self.append(leaf)

    @property
    def size(self) -> int:
        """How many leaves the tree holds."""
        return len(self.levels[0])

    def perfect(self, level: int, index: int) -> bytes:
        """The kept hash of a complete subtree."""
        return self.levels[level][index]

    def append(self, leaf: bytes) -> None:
        """Adds a leaf hash, completing the subtrees it closes."""
        self.levels[0].append(leaf)
        index, level = self.size - 1, 0
        while index % 2 == 1:
            if len(self.levels) == level + 1:
                self.levels.append([])
            row = self.levels[level]
            self.levels[level + 1].append(node_hash(row[index - 1], row[index]))
            index, level = index // 2, level + 1


class StoredTree(Proofs):
    """A tree of ``size`` leaves whose complete subtrees' hashes are kept elsewhere (a database):
    ``needed_for(...)`` names the ones a root or proof reads, ``known`` holds them once fetched."""

    def __init__(self, size: int, known: dict[tuple[int, int], bytes] | None = None) -> None:
        self._size = size
        self.known = known or {}

    def perfect(self, level: int, index: int) -> bytes:
        """A fetched hash; raises KeyError for one not fetched."""
        return self.known[level, index]


class _Recording(Proofs):
    def __init__(self, size: int) -> None:
        self._size = size
        self.read: set[tuple[int, int]] = set()

    def perfect(self, level: int, index: int) -> bytes:
        self.read.add((level, index))
        return bytes(HASH_SIZE)


def needed_for(size: int, what: str, *args: int) -> set[tuple[int, int]]:
    """The complete subtrees (level, index) that ``root`` / ``inclusion_proof`` /
    ``consistency_proof`` (``what``) reads for a tree of ``size`` leaves."""
    recording = _Recording(size)
    getattr(recording, what)(*args)
    return recording.read


class Frontier:
    """The complete subtrees a tree is made of, largest first — all that appending needs, so a
    log of millions of entries grows without reading them: (level, hash) pairs."""

    def __init__(self, size: int = 0, parts: Sequence[tuple[int, bytes]] = ()) -> None:
        self.size = size
        self.parts = list(parts)

    @staticmethod
    def parts_of(size: int) -> list[tuple[int, int]]:
        """The (level, index) of the complete subtrees a tree of ``size`` leaves is made of."""
        parts, start = [], 0
        for level in range(size.bit_length() - 1, -1, -1):
            if size >> level & 1:
                parts.append((level, start >> level))
                start += 1 << level
        return parts

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Adds a leaf hash; returns the subtrees it completes as (level, index, hash)."""
        level, value, index, made = 0, leaf, self.size, []
        while self.parts and self.parts[-1][0] == level:
            _level, left = self.parts.pop()
            value, level, index = node_hash(left, value), level + 1, index >> 1
            made.append((level, index, value))
        self.parts.append((level, value))
        self.size += 1
        return made

    def root(self) -> bytes:
        """The root of the tree so far."""
        if not self.parts:
            return EMPTY_ROOT
        value = self.parts[-1][1]
        for _level, left in reversed(self.parts[:-1]):
            value = node_hash(left, value)
        return value


def _shift_while_even(fn: int, sn: int) -> tuple[int, int]:
    while fn != 0 and fn & 1 == 0:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def _hashes(values: Sequence[bytes]) -> bool:
    return all(isinstance(v, bytes) and len(v) == HASH_SIZE for v in values)


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> bool:
    """True when ``path`` proves leaf hash ``leaf`` at ``index`` in the tree of ``size`` with
    ``root`` (RFC 9162, 2.1.3.2)."""
    if not (0 <= index < size) or not _hashes([leaf, root, *path]):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                fn, sn = _shift_while_even(fn, sn)
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """True when ``proof`` shows the tree of ``old`` leaves (``old_root``) to be a prefix of the
    one of ``new`` leaves (``new_root``) (RFC 9162, 2.1.4.2)."""
    if not (0 <= old <= new) or not _hashes([old_root, new_root, *proof]):
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof
    if not proof:
        return False
    path = [old_root, *proof] if old & (old - 1) == 0 else list(proof)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                fn, sn = _shift_while_even(fn, sn)
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
