"""Loading policy files: TOML reading, ``extends`` resolution, deep merge and validation.

A child policy names its parent with ``extends``: a bundled name ("cn"), a sibling file's name
("cn-53" → ``cn-53.toml`` beside the child) or a relative path ending in ``.toml``. The parent is
resolved and validated first, then the child's values are merged on top: tables merge key by key
(so per-year tables merge year by year), scalars and arrays replace. Errors name the file that
introduced the problem and the dotted field path.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fupin.i18n import gettext
from fupin.policy.errors import PolicyError
from fupin.policy.messages import MESSAGES
from fupin.policy.model import METADATA, Policy
from fupin.policy.types import policy_id

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"
# Extra folders of policy files (a province's own), separated by the OS path separator.
POLICY_DIR_VARIABLE = "FUPIN_POLICY_DIR"
# Keys read by the resolver, not by the policy: where a file applies.
PLACEMENT = ("applies_to",)
# Composed policies name their parts joined by this (``cn-53+cn-west-key-county``).
COMPOSE = "+"

# pydantic's own error types mapped to our (translatable) messages.
_PYDANTIC_KINDS = {
    "extra_forbidden": "extra_forbidden",
    "missing": "missing",
    "model_type": "not_table",
    "model_attributes_type": "not_table",
    "dict_type": "not_table",
    "mapping_type": "not_table",
    "tuple_type": "not_list",
    "list_type": "not_list",
    "string_type": "not_text",
}


def bundled_policies() -> list[str]:
    """The names of the policies shipped with Fupin, e.g. ["cn", "cn-53", ...]."""
    return sorted(path.stem for path in BUNDLED_DIR.glob("*.toml"))


def policy_folders() -> tuple[Path, ...]:
    """Where policies are looked up by name: the bundled folder, then FUPIN_POLICY_DIR's."""
    extra = os.environ.get(POLICY_DIR_VARIABLE, "")
    return (BUNDLED_DIR, *(Path(p).resolve() for p in extra.split(os.pathsep) if p))


def load_policy(source: str | os.PathLike[str]) -> Policy:
    """Loads a policy by name ("cn"), by path, or composed ("cn-53+cn-west-key-county": each
    later part's own values laid over the earlier ones); raises PolicyError."""
    if isinstance(source, str) and COMPOSE in source:
        paths = tuple(_locate(part) for part in source.split(COMPOSE))
        return _compose_cached(paths, tuple(_chain_signature(p) for p in paths))
    path = _locate(source)
    return _load_cached(path, _chain_signature(path))


def _locate(source: str | os.PathLike[str]) -> Path:
    """The file behind a name (bundled, or in FUPIN_POLICY_DIR) or a path."""
    if isinstance(source, str) and _is_name(source):
        for folder in policy_folders():
            path = folder / f"{source}.toml"
            if path.is_file():
                return path
        message = gettext("no bundled policy named {name}; bundled: {names}").format(
            name=source, names=", ".join(bundled_policies())
        )
        raise PolicyError(f"{source}: {message}", file=source)
    path = Path(source).resolve()
    if not path.is_file():
        message = gettext("file not found: {path}").format(path=path)
        raise PolicyError(f"{path.name}: {message}", file=str(path))
    return path


def _is_name(text: str) -> bool:
    """True for a policy name ("cn-53"), False for anything that looks like a path."""
    try:
        return policy_id(text) is not None
    except ValueError:
        return False


