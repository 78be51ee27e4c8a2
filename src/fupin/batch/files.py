"""Which files of ``households/`` and ``members/`` are data, and whether each is sound Parquet.

Every file under the folder is a data file, at any depth, except those whose name — or the name
of a folder on the way — starts with ``.`` or ``_`` (hidden files, ``_SUCCESS``,
``_common_metadata``, Spark's ``_temporary/``): the rule ``pyarrow.dataset`` and Spark apply, so
both engines see the same files. A data file that is not Parquet (a README.txt, a CSV export)
is refused rather than skipped: skipping it could silently leave a county's households out.

Each file's footer and schema are checked before anything is decided, so a damaged file
refuses the run up front, naming the file (and the column); damage deeper in a file, found only
when its pages are read, is refused the same way (``unreadable``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from fupin.i18n import gettext as _

IGNORED_PREFIXES = (".", "_")


class DatasetError(ValueError):
    """The dataset cannot be processed at all (missing folder, damaged file, missing column)."""


def data_files(folder: Path) -> list[str]:
    """The data files under ``folder``, relative to it and sorted; DatasetError if there is none."""
    found = []
    # Links are followed: a province folder linked in from elsewhere is data like any other.
    for directory, folders, names in os.walk(folder, followlinks=True):
        # Pruned in place, so that os.walk does not descend into ignored folders.
        folders[:] = [name for name in folders if not name.startswith(IGNORED_PREFIXES)]
        for name in names:
            if not name.startswith(IGNORED_PREFIXES):
                found.append(str((Path(directory) / name).relative_to(folder)))
    if not found:
        raise DatasetError(_("{folder} holds no Parquet file").format(folder=folder))
    return sorted(found)


def arrow_text(error: BaseException) -> str:
    """The first line of an Arrow error (some append a whole schema after it)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def read_footer(path: Path) -> tuple[pq.FileMetaData, pa.Schema]:
    """A file's Parquet footer and schema; DatasetError naming the file if it is not sound."""
    try:
        if path.stat().st_size == 0 and path.suffix.lower() == ".parquet":
            raise DatasetError(_("{path} is empty (0 bytes)").format(path=path))
        metadata = pq.read_metadata(path)
        return metadata, metadata.schema.to_arrow_schema()
    except (pa.ArrowException, OSError, UnicodeDecodeError) as error:  # a column name's bytes
        if path.suffix.lower() != ".parquet":
            message = _(
                "{path} is not a Parquet file; remove it, or start its name with _ to have it "
                "ignored"
            )
            raise DatasetError(message.format(path=path)) from None
        message = _("{path} is not a readable Parquet file (damaged or cut short): {error}")
        raise DatasetError(message.format(path=path, error=arrow_text(error))) from None


def check_schema(path: Path, schema: pa.Schema, wanted: Iterable[str]) -> None:
    """Refuses a repeated column name, or a roster column that is a list, structure or map."""
    seen: set[str] = set()
    for name in schema.names:
        if name in seen:
            message = _("{path}: the column {column} appears more than once")
            raise DatasetError(message.format(path=path, column=name))
        seen.add(name)
    for name in wanted:
        if name in seen and not is_plain_type(schema.field(name).type):
            message = _(
                "{path}: the column {column} is of type {type}; a roster column holds one "
                "value per row (text, a number or a date)"
            )
            raise DatasetError(message.format(path=path, column=name, type=schema.field(name).type))


def is_plain_type(kind: pa.DataType) -> bool:
    """Whether a column of this type can be read as roster values (it has a text form)."""
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if pa.types.is_nested(kind):
        return False
    try:
        # Every reader path may turn a column into text (as_text, string_column): a type with no
        # cast to text would fail there, mid-run, so it is refused here.
        pa.array([], kind).cast(pa.string())
    except (pa.ArrowException, TypeError):
        return False
    return True


def unreadable(path: Path, error: BaseException, column: str | None = None) -> DatasetError:
    """The refusal for an error raised while reading a file's pages (damage inside the file)."""
    if column is None:
        message = _("{path} cannot be read: {error}")
    else:
        message = _("{path}: the column {column} cannot be read: {error}")
    return DatasetError(message.format(path=path, column=column, error=arrow_text(error)))
