"""The registration XLSForm: it converts and validates (pyxform, then ODK Validate), and its
constraints accept and refuse exactly what the roster's checks accept and refuse."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from fupin import idnumber
from fupin.rules.checks.codes import MEMBER_CODES
from fupin.survey.form import BIRTH_DATE_XPATH, SEX_XPATH, id_check_xpath, write_xlsform


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    return write_xlsform(tmp_path_factory.mktemp("form") / "registration.xlsx", version="1")


def test_the_form_converts_and_passes_odk_validate(form):
    warnings: list[str] = []
    xform = convert(xlsform=str(form), warnings=warnings, validate=True).xform
    assert warnings == []
    assert 'jr:template=""' in xform or "<members" in xform  # members repeat
    assert "/data/members/id_number" in xform
    one_head = re.search(r'<bind nodeset="/data/one_head"[^>]*>', xform).group(0)
    assert 'constraint="false()"' in one_head and "relevant=" in one_head


def test_every_label_is_in_english_and_chinese(form):
    sheet = load_workbook(form)["survey"]
    header = [c.value for c in sheet[1]]
    english, chinese = header.index("label::English (en)"), header.index("label::中文 (zh)")
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[0] in ("begin_group", "begin_repeat") or str(row[0]).startswith(
            ("text", "integer", "decimal", "date", "select_one")
        ):
            assert row[english] and row[chinese], row[1]
            assert re.search(r"[\u4e00-\u9fff]", row[chinese]), row[1]


def test_the_choices_are_the_registrys_codes(form):
    sheet = load_workbook(form)["choices"]
    lists: dict[str, set[str]] = {}
    for list_name, value, *_labels in sheet.iter_rows(min_row=2, values_only=True):
        lists.setdefault(list_name, set()).add(value)
    for name in ("relation", "sex", "health", "labour_ability"):
        assert lists[name] == set(MEMBER_CODES[name])
    assert lists["yes_no"] == {"yes", "no"}


def test_a_village_list_makes_the_village_a_choice(tmp_path):
    path = write_xlsform(tmp_path / "f.xlsx", villages=[("990102001001", "Village a1")])
    xform = convert(xlsform=str(path)).xform
    assert "990102001001" in xform and "Village a1" in xform


# ODK's XPath functions, for lxml: substr is 0-based with an exclusive end.
def _text(value: object) -> str:
    """An XPath argument's string value (a node-set's is its first node's text)."""
    if isinstance(value, list):
        return "".join(value[0].itertext()) if value else ""
    return str(value)


def _substr(_context: object, text: object, start: float, end: float | None = None) -> str:
    return _text(text)[int(start) : None if end is None else int(end)]


def _format_date(_context: object, text: object, pattern: object) -> str:
    day = dt.date.fromisoformat(_text(text))
    return day.strftime(_text(pattern))  # ODK's %Y, %m and %d are strftime's


def _functions() -> None:
    ns = etree.FunctionNamespace(None)
    ns["substr"] = _substr
    ns["regex"] = lambda _c, text, pattern: re.search(_text(pattern), _text(text)) is not None
    ns["format-date"] = _format_date
    # ODK compares dates as dates; as numbers YYYYMMDD they keep the same order.
    ns["date"] = lambda _c, text: float(_text(text).replace("-", ""))
    ns["today"] = lambda _c: float(dt.date.today().strftime("%Y%m%d"))


def _holds(expression: str, value: str, id_number: str = "") -> bool:
    _functions()
    member = etree.fromstring(f"<m><id_number>{id_number}</id_number><v>{value}</v></m>")
    xpath = expression.replace("${id_number}", "../id_number")
    for op in (">=", "<="):  # the answer compared as a date, as ODK does (see _functions)
        xpath = xpath.replace(f". {op} ", f"number(translate(., '-', '')) {op} ")
    return bool(member.find("v").xpath(xpath))


IDS = st.builds(
    idnumber.make,
    st.sampled_from(["990102", "110101", "530121"]),
    st.dates(dt.date(1930, 1, 1), dt.date(2024, 12, 31)),
    st.integers(0, 999),
    st.sampled_from(["M", "F"]),
)


@settings(max_examples=150, deadline=None)
@given(IDS, st.integers(0, 16), st.integers(1, 9))
def test_the_id_constraint_is_the_rosters(number, position, shift):
    assert _holds(id_check_xpath(), number)
    changed = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert _holds(id_check_xpath(), changed) == idnumber.is_valid(changed)


@settings(max_examples=80, deadline=None)
@given(IDS)
def test_birth_date_and_sex_must_agree_with_the_id(number):
    parsed = idnumber.parse(number)
    assert _holds(BIRTH_DATE_XPATH, parsed.birth_date.isoformat(), number)
    assert not _holds(BIRTH_DATE_XPATH, (parsed.birth_date + dt.timedelta(1)).isoformat(), number)
    other = "F" if parsed.sex == "M" else "M"
    assert _holds(SEX_XPATH, parsed.sex, number) and not _holds(SEX_XPATH, other, number)


@pytest.mark.parametrize("born", [dt.date(1879, 12, 31), dt.date.today() + dt.timedelta(days=1)])
def test_an_implausible_birth_date_is_refused_even_when_it_agrees(born):
    number = idnumber.make("990102", born, 7, "M")
    assert not _holds(BIRTH_DATE_XPATH, born.isoformat(), number)
    ordinary = dt.date(1980, 5, 17)
    assert _holds(BIRTH_DATE_XPATH, ordinary.isoformat(), idnumber.make("990102", ordinary, 7, "M"))


def test_a_lowercase_x_or_a_short_number_is_refused():
    number = next(
        n
        for s in range(999)
        if (n := idnumber.make("990102", dt.date(1980, 1, 1), s, "M")).endswith("X")
    )
    assert _holds(id_check_xpath(), number)
    assert not _holds(id_check_xpath(), number[:-1] + "x")
    assert not _holds(id_check_xpath(), number[:-1])
