"""A verifiable ledger, framework-free: RFC 6962 Merkle trees over canonical (RFC 8785) entries,
inclusion and consistency proofs, and tree heads signed with Ed25519."""

from fupin.ledger.canonical import canonical_bytes
from fupin.ledger.heads import SignedHead, head_bytes, sign_head, verify_head
from fupin.ledger.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)

__all__ = [
    "EMPTY_ROOT",
    "MerkleTree",
    "SignedHead",
    "canonical_bytes",
    "head_bytes",
    "leaf_hash",
    "node_hash",
    "sign_head",
    "verify_consistency",
    "verify_head",
    "verify_inclusion",
]
