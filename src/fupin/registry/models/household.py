"""Households and their members, as on the registration card."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin import idnumber
from fupin.registry.choices import (
    Cause,
    Education,
    Health,
    HouseholdType,
    HousingGrade,
    LabourAbility,
    LabourType,
    Relation,
    Sex,
    Standard,
    Status,
    Structure,
)
from fupin.registry.permissions import VIEW_HOUSEHOLDS, ScopedQuerySet, User, access_log
from fupin.rules.checks import amounts, counts


class Household(models.Model):
    """A registered household (户) in a village."""

    number = models.CharField(_("household number"), max_length=40, unique=True)
    village = models.ForeignKey(
        "registry.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="households",
        limit_choices_to={"level": "village"},
    )
    head_name = models.CharField(_("head of household"), max_length=100)
    group_no = models.PositiveSmallIntegerField(_("village group"), default=1)
    household_type = models.CharField(
        _("household type"), max_length=12, choices=HouseholdType.choices, default="ordinary"
    )
    identification_standard = models.CharField(
        _("identification standard"), max_length=12, choices=Standard.choices, default="national"
    )
    main_cause = models.CharField(
        _("main cause of poverty"), max_length=12, choices=Cause.choices, blank=True
    )
    other_causes = models.JSONField(_("other causes of poverty"), default=list, blank=True)
    housing_grade = models.CharField(
        _("housing safety grade"), max_length=1, choices=HousingGrade.choices, default="A"
    )
    housing_area = models.FloatField(_("housing area (m²)"), default=0)
    housing_structure = models.CharField(
        _("housing structure"), max_length=16, choices=Structure.choices, default="brick_concrete"
    )
    housing_year = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    water_difficult = models.BooleanField(_("drinking water hard to get"), default=False)
    safe_water = models.BooleanField(_("safe drinking water"), default=True)
    electricity = models.BooleanField(_("electricity"), default=True)
    road_access = models.BooleanField(_("road to the house"), default=True)
    land_mu = models.FloatField(_("land (mu)"), default=0)
    relocated = models.BooleanField(_("relocated"), default=False)
    food_secure = models.BooleanField(_("enough food"), default=True)
    clothing_secure = models.BooleanField(_("enough clothing"), default=True)
    # Assets and facts the national exclusion rules read ("四不列 / 七不进").
    owns_vehicle = models.BooleanField(
        _("owns a non-productive vehicle"),
        default=False,
        help_text=_(
            "A car or another vehicle not used for production; a tractor or a three-wheeler "
            "used for farming does not count."
        ),
    )
    owns_commercial_housing = models.BooleanField(
        _("commercial or new luxury housing"),
        default=False,
        help_text=_(
            "Commercial housing bought in a town, or a new or luxury house built since 2014."
        ),
    )
    runs_business_with_employees = models.BooleanField(
        _("runs a business with employees"),
        default=False,
        help_text=_(
            "A shop, workshop, farm or company of the household that employs people from "
            "outside it."
        ),
    )
    away_with_high_income = models.BooleanField(
        _("whole family away with a high income"),
        default=False,
        help_text=_(
            "The whole family has lived away for at least a year and earns a high income there."
        ),
    )
    machinery_count = models.PositiveSmallIntegerField(
        _("productive machines"),
        default=0,
        # The core's limit on every database (SQLite would take any integer).
        validators=[MaxValueValidator(counts.LIMITS["machinery_count"])],
        help_text=_("Tractors, tillers and other machines used for farming; a car is not one."),
    )
    livestock_heads = models.PositiveIntegerField(
        _("large livestock (head)"),
        default=0,
        validators=[MaxValueValidator(counts.LIMITS["livestock_heads"])],
        help_text=_("Cattle, pigs and sheep the household keeps; poultry does not count."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default="none", editable=False
    )
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_path = "village__code"
    view_permission = VIEW_HOUSEHOLDS

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["number"]
        indexes = [models.Index(fields=["village", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.head_name}"


class Member(models.Model):
    """A person in a household; one active membership per resident ID number."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    id_number = models.CharField(_("ID number"), max_length=18)
    name = models.CharField(_("name"), max_length=100)
    relation = models.CharField(_("relation to head"), max_length=12, choices=Relation.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="han")
    education = models.CharField(
        _("education"), max_length=10, choices=Education.choices, default="none"
    )
    in_school = models.BooleanField(_("in school"), default=False)
    health = models.CharField(_("health"), max_length=10, choices=Health.choices, default="healthy")
    labour_ability = models.CharField(
        _("labour ability"), max_length=10, choices=LabourAbility.choices, default="ordinary"
    )
    labour_type = models.CharField(
        _("labour type"), max_length=10, choices=LabourType.choices, default="none"
    )
    migrant_months = models.PositiveSmallIntegerField(_("months of migrant work"), default=0)
    medical_insurance = models.BooleanField(_("medical insurance"), default=True)
    pension_insurance = models.BooleanField(_("pension insurance"), default=False)
    on_state_payroll = models.BooleanField(
        _("on the state payroll"),
        default=False,
        help_text=_(
            "A civil servant or another person paid by public finance, such as a teacher or "
            "doctor of a public institution; a village cadre's allowance does not count."
        ),
    )
    is_village_cadre = models.BooleanField(
        _("village cadre"),
        default=False,
        help_text=_("A member of the village Party branch or of the villagers' committee."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "household__village__code"
    view_permission = VIEW_HOUSEHOLDS

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=models.Q(active=True),
                name="registry_member_one_active_per_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_id})"

    def clean(self) -> None:
        """GB 11643 checks, sex and birth date against the ID, one active membership per ID."""
        from django.core.exceptions import ValidationError

        from fupin.registry.services.validation import active_elsewhere, check_member_identity

        data = {"id_number": self.id_number, "sex": self.sex, "birth_date": self.birth_date}
        errors: dict[str, list[str]] = {}
        for field, message in check_member_identity(data, ""):
            errors.setdefault(field, []).append(message)
        if not errors:
            self.id_number, self.sex, self.birth_date = (
                data["id_number"],
                data["sex"],
                data["birth_date"],
            )
            if self.active and (other := active_elsewhere(self)):
                errors["id_number"] = [other]
        if errors:
            raise ValidationError(errors)

    @property
    def masked_id(self) -> str:
        """The ID number with birth date and sequence hidden, for display."""
        return idnumber.mask(self.id_number)

    def full_id(self, user: User | None, purpose: str = "") -> str:
        """The unmasked ID number; logs who read it and why to the fupin.access logger."""
        access_log.info(
            "full ID read: member=%s household=%s user=%s purpose=%s",
            self.pk,
            self.household_id,
            getattr(user, "username", user),
            purpose,
        )
        return self.id_number


# An amount's digits are the core's rule (fupin.rules.checks.amounts): below 10^12 yuan, whole fen.
MONEY_DIGITS = {
    "max_digits": amounts.MAX_YUAN_DIGITS + amounts.DECIMALS,
    "decimal_places": amounts.DECIMALS,
}


def _money(label: Any) -> models.DecimalField:
    return models.DecimalField(label, default=0, **MONEY_DIGITS)


class IncomeRecord(models.Model):
    """A household's income and expense components for one year (yuan)."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="incomes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    wage_local = _money(_("local wages"))
    wage_migrant = _money(_("migrant wages"))
    migrant_living_cost = _money(_("migrant living costs"))
    operating_income = _money(_("operating income"))
    operating_cost = _money(_("operating costs"))
    property_income = _money(_("property income"))
    transfer_relief = _money(_("relief transfers"))
    transfer_development = _money(_("development transfers"))
    inkind_consumption = _money(_("in-kind consumption"))
    medical_out_of_pocket = _money(_("medical out-of-pocket costs"))
    disaster_loss = _money(_("disaster losses"))
    previous_per_capita_net_income = models.DecimalField(
        _("last year's per-capita net income"), null=True, blank=True, **MONEY_DIGITS
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "household__village__code"
    view_permission = VIEW_HOUSEHOLDS

    class Meta:
        verbose_name = _("income record")
        verbose_name_plural = _("income records")
        ordering = ["household", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"], name="registry_income_one_per_household_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}"

    def clean_fields(self, exclude: Any = None) -> None:
        """Django's field checks, the amounts checked first by the core's rule (one message each:
        an amount it refuses is not checked again by the field's own validators)."""
        from django.core.exceptions import ValidationError

        from fupin.registry.services.validation import check_amounts

        skip = set(exclude or ())
        names = [f.name for f in self._meta.concrete_fields if isinstance(f, models.DecimalField)]
        values = {name: getattr(self, name) for name in names if name not in skip}
        errors: dict[str, list[str]] = {}
        for field, message in check_amounts(values, ""):
            errors.setdefault(field, []).append(message)
        try:
            super().clean_fields(exclude=skip | set(errors))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
