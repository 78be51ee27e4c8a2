"""Realistic synthetic counties for the demo, tests and benchmarks (no Django).

``demo_county()`` generates "L County" of docs/policy-facts.md — 631 villages, ~130,000 households,
~500,000 people in 2014 — as Arrow tables per the synthetic data contract; ``write_parquet`` and
``write_roster`` save it. Assumptions and sources: docs/synth.md.
"""

from __future__ import annotations

from fupin.synth.county import STEPS, SynthCounty, demo_county, net_fen
from fupin.synth.output import roster_tables, write_parquet, write_roster

__all__ = [
    "STEPS",
    "SynthCounty",
    "demo_county",
    "net_fen",
    "roster_tables",
    "write_parquet",
    "write_roster",
]
