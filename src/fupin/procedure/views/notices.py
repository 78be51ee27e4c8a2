"""A village's notice board (public, no login) and the objection form on each notice."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fupin.pdf import CJK_FONTS, PdfUnavailable, html_to_pdf
from fupin.procedure.errors import ProcedureError
from fupin.procedure.forms import ObjectionForm
from fupin.procedure.models import Notice
from fupin.procedure.ratelimit import over_limit
from fupin.procedure.selectors import notices_recent, notices_up
from fupin.procedure.services.notices import raise_objection
from fupin.registry.models import Region

LIMIT = 5  # objections per address per hour
WINDOW = 3600
PDF_LIMIT = 60  # printouts of a board per address per hour


def board(request: HttpRequest, code: str) -> HttpResponse:
    """The notices up in a village, and those that came down lately; names are masked."""
    village = get_object_or_404(Region, code=code, level="village")
    today = timezone.localdate()
    context = {
        "village": village,
        "up": [(n, ObjectionForm(prefix=f"n{n.pk}")) for n in notices_up(code, today)],
        "recent": list(notices_recent(code, today)),
    }
    return render(request, "procedure/board.html", context)


def board_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The notices up in a village as an A4 PDF for the village's board (one notice a page)."""
    village = get_object_or_404(Region, code=code, level="village")
    if over_limit(request, "notice_pdf", PDF_LIMIT, WINDOW):  # a PDF costs the server real work
        message = _("Too many printouts from this address; please try again in an hour.")
        return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    context = {
        "village": village,
        "notices": list(notices_up(code, timezone.localdate())),
        "board_url": request.build_absolute_uri(reverse("procedure:notices", args=[code])),
        "fonts": CJK_FONTS,
        "language": get_language() or "zh-hans",
    }
    try:
        pdf = html_to_pdf(render_to_string("procedure/board_print.html", context))
    except PdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"notices-{code}-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


def object_to(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: keeps an objection to a notice and answers with its reference."""
    notice = get_object_or_404(Notice.objects.select_related("region"), pk=pk)
    form = ObjectionForm(request.POST or None, prefix=f"n{notice.pk}")
    context = {"notice": notice, "form": form, "village": notice.region}
    if request.method != "POST":
        return render(request, "procedure/objection_form.html", context)
    if over_limit(request, "objection", LIMIT, WINDOW):
        context["errors"] = [
            _("Too many objections from this address; please try again in an hour.")
        ]
        return render(request, "procedure/objection_form.html", context, status=429)
    if not form.is_valid():
        return render(request, "procedure/objection_form.html", context, status=400)
    data = form.cleaned_data
    try:
        objection = raise_objection(
            notice,
            text=data["text"],
            name=data["name"],
            contact=data["contact"],
            now=timezone.now(),
        )
    except ProcedureError as exc:
        context["errors"] = [m for _f, m in exc.errors]
        return render(request, "procedure/objection_form.html", context, status=400)
    return render(request, "procedure/objection_received.html", {"objection": objection})
