"""Submissions of the registration survey, as ODK Central and KoboToolbox export them, read into
the roster's two tables (households, members), each row keeping its place in the export.

- ODK Central: a ZIP of CSVs — the form's table (``KEY`` = the instance id) and one per repeat,
  ``…-members.csv``, whose ``PARENT_KEY`` names its submission.
- KoboToolbox: an .xlsx with the form's sheet first and a ``members`` sheet (``_parent_index`` →
  the submission's ``_index``), or a CSV of the form's sheet alone (comma or semicolon).

Columns are matched by the question's name, whatever group path an export puts before it
(``household-household_id``, ``household/household_id``). A submission a reviewer rejected is
left out and said so.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pyarrow as pa

from fupin.i18n import gettext as _
from fupin.rules import columns as col
from fupin.rules.roster.problems import Problem
from fupin.rules.roster.reader import ROW, RosterReadError
from fupin.tabular import TableError, TextTable, decode_csv, read_csv_table, read_xlsx_tables
from fupin.tabular.xlsx import sheet_parts

INSTANCE = "instance_id"
HOUSEHOLD_FIELDS = tuple(c for c in col.ALL_HOUSEHOLD_COLUMNS if c != "registered_status")
MEMBER_FIELDS = tuple(c for c in col.ALL_MEMBER_COLUMNS if c != "household_id")
# The submission's own version id is its instanceID (an edit in ODK Central gets a new one, while
# KEY stays the first version's), so a header naming instanceID comes first, whatever its groups.
INSTANCE_HEADERS = ("instanceID", "_uuid", "KEY")
PARENT_HEADERS = ("PARENT_KEY", "_parent_index", "_submission__uuid")
OWN_KEY = {"PARENT_KEY": ("KEY",), "_parent_index": ("_index",), "_submission__uuid": ("_uuid",)}
REJECTED = {"rejected", "validation_status_not_approved"}
REVIEW_HEADERS = ("ReviewState", "_validation_status")
MAX_UNPACKED = 2**30


class SubmissionError(RosterReadError):
    """The export cannot be read as the registration survey's submissions; says where."""


@dataclass(frozen=True)
class Place:
    """Where a table came from: the file (and sheet) and each roster column's own header."""

    name: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Submissions:
    """The submissions as roster tables (text, ``_row`` = the export's row, ``instance_id``);
    ``members`` is None when the export holds only the form's own table (a lone CSV)."""

    households: pa.Table
    members: pa.Table | None
    household_place: Place
    member_place: Place | None
    notes: list[str] = field(default_factory=list)


def _refuse(place: str, message: str, row: int = 0, column: str = "") -> SubmissionError:
    return SubmissionError(Problem(place, row, column, "", message, fatal=True))


def _question(header: str) -> str:
    """The question's name in a header that may carry its groups (``a-b``, ``a/b``)."""
    return re.split(r"[-/]", header)[-1]


