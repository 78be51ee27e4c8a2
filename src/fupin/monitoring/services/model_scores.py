"""Alerts raised by the risk model: from a scores table (``fupin monitor score`` output) or a scorer.

The scorer is pluggable: ``fupin.targeting.scoring.score_households(households, members, model, policy)``
is used when it exists; any callable with that signature can be passed instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from fupin.monitoring.errors import MonitoringError
from fupin.monitoring.services.kernel import RaiseSummary
from fupin.monitoring.services.raising import Signal, is_monitorable, raise_signals
from fupin.registry.models import Household, Region
from fupin.registry.permissions import User
from fupin.registry.selectors.kernel_input import kernel_tables
from fupin.registry.selectors.policies import policy_for_region

if TYPE_CHECKING:
    from fupin.policy import Policy

SCORE_COLUMNS = ("household_id", "risk", "rule_flags", "top_factors", "alert")
TRUE_TEXT = frozenset({"1", "true", "yes", "y", "是"})


def parse_factors(text: str) -> list[list[Any]]:
    """``name:+0.12;other:-0.05`` → [["name", 0.12], ["other", -0.05]] (bad parts skipped)."""
    factors: list[list[Any]] = []
    for part in (text or "").split(";"):
        name, _sep, value = part.strip().rpartition(":")
        try:
            factors.append([name, float(value)])
        except ValueError:
            continue
    return [f for f in factors if f[0]]


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in TRUE_TEXT


def read_scores_csv(content: bytes) -> list[dict[str, str]]:
    """The rows of a scores CSV; raises MonitoringError naming a missing column."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    missing = [c for c in SCORE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise MonitoringError(
            [
                (c, _("row 1: the required column %(column)s is missing") % {"column": c})
                for c in missing
            ]
        )
    return list(reader)


def raise_from_scores(
    rows: Iterable[Mapping[str, Any]],
    *,
    prefix: str,
    now: dt.datetime,
    policy: Policy | None = None,
    actor: User | None = None,
) -> RaiseSummary:
    """Raises alerts for rows marked ``alert`` on households under ``prefix`` within the monitored
    scale (the rest are watched), all or nothing."""
    flagged = [row for row in rows if _truthy(row.get("alert"))]
    households = Household.objects.filter(
        number__in=[str(r["household_id"]) for r in flagged], village__code__startswith=prefix
    )
    by_number = {h.number: h for h in households}
    summary = RaiseSummary(considered=len(flagged))
    signals = []
    for row in flagged:
        household = by_number.get(str(row["household_id"]))
        if household is None:
            summary.skipped.append((str(row["household_id"]), _("not in your area")))
            continue
        if not is_monitorable(household):
            summary.skipped.append((household.number, _("registered poor")))
            continue
        flags = [f for f in str(row.get("rule_flags") or "").split(";") if f]
        risk = float(row["risk"])
        signal = Signal(
            household=household,
            source="model",
            causes=["MODEL_RISK", *flags],
            summary=f"{risk:.0%}",
            data={"risk": risk, "top_factors": str(row.get("top_factors") or "")},
            risk=risk,
            factors=parse_factors(str(row.get("top_factors") or "")),
        )
        signals.append(signal)
    result = raise_signals(signals, now=now, policy=policy, actor=actor, bounded=True)
    summary.opened, summary.updated, summary.watched = result.opened, result.updated, result.watched
    return summary


def default_scorer() -> Callable[..., Any]:
    """``fupin.targeting.scoring.score_households`` (imported on use: LightGBM loads slowly)."""
    from fupin.targeting.scoring import score_households

    return score_households


def raise_from_model(
    region: Region,
    model: Any,
    *,
    now: dt.datetime,
    policy: Policy | None = None,
    actor: User | None = None,
    scorer: Callable[..., Any] | None = None,
) -> RaiseSummary:
    """Scores the region's households with ``scorer`` (default: the targeting package's) and raises."""
    scorer = scorer or default_scorer()
    policy = policy or policy_for_region(region)
    households = list(Household.objects.filter(village__code__startswith=region.prefix))
    tables = kernel_tables(households, policy.poverty_line_by_year)
    if tables is None:
        return RaiseSummary()
    scores = scorer(tables[0], tables[1], model, policy)
    rows = scores.to_pylist() if hasattr(scores, "to_pylist") else list(scores)
    return raise_from_scores(rows, prefix=region.prefix, now=now, policy=policy, actor=actor)
