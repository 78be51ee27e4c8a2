"""Where each yuan came from and where it went: the ledger's entries replayed in ``seq`` order,
every account holding its money as lots of known origin, spent first in, first out.

Money is fungible, so a trace needs a rule; first in, first out is the one auditors use, and it
is the same on every run. A lot remembers the entries it travelled through, so a household's
subsidy shows its whole path: the fund source, each allocation down the region tree, the
disbursement.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Movement:
    """An entry as tracing needs it: the money moved from ``credit`` to ``debit``."""

    seq: int
    credit: str
    debit: str
    amount_fen: int


@dataclass(frozen=True)
class Lot:
    """Part of an entry's money: how much, from which origin, by which entries (oldest first)."""

    origin: str
    amount_fen: int
    path: tuple[int, ...]


class TraceError(ValueError):
    """The entries cannot be traced (an account gave more than it held); names the entry."""


@dataclass
class Trace:
    """Each entry's lots, and each account's holding when the replay ended."""

    lots: dict[int, list[Lot]]
    held: dict[str, list[Lot]]

    def received_by(
        self, account: str, entries: Iterable[Movement]
    ) -> list[tuple[Movement, list[Lot]]]:
        """Every entry paying into ``account``, with its lots."""
        return [(m, self.lots[m.seq]) for m in entries if m.debit == account]

    def spent_from(self, origin: str) -> dict[str, int]:
        """Where the money of ``origin`` is now: fen by account holding it."""
        found: dict[str, int] = defaultdict(int)
        for account, lots in self.held.items():
            for lot in lots:
                if lot.origin == origin:
                    found[account] += lot.amount_fen
        return dict(found)


def _take(queue: deque[Lot], fen: int, seq: int, account: str) -> list[Lot]:
    taken: list[Lot] = []
    while fen:
        if not queue:
            raise TraceError(f"entry {seq}: {account} gives more than it holds")
        lot = queue[0]
        part = min(fen, lot.amount_fen)
        taken.append(Lot(lot.origin, part, (*lot.path, seq)))
        if part == lot.amount_fen:
            queue.popleft()
        else:
            queue[0] = Lot(lot.origin, lot.amount_fen - part, lot.path)
        fen -= part
    return taken


def trace(movements: Iterable[Movement], origins: set[str]) -> Trace:
    """Replays ``movements`` (in ``seq`` order); money given by an account of ``origins`` (the
    fund sources and the world outside) starts a lot of that origin."""
    holdings: dict[str, deque[Lot]] = defaultdict(deque)
    lots: dict[int, list[Lot]] = {}
    for m in movements:
        if m.credit in origins:
            moved = [Lot(m.credit, m.amount_fen, (m.seq,))]
        else:
            moved = _take(holdings[m.credit], m.amount_fen, m.seq, m.credit)
        lots[m.seq] = moved
        if m.debit not in origins:  # money back into a source is that source's again
            holdings[m.debit].extend(moved)
    return Trace(lots, {account: list(queue) for account, queue in holdings.items() if queue})