def _chain_signature(path: Path) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime, size) of the file and its ancestors, so an edited file is reloaded."""
    signature: list[tuple[str, int, int]] = []
    current: Path | None = path
    while current is not None and str(current) not in {entry[0] for entry in signature}:
        stat = current.stat()
        signature.append((str(current), stat.st_mtime_ns, stat.st_size))
        parent = _read_toml(current).get("extends")
        current = _parent_path(current, parent) if isinstance(parent, str) else None
    return tuple(signature)


@lru_cache(maxsize=64)
def _load_cached(path: Path, signature: tuple[tuple[str, int, int], ...]) -> Policy:
    """Loads and validates ``path`` (cached per file version: policies are immutable)."""
    return _resolve(path, ())[1]


def _resolve(path: Path, stack: tuple[Path, ...]) -> tuple[dict[str, Any], Policy]:
    """The merged rule values of ``path`` and its validated policy."""
    if path in stack:
        chain = " → ".join(p.name for p in (*stack, path))
        message = gettext("policies extend each other in a cycle: {chain}").format(chain=chain)
        raise _error(stack[-1], "extends", message)
    raw = _read_toml(path)
    values = {key: value for key, value in raw.items() if key not in (*METADATA, *PLACEMENT)}
    document = {key: raw[key] for key in METADATA if key in raw}
    parent_ref = raw.get("extends")
    if parent_ref is not None:
        if not isinstance(parent_ref, str):
            raise _error(path, "extends", gettext(MESSAGES["not_text"]))
        parent_values, parent = _resolve(_parent_path(path, parent_ref), (*stack, path))
        values = deep_merge(parent_values, values)
        document["extends"] = parent.id
    return values, _validate(path, {**document, **values})


@lru_cache(maxsize=64)
def _compose_cached(paths: tuple[Path, ...], signatures: tuple[Any, ...]) -> Policy:
    """The first policy with each later one's own values (its chain below the first's) on top."""
    values, base = _resolve(paths[0], ())
    below = _chain(paths[0])
    parts = [base]
    for path in paths[1:]:
        for link in reversed([p for p in _chain(path) if p not in below]):
            raw = _read_toml(link)
            own = {k: v for k, v in raw.items() if k not in (*METADATA, *PLACEMENT)}
            values = deep_merge(values, own)
        parts.append(_resolve(path, ())[1])
    document = {
        "id": COMPOSE.join(p.id for p in parts),
        "version": COMPOSE.join(p.version for p in parts),
        "title": " + ".join(p.title for p in parts),
        "extends": base.id,
    }
    return _validate(paths[-1], {**document, **values})


def _chain(path: Path) -> list[Path]:
    """The file and the files it extends, nearest first."""
    chain: list[Path] = []
    current: Path | None = path
    while current is not None and current not in chain:
        chain.append(current)
        parent = _read_toml(current).get("extends")
        current = _parent_path(current, parent) if isinstance(parent, str) else None
    return chain


def _parent_path(child: Path, reference: str) -> Path:
    """The file a child's ``extends`` names: a relative path, a sibling, or a bundled policy."""
    if reference.endswith(".toml") or "/" in reference:
        candidates = [child.parent / reference]
    else:
        candidates = [child.parent / f"{reference}.toml", BUNDLED_DIR / f"{reference}.toml"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    message = gettext("unknown parent policy {name}").format(name=reference)
    raise _error(child, "extends", message)


def _read_toml(path: Path) -> dict[str, Any]:
    """The parsed file (floats as exact Decimals), cached per file version."""
    stat = path.stat()
    return _read_toml_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=128)
def _read_toml_cached(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """Parses ``path``; the (mtime, size) arguments only key the cache."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = gettext("not valid TOML: {error}").format(error=exc)
        raise PolicyError(f"{path.name}: {message}", file=str(path)) from None
    except UnicodeDecodeError as exc:
        message = gettext("not UTF-8 text: {error}").format(error=exc)
        raise PolicyError(f"{path.name}: {message}", file=str(path)) from None


def deep_merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """``child`` over ``parent``: tables merge recursively, scalars and arrays replace."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _validate(path: Path, data: dict[str, Any]) -> Policy:
    """Builds the Policy or raises PolicyError listing every problem, each with its field path."""
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems = [(_field_path(e["loc"]), _message(e)) for e in exc.errors()]
        raise _errors(path, problems) from None
    conflicts = [(field, _format(kind, context)) for field, kind, context in policy.problems()]
    if conflicts:
        raise _errors(path, conflicts)
    return policy


def _errors(path: Path, problems: list[tuple[str, str]]) -> PolicyError:
    """One PolicyError whose message has a line "file: field: message" per problem."""
    lines = [f"{path.name}: {field}: {message}" for field, message in problems]
    return PolicyError("\n".join(lines), file=str(path), path=problems[0][0])


def _error(path: Path, field: str, message: str) -> PolicyError:
    """A PolicyError for one field of one file."""
    return PolicyError(f"{path.name}: {field}: {message}", file=str(path), path=field)


def _field_path(loc: tuple[int | str, ...]) -> str:
    """pydantic's location as a dotted path: ("monitoring", "line", "2025") → monitoring.line.2025."""
    path = ""
    for part in loc:
        if part == "[key]":
            continue
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _message(error: Any) -> str:
    """Our translated message for a pydantic error, else pydantic's own."""
    kind = _PYDANTIC_KINDS.get(error["type"], error["type"])
    if kind in MESSAGES:
        return _format(kind, error.get("ctx") or {})
    return str(error["msg"])


def _format(kind: str, context: Mapping[str, Any]) -> str:
    """The translated message template ``kind`` filled with ``context``."""
    return gettext(MESSAGES[kind]).format(**context)
