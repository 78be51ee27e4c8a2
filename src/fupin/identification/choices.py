"""The kinds and origins of cases, and the sentences of the identification rules' codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    """The four kinds of case, each with its procedure."""

    IDENTIFICATION = "identification", _("identification")
    EXIT = "exit", _("exit")
    RETURN = "return", _("return")
    CORRECTION = "correction", _("correction")


class Origin(models.TextChoices):
    """Who opened a case."""

    APPLICATION = "application", _("the household's application")
    CADRE = "cadre", _("a cadre")
    KERNEL = "kernel", _("the rules' decisions, opened in bulk")


# The kernel decision that opens each kind in bulk, and the statuses it may open from.
OPENED_BY_DECISION: dict[str, str] = {"identify": "identification", "exit": "exit",
                                       "return": "return"}  # fmt: skip
STATUSES_FOR: dict[str, tuple[str, ...]] = {
    "identification": ("registered",),
    "exit": ("identified", "returned"),
    "return": ("exited", "monitored"),
    "correction": ("registered", "identified", "exited", "returned", "monitored",
                   "risk_eliminated"),
}  # fmt: skip


class Registry(models.TextChoices):
    """The department registries whose lists bear on the exclusion rules."""

    VEHICLE = "vehicle", _("vehicle registry (public security)")
    PROPERTY = "property", _("real-estate registry")
    BUSINESS = "business", _("business registry (enterprises with employees)")
    PAYROLL = "payroll", _("state payroll (finance)")
    CADRES = "cadres", _("village cadres (organisation department)")


# The exclusion rule each registry's record bears on (the rules' codes).
REGISTRY_EXCLUSION = {
    "vehicle": "vehicle",
    "property": "commercial_housing",
    "business": "employs_others",
    "payroll": "state_payroll",
    "cadres": "village_cadre",
}
EXCLUSION_LABELS = {
    "vehicle": _("owns a non-productive vehicle"),
    "commercial_housing": _("owns commercial housing, or a new or luxury house built since 2014"),
    "state_payroll": _("a member is on the state payroll"),
    "village_cadre": _("a member is a village cadre"),
    "employs_others": _("runs a business that employs others"),
    "away_high_income": _("the whole family is away with a high income"),
}
APPRAISAL_LABELS = {
    "no_representatives": _(
        "the number of representatives present must be between 0 and the total"
    ),
    "quorum": _(
        "fewer representatives present than the quorum of %(quorum)s (%(needed)d of %(total)d)"
    ),
    "votes": _("more votes than representatives present"),
    "majority": _("the proposal was not carried by a majority of those present"),
}
EXIT_LABELS = {
    "not_decided": _("the rules' decision for this household is not exit"),
    "same_year_identified": _("no exit in the year the household was identified"),
    "same_year_returned": _("no exit in the year the household returned to poverty"),
    "no_agreement": _("the household's own signed agreement is required"),
}
