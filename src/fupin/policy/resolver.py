"""The policy in force for a region: the most specific regional file, then the category files.

    from fupin.policy.resolver import policy_for
    policy_for("530102001001", {"western", "key_county"}, year=2025)  # → cn-53+cn-west-key-county

The national policy ``cn`` is the base. Among the files whose ``[applies_to]`` names a prefix of
the region's code, the longest prefix wins (a county's own file over its province's). Then every
file that applies by category — all its categories held by the region, and its regions (if any)
containing it — is laid over it, fewest categories first. The result is one composed policy
(``load_policy`` understands its id, so a stamp can be resolved again years later).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fupin.policy.applicability import Applicability, read_applicability
from fupin.policy.errors import PolicyError
from fupin.policy.loader import COMPOSE, _read_toml, load_policy, policy_folders
from fupin.policy.model import Policy

BASE_POLICY = "cn"


@dataclass(frozen=True)
class Candidate:
    """A policy file that says where it applies."""

    name: str  # what load_policy takes: the file's name in its folder
    policy_id: str
    applies: Applicability


@lru_cache(maxsize=8)
def candidates(folders: tuple[Path, ...]) -> tuple[Candidate, ...]:
    """Every policy file in ``folders`` with an ``[applies_to]`` table (checked on the way)."""
    found: list[Candidate] = []
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            raw = _read_toml(path.resolve())
            applies, problems = read_applicability(raw)
            if problems:
                field, message = problems[0]
                raise PolicyError(f"{path.name}: {field}: {message}", file=str(path), path=field)
            if applies.declared:
                found.append(Candidate(path.stem, str(raw.get("id", path.stem)), applies))
    return tuple(found)


def policy_names_for(code: str, categories: Iterable[str] = ()) -> tuple[str, ...]:
    """The files that make up a region's policy: its regional file (or ``cn``), then overlays."""
    held = frozenset(categories)
    files = candidates(policy_folders())
    regional = [c for c in files if c.applies.regions and not c.applies.categories]
    matches = [(c.applies.matching_prefix(code), c) for c in regional]
    best = max(
        ((prefix, c) for prefix, c in matches if prefix is not None),
        key=lambda pair: (len(pair[0]), pair[1].policy_id),
        default=None,
    )
    overlays = sorted(
        (c for c in files if c.applies.categories and c.applies.applies(code, held)),
        key=lambda c: (len(c.applies.categories), c.policy_id),
    )
    return (best[1].name if best else BASE_POLICY, *(c.name for c in overlays))


def policy_for(code: str, categories: Iterable[str] = (), year: int | None = None) -> Policy:
    """The policy in force for the region ``code`` with ``categories``; raises PolicyError, or
    PolicyYearError when the policy does not cover ``year``."""
    policy = load_policy(COMPOSE.join(policy_names_for(code, categories)))
    if year is not None:
        policy.poverty_line(year)
    return policy
