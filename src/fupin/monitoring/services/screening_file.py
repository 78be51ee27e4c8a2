"""Reading a monitoring department's list: which columns each department's list needs.

The reading itself (formats, headers, rows, problems) is the registry's, shared with every
department list (``fupin.registry.services.department_lists``).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from fupin.monitoring.errors import MonitoringError
from fupin.registry.services.department_lists import (
    DepartmentListError,
    ListRow,
    ParsedList,
    RowProblem,
    parse_rows,
)

# The rows monitoring reads are the shared department rows.
ScreeningRow = ListRow
REQUIRED: dict[str, tuple[str, ...]] = {
    "health": ("id_number", "date", "amount"),
    "civil": ("id_number", "date"),
    "disaster": ("id_number", "date"),
    "hr": ("id_number", "date"),
}


class ScreeningFileError(MonitoringError):
    """The file cannot be read as a list at all (format, sheet, missing column)."""


def parse_list(file_name: str, content: bytes, department: str, today: dt.date) -> ParsedList:
    """Checks every row of a department list; the first row holds the column names."""
    if department not in REQUIRED:
        raise ScreeningFileError(
            [("department", _("unknown department %(d)s") % {"d": department})]
        )
    try:
        return parse_rows(file_name, content, REQUIRED[department], today)
    except DepartmentListError as exc:
        raise ScreeningFileError(exc.errors) from None


__all__ = [
    "REQUIRED",
    "ParsedList",
    "RowProblem",
    "ScreeningFileError",
    "ScreeningRow",
    "parse_list",
]
