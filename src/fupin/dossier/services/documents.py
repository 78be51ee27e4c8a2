"""Adding a document to a household's file, a new version of one, and withdrawing one."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fupin.dossier.choices import DocumentKind
from fupin.dossier.errors import DocumentError
from fupin.dossier.models import Document, Withdrawal
from fupin.dossier.permissions import ADD_DOCUMENT, WITHDRAW_DOCUMENT
from fupin.dossier.services.uploads import check_upload
from fupin.registry.models import Household
from fupin.registry.permissions import User, account_of, require


def _replaced(household: Household, replaces_id: int | None) -> Document | None:
    if replaces_id is None:
        return None
    old = Document.objects.filter(pk=replaces_id, household=household).first()
    if old is None:
        raise DocumentError([("replaces", _("That document is not in this household's file."))])
    if old.withdrawal is not None:
        raise DocumentError([("replaces", _("A withdrawn document cannot get a new version."))])
    return old


def add_document(
    household_id: int,
    stream: IO[bytes],
    name: str,
    *,
    kind: str,
    title: str,
    actor: User,
    now: dt.datetime,
    replaces_id: int | None = None,
    subject: Any = None,
) -> Document:
    """Checks the upload and keeps it in the household's file (a new version if ``replaces_id``)."""
    if kind not in DocumentKind.values:
        raise DocumentError([("kind", _("not a kind of document: %(kind)s") % {"kind": kind})])
    checked = check_upload(stream, name)
    if not title.strip():
        raise DocumentError([("title", _("Give the document a title."))])
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household_id)
        require(actor, ADD_DOCUMENT, household)
        document = Document(
            household=household, kind=kind, title=title.strip()[:200],
            original_name=name[:200], content_type=checked.content_type,
            size=len(checked.content), sha256=checked.sha256, uploaded_by=account_of(actor),
            uploaded_at=now, replaces=_replaced(household, replaces_id),
        )  # fmt: skip
        if subject is not None:
            document.subject_type = ContentType.objects.get_for_model(subject)
            document.subject_id = subject.pk
        document.file.save(f"upload.{checked.extension}", ContentFile(checked.content), save=False)
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:  # another version of the same document was saved first
            message = _("Someone else added a new version of that document; reload the file.")
            raise DocumentError([("replaces", message)]) from None
    return document


def withdraw_document(
    document_id: int, *, reason: str, actor: User, now: dt.datetime
) -> Withdrawal:
    """Marks a document withdrawn (it stays in the file, with who withdrew it, when and why)."""
    if not reason.strip():
        raise DocumentError([("reason", _("Say why the document is withdrawn."))])
    with transaction.atomic():
        document = Document.objects.select_related("household__village").get(pk=document_id)
        require(actor, WITHDRAW_DOCUMENT, document)
        Household.objects.select_for_update().get(pk=document.household_id)
        if Withdrawal.objects.filter(document=document).exists():
            raise DocumentError([("reason", _("That document is already withdrawn."))])
        return Withdrawal.objects.create(
            document=document, withdrawn_by=account_of(actor), withdrawn_at=now,
            reason=reason.strip(),
        )  # fmt: skip
