"""Back-office admin for regions, households (with members), status events and profiles.

Non-superusers see and edit only what lies inside their region scope; status events are
read-only for everyone (they are appended by the services, never edited).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fupin.registry.errors import RecordError
from fupin.registry.forms import CorrectionForm, HouseholdForm, IncomeForm, MemberForm
from fupin.registry.models import (
    ApiToken,
    FieldChange,
    Household,
    IncomeRecord,
    Member,
    Profile,
    Region,
    StatusEvent,
    SurveySubmission,
)
from fupin.registry.models.events import REGISTERED_IN_THE_BACK_OFFICE
from fupin.registry.permissions import scope_of, visible_to
from fupin.registry.services.corrections import (
    HOUSEHOLD_FIELDS,
    INCOME_FIELDS,
    MEMBER_FIELDS,
    correct_household,
    correct_income,
    correct_member,
    record_addition,
)
from fupin.registry.services.households import append_event
from fupin.rules.columns import EXCLUSION_HOUSEHOLD_COLUMNS, EXCLUSION_MEMBER_COLUMNS

# The back office speaks for Fupin, not for the framework it is built on.
admin.site.site_header = _("Fupin back office")
admin.site.site_title = _("Fupin back office")
admin.site.index_title = _("Registry administration")


def _prefix(request: HttpRequest) -> str | None:
    return scope_of(request.user).prefix


class ScopedAdmin(admin.ModelAdmin):
    """Filters the change list and every object lookup by the permissions module's scope."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """Only rows inside the user's scope that their role may read."""
        return visible_to(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """Region and household choices limited to the user's scope (raw-ID fields included)."""
        prefix = _prefix(request)
        if db_field.related_model is Region and prefix:
            kwargs["queryset"] = Region.objects.within(prefix)
        elif db_field.related_model is Household and prefix:
            kwargs["queryset"] = Household.objects.filter(village__code__startswith=prefix)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyInline(admin.TabularInline):
    """Shown on the household page; each record is changed on its own page, with a reason."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MemberInline(ReadOnlyInline):
    """Members on the household page, ID masked."""

    model = Member
    fields = (
        "name", "masked_id", "relation", "sex", "birth_date", "health", "labour_ability",
        "in_school", "medical_insurance", "on_state_payroll", "is_village_cadre", "active",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("ID number"))
    def masked_id(self, member: Member) -> str:
        return member.masked_id


class IncomeInline(ReadOnlyInline):
    model = IncomeRecord
    fields = ("year", "wage_local", "wage_migrant", "operating_income", "operating_cost",
              "transfer_relief", "transfer_development")  # fmt: skip
    readonly_fields = fields


class StatusEventInline(ReadOnlyInline):
    model = StatusEvent
    show_change_link = False
    fields = ("occurred_at", "kind", "status_after", "actor", "reason", "policy_id", "policy_hash")
    readonly_fields = fields


class FieldChangeInline(ReadOnlyInline):
    model = FieldChange
    show_change_link = False
    fields = ("changed_at", "field", "old_value", "new_value", "actor", "reason")
    readonly_fields = fields


class ReadOnlyScopedAdmin(ScopedAdmin):
    """Records written by the services only: listed and opened, never added, changed or deleted.
    A model without a region (a signature, a step record) is shown to administrators only."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """Scoped rows; for unscoped models, every row to an administrator and none to others."""
        if hasattr(self.model, "scope_path"):
            return super().get_queryset(request)
        rows = admin.ModelAdmin.get_queryset(self, request)
        return rows if scope_of(request.user).everything else rows.none()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CorrectingAdmin(ScopedAdmin):
    """Saves changes through the registry's correction services: never an overwrite."""

    # The correction service of the model, and the fields it may change.
    correction: Any = None
    changeable: frozenset[str] = frozenset()
    # Fields shown together under "Assets and exclusions" (the card's names are the roster's).
    facts: tuple[str, ...] = ()

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """The card's fields, its assets and exclusion facts apart, then the reason for a change."""
        fields = list(self.get_fields(request, obj))
        if not self.facts:
            return [(None, {"fields": fields})]
        asked = [f for f in fields if f in CorrectionForm.declared_fields]
        facts = [f for f in fields if f in self.facts]
        card = [f for f in fields if f not in facts and f not in asked]
        return [
            (None, {"fields": card}),
            (_("Assets and exclusions"), {"fields": facts}),
            (None, {"fields": asked}),
        ]

    def correct(self, request: HttpRequest, obj: Any, form: Any) -> None:
        """Hands the changed fields to the model's correction service, with the form's reason."""
        changes = form.card_changes(self.changeable)
        if changes:
            type(self).correction(
                type(obj).objects.get(pk=obj.pk),
                changes,
                actor=request.user,
                expected_version=form.cleaned_data["expected_version"],
                reason=form.cleaned_data["reason"],
            )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A change is a correction (old values kept); a new record is saved and noted."""
        if change:
            try:
                self.correct(request, obj, form)
            except RecordError as exc:  # a stale version too
                raise ValidationError(str(exc)) from exc
            return
        super().save_model(request, obj, form, change)
        self.added(request, obj, form)

    def added(self, request: HttpRequest, obj: Any, form: Any) -> None:
        """What a new record writes besides itself (nothing by default)."""


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ("code", "name", "level", "deep_poverty", "key_county", "western")
    list_filter = ("level", "deep_poverty", "key_county", "western")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(Household)
class HouseholdAdmin(CorrectingAdmin):
    form = HouseholdForm
    list_display = ("number", "head_name", "village", "household_type", "main_cause", "status")
    list_filter = ("status", "household_type", "main_cause", "housing_grade")
    search_fields = ("number", "head_name")
    raw_id_fields = ("village",)
    readonly_fields = ("status", "version")
    inlines = (MemberInline, IncomeInline, StatusEventInline, FieldChangeInline)
    list_select_related = ("village",)

    correction = correct_household
    changeable = HOUSEHOLD_FIELDS
    facts = EXCLUSION_HOUSEHOLD_COLUMNS

    def added(self, request: HttpRequest, obj: Household, form: Any) -> None:
        """A new household gets its 'registered' event, by this user."""
        append_event(obj, "registered", actor=request.user, reason=REGISTERED_IN_THE_BACK_OFFICE)


@admin.register(Member)
class MemberAdmin(CorrectingAdmin):
    """Members listed with masked ID numbers; opening one shows the full number and is logged."""

    form = MemberForm
    list_display = ("name", "masked_id", "household", "relation", "sex", "birth_date", "active")
    list_filter = ("active", "relation", "health", "labour_ability")
    search_fields = ("name", "household__number")
    raw_id_fields = ("household",)
    list_select_related = ("household",)

    @admin.display(description=_("ID number"))
    def masked_id(self, member: Member) -> str:
        return member.masked_id

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        """The member, its full-ID read logged to the fupin.access logger."""
        member = super().get_object(request, object_id, from_field)
        if member is not None:
            member.full_id(request.user, "admin")
        return member

    correction = correct_member
    changeable = MEMBER_FIELDS - {"household"}
    facts = EXCLUSION_MEMBER_COLUMNS

    def added(self, request: HttpRequest, obj: Member, form: Any) -> None:
        """A new member is noted on the household's history."""
        record_addition(
            obj.household,
            "members",
            f"{obj.name} ({obj.masked_id})",
            actor=request.user,
            reason=form.cleaned_data.get("reason") or str(REGISTERED_IN_THE_BACK_OFFICE),
        )


