"""Headline figures of a generated county (for the CLI and the docs)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules.columns import INCOME_TERMS
from fupin.rules.kernel import below_line
from fupin.rules.kernel import net_income_fen as kernel_net_income_fen
from fupin.rules.money import to_fen
from fupin.synth.county import SynthCounty


@dataclass(frozen=True)
class Headline:
    """Households, residents, people below the line, registered poor and mean income per person."""

    households: int
    residents: int
    poor_people: int
    registered_poor_households: int
    mean_income: float


def household_sizes(county: SynthCounty) -> np.ndarray:
    """Members per household, in the order of the households table."""
    counts = county.members.group_by("household_id").aggregate([("household_id", "count")])
    position = pc.index_in(county.households["household_id"], counts["household_id"])
    return counts["household_id_count"].to_numpy()[position.to_numpy()]


def net_income_fen(households: pa.Table) -> np.ndarray:
    """Net income per household in fen by the rules kernel's formula."""
    return kernel_net_income_fen({n: to_fen(households[n]) for n, _s in INCOME_TERMS})


def headline(county: SynthCounty) -> Headline:
    """The figures the demo county is calibrated to, computed from its tables."""
    size = household_sizes(county)
    net = net_income_fen(county.households)
    poor = below_line(net, size, county.poverty_line * 100)
    registered = pc.equal(county.households["registered_status"], "poor").to_numpy(
        zero_copy_only=False
    )
    return Headline(
        households=county.households.num_rows,
        residents=int(size.sum()),
        poor_people=int(size[poor].sum()),
        registered_poor_households=int(registered.sum()),
        mean_income=float(net.sum() / size.sum() / 100),
    )
