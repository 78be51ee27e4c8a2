"""Exporting a list: checked against the list's own permission and the reader's scope, written
at once when it is short, as a job when it is long; files kept a week, for their reader only."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from fupin.jobs.models import Job
from fupin.jobs.services.runs import start_job
from fupin.procedure.errors import NotAllowed
from fupin.registry.extensions import LIST_EXPORTS, ListExport, Listing
from fupin.registry.permissions import EXPORT_LISTS, User, access_log, can, scope_of
from fupin.tabular.writing import FORMATS, write_rows

EXPORT_LIST = "exports.list"
DIRECT_ROWS = 5_000  # a list this short is written while the reader waits (well under a second)
KEEP_DAYS = 7  # an exported file holds personal data: it is not kept for long


class UnknownExport(LookupError):
    """No list of that name can be exported."""


def export_named(name: str) -> ListExport:
    """The declared export ``name``; raises UnknownExport."""
    try:
        return LIST_EXPORTS[name]
    except KeyError:
        raise UnknownExport(name) from None


def listing_for(user: User | None, name: str, query: QueryDict, today: dt.date) -> Listing:
    """The list ``name`` filtered by ``query`` within the user's scope; raises NotAllowed
    without the export permission or the list's own."""
    export = export_named(name)
    if not (can(user, EXPORT_LISTS) and can(user, export.permission)):
        raise NotAllowed([("list", _("your role may not export this list"))])
    return export.build(user, query, today)


def checked_format(value: str | None) -> str:
    """The asked format (csv or xlsx); raises ValueError naming the choices."""
    if value not in FORMATS:
        raise ValueError(_("format: one of %(choices)s") % {"choices": ", ".join(FORMATS)})
    return value


def file_name(name: str, fmt: str, today: dt.date) -> str:
    """What the reader's copy is called: the list and the day, e.g. ``cases-20261207.xlsx``."""
    return f"{export_named(name).stem}-{today:%Y%m%d}.{fmt}"


def export_folder() -> Path:
    """Where exported files wait for their reader."""
    return Path(settings.DATA_DIR) / "exports"


def write_listing(
    listing: Listing, fmt: str, out: Path, progress: Callable[[int], None] | None = None
) -> int:
    """Writes the list to ``out``; returns the rows written."""
    return write_rows(out, fmt, listing.header, listing.rows, on_row=progress)


def log_export(user: User | None, name: str, rows: int) -> None:
    """Every export is in the access log: who took which list, how many rows."""
    username = user.get_username() if user is not None else "-"
    access_log.info("list exported: list=%s rows=%d user=%s", name, rows, username)


def start_export(
    user: User, name: str, query: str, fmt: str, language: str, now: dt.datetime
) -> Job:
    """Queues the export of a long list; its page offers the file when it is written."""
    params = {"export": name, "query": query, "format": fmt, "language": language,
              "stored": f"{secrets.token_hex(12)}.{fmt}"}  # fmt: skip
    return start_job(EXPORT_LIST, params, actor=user, region=scope_of(user).region, now=now)


def stored_file(job: Job) -> Path | None:
    """The file an export job wrote, while it is kept."""
    path = export_folder() / str(job.params.get("stored", ""))
    return path if job.params.get("stored") and path.is_file() else None


def forget_old_exports(now: float | None = None) -> int:
    """Deletes exported files older than KEEP_DAYS; returns how many."""
    folder = export_folder()
    if not folder.is_dir():
        return 0
    limit = (time.time() if now is None else now) - KEEP_DAYS * 86_400
    old = [path for path in folder.iterdir() if path.is_file() and path.stat().st_mtime < limit]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)
