"""Loading policy files: bundled names, paths, and errors that name the file and the field."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from fupin.i18n import override
from fupin.policy import PolicyError, PolicyYearError, bundled_policies, load_policy

BUNDLED = Path(__file__).resolve().parents[2] / "src" / "fupin" / "policy" / "bundled"
HEADER = 'id = "child"\nversion = "1"\ntitle = "Child"\nextends = "cn"\n'


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def child(tmp_path: Path, body: str, name: str = "child.toml") -> Path:
    """A policy file extending the bundled cn with ``body``."""
    return write(tmp_path, name, HEADER + body)


def error_of(path: Path | str) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    return caught.value


def test_bundled_policies_are_listed_and_load() -> None:
    names = bundled_policies()
    assert names[0] == "cn"
    assert {"cn", "cn-53", "cn-west-key-county"} <= set(names)
    for name in names:
        policy = load_policy(name)
        assert policy.id == name  # a bundled file's id is its name


def test_root_policy_has_no_parent() -> None:
    cn = load_policy("cn")
    assert cn.parent is None
    assert load_policy("cn-53").parent == "cn"


def test_load_by_path_equals_load_by_name() -> None:
    assert load_policy(BUNDLED / "cn.toml") == load_policy("cn")
    assert load_policy(str(BUNDLED / "cn.toml")).content_hash == load_policy("cn").content_hash


def test_values_have_the_documented_types() -> None:
    cn = load_policy("cn")
    assert isinstance(cn.poverty_line(2014), Decimal)
    assert cn.identification.appraisal_quorum == Fraction(2, 3)
    assert isinstance(cn.identification.appraisal_quorum, Fraction)
    assert cn.guarantees.dilapidated_grades == ("C", "D")
    assert cn.monitoring.visit_days == 3
    assert cn.income.transfer_dependent_share == Decimal("0.5")


def test_unknown_bundled_name() -> None:
    error = error_of("xx-99")
    assert "xx-99" in str(error) and "cn-53" in str(error)


def test_missing_file(tmp_path: Path) -> None:
    error = error_of(tmp_path / "absent.toml")
    assert str(error).startswith("absent.toml: ")


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    error = error_of(child(tmp_path, "[monitoring\n"))
    assert str(error).startswith("child.toml: not valid TOML")
    assert "line 5" in str(error)


def test_value_out_of_range_names_file_and_field(tmp_path: Path) -> None:
    error = error_of(child(tmp_path, "[monitoring]\nscale_share = 1.5\n"))
    assert str(error) == "child.toml: monitoring.scale_share: must be between 0 and 1"
    assert error.path == "monitoring.scale_share"
    assert error.file == str(tmp_path / "child.toml")


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ('[monitoring]\nvisit_days = "3"\n', "monitoring.visit_days", "whole number"),
        ("[monitoring]\nvisit_days = 3.5\n", "monitoring.visit_days", "whole number"),
        ("[monitoring]\nvisit_days = -1\n", "monitoring.visit_days", "negative"),
        ('[monitoring]\nscale_share = "0.05"\n', "monitoring.scale_share", "number"),
        (
            "[guarantees]\nrequire_safe_water = 1\n",
            "guarantees.require_safe_water",
            "true or false",
        ),
        ("[microcredit]\nmax_amount = 50000.001\n", "microcredit.max_amount", "2 decimal places"),
        ("[microcredit]\nmax_amount = -1\n", "microcredit.max_amount", "negative"),
        ("[microcredit]\nmax_amount = 1e30\n", "microcredit.max_amount", "less than"),
        ("[monitoring]\nscale_share = nan\n", "monitoring.scale_share", "number"),
        ("[monitoring]\nline_multiplier = 0\n", "monitoring.line_multiplier", "greater than 0"),
        (
            '[identification]\nappraisal_quorum = "two thirds"\n',
            "identification.appraisal_quorum",
            "fraction",
        ),
        (
            '[identification]\nappraisal_quorum = "3/2"\n',
            "identification.appraisal_quorum",
            "between 0 and 1",
        ),
        (
            '[identification]\nexclusions = ["vehicle", "vehicel"]\n',
            "identification.exclusions",
            "vehicel",
        ),
        (
            '[guarantees]\ndilapidated_grades = ["E"]\n',
            "guarantees.dilapidated_grades",
            "unknown code",
        ),
        ("monitoring = 5\n", "monitoring", "must be a table"),
        (
            '[identification]\nexclusions = "vehicle"\n',
            "identification.exclusions",
            "must be a list",
        ),
    ],
)
def test_bad_types_and_values(tmp_path: Path, body: str, field: str, fragment: str) -> None:
    error = error_of(child(tmp_path, body))
    assert str(error).startswith(f"child.toml: {field}: "), str(error)
    assert fragment in str(error)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("[monitoring]\nscale_shar = 0.1\n", "monitoring.scale_shar"),
        ("[monitoring.line]\n2025 = 1\n[monitorng]\nvisit_days = 1\n", "monitorng"),
        ("colour = 1\n", "colour"),
        ("[exit.village]\nmax = 0.02\n", "exit.village"),
    ],
)
def test_unknown_keys_are_errors(tmp_path: Path, body: str, field: str) -> None:
    error = error_of(child(tmp_path, body))
    assert (
        str(error) == f"child.toml: {field}: unknown key (not part of the policy schema; a typo?)"
    )


def test_python_field_names_are_not_accepted_for_toml_keys(tmp_path: Path) -> None:
    error = error_of(child(tmp_path, "[poverty_line_by_year]\n2014 = 2800\n"))
    assert "poverty_line_by_year: unknown key" in str(error)


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ("[poverty_line]\n20x4 = 2800\n", "poverty_line.20x4", "'20x4' is not a year"),
        ("[poverty_line]\n1899 = 2800\n", "poverty_line.1899", "outside 1978–2100"),
        ("[poverty_line]\n2028 = 4000\n", "poverty_line", "missing 2027"),
        (
            "[monitoring.line]\n2030 = 9000\n",
            "monitoring.line.2030",
            "not covered by poverty_line (2014–2026)",
        ),
        (
            '[microcredit.interest_subsidy]\n"２０２４" = 0.7\n',
            "microcredit.interest_subsidy.２０２４",
            "not a year",
        ),
    ],
)
def test_bad_years(tmp_path: Path, body: str, field: str, fragment: str) -> None:
    error = error_of(child(tmp_path, body))
    assert str(error).startswith(f"child.toml: {field}: "), str(error)
    assert fragment in str(error)


def test_inverted_ranges_are_errors(tmp_path: Path) -> None:
    error = error_of(child(tmp_path, "[microcredit]\nborrower_age_min = 70\n"))
    assert str(error) == (
        "child.toml: microcredit.borrower_age_min: must not be greater than borrower_age_max (70 > 65)"
    )


def test_every_problem_is_listed(tmp_path: Path) -> None:
    error = error_of(child(tmp_path, "[monitoring]\nscale_share = 2\nvisit_days = true\n"))
    lines = str(error).splitlines()
    assert len(lines) == 2
    assert all(line.startswith("child.toml: monitoring.") for line in lines)


def test_missing_required_field_in_a_root_policy(tmp_path: Path) -> None:
    text = (BUNDLED / "cn.toml").read_text(encoding="utf-8").replace("max_years = 3", "")
    error = error_of(write(tmp_path, "root.toml", text))
    assert str(error) == "root.toml: microcredit.max_years: required but missing"


def test_metadata_is_checked(tmp_path: Path) -> None:
    error = error_of(
        write(tmp_path, "bad.toml", 'id = "Bad Id"\nversion = "1"\ntitle = "x"\nextends = "cn"\n')
    )
    assert str(error).startswith("bad.toml: id: ")


def test_errors_are_translated(tmp_path: Path) -> None:
    path = child(tmp_path, "[monitoring]\nscale_share = 1.5\n")
    with override("zh-hans"):
        message = str(error_of(path))
    assert message == "child.toml: monitoring.scale_share: 必须在 0 与 1 之间"


def test_year_errors() -> None:
    cn = load_policy("cn")
    for call in (cn.poverty_line, cn.poverty_line_fen, cn.monitoring_line, cn.monitoring_line_fen):
        with pytest.raises(PolicyYearError) as caught:
            call(2013)
        assert caught.value.year == 2013
        assert caught.value.policy_id == "cn"
        assert "2014–2026" in str(caught.value)
    with pytest.raises(PolicyYearError):
        cn.microcredit.interest_subsidy(2027)
    assert issubclass(PolicyYearError, PolicyError) and issubclass(PolicyError, ValueError)


def test_an_edited_file_is_reloaded(tmp_path: Path) -> None:
    path = child(tmp_path, "[monitoring]\nscale_share = 0.06\n")
    assert load_policy(path).monitoring.scale_share == Decimal("0.06")
    path.write_text(HEADER + "[monitoring]\nscale_share = 0.075\n", encoding="utf-8")
    assert load_policy(path).monitoring.scale_share == Decimal("0.075")


def test_extends_must_be_text(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", 'id = "c"\nversion = "1"\ntitle = "C"\nextends = 5\n')
    assert str(error_of(path)) == "c.toml: extends: must be text"


def test_a_broken_parent_file_is_named(tmp_path: Path) -> None:
    write(tmp_path, "p.toml", 'id = "p"\n[monitoring\n')
    path = write(tmp_path, "c.toml", 'id = "c"\nversion = "1"\ntitle = "C"\nextends = "p"\n')
    assert str(error_of(path)).startswith("p.toml: not valid TOML")
