"""The identification app's permissions (each step of a procedure carries its own)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import FIELD, HOUSEHOLD_READERS, OFFICES, define

VIEW_CASES = define(
    "identification.view_cases", HOUSEHOLD_READERS, _("read cases, their evidence and steps")
)
OPEN_CASE = define(
    "identification.open_case", FIELD, _("open a case for a household (application or cadre)")
)
OPEN_IN_BULK = define(
    "identification.open_in_bulk", OFFICES, _("open cases in bulk from the rules' decisions")
)
SCREEN_REGISTRIES = define(
    "identification.screen_registries",
    OFFICES,
    _("import department registries (vehicles, property, business, payroll) for the exclusions"),
)
