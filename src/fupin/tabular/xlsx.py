"""Workbook sheets as text tables; merged cells, formulas without a value and cells beyond the
last column Excel has are refused, naming the cell, rather than read as empty."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from fupin.i18n import gettext as _
from fupin.tabular.cells import cell_text
from fupin.tabular.errors import TableError
from fupin.tabular.table import Rows, TextTable, build_table, first_nonblank, header_names

RowProgress = Callable[[int], None]
PROGRESS_EVERY = 5_000
CHUNK = 1 << 22
MERGED = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
BEYOND_XFD = re.compile(rb'<(?:\w+:)?c r="([A-Z]{4,}[0-9]+)"')
FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _scan(archive: zipfile.ZipFile, member: str) -> tuple[list[str], list[str], bool]:
    """Merged ranges, cells beyond XFD, and whether any formula is present — one streamed pass."""
    merged: list[str] = []
    beyond: list[str] = []
    formulas = False
    tail = b""
    with archive.open(member) as source:
        while chunk := source.read(CHUNK):
            window = tail + chunk
            merged += [m.decode() for m in MERGED.findall(window)]
            beyond += [m.decode() for m in BEYOND_XFD.findall(window)]
            formulas = formulas or FORMULA.search(window) is not None
            tail = window[-256:]  # a tag cut by the chunk's edge is found in the next window
    return list(dict.fromkeys(merged)), list(dict.fromkeys(beyond)), formulas


def _formula_without_value(archive: zipfile.ZipFile, member: str) -> str | None:
    """The first cell holding a formula but no saved value, or None."""
    with archive.open(member) as source:
        for _event, element in ElementTree.iterparse(source):
            if element.tag.rsplit("}", 1)[-1] != "c":
                continue
            children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            value = children.get("v")
            # An empty <v/> is a saved empty text only when the cell says it holds text.
            saved = value is not None and (bool(value.text) or element.get("t") == "str")
            if "f" in children and not saved and "is" not in children:
                return element.get("r", "?")
            element.clear()
    return None


Source = Path | IO[bytes]


def _name(source: Source) -> str:
    return source.name if isinstance(source, Path) else str(getattr(source, "name", "workbook"))


def check_structure(source: Source, member: str, sheet: str) -> None:
    """Refuses the sheet for merged cells, cells beyond column XFD, or formulas with no value."""
    name = _name(source)
    if not isinstance(source, Path):
        source.seek(0)
    with zipfile.ZipFile(source) as archive:
        merged, beyond, formulas = _scan(archive, member)
        if merged:
            message = _("merged cells {ranges}: unmerge them and fill every cell").format(
                ranges=", ".join(merged[:5])
            )
            raise TableError(name, message, sheet=sheet, column=merged[0])
        if beyond:
            message = _("cell {cell} lies beyond column XFD, the last Excel has").format(
                cell=beyond[0]
            )
            raise TableError(name, message, sheet=sheet, column=beyond[0])
        cell = _formula_without_value(archive, member) if formulas else None
    if cell is not None:
        message = _(
            "cell {cell} holds a formula with no saved value: open the file in Excel or WPS, "
            "let it calculate, and save it"
        ).format(cell=cell)
        raise TableError(name, message, sheet=sheet, column=cell)


def _rows(values: Iterable[Iterable[Any]], on_rows: RowProgress | None) -> Rows:
    rows: Rows = []
    for row in values:
        rows.append([cell_text(v) for v in row])
        if on_rows is not None and len(rows) % PROGRESS_EVERY == 0:
            on_rows(PROGRESS_EVERY)
    return rows


RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
SHEET_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_parts(source: Source) -> dict[str, str]:
    """Each sheet's name → its part in the package (``xl/worksheets/sheet1.xml``), read from the
    workbook's own relationships."""
    if not isinstance(source, Path):
        source.seek(0)
    with zipfile.ZipFile(source) as archive:
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(RELATIONSHIPS)
        }  # fmt: skip
        sheets = ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(SHEET_TAG)
        parts = {}
        for sheet in sheets:
            target = targets.get(sheet.get(REL_ID), "")
            parts[sheet.get("name", "")] = (
                target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            )
    return parts


def _sheet_table(
    workbook: Any, sheet: str, part: str, source: Source, on_rows: RowProgress | None
) -> TextTable:
    name = _name(source)
    try:
        check_structure(source, part, sheet)
    except (
        zipfile.BadZipFile,
        KeyError,
        EOFError,
        OSError,
        ElementTree.ParseError,
        zlib.error,
    ) as exc:
        message = _("cannot read this sheet of the workbook: {error}").format(error=exc)
        raise TableError(name, message, sheet=sheet) from None
    try:  # every cell from A1, so that row numbers are the workbook's own
        values = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own kinds for a damaged sheet
        message = _("cannot read this sheet of the workbook: {error}").format(error=exc)
        raise TableError(name, message, sheet=sheet) from None
    rows = _rows(values, on_rows)
    start = first_nonblank(rows)
    if start is None:
        raise TableError(name, _("the sheet holds no header row"), sheet=sheet)
    names = header_names(rows[start], name, sheet, start + 1)
    return build_table(names, rows[start + 1 :], start + 2, file=name, sheet=sheet)


def _open(source: Source) -> tuple[Any, dict[str, str]]:
    """The workbook (python-calamine, a Rust reader) and its sheets' parts."""
    from python_calamine import CalamineWorkbook

    try:
        parts = sheet_parts(source)
        if isinstance(source, Path):
            return CalamineWorkbook.from_path(str(source)), parts
        source.seek(0)
        return CalamineWorkbook.from_filelike(source), parts
    except Exception as exc:  # a damaged package, or one that is no workbook at all
        message = _("cannot open the workbook: {error}").format(error=exc)
        raise TableError(_name(source), message) from None


def read_xlsx_tables(
    source: Source, sheets: Iterable[str] | None = None, on_rows: RowProgress | None = None
) -> dict[str, TextTable]:
    """The named sheets (default: the first) of an .xlsx workbook (a path or an open binary
    file) as text tables."""
    workbook, parts = _open(source)
    try:
        wanted = list(sheets) if sheets is not None else list(parts)[:1]
        tables = {}
        for name in wanted:
            if name not in parts:
                message = _("the workbook has no sheet named {name}").format(name=name)
                raise TableError(_name(source), message, sheet=name)
            tables[name] = _sheet_table(workbook, name, parts[name], source, on_rows)
        return tables
    finally:
        workbook.close()
