"""The policy monitoring uses (the national one until region-specific selection exists)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fupin.policy import load_policy

DEFAULT_POLICY = "cn"


@lru_cache(maxsize=4)
def current_policy(name: str = DEFAULT_POLICY) -> Any:
    """The loaded policy ``name`` (cached: policies are immutable)."""
    return load_policy(name)


def stamp_fields(policy: Any) -> dict[str, str]:
    """The policy id, version and hash to record on an alert."""
    stamp = policy.stamp()
    return {key: str(stamp[key]) for key in ("policy_id", "policy_version", "policy_hash")}
