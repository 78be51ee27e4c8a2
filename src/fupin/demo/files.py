"""The demo's household files: scanned applications and signed exit agreements, a new version
of one, a withdrawn one, all made through the household-file services.

The "scans" are PDFs drawn here from the case's own text. Without the PDF engine (no Pango on the
machine) the files stay empty and the demo says so; everything else of the demo is unaffected.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fupin.dossier.services.documents import add_document, withdraw_document
from fupin.identification.models import Case
from fupin.pdf import CJK_FONTS, PdfUnavailable, html_to_pdf

log = logging.getLogger(__name__)

APPLICATIONS = 4  # households whose own application is scanned into their file
APPLICATION = gettext_noop("Application for registration as a poor household")
AGREEMENT = gettext_noop("Household's signed agreement to exit")
WRONG_SCAN = gettext_noop("scanned the neighbour's form by mistake")
RESCANNED = gettext_noop("rescanned: the first scan was hard to read")


def _scan(title: str, case: Case, signed_by: str, note: str = "") -> bytes:
    """A one-page PDF standing in for a scanned paper form."""
    html = format_html(
        '<html><body style="font-family: {}, sans-serif; font-size: 13pt; margin: 2cm">'
        "<h1 style='text-align:center'>{}</h1><p>{}</p><p>{} · {}</p>"
        "<p style='margin-top:3cm; text-align:right'>{}: {}<br>{}</p><p>{}</p></body></html>",
        CJK_FONTS, title, case.statement or "—", case.household.village.name,
        case.household.number, _("Signed"), signed_by, f"{case.opened_at:%Y-%m-%d}", note,
    )  # fmt: skip
    return html_to_pdf(str(html))


def _add(case: Case, kind: str, title: str, content: bytes, now: dt.datetime, actor: Any,
         replaces: Any = None) -> Any:  # fmt: skip
    return add_document(case.household_id, io.BytesIO(content), f"{kind}.pdf", kind=kind,
                        title=title, actor=actor, now=now, subject=case,
                        replaces_id=replaces.pk if replaces else None)  # fmt: skip


def load_demo_files(now: dt.datetime, actor: Any) -> int:
    """Adds the demo's documents; returns how many (0 when PDFs cannot be drawn here)."""
    applied = Case.objects.filter(origin="application").select_related("household__village")
    agreed = Case.objects.filter(kind="exit", stage__in=["agreed", "noticed", "announced"])
    documents = []
    try:
        for case in applied.order_by("id")[:APPLICATIONS]:
            content = _scan(_(APPLICATION), case, case.household.head_name)
            documents.append(_add(case, "application", _(APPLICATION), content, now, actor))
        for case in agreed.select_related("household__village").order_by("id"):
            content = _scan(_(AGREEMENT), case, case.household.head_name)
            documents.append(_add(case, "agreement", _(AGREEMENT), content, now, actor))
    except PdfUnavailable as exc:
        log.warning("the demo's household files stay empty: %s", exc)
        return 0
    if len(documents) >= 2:  # a scan of the wrong form, withdrawn; a clearer rescan of another
        withdraw_document(documents[0].pk, reason=_(WRONG_SCAN), actor=actor, now=now)
        old = documents[1]
        case = Case.objects.select_related("household__village").get(pk=old.subject_id)
        rescan = _scan(old.title, case, case.household.head_name, note=_(RESCANNED))
        documents.append(_add(case, old.kind, old.title, rescan, now, actor, replaces=old))
    return len(documents)
