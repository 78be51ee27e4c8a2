"""The registry's permissions: reading regions and households, editing cards, revealing IDs,
exporting lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions.roles import (
    ALL_ROLES,
    BACK_OFFICE,
    FIELD,
    HOUSEHOLD_READERS,
    Role,
)
from fupin.registry.permissions.rules import define

VIEW_REGIONS = define(
    "registry.view_regions", ALL_ROLES, _("see the region tree and aggregated counts")
)
VIEW_HOUSEHOLDS = define(
    "registry.view_households",
    HOUSEHOLD_READERS,
    _("open village lists, household cards and search"),
)
EDIT_HOUSEHOLDS = define(
    "registry.edit_households",
    FIELD - {Role.PAIRED_HELPER},
    _("register households and correct their cards"),
)
REVEAL_ID_NUMBERS = define(
    "registry.reveal_id_numbers",
    {Role.VILLAGE_CADRE, Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.AUDITOR},
    _("read a member's full ID number (logged)"),
)
# A paired helper works with a few households: carrying a whole village's list away is for the
# officials who answer for it.
EXPORT_LISTS = define(
    "registry.export_lists",
    HOUSEHOLD_READERS - {Role.PAIRED_HELPER},
    _("export the lists they see (CSV or xlsx)"),
)
MANAGE_USERS = define(
    "registry.manage_users", {Role.COUNTY_OFFICE}, _("create users and set their roles")
)
VIEW_USERS = define("registry.view_users", BACK_OFFICE, _("see the users and roles of their area"))
