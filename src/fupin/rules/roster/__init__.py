"""Rosters: read an .xlsx workbook or a CSV folder, validate every cell, report every problem."""

from __future__ import annotations

from fupin.rules.roster.problems import Problem, summary_lines, write_errors_csv
from fupin.rules.roster.reader import RawRoster, RosterReadError, read_roster
from fupin.rules.roster.validate import ValidatedRoster, validate_roster

__all__ = [
    "Problem",
    "RawRoster",
    "RosterReadError",
    "ValidatedRoster",
    "read_roster",
    "summary_lines",
    "validate_roster",
    "write_errors_csv",
]
