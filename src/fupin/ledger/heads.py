"""Signed tree heads: the JCS canonical JSON of {"root": ROOT_HEX, "size": N, "time": RFC3339_UTC},
signed with Ed25519 (RFC 8032)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from fupin.ledger.canonical import canonical_bytes


@dataclass(frozen=True)
class SignedHead:
    """A tree head and its signature: the root (hex), the size, the time (RFC 3339, UTC)."""

    root: str
    size: int
    time: str
    signature: str  # Ed25519, 64 bytes in hex


def head_bytes(root: str, size: int, time: str) -> bytes:
    """The bytes a head's signature covers."""
    return canonical_bytes({"root": root, "size": size, "time": time})


def sign_head(key: Ed25519PrivateKey, root: bytes, size: int, moment: dt.datetime) -> SignedHead:
    """Signs the head of a tree of ``size`` leaves with ``root`` at ``moment`` (to the second)."""
    time = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    signature = key.sign(head_bytes(root.hex(), size, time))
    return SignedHead(root.hex(), size, time, signature.hex())


def verify_head(public_key: bytes, head: SignedHead) -> bool:
    """True when ``head``'s signature is the holder of the raw 32-byte ``public_key``'s."""
    try:
        key = Ed25519PublicKey.from_public_bytes(public_key)
        key.verify(bytes.fromhex(head.signature), head_bytes(head.root, head.size, head.time))
    except (InvalidSignature, ValueError):
        return False
    return True


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    """The raw 32 bytes of ``key``'s public half."""
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
