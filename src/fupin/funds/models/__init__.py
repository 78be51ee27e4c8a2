"""The funds app's models: accounts and projects, and the append-only ledger with its tree."""

from fupin.funds.models.accounts import Account, AccountKind, Project
from fupin.funds.models.ledger import (
    EntryKind,
    LedgerEntry,
    LedgerNode,
    LedgerState,
    SignedTreeHead,
)

__all__ = [
    "Account",
    "AccountKind",
    "EntryKind",
    "LedgerEntry",
    "LedgerNode",
    "LedgerState",
    "Project",
    "SignedTreeHead",
]
