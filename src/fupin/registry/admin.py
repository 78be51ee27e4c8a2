"""Back-office admin for regions, households (with members), status events and profiles.

Non-superusers see and edit only what lies inside their region scope; status events are
read-only for everyone (they are appended by the services, never edited).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fupin.registry.models import Household, IncomeRecord, Member, Profile, Region, StatusEvent
from fupin.registry.models.events import REGISTERED_IN_THE_BACK_OFFICE
from fupin.registry.scoping import scope_prefix
from fupin.registry.services import append_event

# The back office speaks for Fupin, not for the framework it is built on.
admin.site.site_header = _("Fupin back office")
admin.site.site_title = _("Fupin back office")
admin.site.index_title = _("Registry administration")


def _prefix(request: HttpRequest) -> str | None:
    return scope_prefix(request.user)


class ScopedAdmin(admin.ModelAdmin):
    """Filters the change list and every object lookup by the user's region prefix."""

    scope_field = "code"  # the lookup leading to a region code

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """Only rows inside the user's scope."""
        queryset = super().get_queryset(request)
        prefix = _prefix(request)
        if prefix is None:
            return queryset.none()
        if prefix == "":
            return queryset
        return queryset.filter(**{f"{self.scope_field}__startswith": prefix})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """Region and household choices limited to the user's scope (raw-ID fields included)."""
        prefix = _prefix(request)
        if db_field.related_model is Region and prefix:
            kwargs["queryset"] = Region.objects.within(prefix)
        elif db_field.related_model is Household and prefix:
            kwargs["queryset"] = Household.objects.filter(village__code__startswith=prefix)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MemberInline(admin.TabularInline):
    """Members on the household page, ID masked; adding or re-activating a member happens on the
    member page, where the ID number is entered and checked against the whole registry."""

    model = Member
    extra = 0
    fields = (
        "name",
        "masked_id",
        "relation",
        "sex",
        "birth_date",
        "health",
        "labour_ability",
        "in_school",
        "medical_insurance",
        "active",
    )
    # The form has no ID number field: an error about the ID (a new person, or one active in
    # another household) could not be shown here and would crash the page.
    readonly_fields = ("masked_id", "active")

    @admin.display(description=_("ID number"))
    def masked_id(self, member: Member) -> str:
        return member.masked_id

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class IncomeInline(admin.TabularInline):
    model = IncomeRecord
    extra = 0


class StatusEventInline(admin.TabularInline):
    model = StatusEvent
    extra = 0
    can_delete = False
    fields = ("occurred_at", "kind", "status_after", "actor", "reason", "policy_id", "policy_hash")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ("code", "name", "level", "deep_poverty", "key_county", "western")
    list_filter = ("level", "deep_poverty", "key_county", "western")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    scope_field = "village__code"
    list_display = ("number", "head_name", "village", "household_type", "main_cause", "status")
    list_filter = ("status", "household_type", "main_cause", "housing_grade")
    search_fields = ("number", "head_name")
    raw_id_fields = ("village",)
    readonly_fields = ("status", "version")
    inlines = (MemberInline, IncomeInline, StatusEventInline)
    list_select_related = ("village",)

    def save_model(self, request: HttpRequest, obj: Household, form: Any, change: bool) -> None:
        """Saves the card; a new household also gets its 'registered' event, by this user."""
        super().save_model(request, obj, form, change)
        if not change:
            append_event(
                obj, "registered", actor=request.user, reason=REGISTERED_IN_THE_BACK_OFFICE
            )


@admin.register(Member)
class MemberAdmin(ScopedAdmin):
    """Members listed with masked ID numbers; opening one shows the full number and is logged."""

    scope_field = "household__village__code"
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


@admin.register(StatusEvent)
class StatusEventAdmin(ScopedAdmin):
    """Read-only: events are appended by the registry services, never edited."""

    scope_field = "household__village__code"
    list_display = ("household", "kind", "status_after", "occurred_at", "actor", "policy_id")
    list_filter = ("kind", "status_after")
    search_fields = ("household__number",)
    list_select_related = ("household", "actor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Profile)
class ProfileAdmin(ScopedAdmin):
    scope_field = "region__code"
    list_display = ("user", "role", "region")
    list_filter = ("role",)
    search_fields = ("user__username", "region__code", "region__name")
    raw_id_fields = ("user", "region")
