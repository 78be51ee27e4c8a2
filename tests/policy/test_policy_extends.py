"""Provincial and county-category policies override their parent's values (`extends`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.policy import PolicyError, load_policy
from fupin.policy.loader import deep_merge


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def header(policy_id: str, parent: str) -> str:
    return f'id = "{policy_id}"\nversion = "1"\ntitle = "{policy_id}"\nextends = "{parent}"\n'


def test_yunnan_overrides_only_its_2025_monitoring_line() -> None:
    cn, yunnan = load_policy("cn"), load_policy("cn-53")
    assert yunnan.monitoring_line(2025) == Decimal("8700")
    assert cn.monitoring_line(2025) == Decimal("7100")
    for year in range(2014, 2025):  # the per-year table merged year by year
        assert yunnan.monitoring_line(year) == cn.monitoring_line(year)
    assert yunnan.canonical_values()["microcredit"] == cn.canonical_values()["microcredit"]
    assert yunnan.content_hash != cn.content_hash


def test_county_category_overrides_values() -> None:
    cn, county = load_policy("cn"), load_policy("cn-west-key-county")
    assert county.monitoring.scale_share == Decimal("0.10") != cn.monitoring.scale_share
    assert county.exit.village_incidence_max == cn.exit.village_incidence_max_west
    assert county.exit.county_overall_incidence_max == cn.exit.county_overall_incidence_max_west
    assert county.monitoring.hospital_oop_other == cn.monitoring.hospital_oop_other  # inherited
    assert county.parent == "cn"


def test_three_levels_and_sibling_parent(tmp_path: Path) -> None:
    write(
        tmp_path,
        "prov.toml",
        header("prov", "cn") + "[monitoring.line]\n2024 = 7500\n2025 = 8000\n",
    )
    county = write(
        tmp_path,
        "county.toml",
        header("county", "prov")
        + "[monitoring.line]\n2025 = 8200\n[microcredit]\nmax_amount = 40000\n",
    )
    policy = load_policy(county)
    assert policy.parent == "prov"
    assert policy.monitoring_line(2025) == Decimal("8200")  # county wins
    assert policy.monitoring_line(2024) == Decimal("7500")  # province
    assert policy.monitoring_line(2023) == Decimal("6600")  # nation
    assert policy.microcredit.max_amount == Decimal("40000")
    assert policy.microcredit.max_years == 3


def test_arrays_replace_rather_than_extend(tmp_path: Path) -> None:
    path = write(
        tmp_path, "c.toml", header("c", "cn") + '[identification]\nexclusions = ["vehicle"]\n'
    )
    assert load_policy(path).identification.exclusions == ("vehicle",)


def test_parent_by_relative_path(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    write(tmp_path / "base", "p.toml", header("p", "cn") + "[monitoring]\nvisit_days = 2\n")
    path = write(tmp_path, "c.toml", header("c", "base/p.toml"))
    policy = load_policy(path)
    assert policy.parent == "p"
    assert policy.monitoring.visit_days == 2


def test_metadata_is_not_inherited(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", 'id = "c"\nextends = "cn"\n')
    message = str(pytest.raises(PolicyError, load_policy, path).value)
    assert "c.toml: version: required but missing" in message
    assert "c.toml: title: required but missing" in message


def test_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", header("a", "b"))
    write(tmp_path, "b.toml", header("b", "a"))
    message = str(pytest.raises(PolicyError, load_policy, tmp_path / "a.toml").value)
    assert message.startswith("b.toml: extends: ")
    assert "a.toml → b.toml → a.toml" in message


def test_self_reference_is_a_cycle(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", header("a", "a"))
    message = str(pytest.raises(PolicyError, load_policy, tmp_path / "a.toml").value)
    assert "cycle" in message


def test_unknown_parent_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", header("c", "cn-99"))
    error = pytest.raises(PolicyError, load_policy, path).value
    assert str(error) == "c.toml: extends: unknown parent policy cn-99"
    assert error.path == "extends"


def test_error_in_parent_is_reported_against_the_parent(tmp_path: Path) -> None:
    write(tmp_path, "p.toml", header("p", "cn") + "[monitoring]\nscale_share = 7\n")
    path = write(tmp_path, "c.toml", header("c", "p"))
    message = str(pytest.raises(PolicyError, load_policy, path).value)
    assert message == "p.toml: monitoring.scale_share: must be between 0 and 1"


def test_child_breaking_a_parent_range_is_reported_against_the_child(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", header("c", "cn") + "[monitoring]\nnotice_days_min = 9\n")
    message = str(pytest.raises(PolicyError, load_policy, path).value)
    assert message.startswith(
        "c.toml: monitoring.notice_days_min: must not be greater than notice_days_max"
    )


# Nested tables of small scalars and arrays, like a policy file.
leaves = st.one_of(st.integers(-5, 5), st.booleans(), st.lists(st.integers(0, 3), max_size=3))
keys = st.sampled_from(["a", "b", "c", "d"])
tables = st.recursive(
    st.dictionaries(keys, leaves, max_size=4),
    lambda inner: st.dictionaries(keys, st.one_of(leaves, inner), max_size=4),
    max_leaves=12,
)


def _leaves(table: dict, prefix: tuple = ()) -> dict[tuple, object]:
    out: dict[tuple, object] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_leaves(value, (*prefix, key)))
        else:
            out[(*prefix, key)] = value
    return out


def _survives(child: dict, path: tuple) -> bool:
    """A parent leaf survives the merge when the child's tables stop before reaching it."""
    node: object = child
    for key in path:
        if not isinstance(node, dict):
            return False  # a child scalar or array replaced a whole parent table
        if key not in node:
            return True
        node = node[key]
    return False  # the child sets a value at this very path


@given(tables, tables)
def test_deep_merge_child_leaves_win_and_other_parent_leaves_survive(
    parent: dict, child: dict
) -> None:
    merged = _leaves(deep_merge(parent, child))
    for path, value in _leaves(child).items():
        assert merged[path] == value
    for path, value in _leaves(parent).items():
        if _survives(child, path):
            assert merged[path] == value


@given(tables, tables)
def test_deep_merge_does_not_modify_its_inputs(parent: dict, child: dict) -> None:
    before = (repr(parent), repr(child))
    deep_merge(parent, child)
    assert (repr(parent), repr(child)) == before


@given(tables)
def test_deep_merge_with_empty_child_is_the_parent(parent: dict) -> None:
    assert deep_merge(parent, {}) == parent
    assert deep_merge({}, parent) == parent
