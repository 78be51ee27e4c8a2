"""The region tree of the demo county: province, city, county, townships and villages.

Codes follow the 12-digit statistical layout (2+2+2+3+3). Townships are numbered 100+ (towns)
and 200+ (townships), villages 201+ (village committees), as in the official code tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fupin.synth.constants import CITY_CODE, COUNTY_CODE, PROVINCE_CODE, TOWNSHIPS, VILLAGES

TOWNSHIP_STEMS = (
    "城关",
    "杜家",
    "石门",
    "柳林",
    "高坪",
    "马湾",
    "黄龙",
    "白杨",
    "清水",
    "红岩",
    "双河",
    "南庄",
    "北塬",
    "东沟",
    "西峪",
    "桃园",
    "金川",
    "太平",
    "长乐",
    "龙泉",
)
VILLAGE_SURNAMES = (
    "杜",
    "王",
    "李",
    "张",
    "刘",
    "杨",
    "赵",
    "陈",
    "高",
    "马",
    "郭",
    "何",
    "冯",
    "贺",
    "苏",
    "吕",
    "任",
    "薛",
    "雷",
    "姚",
    "田",
    "梁",
    "宋",
    "孙",
    "周",
    "吴",
    "郑",
    "曹",
    "贾",
    "韩",
    "魏",
    "崔",
    "袁",
    "邓",
    "许",
    "傅",
    "沈",
    "曾",
    "彭",
    "白",
)
VILLAGE_SUFFIXES = (
    "家沟",
    "家坪",
    "家湾",
    "家塬",
    "家庄",
    "家河",
    "家岔",
    "家峁",
    "家山",
    "家洼",
    "家咀",
    "家岭",
    "家畔",
    "家坡",
    "家台",
    "家园",
)


@dataclass(frozen=True)
class RegionTree:
    """Codes, names, levels and parents of every region, and per-village household weights."""

    code: np.ndarray
    name: np.ndarray
    level: np.ndarray
    parent: np.ndarray  # parent code, "" for the province
    village_codes: np.ndarray
    village_township: np.ndarray  # township index of each village
    village_weight: np.ndarray  # expected share of households


def tree_size(scale: float) -> tuple[int, int]:
    """(townships, villages) for a scaled county: villages shrink with sqrt(scale)."""
    villages = min(VILLAGES, max(TOWNSHIPS, round(VILLAGES * np.sqrt(scale))))
    return min(TOWNSHIPS, villages), villages


def _township_names(count: int) -> list[str]:
    # The first four are towns (镇), the rest townships (乡).
    return [TOWNSHIP_STEMS[i] + ("镇" if i < 4 else "乡") for i in range(count)]


def _village_names(rng: np.random.Generator, count: int) -> np.ndarray:
    combos = np.array([s + f + "村" for s in VILLAGE_SURNAMES for f in VILLAGE_SUFFIXES])
    # 杜家沟 (Du Jia Gou) is the village of the case study; keep it first.
    return combos[np.concatenate([[0], 1 + rng.permutation(combos.size - 1)[: count - 1]])]


def build(rng: np.random.Generator, scale: float) -> RegionTree:
    """Draws the tree; village sizes vary (gamma) as hill villages differ from valley ones."""
    townships, villages = tree_size(scale)
    # Villages split unevenly across townships (the seat town gets more).
    share = rng.gamma(6.0, 1.0, townships)
    share[0] *= 1.6
    per_township = np.maximum(1, np.floor(share / share.sum() * villages)).astype(np.int64)
    per_township[np.argmax(per_township)] += villages - per_township.sum()
    township_index = np.repeat(np.arange(townships), per_township)
    ordinal = np.arange(villages) - np.repeat(np.cumsum(per_township) - per_township, per_township)
    township_numbers = np.where(np.arange(townships) < 4, 100, 196) + np.arange(townships)
    county = COUNTY_CODE[:6]
    township_codes = np.array([f"{county}{n:03d}000" for n in township_numbers])
    village_codes = np.array(
        [
            f"{township_codes[t][:9]}{201 + o:03d}"
            for t, o in zip(township_index, ordinal, strict=True)
        ]
    )
    code = np.concatenate([[PROVINCE_CODE, CITY_CODE, COUNTY_CODE], township_codes, village_codes])
    name = np.concatenate(
        [
            ["S省", "示范市", "L县（示范）"],
            _township_names(townships),
            _village_names(rng, villages),
        ]
    )
    level = np.array(
        ["province", "city", "county"] + ["township"] * townships + ["village"] * villages
    )
    parent = np.concatenate(
        [["", PROVINCE_CODE, CITY_CODE], [COUNTY_CODE] * townships, township_codes[township_index]]
    )
    weight = rng.gamma(4.0, 1.0, villages)
    return RegionTree(
        code, name, level, parent, village_codes, township_index, weight / weight.sum()
    )
