"""The kinds of document a household's file holds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What a document is, as the file's table of contents groups it."""

    APPLICATION = "application", _("application")
    MINUTES = "minutes", _("meeting minutes")
    AGREEMENT = "agreement", _("signed agreement")
    EVIDENCE = "evidence", _("evidence")
    PHOTO = "photo", _("photo")
    SCAN = "scan", _("scan")
    OTHER = "other", _("other")
