"""The country of `fupin synth national`: 31 provinces, their cities, counties, townships, villages.

At national size (30 M households) the tree has about 2,800 counties and 500,000 villages, the
shape of rural China in 2014; smaller runs shrink the tree (counties with √N, villages with
N^¾) so that a test-sized country still has every province and several villages per county.
Province figures are rounded from NBS 2014 rural statistics and are tagged [U] (approximate):
share of rural households, rural poverty incidence (national line) and per-capita net income.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NATIONAL_HOUSEHOLDS = 30_000_000
NATIONAL_COUNTIES = 2_800
NATIONAL_VILLAGES = 500_000
NATIONAL_CITIES = 333
VILLAGES_PER_TOWNSHIP = 13
MIN_HOUSEHOLDS_PER_VILLAGE = 5
MIN_HOUSEHOLDS_PER_COUNTY = 20
MIN_HOUSEHOLDS = 2 * 31

# code, name, share of rural households (%), 2014 poverty incidence (%), mean income (yuan) [U]
PROVINCES: tuple[tuple[str, str, float, float, float], ...] = (
    ("11", "北京市", 0.4, 0.2, 20200),
    ("12", "天津市", 0.5, 0.2, 17000),
    ("13", "河北省", 6.0, 5.6, 10200),
    ("14", "山西省", 2.7, 9.2, 8800),
    ("15", "内蒙古自治区", 1.6, 7.3, 9980),
    ("21", "辽宁省", 2.2, 5.1, 11200),
    ("22", "吉林省", 1.7, 5.9, 10800),
    ("23", "黑龙江省", 2.3, 5.1, 10450),
    ("31", "上海市", 0.3, 0.2, 21200),
    ("32", "江苏省", 4.3, 1.0, 14960),
    ("33", "浙江省", 2.8, 0.5, 19370),
    ("34", "安徽省", 5.1, 7.2, 9920),
    ("35", "福建省", 2.3, 1.6, 12650),
    ("36", "江西省", 3.6, 6.7, 10120),
    ("37", "山东省", 7.0, 3.2, 11880),
    ("41", "河南省", 8.1, 7.9, 9970),
    ("42", "湖北省", 4.1, 8.0, 10850),
    ("43", "湖南省", 5.1, 9.3, 10060),
    ("44", "广东省", 5.2, 1.0, 12250),
    ("45", "广西壮族自治区", 3.8, 12.6, 8680),
    ("46", "海南省", 0.6, 8.3, 9910),
    ("50", "重庆市", 2.0, 6.0, 9490),
    ("51", "四川省", 6.9, 9.6, 8800),
    ("52", "贵州省", 3.3, 18.0, 6670),
    ("53", "云南省", 3.5, 17.8, 7460),
    ("54", "西藏自治区", 0.2, 23.7, 7360),
    ("61", "陕西省", 2.5, 13.0, 7930),
    ("62", "甘肃省", 1.9, 20.1, 6280),
    ("63", "青海省", 0.3, 13.4, 7280),
    ("64", "宁夏回族自治区", 0.4, 10.8, 8410),
    ("65", "新疆维吾尔自治区", 1.1, 18.6, 8720),
)
WESTERN = frozenset({"15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"})
NAME_STEMS = (
    "安", "宁", "平", "和", "兴", "丰", "泰", "康", "新", "永", "长", "河",
    "山", "阳", "清", "明", "东", "西", "南", "北", "金", "石", "云", "龙",
)  # fmt: skip


@dataclass(frozen=True)
class CountySpec:
    """One county to generate: its codes, size and calibration targets."""

    index: int  # position in the country, also the seed offset
    province: str  # 2-digit code
    code: str  # 6-digit county code (also the ID-number area)
    name: str
    households: int
    villages: int
    townships: int
    poor_share: float  # 2014 people-weighted share below the line
    mean_income: float  # 2014 yuan per person
    western: bool


@dataclass(frozen=True)
class Country:
    """The counties to generate and the province / city rows of the region tree."""

    counties: list[CountySpec]
    upper_codes: list[str]
    upper_names: list[str]
    upper_levels: list[str]
    upper_parents: list[str]


def tree_counts(households: int) -> tuple[int, int, int]:
    """(cities, counties, villages) for a country of ``households`` households."""
    share = households / NATIONAL_HOUSEHOLDS
    counties = int(
        np.clip(round(NATIONAL_COUNTIES * share**0.5), len(PROVINCES), NATIONAL_COUNTIES)
    )
    villages = round(NATIONAL_VILLAGES * share**0.75)
    villages = int(
        min(max(villages, counties), max(counties, households // MIN_HOUSEHOLDS_PER_VILLAGE))
    )
    cities = int(np.clip(round(counties / 8.4), len(PROVINCES), NATIONAL_CITIES))
    return cities, counties, villages


def _split(total: int, weights: np.ndarray, minimum: int = 1) -> np.ndarray:
    """Integer parts summing to ``total``: ``minimum`` each, the rest by largest remainders."""
    minimum = min(minimum, total // len(weights))
    rest = total - minimum * len(weights)
    raw = weights / weights.sum() * rest
    parts = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - parts), kind="stable")
    parts[order[: rest - int(parts.sum())]] += 1
    return parts + minimum


def _name(rng: np.random.Generator, suffix: str) -> str:
    first, second = rng.choice(len(NAME_STEMS), 2)
    return NAME_STEMS[first] + NAME_STEMS[second] + suffix


def build_country(households: int, seed: int) -> Country:
    """Draws the country: counties per province and city, their sizes and income targets."""
    rng = np.random.default_rng([seed, 0])
    n_cities, n_counties, n_villages = tree_counts(households)
    shares = np.array([p[2] for p in PROVINCES])
    if households < MIN_HOUSEHOLDS:
        raise ValueError(f"a country needs at least {MIN_HOUSEHOLDS} households (two per province)")
    # Every province gets a few households (incomes are calibrated per county: they need a spread).
    floor = max(2, min(MIN_HOUSEHOLDS_PER_COUNTY, households // len(PROVINCES)))
    province_households = _split(households, shares, minimum=floor)
    province_counties = _split(n_counties, shares, minimum=1)
    # A county needs households enough to calibrate incomes (a spread, a poor share).
    province_counties = np.maximum(
        1, np.minimum(province_counties, province_households // MIN_HOUSEHOLDS_PER_COUNTY)
    )
    province_cities = np.minimum(_split(n_cities, shares, minimum=1), province_counties)
    counties: list[CountySpec] = []
    codes, names, levels, parents = [], [], [], []
    for p, (code, name, _share, incidence, income) in enumerate(PROVINCES):
        codes.append(code + "0" * 10)
        names.append(name)
        levels.append("province")
        parents.append("")
        weights = rng.gamma(4.0, 1.0, province_counties[p])
        sizes = _split(
            int(province_households[p]),
            weights,
            minimum=min(
                MIN_HOUSEHOLDS_PER_COUNTY // 2, int(province_households[p]) // len(weights)
            ),
        )
        per_city = _split(int(province_counties[p]), np.ones(province_cities[p]), minimum=1)
        county_city = np.repeat(np.arange(len(per_city)), per_city)
        for c in range(len(per_city)):
            codes.append(f"{code}{c + 1:02d}" + "0" * 8)
            names.append(_name(rng, "市"))
            levels.append("city")
            parents.append(code + "0" * 10)
        ordinal = np.arange(len(sizes)) - np.repeat(np.cumsum(per_city) - per_city, per_city)
        for k, size in enumerate(sizes):
            villages = max(1, round(n_villages * size / households))
            villages = min(villages, max(1, int(size) // MIN_HOUSEHOLDS_PER_VILLAGE), 9_000)
            # Poverty varies between counties of a province (key counties cluster in the hills).
            county_share = float(np.clip(incidence / 100 * rng.lognormal(0, 0.5), 0.002, 0.6))
            counties.append(
                CountySpec(
                    index=len(counties),
                    province=code,
                    code=f"{code}{county_city[k] + 1:02d}{ordinal[k] + 1:02d}",
                    name=_name(rng, "县"),
                    households=int(size),
                    villages=int(villages),
                    townships=max(1, min(villages, round(villages / VILLAGES_PER_TOWNSHIP), 800)),
                    poor_share=county_share,
                    mean_income=float(income * rng.lognormal(0, 0.15)),
                    western=code in WESTERN,
                )
            )
    return Country(counties, codes, names, levels, parents)


def chunks(country: Country, target_households: int) -> list[list[CountySpec]]:
    """Consecutive counties of one province grouped into chunks of about ``target_households``."""
    groups: list[list[CountySpec]] = []
    current: list[CountySpec] = []
    filled = 0
    for county in country.counties:
        if current and (county.province != current[0].province or filled >= target_households):
            groups.append(current)
            current, filled = [], 0
        current.append(county)
        filled += county.households
    if current:
        groups.append(current)
    return groups
