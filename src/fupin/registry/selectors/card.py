"""What the household card shows: members, the kernel's income accounts and decision, causes,
history and the field-level changes — one kernel call, so the card and the rules never disagree.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from fupin.policy import PolicyError
from fupin.registry.choices import Cause
from fupin.registry.models import Household, IncomeRecord, Member, StatusEvent
from fupin.registry.selectors.card_decision import CardDecision, shown
from fupin.registry.selectors.policies import policy_for_region
from fupin.registry.selectors.roster import household_row, member_row
from fupin.rules import Decision, decide_one
from fupin.rules.columns import INCOME_TERMS, RECORDED_ONLY_COLUMNS, RIGID_SPENDING_COLUMNS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncomeLine:
    """One income component: its label, amount and how it enters net income (+1, -1 or 0)."""

    field: str
    label: str
    amount: Decimal
    sign: int


@dataclass(frozen=True)
class IncomeSummary:
    """The income components of one year and the kernel's net and per-capita net income."""

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
    decision: CardDecision | None = None
    changes: list[Any] = field(default_factory=list)

    @property
    def on_state_payroll(self) -> list[Member]:
        """The active members paid by public finance."""
        return [m for m in self.members if m.on_state_payroll]

    @property
    def village_cadres(self) -> list[Member]:
        """The active members who are village cadres."""
        return [m for m in self.members if m.is_village_cadre]


def income_lines(record: IncomeRecord) -> list[IncomeLine]:
    """The record's components in the kernel's order, each with how the kernel counts it."""
    signs = dict(INCOME_TERMS)
    order = [name for name, _sign in INCOME_TERMS]
    order += list(RECORDED_ONLY_COLUMNS + RIGID_SPENDING_COLUMNS)
    return [
        IncomeLine(
            field=name,
            label=str(IncomeRecord._meta.get_field(name).verbose_name),
            amount=Decimal(getattr(record, name)),
            sign=signs.get(name, 0),
        )
        for name in order
    ]


def decide_household(
    household: Household, record: IncomeRecord, members: list[Member], events: list[StatusEvent]
) -> Decision:
    """The kernel's decision on one income record, under the policy of the household's village."""
    ever_exited = any(e.kind == "exited" for e in events)
    row = household_row(household, record, ever_exited)
    policy = policy_for_region(household.village, record.year)
    return decide_one(row, [member_row(m) for m in members], policy)


def build_card(household: Household) -> Card:
    """Reads one household's members, latest income, history and changes; decides once."""
    from fupin.registry.selectors.changes import changes_of

    members = list(household.members.filter(active=True).order_by("id"))
    latest = household.incomes.order_by("-year").first()
    events = list(household.events.select_related("actor").order_by("occurred_at", "id"))
    card = Card(household, members, None, cause_labels(household), events, latest)
    card.changes = changes_of(household)
    if latest is None:
        return card
    if not members:
        card.income = IncomeSummary(latest.year, income_lines(latest), Decimal(0), None)
        return card
    try:
        decided = decide_household(household, latest, members, events)
    except PolicyError as exc:
        log.info("no decision for household %s: %s", household.number, exc)
        card.decision = CardDecision(problem=str(_("The policy does not cover this income year.")))
        return card
    card.income = IncomeSummary(
        latest.year, income_lines(latest), decided.net_income, decided.per_capita_net_income
    )
    card.decision = shown(decided)
    return card


def cause_labels(household: Household) -> list[str]:
    """The main cause first, then the other causes, as translated labels."""
    labels = dict(Cause.choices)
    codes = [household.main_cause] if household.main_cause else []
    codes += [c for c in household.other_causes or [] if c and c != household.main_cause]
    return [str(labels.get(code, code)) for code in codes]
