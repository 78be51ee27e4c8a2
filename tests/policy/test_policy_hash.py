"""The content hash: canonical over resolved values, blind to layout, sensitive to every value."""

from __future__ import annotations

import hashlib
import json
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.policy import load_policy
from fupin.policy.canonical import canonical_json

BUNDLED = Path(__file__).resolve().parents[2] / "src" / "fupin" / "policy" / "bundled"
CN_RAW: dict[str, Any] = tomllib.loads(
    (BUNDLED / "cn.toml").read_text(encoding="utf-8"), parse_float=Decimal
)
METADATA = {"id", "version", "title", "description", "extends"}


def toml_value(value: Any, style: int = 0) -> str:
    """A TOML literal; ``style`` picks an equivalent spelling of numbers (2800 / 2_800 / +2800)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return [str(value), f"{value:_}", f"+{value}"][style % 3]
    if isinstance(value, Decimal):
        spellings = [str(value), f"{value}0" if "." in str(value) else f"{value}.0", f"{value:e}"]
        return spellings[style % 3]
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item, style) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def emit(table: dict[str, Any], draw: Any = None, prefix: str = "") -> str:
    """TOML text for nested tables; ``draw`` (hypothesis) shuffles keys and varies spellings."""
    scalars = [key for key, value in table.items() if not isinstance(value, dict)]
    tables = [key for key, value in table.items() if isinstance(value, dict)]
    if draw is not None:
        scalars, tables = draw(st.permutations(scalars)), draw(st.permutations(tables))
    lines = [f"[{prefix}]"] if prefix else []
    for key in scalars:
        style = draw(st.integers(0, 2)) if draw is not None else 0
        spaces = " " * draw(st.integers(1, 3)) if draw is not None else " "
        lines.append(f"{key}{spaces}={spaces}{toml_value(table[key], style)}")
    text = "\n".join(lines) + "\n\n"
    for key in tables:
        text += emit(table[key], draw, f"{prefix}.{key}" if prefix else key)
    return text


def hash_of(tmp_path: Path, raw: dict[str, Any], name: str = "p.toml") -> str:
    path = tmp_path / name
    path.write_text(emit(raw), encoding="utf-8")
    return load_policy(path).content_hash


def test_canonical_json_is_sorted_compact_and_exact() -> None:
    values = {"b": Decimal("2800.00"), "a": [Fraction(2, 3), True, Decimal("0.050")], "c": {"2": 1}}
    assert canonical_json(values) == '{"a":["2/3",true,"0.05"],"b":"2800","c":{"2":1}}'


def test_hash_is_sha256_of_the_canonical_resolved_values() -> None:
    cn = load_policy("cn")
    expected = hashlib.sha256(canonical_json(cn.canonical_values()).encode("utf-8")).hexdigest()
    assert cn.content_hash == expected
    assert len(cn.content_hash) == 64
    assert cn.stamp() == {"policy_id": "cn", "policy_version": cn.version, "policy_hash": expected}


def test_emitted_copy_has_the_bundled_hash(tmp_path: Path) -> None:
    assert hash_of(tmp_path, CN_RAW) == load_policy("cn").content_hash


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_key_order_and_formatting_do_not_change_the_hash(tmp_path_factory: Any, data: Any) -> None:
    path = tmp_path_factory.mktemp("layout") / "p.toml"
    path.write_text(emit(CN_RAW, data.draw), encoding="utf-8")
    assert load_policy(path).content_hash == load_policy("cn").content_hash


def test_metadata_does_not_change_the_hash(tmp_path: Path) -> None:
    renamed = {**CN_RAW, "id": "other", "version": "9", "title": "Another title"}
    assert hash_of(tmp_path, renamed) == load_policy("cn").content_hash


def test_a_child_that_overrides_nothing_has_its_parents_hash(tmp_path: Path) -> None:
    path = tmp_path / "same.toml"
    path.write_text(
        'id = "same"\nversion = "1"\ntitle = "Same"\nextends = "cn"\n', encoding="utf-8"
    )
    same = load_policy(path)
    assert same.content_hash == load_policy("cn").content_hash
    assert same.stamp()["policy_id"] == "same"  # the stamp still says which policy applied


def _leaf_paths(table: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            paths += _leaf_paths(value, (*prefix, key))
        elif not prefix and key in METADATA:
            continue
        else:
            paths.append((*prefix, key))
    return paths


def _changed(value: Any) -> Any:
    """Another valid value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, Decimal):
        if value > 1:
            return value + 1
        return value - Decimal("0.01") if value > Decimal("0.5") else value + Decimal("0.01")
    if isinstance(value, list):
        return value[:-1]
    if value == "2/3":
        return "3/4"
    raise AssertionError(f"no rule to change {value!r}")


def _with(raw: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    if len(path) == 1:
        return {**raw, path[0]: value}
    return {**raw, path[0]: _with(raw[path[0]], path[1:], value)}


def _get(raw: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        raw = raw[key]
    return raw


LEAVES = _leaf_paths(CN_RAW)


def test_the_changed_leaves_are_every_resolved_value() -> None:
    # cn.toml spells out every field, so the loop below really changes each hashed value once.
    resolved = load_policy("cn").canonical_values()
    assert set(LEAVES) == {tuple(map(str, path)) for path in _leaf_paths(resolved)}


@pytest.mark.parametrize("path", LEAVES, ids=".".join)
def test_every_value_change_changes_the_hash(tmp_path: Path, path: tuple[str, ...]) -> None:
    changed = _with(CN_RAW, path, _changed(_get(CN_RAW, path)))
    assert hash_of(tmp_path, changed) != load_policy("cn").content_hash


def test_dropping_a_year_changes_the_hash(tmp_path: Path) -> None:
    lines = dict(CN_RAW["monitoring"]["line"])
    del lines["2025"]
    changed = _with(CN_RAW, ("monitoring", "line"), lines)
    assert hash_of(tmp_path, changed) != load_policy("cn").content_hash


def test_a_copy_made_in_code_is_validated_and_rehashed() -> None:
    cn = load_policy("cn")
    assert cn.content_hash  # computed (and cached) before the copy
    monitoring = cn.monitoring.model_copy(update={"scale_share": Decimal("0.06")})
    changed = cn.model_copy(update={"monitoring": monitoring})
    assert changed.monitoring.scale_share == Decimal("0.06")
    assert changed.content_hash != cn.content_hash
    assert cn.model_copy().content_hash == cn.content_hash
    with pytest.raises(ValueError, match="between 0 and 1"):
        cn.monitoring.model_copy(update={"scale_share": 5})
    with pytest.raises(ValueError, match="borrower_age_min"):
        cn.microcredit.model_copy(update={"borrower_age_min": 70})