def _headers(table: TextTable, fields: tuple[str, ...], place: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in table.columns.column_names:
        name = _question(header)
        if name in fields:
            if name in found:
                message = _("two columns answer {name}: {a} and {b}")
                raise _refuse(place, message.format(name=name, a=found[name], b=header))
            found[name] = header
    return found


def _column(table: TextTable, header: str | None) -> list[str | None]:
    if header is None or header not in table.columns.column_names:
        return [None] * table.num_rows
    return table.columns.column(header).to_pylist()


def _first(table: TextTable, headers: tuple[str, ...]) -> str | None:
    return next((h for h in headers if h in table.columns.column_names), None)


def _instance_header(table: TextTable) -> str | None:
    """The column of each submission's version id: ``…instanceID`` first, then Kobo's ``_uuid``,
    then ``KEY``."""
    names = table.columns.column_names
    for wanted in INSTANCE_HEADERS:
        for header in names:
            if header == wanted or _question(header) == wanted:
                return header
    return None


def _first_of_each(instances: list[str | None], keep: list[bool], rows: Sequence[int],
                   place: str) -> list[str]:  # fmt: skip
    """Keeps one row per instance id (an export may repeat a submission); notes the others."""
    seen: set[str] = set()
    notes = []
    for i, instance in enumerate(instances):
        if keep[i] and instance is not None:
            if instance in seen:
                keep[i] = False
                notes.append(_("{place} row {row}: the same submission again, left out")
                             .format(place=place, row=int(rows[i])))  # fmt: skip
            seen.add(instance)
    return notes


def _instance(value: str | None) -> str | None:
    """An instance id in ODK's form ``uuid:…`` (Kobo's ``_uuid`` has no prefix)."""
    if not value:
        return None
    return value if ":" in value else f"uuid:{value}"


def _households(table: TextTable, place: str) -> tuple[pa.Table, Place, list[str]]:
    headers = _headers(table, HOUSEHOLD_FIELDS, place)
    if "household_id" not in headers:
        raise _refuse(place, _("no household_id column: export the form's own names as headers "
                               "(Kobo: “XML values and headers”)"))  # fmt: skip
    instance_header = _instance_header(table)
    if instance_header is None:
        raise _refuse(place, _("no instance id column (KEY, meta-instanceID or _uuid)"))
    instances = [_instance(v) for v in _column(table, instance_header)]
    review = _column(table, _first(table, REVIEW_HEADERS))
    keep = [(review[i] or "") not in REJECTED for i in range(table.num_rows)]
    notes = [_("{place} row {row}: rejected by a reviewer, not imported").format(
        place=place, row=int(table.rows[i])) for i in range(table.num_rows) if not keep[i]]  # fmt: skip
    for i, instance in enumerate(instances):
        if instance is None and keep[i]:
            raise _refuse(place, _("a submission without its instance id"), int(table.rows[i]),
                          instance_header)  # fmt: skip
    notes += _first_of_each(instances, keep, [int(r) for r in table.rows], place)
    data: dict[str, list] = {name: _column(table, headers.get(name)) for name in HOUSEHOLD_FIELDS}
    data[ROW] = [int(r) for r in table.rows]
    data[INSTANCE] = instances
    chosen = pa.table({k: pa.array(v, pa.int64() if k == ROW else pa.string())
                       for k, v in data.items()}).filter(pa.array(keep, pa.bool_()))  # fmt: skip
    return chosen, Place(place, {**headers, INSTANCE: instance_header}), notes


def _owner_keys(main: TextTable, repeat: TextTable, place: str) -> tuple[str, list[str | None]]:
    parent = _first(repeat, PARENT_HEADERS)
    if parent is None:
        raise _refuse(place, _("no column linking a member to its submission (PARENT_KEY, "
                               "_parent_index or _submission__uuid)"))  # fmt: skip
    own = _first(main, OWN_KEY[parent])
    if own is None:
        raise _refuse(place, _("the form's table has no {key} column for {parent} to point at")
                      .format(key=OWN_KEY[parent][0], parent=parent))  # fmt: skip
    return parent, _column(main, own)


def _members(
    main: TextTable, main_place: Place, repeat: TextTable, place: str
) -> tuple[pa.Table, Place]:
    headers = _headers(repeat, MEMBER_FIELDS, place)
    parent, keys = _owner_keys(main, repeat, place)
    numbers = _column(main, main_place.headers["household_id"])
    ids = [_instance(v) for v in _column(main, main_place.headers[INSTANCE])]
    owners = dict(zip(keys, numbers, strict=True))
    instances = dict(zip(keys, ids, strict=True))
    links = _column(repeat, parent)
    for i, link in enumerate(links):
        if link not in owners:
            raise _refuse(place, _("this member's submission {key} is not in the form's table")
                          .format(key=link), int(repeat.rows[i]), parent)  # fmt: skip
    data: dict[str, list] = {name: _column(repeat, headers.get(name)) for name in MEMBER_FIELDS}
    data["household_id"] = [owners[link] for link in links]
    data[ROW] = [int(r) for r in repeat.rows]
    data[INSTANCE] = [instances[link] for link in links]
    table = pa.table({k: pa.array(v, pa.int64() if k == ROW else pa.string())
                      for k, v in data.items()})  # fmt: skip
    return table, Place(place, {**headers, "household_id": parent})


def _comma_csv(data: bytes, name: str) -> bytes:
    """The CSV with commas: Kobo may export with semicolons."""
    text, _encoding = decode_csv(data, name)
    first = text.split("\n", 1)[0]
    if first.count(";") <= first.count(","):
        return data
    out = io.StringIO()
    csv.writer(out).writerows(csv.reader(io.StringIO(text), delimiter=";"))
    return out.getvalue().encode("utf-8")


def _csv(data: bytes, name: str) -> TextTable:
    try:
        return read_csv_table(name, data=_comma_csv(data, name), name=name)
    except TableError as exc:
        raise _refuse(exc.sheet or exc.file, exc.message, exc.row, exc.column) from None


def _from_zip(path: Path) -> tuple[tuple[TextTable, str], tuple[TextTable, str] | None]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _refuse(path.name, _("not a ZIP archive")) from None
    with archive:
        infos = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise _refuse(path.name, _("the ZIP unpacks to more than 1 GB"))
        try:
            tables = {Path(i.filename).name: _csv(archive.read(i), Path(i.filename).name)
                      for i in infos}  # fmt: skip
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError) as exc:
            raise _refuse(
                path.name, _("the ZIP cannot be unpacked: {error}").format(error=exc)
            ) from None
    mains = [n for n, t in tables.items() if _first(t, PARENT_HEADERS) is None]
    repeats = [n for n in tables if Path(n).stem.split("-")[-1] == "members" and n not in mains]
    if len(mains) != 1:
        raise _refuse(path.name, _("the ZIP should hold one table of the form, not {count}")
                      .format(count=len(mains)))  # fmt: skip
    member = (tables[repeats[0]], repeats[0]) if repeats else None
    return (tables[mains[0]], mains[0]), member


