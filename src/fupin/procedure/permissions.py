"""The engine's own permissions: reading and resolving objections to public notices."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import HOUSEHOLD_READERS, OFFICES, Role, define

VIEW_OBJECTIONS = define(
    "procedure.view_objections", HOUSEHOLD_READERS, _("read the objections raised to notices")
)
RESOLVE_OBJECTIONS = define(
    "procedure.resolve_objections",
    {*OFFICES, Role.VILLAGE_CADRE},
    _("record the finding that resolves an objection"),
)
