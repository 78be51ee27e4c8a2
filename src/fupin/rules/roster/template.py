"""An empty roster workbook: both sheets with headers, drop-down lists and a notes sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from fupin.i18n import gettext as _
from fupin.i18n import gettext_noop as N_
from fupin.rules import columns as col

TEMPLATE_ROWS = 5000  # rows that carry the drop-down lists and checks
TEXT_COLUMNS = {"household_id", "village_code", "id_number", "birth_date", "name"}

NOTES: dict[str, str] = {
    "household_id": N_("Text, unique in the roster; members refer to it."),
    "village_code": N_("The village's 12-digit statistical division code."),
    "year": N_("The income year of this row; selects the policy's poverty line."),
    "registered_status": N_("none: not registered; poor: registered poor; exited: left poverty."),
    "food_secure": N_("yes / no: enough food all year."),
    "clothing_secure": N_("yes / no: enough clothing for every season."),
    "safe_water": N_("yes / no: safe drinking water."),
    "housing_grade": N_("Housing safety appraisal A–D; C and D are dilapidated."),
    "wage_local": N_("Wages earned locally, yuan (at most 2 decimals; empty means 0)."),
    "wage_migrant": N_("Wages earned as a migrant worker, yuan."),
    "migrant_living_cost": N_("The migrant's own living costs away from home, yuan (subtracted)."),
    "operating_income": N_("Farming and other business income, yuan."),
    "operating_cost": N_("Farming and other business costs, yuan (subtracted)."),
    "property_income": N_("Rent, interest, land transfer income, yuan."),
    "transfer_relief": N_(
        "Minimum living allowance, five-guarantees support, pensions, medical relief, yuan."
    ),
    "transfer_development": N_("Production subsidies, ecological compensation, dividends, yuan."),
    "inkind_consumption": N_(
        "Food grown and eaten at home, yuan: recorded, never counted as income."
    ),
    "medical_out_of_pocket": N_("Medical costs paid by the household, yuan (rigid spending)."),
    "disaster_loss": N_("Losses from disasters, yuan (rigid spending)."),
    "previous_per_capita_net_income": N_("Optional: last year's per-capita net income, yuan."),
    "id_number": N_("18-character resident ID number (GB 11643), unique in the roster."),
    "name": N_("The member's name."),
    "relation": N_("Relation to the head; exactly one head per household."),
    "sex": N_("M / F; must agree with the ID number."),
    "birth_date": N_("YYYY-MM-DD; must agree with the ID number."),
    "in_school": N_("yes / no: enrolled in school."),
    "health": N_("healthy, chronic (illness), serious (illness) or disabled."),
    "labour_ability": N_("ordinary, skilled, lost (lost the ability) or none (child, elderly)."),
    "medical_insurance": N_("yes / no: enrolled in basic medical insurance."),
    "owns_vehicle": N_(
        "Optional, yes / no: owns a car or other vehicle not used for production (a tractor or a "
        "three-wheeler used for farming does not count)."
    ),
    "owns_commercial_housing": N_(
        "Optional, yes / no: bought commercial housing in a town, or built a new or luxury house "
        "since 2014."
    ),
    "runs_business_with_employees": N_(
        "Optional, yes / no: runs a business (a shop, a workshop, a farm, a company) that "
        "employs others."
    ),
    "away_with_high_income": N_(
        "Optional, yes / no: the whole family has lived away for at least a year with a high "
        "income."
    ),
    "machinery_count": N_(
        "Optional: productive machines (tractors, tillers), a whole number of 0 or more."
    ),
    "livestock_heads": N_(
        "Optional: head of large livestock (cattle, pigs, sheep), a whole number of 0 or more."
    ),
    "on_state_payroll": N_(
        "Optional, yes / no: a civil servant or another person paid by public finance."
    ),
    "is_village_cadre": N_(
        "Optional, yes / no: a member of the village Party branch or villagers' committee."
    ),
}
# Every enumerated column of each sheet, the optional ones included.
HOUSEHOLD_LISTS = {**col.HOUSEHOLD_ENUMS, **col.OPTIONAL_HOUSEHOLD_ENUMS}
MEMBER_LISTS = {**col.MEMBER_ENUMS, **col.OPTIONAL_MEMBER_ENUMS}


def write_template(path: str | Path) -> Path:
    """Writes the empty roster workbook and returns its path."""
    path = Path(path)
    workbook = Workbook()
    households = workbook.active
    households.title = col.HOUSEHOLDS_SHEET
    _sheet(households, col.ALL_HOUSEHOLD_COLUMNS, HOUSEHOLD_LISTS, money=col.MONEY_COLUMNS)
    members = workbook.create_sheet(col.MEMBERS_SHEET)
    _sheet(members, col.ALL_MEMBER_COLUMNS, MEMBER_LISTS, money=())
    _notes(workbook.create_sheet("notes"))
    workbook.save(path)
    return path


def _sheet(
    sheet: Worksheet,
    names: tuple[str, ...],
    enums: dict[str, tuple[str, ...]],
    money: tuple[str, ...],
) -> None:
    sheet.append(list(names))
    sheet.freeze_panes = "A2"
    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS}"
        sheet.column_dimensions[letter].width = max(12, len(name) + 2)
        if name in TEXT_COLUMNS:
            # Text format keeps 18-digit IDs and leading zeros exactly as typed.
            sheet.column_dimensions[letter].number_format = "@"
        if name in enums:
            _validation(sheet, cells, type="list", formula1=f'"{",".join(enums[name])}"')
        elif name in money:
            _validation(sheet, cells, type="decimal", operator="greaterThanOrEqual", formula1="0")
        elif name in col.COUNT_COLUMNS:
            _validation(sheet, cells, type="whole", operator="greaterThanOrEqual", formula1="0")


def _validation(sheet: Worksheet, cells: str, **options: str) -> None:
    rule = DataValidation(allow_blank=True, showErrorMessage=True, **options)
    rule.error = _("This value is not allowed here; see the notes sheet.")
    rule.add(cells)
    sheet.add_data_validation(rule)


def _notes(sheet: Worksheet) -> None:
    sheet.append([_("sheet"), _("column"), _("values and meaning")])
    for sheet_name, names in (
        (col.HOUSEHOLDS_SHEET, col.ALL_HOUSEHOLD_COLUMNS),
        (col.MEMBERS_SHEET, col.ALL_MEMBER_COLUMNS),
    ):
        for name in names:
            sheet.append([sheet_name, name, _(NOTES[name])])
    sheet.column_dimensions["B"].width = 32
    sheet.column_dimensions["C"].width = 90