@admin.register(IncomeRecord)
class IncomeRecordAdmin(CorrectingAdmin):
    form = IncomeForm
    list_display = ("household", "year", "wage_local", "wage_migrant", "operating_income")
    list_filter = ("year",)
    search_fields = ("household__number",)
    raw_id_fields = ("household",)
    list_select_related = ("household",)

    correction = correct_income
    changeable = INCOME_FIELDS

    def added(self, request: HttpRequest, obj: IncomeRecord, form: Any) -> None:
        """A new year's income is noted on the household's history."""
        record_addition(
            obj.household,
            f"incomes.{obj.year}",
            str(obj.year),
            actor=request.user,
            reason=form.cleaned_data.get("reason") or str(REGISTERED_IN_THE_BACK_OFFICE),
        )


@admin.register(StatusEvent)
class StatusEventAdmin(ReadOnlyScopedAdmin):
    """Read-only: events are appended by the registry services, never edited."""

    list_display = ("household", "kind", "status_after", "occurred_at", "actor", "policy_id")
    list_filter = ("kind", "status_after")
    search_fields = ("household__number",)
    list_select_related = ("household", "actor")


@admin.register(SurveySubmission)
class SurveySubmissionAdmin(ReadOnlyScopedAdmin):
    """Read-only: written by `fupin survey import` and the survey upload."""

    list_display = (
        "instance_id",
        "household",
        "registered",
        "source",
        "imported_at",
        "imported_by",
    )
    list_filter = ("registered",)
    search_fields = ("instance_id", "household__number", "source")
    list_select_related = ("household", "imported_by")


@admin.register(Profile)
class ProfileAdmin(ScopedAdmin):
    list_display = ("user", "role", "region")
    list_filter = ("role",)
    search_fields = ("user__username", "region__code", "region__name")
    raw_id_fields = ("user", "region")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyScopedAdmin):
    """Tokens are made and revoked with `fupin createtoken` / `fupin revoketoken`."""

    list_display = (
        "prefix",
        "user",
        "name",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    search_fields = ("prefix", "user__username", "name")
