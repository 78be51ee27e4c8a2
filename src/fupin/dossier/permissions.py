"""Who may read a household's file, add to it, withdraw from it, export and verify it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import FIELD, HOUSEHOLD_READERS, OFFICES, Role, define

VIEW_FILE = define(
    "dossier.view_file", HOUSEHOLD_READERS, _("read a household's file and its documents")
)
ADD_DOCUMENT = define(
    "dossier.add_document", FIELD, _("add a document (scan, photo, signed agreement) to a file")
)
WITHDRAW_DOCUMENT = define(
    "dossier.withdraw_document", FIELD, _("mark a document withdrawn, with the reason")
)
EXPORT_DOSSIER = define(
    "dossier.export",
    {*OFFICES, Role.AUDITOR, Role.ASSESSOR},
    _("export a household's dossier (PDF and attachments)"),
)
VERIFY_DOSSIER = define(
    "dossier.verify",
    {*OFFICES, Role.AUDITOR, Role.ASSESSOR},
    _("check an exported dossier against the stored records"),
)
