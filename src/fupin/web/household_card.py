"""What the household card shows: members, latest income, per-capita net income, causes, history."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fupin.registry.choices import Cause
from fupin.registry.models import Household, IncomeRecord, Member, StatusEvent
from fupin.rules.columns import INCOME_TERMS, RECORDED_ONLY_COLUMNS, RIGID_SPENDING_COLUMNS

FEN = Decimal("0.01")


@dataclass(frozen=True)
class IncomeLine:
    """One income component: its label, amount and how it enters net income (+1, -1 or 0)."""

    field: str
    label: str
    amount: Decimal
    sign: int


@dataclass(frozen=True)
class IncomeSummary:
    """The income components of one year and the net income they give."""

    year: int
    lines: list[IncomeLine]
    net_income: Decimal
    per_capita_net_income: Decimal | None


@dataclass
class Card:
    """Everything the household card template needs."""

    household: Household
    members: list[Member]
    income: IncomeSummary | None
    causes: list[str]
    events: list[StatusEvent]
    income_record: IncomeRecord | None = None
    decision: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def build_card(household: Household) -> Card:
    """Reads one household's members, latest income record and status history (four queries)."""
    members = list(household.members.filter(active=True).order_by("id"))
    latest = household.incomes.order_by("-year").first()
    events = list(household.events.select_related("actor").order_by("occurred_at", "id"))
    return Card(
        household=household,
        members=members,
        income=summarise_income(latest, len(members)) if latest else None,
        causes=cause_labels(household),
        events=events,
        income_record=latest,
    )


def summarise_income(record: IncomeRecord, size: int) -> IncomeSummary:
    """Net income by the rules kernel's terms (fupin.rules.columns.INCOME_TERMS), exact to the fen."""
    signs = dict(INCOME_TERMS)
    order = [name for name, _ in INCOME_TERMS] + list(
        RECORDED_ONLY_COLUMNS + RIGID_SPENDING_COLUMNS
    )
    lines = [
        IncomeLine(
            field=name,
            label=str(IncomeRecord._meta.get_field(name).verbose_name),
            amount=Decimal(getattr(record, name)),
            sign=signs.get(name, 0),
        )
        for name in order
    ]
    net = sum((line.amount * line.sign for line in lines), Decimal("0"))
    per_capita = (net / size).quantize(FEN, rounding=ROUND_HALF_UP) if size else None
    return IncomeSummary(
        year=record.year, lines=lines, net_income=net, per_capita_net_income=per_capita
    )


def cause_labels(household: Household) -> list[str]:
    """The main cause first, then the other causes, as translated labels."""
    labels = dict(Cause.choices)
    codes = [household.main_cause] if household.main_cause else []
    codes += [c for c in household.other_causes or [] if c and c != household.main_cause]
    return [str(labels.get(code, code)) for code in codes]
