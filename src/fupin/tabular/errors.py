"""The one refusal of the tabular reader: where (file, sheet, row, column) and why."""

from __future__ import annotations


class TableError(ValueError):
    """A file that cannot be read as a table; ``row`` is the spreadsheet's row (0: the file)."""

    def __init__(
        self, file: str, message: str, *, sheet: str = "", row: int = 0, column: str = ""
    ) -> None:
        super().__init__(message)
        self.file, self.sheet, self.row, self.column = file, sheet, row, column
        self.message = message

    def __str__(self) -> str:
        place = ", ".join(
            part
            for part in (
                self.file,
                self.sheet and f"sheet {self.sheet}",
                self.row and f"row {self.row}",
                self.column and f"column {self.column}",
            )
            if part
        )
        return f"{place}: {self.message}"
