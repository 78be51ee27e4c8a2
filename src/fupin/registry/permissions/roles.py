"""The roles a user can hold, as one enumeration, and the groups of roles permissions are made of."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    """Every role of Fupin; a user has exactly one (on their profile)."""

    COUNTY_OFFICE = "county_office"
    TOWNSHIP_OFFICE = "township_office"
    VILLAGE_CADRE = "village_cadre"
    PAIRED_HELPER = "paired_helper"
    AUDITOR = "auditor"
    ASSESSOR = "assessor"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        """The role's name in the active language."""
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.COUNTY_OFFICE: _("county poverty-alleviation office"),
    Role.TOWNSHIP_OFFICE: _("township poverty-alleviation office"),
    Role.VILLAGE_CADRE: _("village cadre"),
    Role.PAIRED_HELPER: _("paired helper"),
    Role.AUDITOR: _("auditor"),
    Role.ASSESSOR: _("third-party assessor"),
    Role.PUBLIC: _("public (read-only)"),
}
# The choices of every model field that stores a role.
ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]
ROLE_VALUES = tuple(role.value for role in Role)

ALL_ROLES = frozenset(Role)
# The offices that review and decide.
OFFICES = frozenset({Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE})
# Those who work with households, in the village or from the offices.
FIELD = frozenset({Role.VILLAGE_CADRE, Role.PAIRED_HELPER, *OFFICES})
# Everyone who may read individual households; the public reads aggregates only.
HOUSEHOLD_READERS = ALL_ROLES - {Role.PUBLIC}
# Roles that use the back office (the admin), each with its own model rights.
BACK_OFFICE = frozenset({*OFFICES, Role.AUDITOR})
