"""One county of the synthetic country, made with the demo county's vectorised pieces.

The steps are those of ``fupin.synth.county.demo_county``; what differs is the region tree (the
county's own codes), the calibration targets (the county's poverty share and mean income) and the
ID numbers (the county's 6-digit area code instead of the demo county's).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.idnumber import check_characters_vectorised
from fupin.synth import attributes, calibrate, income, people, tables
from fupin.synth.constants import INCOME_GROWTH, POVERTY_LINES
from fupin.synth.county import POOR_SHARE, net_fen, registration_state
from fupin.synth.national_tree import NAME_STEMS, CountySpec
from fupin.synth.regions import VILLAGE_SUFFIXES, VILLAGE_SURNAMES, RegionTree

KEY_COUNTY_SHARE = 0.18


def county_tree(rng: np.random.Generator, spec: CountySpec) -> RegionTree:
    """The county's townships and villages (12-digit codes under the county's 6-digit code)."""
    share = rng.gamma(6.0, 1.0, spec.townships)
    per_township = np.maximum(1, np.floor(share / share.sum() * spec.villages)).astype(np.int64)
    per_township[np.argmax(per_township)] += spec.villages - per_township.sum()
    per_township = np.maximum(per_township, 1)
    township = np.repeat(np.arange(spec.townships), per_township)
    ordinal = np.arange(township.size) - np.repeat(
        np.cumsum(per_township) - per_township, per_township
    )
    township_codes = np.char.add(spec.code, (100 + np.arange(spec.townships)).astype(str))
    township_codes = np.char.add(township_codes, "000")
    village_codes = np.char.add(
        np.char.add(spec.code, (100 + township).astype(str)), (201 + ordinal).astype(str)
    )
    combos = np.array([s + f + "村" for s in VILLAGE_SURNAMES for f in VILLAGE_SUFFIXES])
    village_names = combos[rng.integers(0, combos.size, village_codes.size)]
    stems = np.array(NAME_STEMS)
    township_names = np.char.add(stems[rng.integers(0, stems.size, spec.townships)], "乡")
    county_code = spec.code + "000000"
    weight = rng.gamma(4.0, 1.0, village_codes.size)
    return RegionTree(
        code=np.concatenate([[county_code], township_codes, village_codes]),
        name=np.concatenate([[spec.name], township_names, village_names]),
        level=np.array(
            ["county"] + ["township"] * spec.townships + ["village"] * village_codes.size
        ),
        parent=np.concatenate([[""], [county_code] * spec.townships, township_codes[township]]),
        village_codes=village_codes,
        village_township=township,
        village_weight=weight / weight.sum(),
    )


def _incomes(rng, comp, facts, place, hardship, spec: CountySpec, year: int):
    """As the demo county's incomes, calibrated to this county's poverty share and mean income."""
    size = comp.size
    head_age = comp.age[comp.relation == 0]
    z = income.latent_index(rng, facts, hardship, place)
    dibao, wubao = income.dibao_and_wubao(rng, facts, z, head_age >= 60)
    relief = income.relief_yuan(rng, facts, dibao, wubao)
    fall = POOR_SHARE[year] / POOR_SHARE[2014]
    targets = calibrate.Targets(
        line=float(POVERTY_LINES[year]),
        poor_share=max(spec.poor_share * fall, 0.001),
        mean_income=spec.mean_income * INCOME_GROWTH ** (year - 2014),
    )
    market_pc = calibrate.solve(z, relief / size, size, targets)
    land = income.land_mu(rng, size)
    money = income.split_market(rng, facts, land, market_pc * size)
    money["transfer_relief"] = np.rint(relief * 100).astype(np.int64)
    inkind = land * rng.uniform(100, 350, size.size) * (facts.farmers + facts.half > 0)
    money["inkind_consumption"] = np.rint(inkind * 100).astype(np.int64)
    return money, land, dibao, wubao


def generate_county(spec: CountySpec, seed: int, year: int) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(regions, households, members) of one county, deterministic for (seed, county index)."""
    rng = np.random.default_rng([seed, 1, spec.index])
    tree = county_tree(rng, spec)
    village = np.sort(rng.choice(tree.village_codes.size, spec.households, p=tree.village_weight))
    comp = people.compose(rng, village.size)
    hardship = rng.normal(0, 1, village.size)
    frailty = 0.5 * hardship + rng.normal(0, 0.87, village.size)
    attrs = attributes.draw_people(rng, comp.age, frailty[comp.household], hardship[comp.household])
    facts = income.household_facts(comp, attrs)
    village_effect = rng.normal(0, 0.3, tree.village_codes.size)
    township_effect = rng.normal(0, 0.2, int(tree.village_township.max()) + 1)
    place = (village_effect + township_effect[tree.village_township])[village]
    money, land, dibao, wubao = _incomes(rng, comp, facts, place, hardship, spec, year)
    disaster_p = np.where(rng.random(tree.village_codes.size) < 0.1, 0.25, 0.03)[village]
    medical, disaster = income.rigid_spending(rng, attrs.health, comp.household, disaster_p)
    money["medical_out_of_pocket"], money["disaster_loss"] = medical, disaster
    per_capita = net_fen(money) / comp.size / 100.0
    state = registration_state(
        rng, tree, village, comp, attrs, facts, per_capita, land, money, year
    )
    state.update(dibao=dibao, wubao=wubao, land=land, village=village, pc=per_capita)
    regions, households, members = tables.build(rng, tree, comp, attrs, money, state, year)
    members = members.set_column(
        members.schema.get_field_index("id_number"),
        "id_number",
        with_area(members["id_number"], spec.code),
    )
    return _regions(regions, spec), households, members


def with_area(ids: pa.ChunkedArray | pa.Array, area: str) -> pa.Array:
    """The same ID numbers with another 6-digit area code and a recomputed check character."""
    column = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    n = len(column)
    if n == 0:
        return column
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)[
        column.offset : column.offset + n + 1
    ]
    raw = np.frombuffer(column.buffers()[2], dtype=np.uint8)
    chars = raw[offsets[0] : offsets[0] + 18 * n].reshape(n, 18).copy()
    chars[:, :6] = np.frombuffer(area.encode("ascii"), dtype=np.uint8)
    check = check_characters_vectorised(chars[:, :17] - ord("0"))
    chars[:, 17] = np.frombuffer(check.astype("S1").tobytes(), dtype=np.uint8)
    new_offsets = np.arange(n + 1, dtype=np.int32) * 18
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(new_offsets), pa.py_buffer(chars.tobytes())]
    )


def _regions(regions: pa.Table, spec: CountySpec) -> pa.Table:
    # The demo table's county row has no parent here; link it to its city and mark the region.
    county_code = spec.code + "000000"
    city_code = spec.code[:4] + "00000000"
    parent = pc.if_else(pc.equal(regions["code"], county_code), city_code, regions["parent_code"])
    regions = regions.set_column(
        regions.schema.get_field_index("parent_code"), "parent_code", parent
    )
    western = pa.array(np.full(regions.num_rows, spec.western))
    regions = regions.set_column(regions.schema.get_field_index("western"), "western", western)
    # Key counties of the 2012 list were those with the highest incidence [U: 18% here].
    key = pa.array(np.full(regions.num_rows, spec.poor_share >= KEY_COUNTY_SHARE))
    return regions.set_column(regions.schema.get_field_index("key_county"), "key_county", key)
