"""The demo county ("L County" of docs/policy-facts.md): regions, households and members as Arrow tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from fupin.i18n import gettext as _
from fupin.rules.kernel import net_income_fen
from fupin.synth import attributes, calibrate, income, people, regions, registration, tables
from fupin.synth.constants import (
    HOUSEHOLDS,
    INCOME_GROWTH,
    MEAN_INCOME_2014,
    MONITORING_LINES,
    POOR_SHARE_2014,
    POVERTY_LINES,
)

# Share of people below each year's line (2014: the county's 8% [C]; later years follow the
# national fall of the rural poor population, 70.17 M in 2014 to 5.51 M in 2019 [C]).
POOR_SHARE: dict[int, float] = {
    2014: POOR_SHARE_2014,
    2015: 0.0636,
    2016: 0.0494,
    2017: 0.0347,
    2018: 0.0189,
    2019: 0.0063,
    2020: 0.003,
}
STEPS = ("regions", "members", "incomes", "registration", "tables")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class SynthCounty:
    """A generated county: Arrow tables per the synthetic data contract, and how it was made."""

    regions: pa.Table
    households: pa.Table
    members: pa.Table
    seed: int
    scale: float
    year: int
    poverty_line: int


def check_arguments(scale: float, year: int) -> None:
    """Raises ValueError (translated) when scale or year is out of range."""
    if not (0 < scale <= 10):
        raise ValueError(
            _("scale must be greater than 0 and at most 10, got {scale}").format(scale=scale)
        )
    if year not in POOR_SHARE:  # a county is generated for a year of the poverty campaign
        raise ValueError(
            _("year must be one of {years}, got {year}").format(
                years=", ".join(map(str, POOR_SHARE)), year=year
            )
        )


def _place_households(rng: np.random.Generator, tree: regions.RegionTree, count: int) -> np.ndarray:
    village = rng.choice(tree.village_codes.size, count, p=tree.village_weight)
    return np.sort(village)


def _incomes(
    rng: np.random.Generator,
    comp: people.Composition,
    facts: income.HouseholdFacts,
    place: np.ndarray,
    hardship: np.ndarray,
    year: int,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
    """Money columns (fen), land, and the dibao and wubao flags of every household."""
    size = comp.size
    head_age = comp.age[comp.relation == 0]
    z = income.latent_index(rng, facts, hardship, place)
    dibao, wubao = income.dibao_and_wubao(rng, facts, z, head_age >= 60)
    relief = income.relief_yuan(rng, facts, dibao, wubao)
    targets = calibrate.Targets(
        line=float(POVERTY_LINES[year]),
        poor_share=POOR_SHARE[year],
        mean_income=MEAN_INCOME_2014 * INCOME_GROWTH ** (year - 2014),
    )
    market_pc = calibrate.solve(z, relief / size, size, targets)
    land = income.land_mu(rng, size)
    money = income.split_market(rng, facts, land, market_pc * size)
    money["transfer_relief"] = np.rint(relief * 100).astype(np.int64)
    inkind = land * rng.uniform(100, 350, size.size) * (facts.farmers + facts.half > 0)
    money["inkind_consumption"] = np.rint(inkind * 100).astype(np.int64)
    return money, land, dibao, wubao


def net_fen(money: dict[str, np.ndarray]) -> np.ndarray:
    """Net income in fen by the rules kernel's formula (in-kind consumption excluded)."""
    return net_income_fen(money)


