"""Uploads kept on disk for their job: a roster (a workbook as it is, a ZIP unpacked to its two
CSVs) and a survey export (as it is)."""

from __future__ import annotations

import secrets
import shutil
import zipfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError

SHEETS = ("households.csv", "members.csv")
MAX_UNPACKED = 2 * 2**30  # a county's CSVs are a few hundred MB; a ZIP bomb is refused


def _zip_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    found = {Path(info.filename).name: info for info in archive.infolist() if not info.is_dir()}
    missing = [name for name in SHEETS if name not in found]
    if missing:
        raise RecordError([("file", _("the ZIP lacks %(names)s") % {"names": ", ".join(missing)})])
    if sum(found[name].file_size for name in SHEETS) > MAX_UNPACKED:
        raise RecordError([("file", _("the ZIP unpacks to more than 2 GB"))])
    return found


def keep_upload(stream: IO[bytes], name: str) -> tuple[Path, str]:
    """Stores the upload in a folder of its own under the data folder; returns (folder, the name
    of the roster in it: the workbook, or the folder of CSVs)."""
    folder = Path(settings.DATA_DIR) / "imports" / secrets.token_hex(8)
    folder.mkdir(parents=True)
    try:
        if name.lower().endswith(".xlsx"):
            with (folder / "roster.xlsx").open("wb") as out:
                shutil.copyfileobj(stream, out)
            return folder, "roster.xlsx"
        if not name.lower().endswith(".zip"):
            raise RecordError([("file", _("a roster is an .xlsx workbook or a .zip of CSV files"))])
        try:
            archive = zipfile.ZipFile(stream)
        except zipfile.BadZipFile:
            raise RecordError(
                [("file", _("%(name)s is not a ZIP archive") % {"name": name})]
            ) from None
        with archive:
            members = _zip_members(archive)
            (folder / "roster").mkdir()
            for sheet in SHEETS:
                with (
                    archive.open(members[sheet]) as source,
                    (folder / "roster" / sheet).open("wb") as out,
                ):
                    shutil.copyfileobj(source, out)
        return folder, "roster"
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


EXPORT_SUFFIXES = (".zip", ".xlsx", ".xlsm", ".csv")


def keep_export(stream: IO[bytes], name: str) -> tuple[Path, str]:
    """Stores a survey export as it is, in a folder of its own; returns (folder, its name)."""
    suffix = Path(name).suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise RecordError([("file", _("an export is a .zip (ODK Central), .xlsx or .csv (Kobo)"))])
    folder = Path(settings.DATA_DIR) / "imports" / secrets.token_hex(8)
    folder.mkdir(parents=True)
    kept = Path(name).name  # the user's own name: the job's problems name the file by it
    try:
        with (folder / kept).open("wb") as out:
            shutil.copyfileobj(stream, out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, kept
