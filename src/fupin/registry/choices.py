"""Coded values of the registration card, with translated labels (the codes match fupin.synth)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.rules.columns import MONEY_COLUMNS


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


class Cause(models.TextChoices):
    ILLNESS = "illness", _("illness")
    DISABILITY = "disability", _("disability")
    SCHOOLING = "schooling", _("schooling costs")
    DISASTER = "disaster", _("disaster")
    LAND = "land", _("lack of land")
    WATER = "water", _("lack of water")
    SKILLS = "skills", _("lack of skills")
    LABOUR = "labour", _("lack of labour")
    FUNDS = "funds", _("lack of funds")
    TRANSPORT = "transport", _("poor transport")
    MOTIVATION = "motivation", _("lack of motivation")
    OTHER = "other", _("other")


class HouseholdType(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary")
    DIBAO = "dibao", _("minimum living allowance (dibao)")
    WUBAO = "wubao", _("five guarantees (wubao)")
    DIBAO_WUBAO = "dibao_wubao", _("dibao and wubao")


class Standard(models.TextChoices):
    NATIONAL = "national", _("national standard")
    PROVINCIAL = "provincial", _("provincial standard")
    PREFECTURAL = "prefectural", _("prefectural standard")


class HousingGrade(models.TextChoices):
    A = "A", _("A (safe)")
    B = "B", _("B (basically safe)")
    C = "C", _("C (partly dangerous)")
    D = "D", _("D (dangerous)")


class Structure(models.TextChoices):
    BRICK_CONCRETE = "brick_concrete", _("brick and concrete")
    BRICK_WOOD = "brick_wood", _("brick and wood")
    EARTH_WOOD = "earth_wood", _("earth and wood")
    OTHER = "other", _("other")


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    GRANDCHILD = "grandchild", _("grandchild")
    SIBLING = "sibling", _("sibling")
    OTHER = "other", _("other")


class Education(models.TextChoices):
    NONE = "none", _("no schooling")
    PRIMARY = "primary", _("primary school")
    JUNIOR = "junior", _("junior secondary")
    SENIOR = "senior", _("senior secondary")
    COLLEGE = "college", _("college or above")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("healthy")
    CHRONIC = "chronic", _("long-term chronic illness")
    SERIOUS = "serious", _("serious illness")
    DISABLED = "disabled", _("disabled")


class LabourAbility(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary labour")
    SKILLED = "skilled", _("skilled labour")
    LOST = "lost", _("lost labour ability")
    NONE = "none", _("no labour ability")


class LabourType(models.TextChoices):
    FARMING = "farming", _("farming")
    MIGRANT = "migrant", _("migrant work")
    HALF = "half", _("half farming, half migrant")
    NONE = "none", _("none")


# The eleven money fields of the roster (issue 4), in roster order: the kernel's contract.
MONEY_FIELDS = MONEY_COLUMNS
