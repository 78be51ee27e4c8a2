"""The resolved policy: metadata, the poverty line by year and the rule sections."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from fupin.i18n import gettext
from fupin.policy.base import PolicyModel, Problem
from fupin.policy.canonical import canonical_json
from fupin.policy.errors import PolicyYearError
from fupin.policy.sections import (
    ExitRules,
    Guarantees,
    Identification,
    IncomeRules,
    Microcredit,
    Monitoring,
)
from fupin.policy.types import FEN, AmountByYear, policy_id, text

# Keys that describe the document rather than the rules: not inherited, not hashed.
METADATA = ("id", "version", "title", "description", "extends")


class Policy(PolicyModel):
    """A validated, immutable policy with its parents' values merged in."""

    id: Annotated[str, BeforeValidator(policy_id)]
    version: Annotated[str, BeforeValidator(text)]
    title: Annotated[str, BeforeValidator(text)]
    description: Annotated[str, BeforeValidator(text)] = ""
    extends: Annotated[str | None, BeforeValidator(policy_id)] = None
    poverty_line_by_year: AmountByYear = Field(alias="poverty_line")
    income: IncomeRules
    guarantees: Guarantees
    monitoring: Monitoring
    identification: Identification
    exit: ExitRules
    microcredit: Microcredit

    @property
    def parent(self) -> str | None:
        """The id of the policy this one extends, None for a root policy such as ``cn``."""
        return self.extends

    def display_title(self) -> str:
        """The title in the active language (bundled titles are translated, others as written)."""
        return " + ".join(gettext(part) for part in self.title.split(" + "))

    @property
    def years(self) -> tuple[int, ...]:
        """The years this policy covers, ascending."""
        return tuple(self.poverty_line_by_year)

    def canonical_values(self) -> dict[str, Any]:
        """The resolved rule values as JSON-ready data (metadata excluded)."""
        return self.model_dump(mode="python", by_alias=True, exclude=set(METADATA))

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON of the resolved rule values."""
        return hashlib.sha256(canonical_json(self.canonical_values()).encode()).hexdigest()

    def stamp(self) -> dict[str, str]:
        """What every decision records so it can be re-derived later."""
        return {
            "policy_id": self.id,
            "policy_version": self.version,
            "policy_hash": self.content_hash,
        }

    def poverty_line(self, year: int) -> Decimal:
        """The poverty line of ``year`` in yuan (2 dp); raises PolicyYearError."""
        self._require_year(year)
        return self.poverty_line_by_year[year]

    def poverty_line_fen(self, year: int) -> int:
        """The poverty line of ``year`` in fen."""
        return _to_fen(self.poverty_line(year))

    def monitoring_line(self, year: int) -> Decimal:
        """The year's absolute monitoring line if given, else multiplier × poverty line (half-up)."""
        line = self.poverty_line(year)
        absolute = self.monitoring.line_by_year.get(year)
        if absolute is not None:
            return absolute
        return (self.monitoring.line_multiplier * line).quantize(FEN, rounding=ROUND_HALF_UP)

    def monitoring_line_fen(self, year: int) -> int:
        """The monitoring line of ``year`` in fen."""
        return _to_fen(self.monitoring_line(year))

    def problems(self) -> Iterator[Problem]:
        """Conflicts between fields (year coverage, inverted ranges) for the loader to report."""
        yield from _year_problems("poverty_line", self.poverty_line_by_year)
        yield from _year_problems(
            "microcredit.interest_subsidy", self.microcredit.interest_subsidy_by_year
        )
        yield from self._coverage_problems("monitoring.line", self.monitoring.line_by_year)
        for section in (self.guarantees, self.monitoring, self.exit, self.microcredit):
            yield from section.problems()

    def _coverage_problems(self, field: str, table: Mapping[int, Any]) -> Iterator[Problem]:
        """Years of ``table`` that the poverty line does not cover."""
        years = self.years
        for year in table:
            if years and year not in years:
                context = {"year": year, "first": years[0], "last": years[-1]}
                yield (f"{field}.{year}", "year_not_covered", context)

    def _require_year(self, year: int) -> None:
        """Raises PolicyYearError when the policy has no poverty line for ``year``."""
        if year not in self.poverty_line_by_year:
            message = gettext("policy {id} covers {first}–{last}, not {year}").format(
                id=self.id, first=self.years[0], last=self.years[-1], year=year
            )
            raise PolicyYearError(message, year=year, policy_id=self.id)


def _year_problems(field: str, table: Mapping[int, Any]) -> Iterator[Problem]:
    """A per-year table must be non-empty and cover consecutive years."""
    if not table:
        yield (field, "years_empty", {})
        return
    missing = sorted(set(range(min(table), max(table) + 1)) - set(table))
    if missing:
        yield (field, "years_gap", {"missing": ", ".join(map(str, missing))})


def _to_fen(amount: Decimal) -> int:
    """An amount in yuan (whole fen) as an integer number of fen."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))
