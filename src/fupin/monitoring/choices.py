"""Coded values of monitoring, with translated labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.registry.choices import KERNEL_CODE_LABELS


class Group(models.TextChoices):
    UNSTABLE_EXITED = "unstable_exited", _("unstable household that left poverty")
    EDGE = "edge", _("edge household at risk")
    SUDDEN_HARDSHIP = "sudden_hardship", _("household in sudden severe hardship")


class Source(models.TextChoices):
    KERNEL = "kernel", _("rules kernel flags")
    DEPARTMENT = "department", _("department screening")
    OWN_REPORT = "own_report", _("household's own report")
    VISIT = "visit", _("cadre's visit")
    MODEL = "model", _("risk model")


class Department(models.TextChoices):
    HEALTH = "health", _("health insurance")
    CIVIL = "civil", _("civil affairs")
    DISASTER = "disaster", _("disaster management")
    HR = "hr", _("human resources (job loss)")


class MeasureKind(models.TextChoices):
    INDUSTRY = "industry", _("industry support")
    EMPLOYMENT = "employment", _("employment support")
    SKILLS = "skills", _("skills training")
    MICROCREDIT = "microcredit", _("microcredit")
    SOCIAL_SECURITY = "social_security", _("social-security support")
    MEDICAL = "medical", _("medical assistance")
    EDUCATION = "education", _("education support")
    HOUSING = "housing", _("housing safety")
    OTHER = "other", _("other help")


# What a household may report on the public form.
REPORT_CAUSES = (
    ("ILLNESS", _("illness or injury")),
    ("ACCIDENT", _("accident")),
    ("DISASTER", _("disaster losses")),
    ("JOB_LOSS", _("job loss")),
    ("OTHER", _("other hardship")),
)

# Measures that count as "development" (industry or employment) for households that can work.
DEVELOPMENT_MEASURES = frozenset({"industry", "employment", "skills", "microcredit"})

# Why an alert was raised: the kernel's codes plus those of the other sources.
CAUSE_LABELS = {
    **KERNEL_CODE_LABELS,
    "INCOME_POOR": _("income below the poverty line"),
    "HOSPITAL_OOP": _("one hospital stay with high out-of-pocket costs"),
    "ANNUAL_OOP": _("high out-of-pocket medical costs this year"),
    "CIVIL_AID": _("civil-affairs assistance"),
    "DISASTER": _("disaster losses"),
    "JOB_LOSS": _("job loss"),
    "ILLNESS": _("illness or injury"),
    "ACCIDENT": _("accident"),
    "OTHER": _("other hardship"),
    "MODEL_RISK": _("high risk by the model"),
    "VISIT_FINDING": _("found on a visit"),
}

# Causes that make a household one in "sudden severe hardship" whatever its income.
SUDDEN_CAUSES = frozenset(
    {"HOSPITAL_OOP", "ANNUAL_OOP", "DISASTER", "JOB_LOSS", "ILLNESS", "ACCIDENT", "RIGID_SPENDING"}
)


def cause_label(code: str) -> str:
    """The readable label of a cause code (the code itself when unknown)."""
    return str(CAUSE_LABELS.get(code, code))
