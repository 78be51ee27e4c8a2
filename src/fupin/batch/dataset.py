"""A batch dataset: ``households/`` and ``members/`` Parquet datasets under one folder.

Any number of files, hive partition folders allowed (``province=51/county=513223/``). Only the
roster columns are read; each row keeps the index of its file (``_file``) and its 1-based record
number in that file (``_row``) so problems can name the place. Which files are data, and how a
damaged one is refused: ``fupin.batch.files``.

Layout. When ``_fupin_dataset.json`` says ``"layout": "co-partitioned"`` (as `fupin synth
national` writes) and both folders hold the same file names, a household's members are in the
members file of the same name and each pair is processed on its own. Otherwise (or with
``layout="general"``) both tables are first hash-partitioned by household_id (``spill``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from fupin.batch.files import DatasetError, check_schema, data_files, read_footer, unreadable
from fupin.batch.normalise import as_text
from fupin.i18n import gettext as _
from fupin.rules import columns as col
from fupin.rules.roster.reader import ROW

MANIFEST = "_fupin_dataset.json"
FILE = "_file"
LAYOUTS = ("auto", "co-partitioned", "general")
REQUIRED = {
    col.HOUSEHOLDS_SHEET: tuple(
        c for c in col.HOUSEHOLD_COLUMNS if c not in col.OPTIONAL_HOUSEHOLD_COLUMNS
    ),
    col.MEMBERS_SHEET: col.MEMBER_COLUMNS,
}
WANTED = {col.HOUSEHOLDS_SHEET: col.HOUSEHOLD_COLUMNS, col.MEMBERS_SHEET: col.MEMBER_COLUMNS}
ENUMS = {
    col.HOUSEHOLDS_SHEET: tuple(col.HOUSEHOLD_ENUMS),
    col.MEMBERS_SHEET: tuple(col.MEMBER_ENUMS),
}


@dataclass(frozen=True)
class Dataset:
    """The files of a dataset (relative to root) and how members are placed."""

    root: Path
    households: list[str]
    members: list[str]
    co_partitioned: bool
    household_rows: int
    member_rows: int
    # Column → type, where every file agrees; columns whose type differs between files are read
    # as text (money as yuan text) so that the rows of several files can be put together.
    types: dict[str, dict[str, pa.DataType | None]]

    def path(self, sheet: str, index: int) -> Path:
        """Absolute path of a file of the households or members table."""
        names = self.households if sheet == col.HOUSEHOLDS_SHEET else self.members
        return self.root / sheet / names[index]


def open_dataset(root: str | Path, layout: str = "auto") -> Dataset:
    """Lists and checks the dataset's files; raises DatasetError naming what is missing."""
    root = Path(root)
    if layout not in LAYOUTS:
        raise DatasetError(_("unknown layout {layout}").format(layout=layout))
    files = {sheet: _files(root, sheet) for sheet in REQUIRED}
    checked = {sheet: _check_files(root, sheet, names) for sheet, names in files.items()}
    rows = {sheet: found[0] for sheet, found in checked.items()}
    paired = files[col.HOUSEHOLDS_SHEET] == files[col.MEMBERS_SHEET]
    if layout == "co-partitioned" and not paired:
        raise DatasetError(
            _("households/ and members/ do not hold the same file names; use --layout general")
        )
    declared = _manifest(root).get("layout") == "co-partitioned"
    co = paired and (layout == "co-partitioned" or (layout == "auto" and declared))
    return Dataset(
        root,
        files[col.HOUSEHOLDS_SHEET],
        files[col.MEMBERS_SHEET],
        co,
        rows[col.HOUSEHOLDS_SHEET],
        rows[col.MEMBERS_SHEET],
        {sheet: found[1] for sheet, found in checked.items()},
    )


def _files(root: Path, sheet: str) -> list[str]:
    folder = root / sheet
    if not folder.is_dir():
        raise DatasetError(_("{folder} is missing").format(folder=folder))
    return data_files(folder)


