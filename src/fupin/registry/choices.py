"""Coded values of the registration card, with translated labels.

The codes of a household's and a member's coded fields are the core's one table
(``fupin.rules.checks.codes``, which the roster, the generator and the batch engine read too):
here each gets its label, and a code without a label, or a label without a code, stops the
import. Status, event and level codes belong to the registry itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fupin.rules.checks import codes
from fupin.rules.columns import FLAGS, GUARANTEE_GAPS, MONEY_COLUMNS


def labelled(
    name: str,
    allowed: tuple[str, ...],
    labels: Mapping[str, Promise],
    names: Mapping[str, str] | None = None,
) -> type[models.TextChoices]:
    """TextChoices of the core's codes ``allowed``, in their order, each with its label;
    ``names``: member names other than the upper-cased code (``Sex.MALE`` for "M")."""
    if list(labels) != list(allowed):
        raise ImproperlyConfigured(
            f"{name}: labels are given for {list(labels)}, the codes are {list(allowed)}"
        )
    chosen = names or {}
    members = [(chosen.get(code, code.upper()), (code, labels[code])) for code in allowed]
    return models.TextChoices(name, members, module=__name__)  # type: ignore[return-value]


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    COUNTY = "county", _("county")
    TOWNSHIP = "township", _("township")
    VILLAGE = "village", _("village")


# Significant digits of the 12-digit statistical code at each level (2+2+2+3+3).
PREFIX_DIGITS = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}
LEVEL_ORDER = ("province", "city", "county", "township", "village")


class Status(models.TextChoices):
    NONE = "none", _("not registered")
    REGISTERED = "registered", _("registered")
    IDENTIFIED = "identified", _("identified as poor")
    EXITED = "exited", _("exited poverty")
    RETURNED = "returned", _("returned to poverty")
    MONITORED = "monitored", _("monitored")
    RISK_ELIMINATED = "risk_eliminated", _("risk eliminated")


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IDENTIFIED = "identified", _("identified as poor")
    EXITED = "exited", _("exited poverty")
    RETURNED = "returned", _("returned to poverty")
    MONITORED = "monitored", _("placed under monitoring")
    RISK_ELIMINATED = "risk_eliminated", _("risk eliminated")
    CORRECTED = "corrected", _("record corrected")


Cause = labelled(
    "Cause",
    codes.CAUSES,
    {
        "illness": _("illness"),
        "disability": _("disability"),
        "schooling": _("schooling costs"),
        "disaster": _("disaster"),
        "land": _("lack of land"),
        "water": _("lack of water"),
        "skills": _("lack of skills"),
        "labour": _("lack of labour"),
        "funds": _("lack of funds"),
        "transport": _("poor transport"),
        "motivation": _("lack of motivation"),
        "other": _("other"),
    },
)


HouseholdType = labelled(
    "HouseholdType",
    codes.HOUSEHOLD_TYPES,
    {
        "ordinary": _("ordinary"),
        "dibao": _("minimum living allowance (dibao)"),
        "wubao": _("five guarantees (wubao)"),
        "dibao_wubao": _("dibao and wubao"),
    },
)


Standard = labelled(
    "Standard",
    codes.IDENTIFICATION_STANDARDS,
    {
        "national": _("national standard"),
        "provincial": _("provincial standard"),
        "prefectural": _("prefectural standard"),
    },
)


HousingGrade = labelled(
    "HousingGrade",
    codes.HOUSING_GRADES,
    {
        "A": _("A (safe)"),
        "B": _("B (basically safe)"),
        "C": _("C (partly dangerous)"),
        "D": _("D (dangerous)"),
    },
)


Structure = labelled(
    "Structure",
    codes.HOUSING_STRUCTURES,
    {
        "brick_concrete": _("brick and concrete"),
        "brick_wood": _("brick and wood"),
        "earth_wood": _("earth and wood"),
        "other": _("other"),
    },
)


Sex = labelled(
    "Sex",
    codes.SEXES,
    {
        "M": _("male"),
        "F": _("female"),
    },
    names={"M": "MALE", "F": "FEMALE"},
)


Relation = labelled(
    "Relation",
    codes.RELATIONS,
    {
        "head": _("head of household"),
        "spouse": _("spouse"),
        "child": _("child"),
        "parent": _("parent"),
        "grandchild": _("grandchild"),
        "sibling": _("sibling"),
        "other": _("other"),
    },
)


Education = labelled(
    "Education",
    codes.EDUCATION,
    {
        "none": _("no schooling"),
        "primary": _("primary school"),
        "junior": _("junior secondary"),
        "senior": _("senior secondary"),
        "college": _("college or above"),
    },
)


Health = labelled(
    "Health",
    codes.HEALTH,
    {
        "healthy": _("healthy"),
        "chronic": _("long-term chronic illness"),
        "serious": _("serious illness"),
        "disabled": _("disabled"),
    },
)


LabourAbility = labelled(
    "LabourAbility",
    codes.LABOUR_ABILITIES,
    {
        "ordinary": _("ordinary labour"),
        "skilled": _("skilled labour"),
        "lost": _("lost labour ability"),
        "none": _("no labour ability"),
    },
)


LabourType = labelled(
    "LabourType",
    codes.LABOUR_TYPES,
    {
        "farming": _("farming"),
        "migrant": _("migrant work"),
        "half": _("half farming, half migrant"),
        "none": _("none"),
    },
)


# The eleven money fields of the roster, in roster order: the kernel's contract.
MONEY_FIELDS = MONEY_COLUMNS


# The rules kernel's guarantee gaps and flags, as the household card and monitoring name them.
KERNEL_CODE_LABELS: dict[str, Promise] = {
    "FOOD": _("food not secure"),
    "CLOTHING": _("clothing not secure"),
    "EDUCATION": _("a child out of compulsory school"),
    "MEDICAL": _("a member without medical insurance"),
    "HOUSING": _("unsafe housing"),
    "WATER": _("no safe drinking water"),
    "NEAR_LINE": _("income just above the line"),
    "TRANSFER_DEPENDENT": _("lives mainly on transfers"),
    "RIGID_SPENDING": _("large rigid spending (illness, disaster)"),
    "INCOME_DROP": _("income fell sharply"),
    "NO_LABOUR": _("no one able to work"),
}
if list(KERNEL_CODE_LABELS) != [*GUARANTEE_GAPS, *FLAGS]:
    raise ImproperlyConfigured(
        f"kernel code labels are given for {list(KERNEL_CODE_LABELS)}, "
        f"the kernel has {[*GUARANTEE_GAPS, *FLAGS]}"
    )
