"""RFC 6962 trees: the Certificate Transparency test vectors, the RFC's own recursive definitions
as an oracle over many sizes, and proofs that fail when anything about them is changed."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.ledger.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)

# The Certificate Transparency reference leaves and the root of each tree size 0..8.
LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243",
                                     "5051525354555657", "606162636465666768696a6b6c6d6e6f")]  # fmt: skip
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = {
    (0, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (5, 8): ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
}  # fmt: skip
CONSISTENCY = {
    (2, 8): ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (6, 8): ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
}  # fmt: skip


def _tree(leaves=LEAVES) -> MerkleTree:  # type: ignore[no-untyped-def]
    return MerkleTree(leaf_hash(leaf) for leaf in leaves)


def test_the_roots_are_the_reference_roots():
    tree = _tree()
    assert EMPTY_ROOT.hex() == ROOTS[0] == hashlib.sha256(b"").hexdigest()
    assert [tree.root(n).hex() for n in range(9)] == ROOTS


@pytest.mark.parametrize(("index", "size"), list(INCLUSION))
def test_inclusion_proofs_are_the_reference_ones(index, size):
    tree = _tree()
    assert [h.hex() for h in tree.inclusion_proof(index, size)] == INCLUSION[index, size]
    path = [bytes.fromhex(h) for h in INCLUSION[index, size]]
    assert verify_inclusion(leaf_hash(LEAVES[index]), index, size, path, bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("old", "new"), list(CONSISTENCY))
def test_consistency_proofs_are_the_reference_ones(old, new):
    tree = _tree()
    assert [h.hex() for h in tree.consistency_proof(old, new)] == CONSISTENCY[old, new]
    proof = [bytes.fromhex(h) for h in CONSISTENCY[old, new]]
    assert verify_consistency(old, new, bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new]), proof)


# RFC 6962, section 2.1: MTH, PATH and SUBPROOF as the RFC writes them, recursively.
def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = _k(len(d))
    return hashlib.sha256(b"\x01" + mth(d[:k]) + mth(d[k:])).digest()


def path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    return path(m, d[:k]) + [mth(d[k:])] if m < k else path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [mth(d)]
    k = _k(len(d))
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


DATA = [bytes([i, i * 7 % 256, 3]) for i in range(70)]
BIG = _tree(DATA)


@pytest.mark.parametrize("n", range(0, 71))
def test_roots_and_proofs_agree_with_the_rfcs_definitions(n):
    d = DATA[:n]
    assert BIG.root(n) == mth(d)
    for m in range(n):
        assert BIG.inclusion_proof(m, n) == path(m, d)
        assert verify_inclusion(leaf_hash(d[m]), m, n, path(m, d), mth(d))
    for m in range(1, n):
        assert BIG.consistency_proof(m, n) == subproof(m, d, True)
        assert verify_consistency(m, n, mth(DATA[:m]), mth(d), subproof(m, d, True))


def _flip(h: bytes) -> bytes:
    return bytes([h[0] ^ 1]) + h[1:]


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 70).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))),
       st.integers(0, 9))  # fmt: skip
def test_a_changed_inclusion_proof_fails(sized, where):
    n, m = sized
    leaf, root, proof = leaf_hash(DATA[m]), BIG.root(n), BIG.inclusion_proof(m, n)
    assert verify_inclusion(leaf, m, n, proof, root)
    spot = where % len(proof)
    assert not verify_inclusion(
        leaf, m, n, [*proof[:spot], _flip(proof[spot]), *proof[spot + 1 :]], root
    )
    assert not verify_inclusion(_flip(leaf), m, n, proof, root)
    assert not verify_inclusion(leaf, (m + 1) % n, n, proof, root) or DATA[m] == DATA[(m + 1) % n]
    assert not verify_inclusion(leaf, m, n, proof[:-1], root)
    assert not verify_inclusion(leaf, m, n, [*proof, proof[-1]], root)
    assert not verify_inclusion(leaf, m, n, proof, _flip(root))


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 70).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n - 1))),
       st.integers(0, 9))  # fmt: skip
def test_a_changed_consistency_proof_fails(sized, where):
    n, m = sized
    old, new, proof = BIG.root(m), BIG.root(n), BIG.consistency_proof(m, n)
    assert verify_consistency(m, n, old, new, proof)
    spot = where % len(proof)
    assert not verify_consistency(
        m, n, old, new, [*proof[:spot], _flip(proof[spot]), *proof[spot + 1 :]]
    )
    assert not verify_consistency(m, n, _flip(old), new, proof)
    assert not verify_consistency(m, n, old, _flip(new), proof)
    assert not verify_consistency(m, n, old, new, proof[:-1])
    assert not verify_consistency(n, m, new, old, proof)


def test_the_degenerate_cases():
    root = BIG.root(5)
    assert verify_consistency(5, 5, root, root, []) and not verify_consistency(
        5, 5, root, BIG.root(6), []
    )
    assert verify_consistency(0, 5, EMPTY_ROOT, root, []) and not verify_consistency(
        0, 5, EMPTY_ROOT, root, [root]
    )
    assert not verify_inclusion(leaf_hash(DATA[0]), 5, 5, [], root)
    assert not verify_inclusion(b"short", 0, 1, [], b"short")
    with pytest.raises(ValueError):
        BIG.inclusion_proof(5, 5)
    with pytest.raises(ValueError):
        BIG.root(71)
    assert (
        node_hash(b"a" * 32, b"b" * 32) == hashlib.sha256(b"\x01" + b"a" * 32 + b"b" * 32).digest()
    )


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 8, 9, 33, 70])
def test_a_frontier_grows_the_same_tree_and_makes_its_subtrees(n):
    from fupin.ledger.merkle import Frontier

    frontier, made = Frontier(), {}
    for i in range(n):
        for level, index, value in frontier.append(leaf_hash(DATA[i])):
            made[level, index] = value
    assert frontier.root() == BIG.root(n)
    assert made == {(k, i): BIG.levels[k][i] for k in range(1, len(BIG.levels))
                    for i in range(n >> k)}  # fmt: skip
    # A frontier rebuilt from the parts alone carries on as the first one would.
    parts = [(level, BIG.levels[level][index]) for level, index in Frontier.parts_of(n)]
    resumed = Frontier(n, parts)
    resumed.append(leaf_hash(DATA[n % 70]))
    assert n == 70 or resumed.root() == BIG.root(n + 1)


@pytest.mark.parametrize(("n", "m"), [(1, 0), (8, 5), (70, 0), (70, 41), (37, 36)])
def test_a_stored_tree_proves_with_only_the_subtrees_it_names(n, m):
    from fupin.ledger.merkle import StoredTree, needed_for

    wanted = needed_for(n, "inclusion_proof", m, n) | needed_for(n, "root", n)
    stored = StoredTree(n, {(k, i): BIG.levels[k][i] for k, i in wanted})
    assert stored.inclusion_proof(m, n) == BIG.inclusion_proof(m, n)
    assert stored.root(n) == BIG.root(n)
    assert len(wanted) <= 2 * n.bit_length() ** 2
    old = max(1, m)
    consistency = needed_for(n, "consistency_proof", old, n) | needed_for(n, "root", old)
    stored = StoredTree(n, {(k, i): BIG.levels[k][i] for k, i in consistency})
    assert stored.consistency_proof(old, n) == BIG.consistency_proof(old, n)
