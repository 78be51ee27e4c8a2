"""The registration survey as an XLSForm: household, members as a repeat, housing, food and
water, assets, income; the roster's codes as choices, and its checks as constraints.

The ID number's check character and the agreement of birth date and sex with the ID number are
the constraints of ``fupin.idnumber`` written in XPath, so a phone refuses what the import would.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fupin import idnumber
from fupin.rules import columns as col
from fupin.rules.checks.codes import HOUSEHOLD_CODES, MEMBER_CODES
from fupin.survey.labels import CHOICES, GROUPS, HINTS, MESSAGES, QUESTIONS, Label
from fupin.tabular.atomic import replaced_atomically

FORM_ID = "fupin_registration"
LANGUAGES = ("English (en)", "中文 (zh)")
SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "constraint",
                  "constraint_message", "relevant", "calculation", "appearance")  # fmt: skip
TRANSLATED = ("label", "hint", "constraint_message")
FIRST_YEAR = 2014  # the registry of poor households (建档立卡) starts in 2014
Row = dict[str, object]


def id_check_xpath() -> str:
    """XPath true when ``.`` is 17 digits and the check character ISO 7064 MOD 11-2 gives."""
    total = " + ".join(
        f"number(substr(., {i}, {i + 1})) * {w}" for i, w in enumerate(idnumber.WEIGHTS)
    )
    rest = f"(({total}) mod 11)"
    return (f"regex(., '^[0-9]{{17}}[0-9X]$') and substr(., 17, 18) = "
            f"substr('{idnumber.CHECK_CHARS}', {rest}, {rest} + 1)")  # fmt: skip


BIRTH_DATE_XPATH = (
    f"format-date(., '%Y%m%d') = substr(${{id_number}}, 6, 14) and "
    f". >= date('{idnumber.EARLIEST_BIRTH.isoformat()}') and . <= today()"
)
SEX_XPATH = ("(. = 'M' and number(substr(${id_number}, 16, 17)) mod 2 = 1) or "
             "(. = 'F' and number(substr(${id_number}, 16, 17)) mod 2 = 0)")  # fmt: skip
AMOUNT_XPATH = ". >= 0 and round(., 2) = ."
COUNT_XPATH = ". >= 0"


def _question(kind: str, name: str, *, message: str | None = None, **extra: object) -> Row:
    row: Row = {"type": kind, "name": name, "label": QUESTIONS[name], "required": "yes"}
    if name in HINTS:
        row["hint"] = HINTS[name]
    if message:
        row["constraint_message"] = MESSAGES[message]
    row.update(extra)
    return row


def _choice_of(name: str, codes: dict[str, tuple[str, ...]]) -> str:
    values = codes[name]
    for list_name, labels in CHOICES.items():
        if tuple(labels) == values or set(labels) == set(values):
            return f"select_one {list_name}"
    raise KeyError(f"no choice list has the codes of {name}")


def _household(villages: Sequence[tuple[str, str]]) -> list[Row]:
    village = (
        {**_question("select_one village", "village_code", appearance="minimal"), "hint": ""}
        if villages
        else _question(
            "text", "village_code", constraint="regex(., '^[0-9]{12}$')", message="village_code"
        )  # fmt: skip
    )
    year = f". >= {FIRST_YEAR} and . <= number(format-date(today(), '%Y'))"
    return [
        {"type": "begin_group", "name": "household", "label": GROUPS["household"]},
        _question("text", "household_id"),
        village,
        _question("integer", "year", constraint=year, message="year"),
        {"type": "end_group", "name": "household"},
    ]


def _members() -> list[Row]:
    optional = [
        {**_question(_choice_of(name, MEMBER_CODES), name), "required": ""}
        for name in col.EXCLUSION_MEMBER_FLAGS
    ]
    return [
        {"type": "begin_repeat", "name": "members", "label": GROUPS["members"]},
        _question("text", "id_number", constraint=id_check_xpath(), message="id_number"),
        _question("text", "name"),
        _question(_choice_of("relation", MEMBER_CODES), "relation"),
        _question(_choice_of("sex", MEMBER_CODES), "sex", constraint=SEX_XPATH, message="sex"),
        _question("date", "birth_date", constraint=BIRTH_DATE_XPATH, message="birth_date"),
        *(_question(_choice_of(name, MEMBER_CODES), name)
          for name in ("in_school", "health", "labour_ability", "medical_insurance")),
        *optional,
        {"type": "end_repeat", "name": "members"},
        {"type": "calculate", "name": "heads", "calculation": "count(${relation}[. = 'head'])"},
        # Shown only while the household has no head or several, and never answerable: the
        # form cannot be finalised until the members' relations are put right.
        {"type": "text", "name": "one_head", "label": MESSAGES["one_head"], "required": "yes",
         "relevant": "${heads} != 1", "constraint": "false()",
         "constraint_message": MESSAGES["one_head"]},
    ]  # fmt: skip


def _group(name: str, rows: list[Row]) -> list[Row]:
    return [{"type": "begin_group", "name": name, "label": GROUPS[name]}, *rows,
            {"type": "end_group", "name": name}]  # fmt: skip


def _household_facts() -> list[Row]:
    def choice(name: str, required: bool = True) -> Row:
        row = _question(_choice_of(name, HOUSEHOLD_CODES), name)
        return row if required else {**row, "required": ""}

    def count(name: str) -> Row:
        return {**_question("integer", name, constraint=COUNT_XPATH, message="count"),
                "required": ""}  # fmt: skip

    def amount(name: str, required: bool = True) -> Row:
        row = _question("decimal", name, constraint=AMOUNT_XPATH, message="amount")
        return row if required else {**row, "required": ""}

    return [
        *_group("housing", [choice("housing_grade")]),
        *_group("living", [choice(n) for n in ("food_secure", "clothing_secure", "safe_water")]),
        *_group("assets", [*(choice(n, False) for n in col.EXCLUSION_HOUSEHOLD_FLAGS),
                           *(count(n) for n in col.COUNT_COLUMNS)]),
        *_group("income", [*(amount(n) for n in col.MONEY_COLUMNS),
                           amount(col.PREVIOUS_INCOME_COLUMN, required=False)]),
    ]  # fmt: skip


def survey_rows(villages: Sequence[tuple[str, str]] = ()) -> list[Row]:
    """The survey sheet's rows (labels as (English, Chinese) pairs)."""
    meta: list[Row] = [{"type": k, "name": k} for k in ("start", "end", "today", "deviceid")]
    return [*meta, *_household(villages), *_members(), *_household_facts()]


