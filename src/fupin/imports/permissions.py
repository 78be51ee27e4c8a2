"""Who may import rosters into the registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import OFFICES, define

IMPORT_ROSTERS = define(
    "imports.import_rosters",
    OFFICES,
    _("import a roster (xlsx, or a ZIP of CSV files) into the registry of their area"),
)
