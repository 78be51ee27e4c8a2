"""The ledger's signing key and its signed tree heads."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.db import transaction

from fupin.funds.models import LedgerState, SignedTreeHead
from fupin.funds.services.tree import root_of
from fupin.ledger import SignedHead, sign_head
from fupin.ledger.heads import public_bytes


class LedgerKeyError(RuntimeError):
    """The signing key is missing or unusable; says which file and why."""


def key_path() -> Path:
    """Where the signing key is read from (FUPIN_LEDGER_KEY_FILE, or the data folder's)."""
    return Path(settings.LEDGER_KEY_FILE)


def public_key_path() -> Path:
    """Where the published public key is read from (FUPIN_LEDGER_PUBLIC_KEY_FILE, or beside the
    signing key)."""
    chosen = getattr(settings, "LEDGER_PUBLIC_KEY_FILE", None)
    return Path(chosen) if chosen else key_path().with_suffix(".pub")


def load_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The Ed25519 signing key (PEM, PKCS#8, unencrypted)."""
    path = path or key_path()
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise LedgerKeyError(f"{path}: no signing key (fupin ledger keygen makes one; "
                             "FUPIN_LEDGER_KEY_FILE names it)") from None  # fmt: skip
    except (ValueError, TypeError) as exc:
        raise LedgerKeyError(f"{path}: not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerKeyError(f"{path}: the ledger signs with Ed25519, this key is another kind")
    return key


def generate_key(path: Path | None = None) -> Path:
    """Makes a new signing key, readable by its owner only; never overwrites one."""
    path = path or key_path()
    if path.exists():
        raise LedgerKeyError(f"{path}: a key is already there; it is not replaced")
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(Encoding.PEM, PrivateFormat.PKCS8,
                                                     NoEncryption())  # fmt: skip
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    public = path.with_suffix(".pub") if path != key_path() else public_key_path()
    public.write_text(public_bytes(load_key(path)).hex() + "\n", encoding="ascii")
    return path


def public_key_hex(key: Ed25519PrivateKey | None = None) -> str:
    """The published public key (raw 32 bytes in hex) — read from its own file, never worked out
    from the signing key, so the pages and the verifier need no secret; ``key``: that key's."""
    if key is not None:
        return public_bytes(key).hex()
    path = public_key_path()
    try:
        text = path.read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        raise LedgerKeyError(f"{path}: no published public key (fupin ledger keygen writes it; "
                             "FUPIN_LEDGER_PUBLIC_KEY_FILE names it)") from None  # fmt: skip
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise LedgerKeyError(f"{path}: a public key is 64 lower-case hex digits")
    return text


def sign_current_head(now: dt.datetime, key: Ed25519PrivateKey | None = None) -> SignedTreeHead:
    """Signs the head of the ledger as it stands (once per second at most: a second head in
    the same second is the first one)."""
    if key is None:
        key = load_key()
        if public_bytes(key).hex() != public_key_hex():
            raise LedgerKeyError(f"{key_path()} is not the key {public_key_path()} publishes: "
                                 "no head is signed with it")  # fmt: skip
    with transaction.atomic():
        size = LedgerState.objects.select_for_update().get_or_create(pk=1)[0].size
        head = sign_head(key, root_of(size), size, now)
        stored, _created = SignedTreeHead.objects.get_or_create(
            time=head.time, defaults={"size": size, "root": head.root, "signature": head.signature}
        )
    return stored


def as_head(row: SignedTreeHead) -> SignedHead:
    """A stored head as the core checks it."""
    return SignedHead(row.root, row.size, row.time, row.signature)