def _from_workbook(path: Path) -> tuple[tuple[TextTable, str], tuple[TextTable, str] | None]:
    try:
        names = list(sheet_parts(path))
        if not names:
            raise _refuse(path.name, _("the workbook has no sheet"))
        main_sheet = names[0]
        sheets = read_xlsx_tables(path, [main_sheet, *(["members"] if "members" in names else [])])
    except TableError as exc:
        raise _refuse(exc.sheet or exc.file, exc.message, exc.row, exc.column) from None
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        raise _refuse(path.name, _("not an .xlsx workbook")) from None
    main = (sheets[main_sheet], f"{path.name} [{main_sheet}]")
    member = (sheets["members"], f"{path.name} [members]") if "members" in sheets else None
    return main, member


def read_submissions(path: str | Path) -> Submissions:
    """Reads an export of the registration survey (ODK Central's ZIP, Kobo's xlsx, or a CSV of
    the form's table); raises SubmissionError naming the file, row and column it cannot use."""
    source = Path(path)
    suffix = source.suffix.lower()
    if not source.is_file():
        raise _refuse(str(source), _("not found"))
    if suffix == ".zip":
        (main, main_name), member = _from_zip(source)
    elif suffix in (".xlsx", ".xlsm"):
        (main, main_name), member = _from_workbook(source)
    elif suffix == ".csv":
        (main, main_name), member = (_csv(source.read_bytes(), source.name), source.name), None
    else:
        raise _refuse(source.name, _("an export is a .zip (ODK Central), .xlsx or .csv (Kobo)"))
    households, household_place, notes = _households(main, main_name)
    if member is None:
        return Submissions(households, None, household_place, None, notes)
    members, member_place = _members(main, household_place, member[0], member[1])
    kept = set(households.column(INSTANCE).to_pylist())
    mask = [i in kept for i in members.column(INSTANCE).to_pylist()]
    members = members.filter(pa.array(mask, pa.bool_()))
    return Submissions(households, members, household_place, member_place, notes)
