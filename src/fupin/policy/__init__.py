"""Policy as data: typed, validated, immutable policy files with inheritance and a content hash.

    from fupin.policy import load_policy
    p = load_policy("cn-53")
    p.monitoring_line(2025), p.stamp()

No Django here: the rules kernel, the batch engine and the web all read policies through this API.
"""

from __future__ import annotations

from fupin.policy.errors import PolicyError, PolicyYearError
from fupin.policy.loader import bundled_policies, load_policy
from fupin.policy.model import Policy

__all__ = ["Policy", "PolicyError", "PolicyYearError", "bundled_policies", "load_policy"]
