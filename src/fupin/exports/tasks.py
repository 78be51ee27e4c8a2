"""The export of a long list as a background job, and the daily clean-up of exported files."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from fupin.exports.services.exports import (
    EXPORT_LIST,
    export_folder,
    file_name,
    forget_old_exports,
    listing_for,
    log_export,
    write_listing,
)
from fupin.jobs.services.kinds import job_kind
from fupin.jobs.services.runs import JobContext
from fupin.registry.permissions import EXPORT_LISTS


@job_kind(
    EXPORT_LIST,
    _("Export a list"),
    EXPORT_LISTS,
    results={"rows": _("rows"), "file": _("file")},
    download="exports:download",
)
def export_list_job(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """Writes the list, as its reader filtered it, in the reader's language."""
    today = timezone.localdate(context.job.created_at)
    with translation.override(params.get("language") or None):
        listing = listing_for(context.actor, params["export"], QueryDict(params["query"]), today)
        context.progress(0, listing.count)
        rows = write_listing(
            listing, params["format"], export_folder() / params["stored"],
            lambda done: context.progress(done, max(done, listing.count)),
        )  # fmt: skip
    log_export(context.actor, params["export"], rows)
    return {"rows": rows, "file": file_name(params["export"], params["format"], today)}


@db_periodic_task(crontab(hour="3", minute="17"))
def forget_old_exports_daily() -> None:
    """Exported files go after a week (they hold personal data)."""
    forget_old_exports()
