"""Posting to the ledger: balanced legs become entries, in one transaction that locks the ledger
(``seq`` stays gapless) and the accounts (no account spends what it does not hold)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fupin.funds.models import Account, EntryKind, LedgerEntry, LedgerNode, LedgerState
from fupin.funds.permissions import POST_FUNDS
from fupin.funds.services.canonical import entry_leaf, fields_of
from fupin.funds.services.tree import frontier
from fupin.registry.errors import RecordError
from fupin.registry.permissions import User, can


@dataclass(frozen=True)
class Leg:
    """One side of a posting: an account and the fen it receives (> 0) or gives (< 0)."""

    account: str
    amount_fen: int


class PostingError(RecordError):
    """A posting the ledger refuses, with the reason; nothing was written."""


def _checked(legs: list[Leg]) -> None:
    if not legs:
        raise PostingError([("legs", _("a posting moves money between at least two accounts"))])
    for leg in legs:
        if not isinstance(leg.amount_fen, int) or isinstance(leg.amount_fen, bool):
            raise PostingError([("amount_fen", _("an amount is a whole number of fen"))])
        if leg.amount_fen == 0:
            raise PostingError([("amount_fen", _("an amount of zero moves nothing"))])
        if abs(leg.amount_fen) > MAX_FEN:
            raise PostingError(
                [("amount_fen", _("an amount this large cannot be written exactly"))]
            )
    given = -sum(leg.amount_fen for leg in legs if leg.amount_fen < 0)
    taken = sum(leg.amount_fen for leg in legs if leg.amount_fen > 0)
    if given != taken:
        message = _("unbalanced: %(given)d fen given, %(taken)d fen received")
        raise PostingError([("legs", message % {"given": given, "taken": taken})])


MAX_FEN = 2**53 - 1  # the largest integer every JSON reader (a browser's too) holds exactly
SHA256 = re.compile(r"[0-9a-f]{64}")


def _checked_record(kind: str, document: str, memo: str, document_sha256: str,
                    reverses: LedgerEntry | None) -> None:  # fmt: skip
    """The entry's own fields: a known kind, a document, lengths the table holds, a reversal
    and only a reversal naming the entry it reverses."""
    if kind not in EntryKind.values:
        raise PostingError([("kind", _("unknown kind of entry %(kind)s") % {"kind": kind})])
    if not document.strip():
        raise PostingError([("document", _("every movement rests on a document"))])
    for name, value, limit in (("document", document, 200), ("memo", memo, 300)):
        if len(value) > limit:
            raise PostingError([(name, _("at most %(limit)d characters") % {"limit": limit})])
    if document_sha256 and not SHA256.fullmatch(document_sha256):
        raise PostingError([("document_sha256", _("a SHA-256 is 64 lower-case hex digits"))])
    if (kind == EntryKind.REVERSAL) != (reverses is not None):
        raise PostingError(
            [("reverses", _("a reversal, and only a reversal, names the entry it reverses"))]
        )


def _pairs(legs: list[Leg]) -> list[tuple[str, str, int]]:
    """The legs as movements (from, to, fen): givers matched to receivers in order."""
    givers = [leg.account for leg in legs if leg.amount_fen < 0]
    left_to_give = [-leg.amount_fen for leg in legs if leg.amount_fen < 0]
    moves: list[tuple[str, str, int]] = []
    g = 0
    for leg in (leg for leg in legs if leg.amount_fen > 0):
        left = leg.amount_fen
        while left:
            part = min(left, left_to_give[g])
            moves.append((givers[g], leg.account, part))
            left_to_give[g] -= part
            left -= part
            g += left_to_give[g] == 0
    return moves


def _accounts(codes: set[str], actor: User | None) -> dict[str, Account]:
    accounts = {a.code: a for a in Account.objects.select_for_update().filter(code__in=codes)
                .select_related("region")}  # fmt: skip
    if unknown := sorted(codes - set(accounts)):
        raise PostingError([("account", _("unknown account %(code)s") % {"code": unknown[0]})])
    for account in accounts.values():
        # None is the operator (a command line, the demo): every page and API call names a user.
        if actor is not None and not can(actor, POST_FUNDS, account.region):
            message = _("account %(code)s lies outside your area")
            raise PostingError([("account", message % {"code": account.code})])
    return accounts


def _spend(accounts: dict[str, Account], moves: list[tuple[str, str, int]]) -> None:
    for giver, taker, fen in moves:
        account = accounts[giver]
        if giver == taker:
            raise PostingError([("account", _("an account cannot pay itself"))])
        if not account.may_go_negative and account.balance_fen < fen:
            message = _("%(code)s holds %(held)d fen, %(asked)d fen asked: above what it was given")
            raise PostingError([("amount_fen", message % {"code": giver,
                                "held": account.balance_fen, "asked": fen})])  # fmt: skip
        account.balance_fen -= fen
        accounts[taker].balance_fen += fen


def post(
    legs: list[Leg], *, kind: str, document: str, actor: User | None, now: dt.datetime,
    memo: str = "", document_sha256: str = "", reverses: LedgerEntry | None = None,
) -> list[LedgerEntry]:  # fmt: skip
    """Posts balanced legs as entries (one per movement); raises PostingError and writes
    nothing when they do not balance, an amount is not positive whole fen, an account is unknown
    or outside the actor's area, or an account would give more than it holds."""
    _checked(legs)
    _checked_record(kind, document, memo, document_sha256, reverses)
    moves = _pairs(legs)
    username = actor.get_username() if actor is not None else "system"
    with transaction.atomic():
        state, _created = LedgerState.objects.select_for_update().get_or_create(pk=1)
        # Inside the lock, no entry is dated before the one it follows (two postings racing, or
        # two servers' clocks): the log's order is its time order.
        last = (
            LedgerEntry.objects.filter(seq=state.size).values_list("posted_at", flat=True).first()
        )
        now = max(now, last) if last is not None else now
        accounts = _accounts({leg.account for leg in legs}, actor)
        _spend(accounts, moves)
        grow = frontier(state.size)
        entries: list[LedgerEntry] = []
        nodes: list[LedgerNode] = []
        for giver, taker, fen in moves:
            fields = fields_of(seq=state.size + len(entries) + 1, posted_at=now, kind=kind,
                               debit=taker, credit=giver, amount_fen=fen, document=document,
                               document_sha256=document_sha256, actor=username, memo=memo,
                               reverses=reverses.seq if reverses else None)  # fmt: skip
            leaf = entry_leaf(fields)
            nodes += [
                LedgerNode(level=lv, ordinal=ix, hash=h.hex()) for lv, ix, h in grow.append(leaf)
            ]
            entries.append(LedgerEntry(seq=fields["seq"], posted_at=now, kind=kind,
                                       debit=accounts[taker], credit=accounts[giver],
                                       amount_fen=fen, document=document,
                                       document_sha256=document_sha256, actor=username,
                                       memo=memo, reverses=reverses, leaf_hash=leaf.hex()))  # fmt: skip
        LedgerEntry.objects.bulk_create(entries)
        LedgerNode.objects.bulk_create(nodes)
        Account.objects.bulk_update(list(accounts.values()), ["balance_fen"])
        state.size += len(entries)
        state.save(update_fields=["size"])
    return entries


def reverse(seq: int, *, actor: User | None, now: dt.datetime, reason: str) -> LedgerEntry:
    """Posts the reversing entry of entry ``seq`` (a correction is never an edit)."""
    original = LedgerEntry.objects.select_related("debit", "credit").filter(seq=seq).first()
    if original is None:
        raise PostingError([("seq", _("no entry %(seq)d") % {"seq": seq})])
    if (
        LedgerEntry.objects.filter(reverses=original).exists()
        or original.kind == EntryKind.REVERSAL
    ):
        raise PostingError([("seq", _("entry %(seq)d cannot be reversed again") % {"seq": seq})])
    legs = [
        Leg(original.debit.code, -original.amount_fen),
        Leg(original.credit.code, original.amount_fen),
    ]
    try:
        [entry] = post(legs, kind=str(EntryKind.REVERSAL), document=original.document,
                       actor=actor, now=now, memo=reason, reverses=original)  # fmt: skip
    except IntegrityError:  # another reversal of it won the race: the unique link refused this one
        raise PostingError(
            [("seq", _("entry %(seq)d cannot be reversed again") % {"seq": seq})]
        ) from None
    return entry
