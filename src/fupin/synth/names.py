"""Chinese personal names: a surname and a one- or two-character given name (vectorised)."""

from __future__ import annotations

import numpy as np

# Common surnames of the north-west, most frequent first, with rough weights [U].
SURNAMES = np.array(
    list("王李张刘杨赵陈高马郭何冯贺苏吕任薛雷姚田梁宋孙周吴郑曹贾韩魏崔袁邓许傅沈曾彭白杜")
)
_SURNAME_WEIGHTS = 1.0 / np.arange(1, SURNAMES.size + 1) ** 0.7
SURNAME_P = _SURNAME_WEIGHTS / _SURNAME_WEIGHTS.sum()
MALE_CHARS = np.array(
    list("建国军华明伟强勇志文斌平海涛林刚成杰东亮鹏龙飞辉波超磊宏忠福贵生发荣新全春德安")
)
FEMALE_CHARS = np.array(list("秀英兰芳丽娟霞玲梅燕红琴敏静艳萍慧婷雪莉珍凤桂花云洁娜丹晓彩"))


def surnames(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` surnames drawn by frequency."""
    return rng.choice(SURNAMES, count, p=SURNAME_P)


def given_names(rng: np.random.Generator, female: np.ndarray) -> np.ndarray:
    """A given name per person: two characters for most, one for a fifth, chosen by sex."""
    n = female.size
    pools = (MALE_CHARS, FEMALE_CHARS)
    first = np.where(
        female,
        FEMALE_CHARS[rng.integers(0, pools[1].size, n)],
        MALE_CHARS[rng.integers(0, pools[0].size, n)],
    )
    second = np.where(
        female,
        FEMALE_CHARS[rng.integers(0, pools[1].size, n)],
        MALE_CHARS[rng.integers(0, pools[0].size, n)],
    )
    single = rng.random(n) < 0.2
    return np.where(single, first, np.char.add(first, second))
