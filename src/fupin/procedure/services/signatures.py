"""Signatures: the SHA-256 of a record's canonical content, kept with that content."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from fupin.policy.canonical import canonical_json
from fupin.procedure.models import Signature
from fupin.registry.permissions import User, account_of, scope_of


def _plain(value: Any) -> Any:
    """Dates and times as ISO text (the rest is canonical JSON's business)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def canonical_content(content: Mapping[str, Any]) -> str:
    """The text that is hashed: sorted keys, compact, exact numbers, ISO dates."""
    return canonical_json(_plain(content))


def digest(text: str) -> str:
    """SHA-256 (hex) of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sign(
    content: Mapping[str, Any],
    signer: User | None,
    *,
    at: dt.datetime,
    supersedes: Signature | None = None,
) -> Signature:
    """Signs ``content`` as ``signer`` (their role at this moment); returns the new signature."""
    text = canonical_content(content)
    scope = scope_of(signer)
    return Signature.objects.create(
        signer=account_of(signer),
        signer_name=getattr(signer, "username", "") or "",
        role=scope.role.value if scope.role is not None else "",
        signed_at=at,
        content=text,
        sha256=digest(text),
        supersedes=supersedes,
    )


def verify(signature: Signature, content: Mapping[str, Any] | None = None) -> bool:
    """True when the stored content still hashes to the signature (and equals ``content``)."""
    if digest(signature.content) != signature.sha256:
        return False
    return content is None or canonical_content(content) == signature.content
