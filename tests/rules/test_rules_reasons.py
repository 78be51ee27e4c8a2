"""Reason sentences: amounts formatted exactly, every criterion named, both languages complete."""

from __future__ import annotations

import ast
import datetime as dt
import string
from pathlib import Path

import numpy as np
import polib
from hypothesis import given
from hypothesis import strategies as st
from rules_builders import household_row, member_row

from fupin.rules import decide_one
from fupin.rules.reasons import yuan_text

RULES = Path(__file__).resolve().parents[2] / "src" / "fupin" / "rules"
COMMAND = RULES.parent / "commands" / "identify.py"
PO = RULES / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@given(st.lists(st.integers(-(10**15), 10**15), min_size=1, max_size=50))
def test_yuan_text_matches_python_formatting(amounts):
    expected = [("-" if a < 0 else "") + f"{abs(a) // 100:,}.{abs(a) % 100:02d}" for a in amounts]
    assert yuan_text(np.array(amounts)).to_pylist() == expected


def marked_messages() -> set[str]:
    """Every literal passed to _() or N_() in the rules package and the identify command."""
    found = set()
    for path in [*RULES.rglob("*.py"), COMMAND]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_a_chinese_translation_with_the_same_fields():
    catalogue = {e.msgid: e.msgstr for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = sorted(m for m in marked_messages() if not catalogue.get(m))
    assert missing == []
    assert all(fields(catalogue[m]) == fields(m) for m in marked_messages())


def test_compiled_catalogue_matches_the_po_file():
    po = {e.msgid: e.msgstr for e in polib.pofile(str(PO)) if e.msgstr}
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(PO.with_suffix(".mo"))) if e.msgid}
    assert mo == po


def every_code(policy):
    """A household failing every gap and flag at once, with amounts worked out below."""
    household = household_row(
        registered_status="exited",
        wage_local="4000",
        transfer_relief="4500",
        medical_out_of_pocket="2000",
        food_secure="no",
        clothing_secure="no",
        housing_grade="D",
        safe_water="no",
        previous_per_capita_net_income="10000",
    )
    members = [
        member_row(labour_ability="lost", medical_insurance="no"),
        member_row(relation="child", birth=dt.date(2012, 1, 1), labour_ability="none"),
    ]
    return decide_one(household, members, policy)


def test_english_reasons_name_each_criterion_and_amount(cn_policy):
    d = every_code(cn_policy)
    # net 8,500 for 2 = 4,250.00 each: above the 4,000 line by 250, below 6,000 by 1,750.
    assert d.decision == "monitor"
    text = d.reasons("en")
    for piece in (
        "Decision: monitor",
        "4,250.00 yuan (2 person(s)) is 250.00 yuan above the poverty line of 4,000.00 yuan",
        "Food is not secure.",
        "Clothing is not secure.",
        "1 school-age child(ren) not in school.",
        "1 member(s) without basic medical insurance.",
        "Housing is graded D (dilapidated).",
        "No safe drinking water.",
        "1,750.00 yuan per person below the monitoring line of 6,000.00 yuan",
        "Transfers of 4,500.00 yuan are 52.9% of net income (8,500.00 yuan)",
        "2,000.00 yuan leaves 3,250.00 yuan per person, 2,750.00 yuan below",
        "fell from 10,000.00 to 4,250.00 yuan, 2,750.00 yuan below the threshold of 7,000.00",
        "No member is able to work.",
    ):
        assert piece in text, piece


def test_chinese_reasons(cn_policy):
    text = every_code(cn_policy).reasons("zh-hans")
    assert text.startswith(
        "结论：纳入防止返贫（致贫）监测。人均纯收入 4,250.00 元（2 人），高于贫困线 4,000.00 元 250.00 元。"
    )
    assert "吃饭没有保障。穿衣没有保障。" in text
    assert "住房鉴定为 D 级（危房）" in text