def choice_rows(villages: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str, Label]]:
    """The choices sheet: (list, value, (English, Chinese)); ``villages`` as (code, name)."""
    rows = [(list_name, value, label) for list_name, labels in CHOICES.items()
            for value, label in labels.items()]  # fmt: skip
    return rows + [("village", code, (name, name)) for code, name in villages]


def _header() -> list[str]:
    names = []
    for column in SURVEY_COLUMNS:
        if column in TRANSLATED:
            names += [f"{column}::{language}" for language in LANGUAGES]
        else:
            names.append(column)
    return names


def _cells(row: Row) -> list[object]:
    cells: list[object] = []
    for column in SURVEY_COLUMNS:
        value = row.get(column, "")
        if column in TRANSLATED:
            cells += list(value) if isinstance(value, tuple) else ["", ""]
        else:
            cells.append(value)
    return cells


def write_xlsform(
    out: str | Path, villages: Sequence[tuple[str, str]] = (), version: str = ""
) -> Path:
    """Writes the registration XLSForm to ``out`` (whole or not at all); ``villages`` (code,
    name) turn the village into a list to choose from."""
    from openpyxl import Workbook

    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(_header())
    for row in survey_rows(villages):
        survey.append(_cells(row))
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", *(f"label::{language}" for language in LANGUAGES)])
    for list_name, value, label in choice_rows(villages):
        choices.append([list_name, value, *label])
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    settings.append(["Household registration 农户登记", FORM_ID, version, LANGUAGES[1],
                     "concat(${household_id}, ' ', ${village_code})"])  # fmt: skip
    target = Path(out)
    with replaced_atomically(target) as temporary:
        workbook.save(temporary)
    return target
