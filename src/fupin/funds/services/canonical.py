"""A ledger entry's canonical fields — the contract docs/ledger.md spells out — and its leaf."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fupin.ledger import leaf_hash
from fupin.ledger.canonical import flat_canonical_bytes, rfc3339

# The entry's fields as ``values()`` reads them, for the verifier's fast pass over the log.
VALUES = ("seq", "posted_at", "kind", "debit__code", "credit__code", "amount_fen", "document",
          "document_sha256", "actor", "memo", "reverses__seq", "leaf_hash")  # fmt: skip


def fields_of(
    *, seq: int, posted_at: dt.datetime, kind: str, debit: str, credit: str, amount_fen: int,
    document: str, document_sha256: str, actor: str, memo: str, reverses: int | None,
) -> dict[str, Any]:  # fmt: skip
    """The canonical fields of an entry (accounts by code, the reversed entry by its seq)."""
    return {"seq": seq, "posted_at": rfc3339(posted_at), "kind": kind, "debit": debit,
            "credit": credit, "amount_fen": amount_fen, "document": document,
            "document_sha256": document_sha256, "actor": actor, "memo": memo,
            "reverses": reverses}  # fmt: skip


def fields_of_row(row: dict[str, Any]) -> dict[str, Any]:
    """The canonical fields from a ``values(*VALUES)`` row."""
    return fields_of(seq=row["seq"], posted_at=row["posted_at"], kind=row["kind"],
                     debit=row["debit__code"], credit=row["credit__code"],
                     amount_fen=row["amount_fen"], document=row["document"],
                     document_sha256=row["document_sha256"], actor=row["actor"],
                     memo=row["memo"], reverses=row["reverses__seq"])  # fmt: skip


def entry_bytes(fields: dict[str, Any]) -> bytes:
    """The entry's canonical bytes: RFC 8785 JSON of its fields, UTF-8."""
    return flat_canonical_bytes(fields)


def entry_leaf(fields: dict[str, Any]) -> bytes:
    """The entry's RFC 6962 leaf hash."""
    return leaf_hash(entry_bytes(fields))
