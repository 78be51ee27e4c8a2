"""The funds' endpoints: the ledger's entries (of the caller's area), their proofs against the
signed heads, the heads, and a household's receipts traced to their sources."""

# ninja reads the annotations at import: no `from __future__ import annotations` here.
import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from fupin.funds import selectors
from fupin.funds.models import Account, LedgerEntry
from fupin.funds.permissions import VIEW_FUNDS
from fupin.registry.api.common import Payload, caller
from fupin.registry.models import Household
from fupin.registry.permissions import access_log, require, visible_to

router = Router(tags=["funds"])


class EntryOut(Schema):
    """An entry as the ledger keeps it (accounts by code, the reversed entry by its seq)."""

    seq: int
    posted_at: dt.datetime
    kind: str
    debit: str
    credit: str
    amount_fen: int
    document: str
    document_sha256: str
    actor: str
    memo: str
    reverses: int | None
    leaf_hash: str

    @staticmethod
    def resolve_debit(obj: Any) -> str:
        """The receiving account's code."""
        return str(obj.debit.code)

    @staticmethod
    def resolve_credit(obj: Any) -> str:
        """The giving account's code."""
        return str(obj.credit.code)

    @staticmethod
    def resolve_reverses(obj: Any) -> int | None:
        """The seq of the entry this one reverses."""
        return obj.reverses.seq if obj.reverses_id else None


class EntryFilter(Payload):
    """Entries touching an account, of a kind, from a seq on."""

    account: str = ""
    kind: str = ""
    since: int = Field(1, ge=1)


class ProofOut(Schema):
    """An entry's audit path against the latest signed head (RFC 6962), and its canonical JSON."""

    seq: int
    leaf_index: int
    tree_size: int
    root: str
    audit_path: list[str]
    entry: str


class HeadOut(Schema):
    """A signed tree head: size, root, time and Ed25519 signature, all as text or integers."""

    size: int
    root: str
    time: str
    signature: str


class ConsistencyOut(Schema):
    """The RFC 6962 consistency proof between two signed heads' sizes."""

    old_size: int
    new_size: int
    proof: list[str]


class PartOut(Schema):
    """A part of a payment: its source, amount and path of entries (seq, oldest first)."""

    source: str
    amount_fen: int
    path: list[int | None]  # None: a step through a household outside the caller's area


class ReceiptOut(Schema):
    """A payment to a household, traced to its sources (``reversed``: taken back since)."""

    seq: int
    reversed: bool
    amount_fen: int
    posted_at: dt.datetime
    document: str
    parts: list[PartOut]


def _visible_entries(request: HttpRequest) -> Any:
    user = caller(request)
    require(user, VIEW_FUNDS)
    accounts = visible_to(user, Account.objects.all())
    rows = LedgerEntry.objects.select_related("debit", "credit", "reverses")
    return rows.filter(Q(debit__in=accounts) | Q(credit__in=accounts))


@router.get("/ledger/entries", response=list[EntryOut])
@paginate
def entries(request: HttpRequest, filters: Query[EntryFilter]) -> Any:
    """Entries paying into or out of an account of the caller's area, in seq order."""
    rows = _visible_entries(request).filter(seq__gte=filters.since)
    if filters.account:
        rows = rows.filter(Q(debit__code=filters.account) | Q(credit__code=filters.account))
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return rows.order_by("seq")


@router.get("/ledger/entries/{seq}", response=EntryOut)
def entry(request: HttpRequest, seq: int) -> Any:
    """One entry of the caller's area."""
    return get_object_or_404(_visible_entries(request), seq=seq)


@router.get("/ledger/entries/{seq}/proof", response=ProofOut)
def proof(request: HttpRequest, seq: int) -> Any:
    """The entry's inclusion proof against the latest signed head (docs/ledger.md)."""
    get_object_or_404(_visible_entries(request), seq=seq)
    try:
        return selectors.entry_with_proof(seq)
    except selectors.ProofError as exc:
        raise HttpError(409, str(exc)) from None


@router.get("/ledger/heads", response=list[HeadOut])
def heads(request: HttpRequest) -> Any:
    """Every signed tree head, oldest first."""
    require(caller(request), VIEW_FUNDS)
    return selectors.heads()


class ConsistencyQuery(Payload):
    """Two signed heads' sizes."""

    old: int = Field(..., ge=0)
    new: int = Field(..., ge=0)


@router.get("/ledger/consistency", response=ConsistencyOut)
def consistency(request: HttpRequest, sizes: Query[ConsistencyQuery]) -> Any:
    """The consistency proof between two signed heads' sizes."""
    require(caller(request), VIEW_FUNDS)
    try:
        return selectors.consistency(sizes.old, sizes.new)
    except selectors.ProofError as exc:
        raise HttpError(409, str(exc)) from None


@router.get("/households/{number}/funds", response=list[ReceiptOut])
def household_funds(request: HttpRequest, number: str) -> Any:
    """Every payment to a household of the caller's area, each part traced to its source."""
    user = caller(request)
    require(user, VIEW_FUNDS)
    household = get_object_or_404(visible_to(user, Household.objects.all()), number=number)
    access_log.info("household funds (api): household=%s user=%s", number, user.get_username())
    return [{"seq": r.entry.seq, "amount_fen": r.entry.amount_fen, "posted_at": r.entry.posted_at,
             "document": r.entry.document, "reversed": r.reversed,
             "parts": [{"source": s.code, "amount_fen": fen,
                        "path": [e.seq if e is not None else None for e in path]}
                       for s, fen, path in r.parts]}
            for r in selectors.household_receipts(household, user)]  # fmt: skip