def _check_files(
    root: Path, sheet: str, names: list[str]
) -> tuple[int, dict[str, pa.DataType | None]]:
    rows = 0
    types: dict[str, pa.DataType | None] = {}
    for name in names:
        metadata, schema = read_footer(root / sheet / name)
        check_schema(root / sheet / name, schema, WANTED[sheet])
        present = set(schema.names)
        for column in REQUIRED[sheet]:
            if column not in present:
                raise DatasetError(
                    _("{sheet}/{file}: the column {column} is missing").format(
                        sheet=sheet, file=name, column=column
                    )
                )
        rows += metadata.num_rows
        for column in WANTED[sheet]:
            if column in present:
                kind = schema.field(column).type
                types[column] = kind if types.get(column, kind) == kind else None
    return rows, types


def _manifest(root: Path) -> dict:
    path = root / MANIFEST
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_file(dataset: Dataset, sheet: str, index: int) -> pa.Table:
    """One file's roster columns, with ``_file`` and ``_row``; DatasetError if it cannot be read."""
    path = dataset.path(sheet, index)
    try:
        table = _read_roster(path, sheet, dataset.types[sheet])
    except (pa.ArrowException, OSError, UnicodeDecodeError) as error:
        # Damage inside a page (decompression, a page header, invalid values) shows only now.
        raise unreadable(path, error) from None
    return with_place(table, index)


def _read_roster(path: Path, sheet: str, types: dict[str, pa.DataType | None]) -> pa.Table:
    schema = pq.read_schema(path)
    columns = [c for c in WANTED[sheet] if c in schema.names]
    # Enumerations are dictionary pages on disk: decoding them as dictionaries and expanding
    # once costs a fifth less than Parquet's own string materialisation.
    enums = [c for c in ENUMS[sheet] if c in columns and pa.types.is_string(schema.field(c).type)]
    # Pages written with a checksum (parquet-java, behind Spark and Hive, writes them by
    # default) are verified: damage to their bytes is refused, not decided as other values.
    table = pq.read_table(
        path, columns=columns, read_dictionary=enums, page_checksum_verification=True
    )
    _check_values(path, table)
    for name in enums:
        index_of = table.schema.get_field_index(name)
        table = table.set_column(index_of, name, table[name].combine_chunks().dictionary_decode())
    return unify(table, types)


def _check_values(path: Path, table: pa.Table) -> None:
    # Damaged text (invalid UTF-8, a dictionary index out of range) would otherwise fail later,
    # in the kernel, where the file is no longer known. Before decoding, a dictionary column
    # costs only its few distinct values: about 2% of a run.
    for name in table.column_names:
        values = table[name]
        try:
            values.validate(full=True)
            if pa.types.is_binary(values.type) or pa.types.is_large_binary(values.type):
                pc.cast(values, pa.string())  # bytes are read as text: UTF-8 (not GBK, say)
        except pa.ArrowInvalid as error:
            raise unreadable(path, error, name) from None


def unify(table: pa.Table, types: dict[str, pa.DataType | None]) -> pa.Table:
    """Columns in the dataset's common types; text where files disagree; absent ones as nulls."""
    columns = {}
    for name, kind in types.items():
        if name not in table.column_names:
            columns[name] = pa.nulls(table.num_rows, kind or pa.string())
        elif kind is None:
            columns[name] = as_text(table.select([name]), (name,))[name]
        else:
            columns[name] = table[name]
    return pa.table(columns)


def with_place(table: pa.Table, index: int, first_row: int = 1) -> pa.Table:
    """Adds ``_file`` (the file's index) and ``_row`` (1-based record number in that file)."""
    n = table.num_rows
    table = table.append_column(FILE, pa.array(np.full(n, index, dtype=np.int32)))
    return table.append_column(ROW, pa.array(np.arange(first_row, first_row + n, dtype=np.int64)))
