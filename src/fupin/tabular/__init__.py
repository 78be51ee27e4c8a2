"""One reader for every tabular file a user hands Fupin: CSV in the encodings county offices
really save (UTF-8 with or without BOM, GB18030/GBK, UTF-16/32 with BOM) and .xlsx workbooks.

Every cell arrives as the text the user typed, or None when it is empty — nothing else is ever
empty (``NA``, ``NULL``, ``#N/A`` stay text, for the checks to refuse by name). Every row keeps the
spreadsheet's own row number. A file that cannot be read as a table — undecodable bytes, no header,
duplicate column names, merged cells, formulas without a value, a row of the wrong width — raises
:class:`TableError` naming the file, the sheet, the row and the column.
"""

from fupin.tabular.errors import TableError
from fupin.tabular.table import TextTable, column_letter
from fupin.tabular.text import decode_csv, read_csv_table
from fupin.tabular.xlsx import read_xlsx_tables

__all__ = [
    "TableError",
    "TextTable",
    "column_letter",
    "decode_csv",
    "read_csv_table",
    "read_xlsx_tables",
]
