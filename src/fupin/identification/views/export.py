"""The case list as a spreadsheet (CSV, UTF-8 with a byte-order mark so Excel reads Chinese)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from fupin.identification import selectors


class _Echo:
    """A file-like object that hands back what the CSV writer writes."""

    def write(self, value: str) -> str:
        return value


def _header() -> list[str]:
    return [_("case"), _("household number"), _("head of household"), _("village code"),
            _("village"), _("kind"), _("stage"), _("opened on"), _("notice until"),
            _("open objections"), _("exclusions"), _("next step overdue since"), _("closed on")]  # fmt: skip


def _lines(cases: QuerySet[Any], today: dt.date) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(_header())
    for row in selectors.export_rows(cases, today):
        yield writer.writerow(row)


def export_csv(cases: QuerySet[Any], today: dt.date) -> StreamingHttpResponse:
    """Streams every case of the filtered list (not only the page shown)."""
    response = StreamingHttpResponse(_lines(cases, today), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"cases-{today:%Y%m%d}.csv")
    response["Cache-Control"] = "private, no-store"
    return response