def demo_county(
    seed: int = 2014, scale: float = 1.0, year: int = 2014, *, progress: Progress | None = None
) -> SynthCounty:
    """Generates L County (631 villages, ~130k households at scale 1) deterministically for a seed."""
    check_arguments(scale, year)
    report = progress or (lambda step: None)
    rng = np.random.default_rng(seed)
    report("regions")
    tree = regions.build(rng, scale)
    village = _place_households(rng, tree, max(1, round(HOUSEHOLDS * scale)))
    report("members")
    comp = people.compose(rng, village.size)
    hardship = rng.normal(0, 1, village.size)
    frailty = 0.5 * hardship + rng.normal(0, 0.87, village.size)
    attrs = attributes.draw_people(rng, comp.age, frailty[comp.household], hardship[comp.household])
    facts = income.household_facts(comp, attrs)
    report("incomes")
    village_effect = rng.normal(0, 0.3, tree.village_codes.size)
    township_effect = rng.normal(0, 0.2, int(tree.village_township.max()) + 1)
    place = (village_effect + township_effect[tree.village_township])[village]
    money, land, dibao, wubao = _incomes(rng, comp, facts, place, hardship, year)
    medical, disaster = income.rigid_spending(
        rng,
        attrs.health,
        comp.household,
        np.where(rng.random(tree.village_codes.size) < 0.1, 0.25, 0.03)[village],
    )
    money["medical_out_of_pocket"], money["disaster_loss"] = medical, disaster
    report("registration")
    pc = net_fen(money) / comp.size / 100.0
    state = registration_state(rng, tree, village, comp, attrs, facts, pc, land, money, year)
    state.update(dibao=dibao, wubao=wubao, land=land, village=village, pc=pc)
    report("tables")
    region_table, households, members = tables.build(rng, tree, comp, attrs, money, state, year)
    return SynthCounty(
        regions=region_table,
        households=households,
        members=members,
        seed=seed,
        scale=scale,
        year=year,
        poverty_line=POVERTY_LINES[year],
    )


def registration_state(
    rng: np.random.Generator,
    tree: regions.RegionTree,
    village: np.ndarray,
    comp: people.Composition,
    attrs: attributes.People,
    facts: income.HouseholdFacts,
    pc: np.ndarray,
    land: np.ndarray,
    money: dict[str, np.ndarray],
    year: int,
) -> dict[str, Any]:
    """Registration status, living conditions and causes of every household."""
    line = float(POVERTY_LINES[year])
    size = comp.size
    if year == 2014:
        registered = registration.register(rng, pc, size, line, facts.ill)
        status = np.where(registered, 1, 0)
    else:
        # The 2014 quota stays on the books: those above the line have exited (a tenth lag behind).
        quota = int(POOR_SHARE[2014] * size.sum())
        ever = registration.register(rng, pc, size, line, facts.ill, quota=quota)
        still = (pc < line) | (rng.random(pc.size) < 0.1)
        status = np.where(ever, np.where(still, 1, 2), 0)
    tier = registration.tiers(pc, line, float(MONITORING_LINES[year]))
    dry = rng.random(tree.village_codes.size) < 0.2
    remote = rng.random(tree.village_codes.size) < 0.15
    living = registration.living_conditions(rng, tier, size, dry[village], remote[village], year)
    chronic = np.bincount(
        comp.household, weights=attrs.health == attributes.CHRONIC_CODE, minlength=size.size
    )
    features = {
        "ill": facts.ill,
        "serious": facts.serious,
        "chronic": chronic,
        "disabled": facts.disabled,
        "medical": money["medical_out_of_pocket"] / 100.0,
        "students_16_plus": facts.students_16_plus,
        "students": facts.students,
        "disaster": money["disaster_loss"],
        "land_pc": land / size,
        "water_difficult": living["water_difficult"],
        "head_education": facts.head_education,
        "able": facts.able,
        "size": size,
        "no_road": living["no_road"],
    }
    carded = status > 0
    main = np.full(size.size, -1)
    others = np.full((size.size, 2), -1)
    if carded.any():
        scores = registration.cause_scores({k: v[carded] for k, v in features.items()})
        main[carded], others[carded] = registration.choose_causes(rng, scores)
    return {
        "status": status,
        "tier": tier,
        "living": living,
        "main_cause": main,
        "other_causes": others,
    }
