"""The vectorised kernel against a plain, per-household oracle written straight
from the specification with Decimal arithmetic (no code shared with fupin.rules).

Poverty lines are typed from docs/policy-facts.md (exit standard 2014–2020) with the monitoring line
1.5 × the poverty line; generated incomes cluster around both lines, and around 50 % transfers,
70 % of last year and the rigid-spending threshold, so every boundary is crossed often.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.rules import decide_one

LINES = {2014: 2800, 2015: 2968, 2016: 3146, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000}
CENT = Decimal("0.01")
TABLE = {  # the published decision table: (status, income_poor, any gap or flag for none/exited)
    "none": lambda poor, gap, flag: "identify" if poor else "monitor" if gap or flag else "none",
    "poor": lambda poor, gap, flag: "remain" if poor or gap else "exit",
    "exited": lambda poor, gap, flag: "return" if poor else "monitor" if gap or flag else "stable",
}


def oracle(h: dict, members: list[dict]) -> dict:
    """What the specification says the national policy decides, one household at a time."""
    year, size = h["year"], len(members)

    def money(name: str) -> Decimal:
        return Decimal(h.get(name) or "0")

    net = (
        money("wage_local") + money("wage_migrant") - money("migrant_living_cost")
        + money("operating_income") - money("operating_cost") + money("property_income")
        + money("transfer_relief") + money("transfer_development")
    )  # fmt: skip
    line = Decimal(LINES[year])
    monitoring = line * Decimal("1.5")
    transfers = money("transfer_relief") + money("transfer_development")
    rigid = money("medical_out_of_pocket") + money("disaster_loss")
    previous = h.get("previous_per_capita_net_income")
    gaps = [
        ("FOOD", h["food_secure"] == "no"),
        ("CLOTHING", h["clothing_secure"] == "no"),
        (
            "EDUCATION",
            any(
                6 <= year - int(m["birth_date"][:4]) <= 15 and m["in_school"] == "no"
                for m in members
            ),
        ),
        ("MEDICAL", any(m["medical_insurance"] == "no" for m in members)),
        ("HOUSING", h["housing_grade"] in ("C", "D")),
        ("WATER", h["safe_water"] == "no"),
    ]
    flags = [
        ("NEAR_LINE", line * size <= net < monitoring * size),
        ("TRANSFER_DEPENDENT", net > 0 and transfers > net / 2),
        ("RIGID_SPENDING", rigid > 0 and net - rigid < monitoring * size),
        (
            "INCOME_DROP",
            previous is not None
            and Decimal(previous) > 0
            and net < Decimal("0.7") * Decimal(previous) * size,
        ),
        ("NO_LABOUR", not any(m["labour_ability"] in ("ordinary", "skilled") for m in members)),
    ]
    poor = net < line * size
    gap_codes = tuple(code for code, on in gaps if on)
    flag_codes = tuple(code for code, on in flags if on)
    return {
        "net_income": net,
        "per_capita_net_income": (net / size).quantize(CENT, rounding=ROUND_HALF_UP),
        "poverty_line": line,
        "monitoring_line": monitoring,
        "income_poor": poor,
        "guarantee_gaps": gap_codes,
        "flags": flag_codes,
        "decision": TABLE[h["registered_status"]](poor, bool(gap_codes), bool(flag_codes)),
    }


fen_delta = st.integers(-3, 3)
yesno = st.sampled_from(["yes", "no"])
member = st.fixed_dictionaries(
    {
        "age": st.integers(0, 90),
        "in_school": yesno,
        "labour_ability": st.sampled_from(["ordinary", "skilled", "lost", "none"]),
        "medical_insurance": st.sampled_from(["yes", "yes", "yes", "no"]),
    }
)


@st.composite
def households(draw):
    year = draw(st.sampled_from(sorted(LINES)))
    people = draw(st.lists(member, min_size=1, max_size=5))
    size = len(people)
    line_fen = LINES[year] * 100 * size
    # Net income near one of the thresholds (in household fen), or anywhere.
    anchor = draw(st.sampled_from([line_fen, line_fen * 3 // 2, 0, None]))
    target = draw(st.integers(-500_000, 4_000_000)) if anchor is None else anchor + draw(fen_delta)
    transfers = draw(st.sampled_from([0, abs(target) // 2, abs(target) // 2 + 1, abs(target)]))
    migrant_cost = draw(st.integers(0, 300_000))
    operating_cost = draw(st.integers(0, 100_000))
    wage_local = target - transfers + migrant_cost + operating_cost
    wage_migrant = 0
    if wage_local < 0:  # amounts are ≥ 0: move the deficit into the subtracted costs
        migrant_cost -= wage_local
        wage_local = 0
    rigid = draw(st.sampled_from([0, 1, max(target - line_fen * 3 // 2, 0), 50_000]))
    previous = draw(st.sampled_from([None, 0, (target * 10) // (7 * size), 300_000]))
    relief = draw(st.integers(0, transfers))

    def yuan(fen: int) -> str:
        return str(Decimal(fen) / 100)

    household = {
        "household_id": "H",
        "year": year,
        "registered_status": draw(st.sampled_from(["none", "poor", "exited"])),
        "food_secure": draw(st.sampled_from(["yes", "yes", "no"])),
        "clothing_secure": draw(st.sampled_from(["yes", "yes", "no"])),
        "safe_water": draw(st.sampled_from(["yes", "yes", "no"])),
        "housing_grade": draw(st.sampled_from(["A", "B", "C", "D"])),
        "wage_local": yuan(wage_local),
        "wage_migrant": yuan(wage_migrant),
        "migrant_living_cost": yuan(migrant_cost),
        "operating_income": "",
        "operating_cost": yuan(operating_cost),
        "property_income": "0",
        "transfer_relief": yuan(relief),
        "transfer_development": yuan(transfers - relief),
        "inkind_consumption": yuan(draw(st.integers(0, 900_000))),  # must never count
        "medical_out_of_pocket": yuan(rigid),
        "disaster_loss": "",
        "previous_per_capita_net_income": None if previous is None else yuan(previous),
    }
    members = [
        {
            "id_number": None,
            "name": "x",
            "relation": "head" if i == 0 else "child",
            "sex": "M",
            # Born on 1 January or 31 December: age on 31 December is the same either way.
            "birth_date": f"{year - p['age']:04d}-{'12-31' if i % 2 else '01-01'}",
            "in_school": p["in_school"],
            "health": "healthy",
            "labour_ability": p["labour_ability"],
            "medical_insurance": p["medical_insurance"],
        }
        for i, p in enumerate(people)
    ]
    return household, members


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households())
def test_kernel_agrees_with_the_oracle(cn_policy, case):
    household, members = case
    expected = oracle(household, members)
    got = decide_one(household, members, cn_policy)
    assert {name: getattr(got, name) for name in expected} == expected
