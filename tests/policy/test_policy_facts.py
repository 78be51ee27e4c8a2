"""The bundled national policy against docs/policy-facts.md: a drift in either file fails here.

The expected values are read from the markdown (the poverty-line table and the sentences that state
each figure), never from the policy code; each value POLICY-FACTS tags [U] or [L] must carry that tag
in a comment of cn.toml, and [C] values must not be marked unconfirmed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from fupin.policy import Policy, load_policy

ROOT = Path(__file__).resolve().parents[2]
FACTS = ROOT / "docs" / "policy-facts.md"
CN_TOML = ROOT / "src" / "fupin" / "policy" / "bundled" / "cn.toml"


@pytest.fixture(scope="module")
def facts() -> str:
    return " ".join(FACTS.read_text(encoding="utf-8").split())  # one line: sentences wrap


@pytest.fixture(scope="module")
def facts_lines() -> list[str]:
    return FACTS.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def cn() -> Policy:
    return load_policy("cn")


def number(text: str) -> Decimal:
    """ "2,800" → 2800, "20%" → 0.20, "1.5" → 1.5."""
    text = text.replace(",", "").strip()
    if text.endswith("%"):
        return Decimal(text[:-1]) / 100
    return Decimal(text)


def find(facts: str, pattern: str) -> re.Match[str]:
    """The match of ``pattern`` in POLICY-FACTS, or a failure saying which sentence changed."""
    match = re.search(pattern, facts)
    assert match, f"docs/policy-facts.md no longer states /{pattern}/: update the test and cn.toml"
    return match


def toml_comment(table: str, key: str) -> str:
    """The comment on the line of ``key`` inside ``[table]`` of cn.toml (raw text, not parsed)."""
    current = ""
    for line in CN_TOML.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[]")
        elif current == table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return line.partition("#")[2]
    raise AssertionError(f"cn.toml has no key {key} in [{table}]")


def assert_tagged(table: str, key: str, tag: str) -> None:
    """A [U] or [L] fact carries its tag in cn.toml; a [C] fact is not marked [U] or [L]."""
    comment = toml_comment(table, key)
    if tag in ("U", "L"):
        assert f"[{tag}]" in comment, f"cn.toml [{table}] {key}: comment lacks [{tag}]: {comment!r}"
    else:
        assert "[U]" not in comment and "[L]" not in comment, f"[{table}] {key} is [C]: {comment!r}"


def poverty_table(lines: list[str]) -> dict[int, tuple[Decimal, str]]:
    """year → (exit standard, tag) from the markdown table of the "Poverty line" section."""
    start = lines.index(next(line for line in lines if line.startswith("## Poverty line")))
    rows = [line for line in lines[start + 1 :] if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    column = header.index("exit standard")
    assert header[column + 1] == "tag", f"unexpected poverty-line table header {header}"
    table: dict[int, tuple[Decimal, str]] = {}
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if not cells[0].isdigit():
            break
        value = re.match(r"[\d,]+", cells[column])
        assert value, f"cannot read the exit standard of {cells[0]}: {cells[column]!r}"
        table[int(cells[0])] = (number(value.group()), cells[column + 1][0])
    return table


def test_the_poverty_line_table_is_read(facts_lines: list[str]) -> None:
    table = poverty_table(facts_lines)
    assert sorted(table) == list(range(2014, 2021))


def test_poverty_lines_are_the_exit_standard_column(facts_lines: list[str], cn: Policy) -> None:
    for year, (value, tag) in poverty_table(facts_lines).items():
        assert cn.poverty_line(year) == value, year
        assert_tagged("poverty_line", str(year), tag)


def test_poverty_lines_after_2020_hold_the_2020_standard_unconfirmed(
    facts_lines: list[str], cn: Policy
) -> None:
    line_2020 = poverty_table(facts_lines)[2020][0]
    for year in range(2021, 2027):
        assert cn.poverty_line(year) == line_2020
        assert_tagged("poverty_line", str(year), "U")
    assert cn.years == tuple(range(2014, 2027))


def test_monitoring_line_rule(facts: str, cn: Policy) -> None:
    match = find(facts, r"below \*\*about ([\d.]+) × the poverty line\*\* \[(\w)\]")
    assert cn.monitoring.line_multiplier == number(match.group(1))
    assert_tagged("monitoring", "line_multiplier", match.group(2))
    # Before 2021 there is no absolute line: the rule gives it.
    assert cn.monitoring_line(2020) == number(match.group(1)) * cn.poverty_line(2020)


def test_monitoring_scale(facts: str, cn: Policy) -> None:
    match = find(
        facts,
        r"generally about (\d+%) of the registered population, at most (\d+%) in deep-poverty areas\" \[(\w)\]",
    )
    assert cn.monitoring.scale_share == number(match.group(1))
    assert cn.monitoring.scale_share_deep_poverty == number(match.group(2))
    assert_tagged("monitoring", "scale_share", match.group(3))


def test_national_monitoring_lines(facts: str, cn: Policy) -> None:
    first = find(facts, r"2021: ([\d,]+) \(= [\d.]+ × [\d,]+\) \[(\w)\]")
    later = find(facts, r"later national values \(([\d,]+) / ([\d,]+) / ([\d,]+)\) \[(\w)\]")
    expected = {2021: (first.group(1), first.group(2))}
    for offset, value in enumerate(later.groups()[:3], start=1):
        expected[2021 + offset] = (value, later.group(4))
    for year, (value, tag) in expected.items():
        assert cn.monitoring_line(year) == number(value), year
        assert_tagged("monitoring.line", str(year), tag)
    # 2025 has no national figure: cn holds the latest one, marked unconfirmed.
    assert cn.monitoring_line(2025) == number(later.group(3))
    assert_tagged("monitoring.line", "2025", "U")


def test_yunnan_monitoring_line(facts: str) -> None:
    match = find(facts, r"Yunnan (\d{4}): ([\d,]+) \[(\w)\]")
    yunnan = load_policy("cn-53")
    assert yunnan.monitoring_line(int(match.group(1))) == number(match.group(2))
    comment = (ROOT / "src/fupin/policy/bundled/cn-53.toml").read_text(encoding="utf-8")
    assert f"[{match.group(3)}]" in comment


def test_department_screening(facts: str, cn: Policy) -> None:
    match = find(
        facts,
        r"above ([\d,]+) \(monitored person\) or ([\d,]+) \(other rural resident\) \[(\w)\], yearly out-of-pocket at least ([\d,]+) \[(\w)\]",
    )
    assert cn.monitoring.hospital_oop_monitored == number(match.group(1))
    assert cn.monitoring.hospital_oop_other == number(match.group(2))
    assert cn.monitoring.annual_oop == number(match.group(4))
    assert_tagged("monitoring", "hospital_oop_monitored", match.group(3))
    assert_tagged("monitoring", "hospital_oop_other", match.group(3))
    assert_tagged("monitoring", "annual_oop", match.group(5))


def test_monitoring_procedure(facts: str, cn: Policy) -> None:
    procedure = find(
        facts,
        r"Procedure \[(\w)\]: application.*?at least (two|three) people.*?notice \((\d+)–(\d+) days\).*?(\d+) working days in total",
    )
    assert cn.monitoring.visit_people_min == {"two": 2, "three": 3}[procedure.group(2)]
    assert (cn.monitoring.notice_days_min, cn.monitoring.notice_days_max) == (
        int(procedure.group(3)),
        int(procedure.group(4)),
    )
    assert cn.monitoring.decision_working_days == int(procedure.group(5))
    for key in ("visit_people_min", "notice_days_min", "notice_days_max", "decision_working_days"):
        assert_tagged("monitoring", key, procedure.group(1))
    eliminated = find(
        facts, r"Risk eliminated \(风险消除\) \[(\w)\]: income stable for at least half a year"
    )
    assert cn.monitoring.risk_elimination_months == 6
    assert_tagged("monitoring", "risk_elimination_months", eliminated.group(1))


def test_identification_procedure(facts: str, cn: Policy) -> None:
    quorum = find(facts, r"at least (\d+/\d+) of representatives present \[(\w)\]")
    assert cn.identification.appraisal_quorum == Fraction(quorum.group(1))
    assert_tagged("identification", "appraisal_quorum", quorum.group(2))
    township = find(facts, r"township review \(spot checks of at least (\d+%) \[(\w)\]\)")
    county = find(facts, r"county review \(spot checks of at least (\d+%) \[(\w)\]\)")
    assert cn.identification.township_spot_check == number(township.group(1))
    assert cn.identification.county_spot_check == number(county.group(1))
    assert_tagged("identification", "township_spot_check", township.group(2))
    assert_tagged("identification", "county_spot_check", county.group(2))
    notice = find(facts, r"lasts \*\*at least (\d+) days\*\* \[(\w)\]")
    assert cn.identification.notice_days_min == int(notice.group(1))
    assert_tagged("identification", "notice_days_min", notice.group(2))


def test_exclusions(facts: str, cn: Policy) -> None:
    match = find(facts, r"Exclusions \(\"四不列 / 七不进\"\) \[(\w)\]: (.*?)\. -")
    listed = match.group(2).split(";")
    assert len(cn.identification.exclusions) == len(listed) == 6
    assert len(set(cn.identification.exclusions)) == 6


def test_deep_poverty_and_poor_village(facts: str, cn: Policy) -> None:
    deep = find(facts, r"incidence above (\d+%) and villages above (\d+%)")
    assert cn.identification.deep_poverty_county_incidence == number(deep.group(1))
    assert cn.identification.deep_poverty_village_incidence == number(deep.group(2))
    village = find(
        facts,
        r"incidence at least (twice|three times) the provincial rate; per-capita net income below (\d+%)",
    )
    assert (
        cn.identification.poor_village_incidence_multiple
        == {"twice": 2, "three times": 3}[village.group(1)]
    )
    assert cn.identification.poor_village_income_share == number(village.group(2))


def test_school_age(facts: str, cn: Policy) -> None:
    match = find(facts, r"every child aged (\d+)–(\d+) in school")
    # "aged 6–16": from the 6th birthday until the 16th, i.e. completed years 6 to 15.
    assert cn.guarantees.school_age_min == int(match.group(1))
    assert cn.guarantees.school_age_max == int(match.group(2)) - 1
    find(facts, r"every member insured; house not dilapidated")
    assert cn.guarantees.require_medical_insurance is True
    assert cn.guarantees.dilapidated_grades
    find(facts, r"plus \*\*safe drinking water\*\*")
    assert cn.guarantees.require_safe_water is True


def test_village_exit(facts: str, cn: Policy) -> None:
    match = find(
        facts,
        r"Village \[(\w)\]: incidence below \*\*(\d+%)\*\* \(\*\*(\d+%)\*\* in the western region\)",
    )
    assert cn.exit.village_incidence_max == number(match.group(2))
    assert cn.exit.village_incidence_max_west == number(match.group(3))
    assert_tagged("exit", "village_incidence_max", match.group(1))


@pytest.mark.parametrize(
    ("indicator", "fields"),
    [
        (
            "overall incidence",
            ("county_overall_incidence_max", "county_overall_incidence_max_west"),
        ),
        ("wrong-exit rate", ("wrong_exit_max",)),
        ("missed-poor rate", ("missed_poor_max",)),
        ("public approval", ("approval_min",)),
    ],
)
def test_county_exit(
    facts_lines: list[str], cn: Policy, indicator: str, fields: tuple[str, ...]
) -> None:
    row = next((line for line in facts_lines if line.startswith(f"| {indicator}")), None)
    assert row, f"docs/policy-facts.md lost the county-exit row {indicator!r}"
    threshold = row.split("|")[2]
    values = [number(v) for v in re.findall(r"[<>] (\d+%)", threshold)]
    assert [getattr(cn.exit, field) for field in fields] == values


def test_assessment_sample(facts: str, cn: Policy) -> None:
    match = find(
        facts,
        r"Provincial practice \[(\w)\]: .*? (\d+)–(\d+) villages per county; non-poor households sampled at (\d+%) per village, at most (\d+)",
    )
    assert (cn.exit.sample_villages_min, cn.exit.sample_villages_max) == (
        int(match.group(2)),
        int(match.group(3)),
    )
    assert cn.exit.sample_non_poor_share == number(match.group(4))
    assert cn.exit.sample_non_poor_max == int(match.group(5))
    assert_tagged("exit", "sample_non_poor_max", match.group(1))


def test_microcredit(facts: str, cn: Policy) -> None:
    caps = find(
        facts,
        r"Poverty microcredit \(扶贫小额信贷\) \[(\w)\]: at most \*\*([\d,]+) yuan\*\*, at most \*\*(\d+) years\*\*",
    )
    assert cn.microcredit.max_amount == number(caps.group(2))
    assert cn.microcredit.max_years == int(caps.group(3))
    assert_tagged("microcredit", "max_amount", caps.group(1))
    assert_tagged("microcredit", "max_years", caps.group(1))
    ages = find(facts, r"aged (\d+)–(\d+) with good credit")
    assert (cn.microcredit.borrower_age_min, cn.microcredit.borrower_age_max) == (
        int(ages.group(1)),
        int(ages.group(2)),
    )
    subsidy = find(
        facts, r"full interest subsidy to end-(\d{4}), \*\*(\d+%)\*\* in (\d{4})–(\d\d) \[(\w)\]"
    )
    full_until, partial = int(subsidy.group(1)), number(subsidy.group(2))
    partial_years = range(int(subsidy.group(3)), 2000 + int(subsidy.group(4)) + 1)
    for year in range(2014, full_until + 1):
        assert cn.microcredit.interest_subsidy(year) == 1
    for year in partial_years:
        assert cn.microcredit.interest_subsidy(year) == partial
        assert_tagged("microcredit.interest_subsidy", str(year), subsidy.group(5))
