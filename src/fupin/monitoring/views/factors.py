"""The model's factors in plain words (feature names of fupin.targeting.features)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fupin.monitoring.choices import CAUSE_LABELS

FEATURE_WORDS = {
    "pc_income_to_line": _("per-capita net income against the poverty line"),
    "pc_after_rigid_to_line": _("income left after medical and disaster costs"),
    "previous_pc_to_line": _("last year's per-capita income"),
    "income_change": _("change of income since last year"),
    "wage_local_to_line": _("local wages"),
    "property_income_to_line": _("property income"),
    "transfer_relief_to_line": _("relief transfers (dibao, pensions, medical relief)"),
    "transfer_development_to_line": _("development transfers (subsidies, dividends)"),
    "medical_out_of_pocket_to_line": _("out-of-pocket medical costs"),
    "disaster_loss_to_line": _("disaster losses"),
    "inkind_consumption_to_line": _("food grown and eaten at home"),
    "migrant_net_to_line": _("migrant wages after living costs"),
    "operating_net_to_line": _("farming or business income after costs"),
    "wage_share": _("share of income from wages"),
    "migrant_share": _("share of income from migrant work"),
    "operating_share": _("share of income from farming or business"),
    "transfer_share": _("share of income from transfers"),
    "rigid_to_income": _("medical and disaster spending against income"),
    "size": _("household size"),
    "dependency_ratio": _("children and elderly per working adult"),
    "able_share": _("share of members able to work"),
    "children": _("children"),
    "elderly": _("elderly members"),
    "working_age": _("members of working age"),
    "able_labour": _("members able to work"),
    "skilled": _("skilled workers"),
    "chronic": _("members with a chronic illness"),
    "serious": _("members with a serious illness"),
    "disabled": _("members with a disability"),
    "students": _("members in school"),
    "uninsured": _("members without medical insurance"),
    "income_poor": _("income below the poverty line"),
    "status_poor": _("registered poor"),
    "status_exited": _("left poverty before"),
    "housing_grade": _("housing safety grade"),
}


def factor_words(name: str) -> str:
    """The plain words for a model feature (its name with spaces when unknown)."""
    if name in FEATURE_WORDS:
        return str(FEATURE_WORDS[name])
    code = name.split("_", 1)[-1].upper() if name.startswith(("flag_", "gap_")) else name.upper()
    if code in CAUSE_LABELS:
        return str(CAUSE_LABELS[code])
    return name.replace("_", " ")


def explain(factors: list[Any]) -> list[dict[str, Any]]:
    """Each [name, contribution] as {words, raises, size} for the alert page."""
    return [
        {"words": factor_words(str(name)), "raises": float(value) > 0, "size": abs(float(value))}
        for name, value in factors
    ]
