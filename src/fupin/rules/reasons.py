"""Readable reasons: one sentence per failed criterion, with the amount by which it failed.

The kernel gives reason *codes* and amounts (fen) as columns; this module turns them into text in
the chosen language through ``fupin.i18n``. Sentences are assembled column-wise with Arrow string
kernels — each translated template is split once into literal text and fields — so a county's
130,000 reasons cost no Python work per household.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin import i18n
from fupin.i18n import gettext as _
from fupin.i18n import gettext_noop as N_

DECISION_TEXT = {
    "identify": N_("Decision: identify as a poor household."),
    "monitor": N_("Decision: monitor for risk of (re)turning to poverty."),
    "none": N_("Decision: not poor; no action."),
    "remain": N_("Decision: remains a registered poor household."),
    "exit": N_("Decision: may exit poverty."),
    "return": N_("Decision: returned to poverty."),
    "stable": N_("Decision: exit is stable."),
}
INCOME_BELOW = N_(
    "Per-capita net income {pc} yuan ({size} person(s)) is {short} yuan below the poverty line "
    "of {line} yuan."
)
INCOME_AT = N_(
    "Per-capita net income {pc} yuan ({size} person(s)) is not below the poverty line of {line} "
    "yuan."
)
INCOME_ABOVE = N_(
    "Per-capita net income {pc} yuan ({size} person(s)) is {margin} yuan above the poverty line "
    "of {line} yuan."
)
# One sentence per reason code; the fields are columns computed in ``_fields``.
CODE_TEXT = {
    "FOOD": N_("Food is not secure."),
    "CLOTHING": N_("Clothing is not secure."),
    "EDUCATION": N_("{children} school-age child(ren) not in school."),
    "MEDICAL": N_("{uninsured} member(s) without basic medical insurance."),
    "HOUSING": N_("Housing is graded {grade} (dilapidated)."),
    "WATER": N_("No safe drinking water."),
    "NEAR_LINE": N_(
        "Near the line: {near_short} yuan per person below the monitoring line of {mline} yuan."
    ),
    "TRANSFER_DEPENDENT": N_(
        "Transfers of {transfers} yuan are {share}% of net income ({net} yuan)."
    ),
    "RIGID_SPENDING": N_(
        "Medical and disaster spending of {rigid} yuan leaves {after} yuan per person, "
        "{rigid_short} yuan below the monitoring line of {mline} yuan."
    ),
    "INCOME_DROP": N_(
        "Per-capita income fell from {previous} to {pc} yuan, {drop_short} yuan below the "
        "threshold of {threshold} yuan."
    ),
    "NO_LABOUR": N_("No member is able to work."),
}


def render_reasons(results: pa.Table, lang: str | None = None) -> list[str]:
    """The reasons sentence of every row of a kernel result, in ``lang`` (default: active)."""
    return reasons_array(results, lang).to_pylist()


def reasons_array(results: pa.Table, lang: str | None = None) -> pa.Array:
    """The reasons of every row as an Arrow string array: decision, income, then each code."""
    with i18n.override(lang or i18n.get_language()):
        fields = _fields(results)
        parts = [_decision_part(results), _income_part(results, fields)]
        codes = results["reason_codes"].combine_chunks()
        for code, template in CODE_TEXT.items():
            present = pc.match_substring_regex(codes, f"(^|;){code}(;|$)")
            parts.append(
                pc.if_else(present, fill(_(template), fields), pa.scalar(None, pa.string()))
            )
        separator = " " if i18n.get_language() == "en" else ""
        return pc.binary_join_element_wise(*parts, separator, null_handling="skip")


def fill(template: str, fields: dict[str, Callable[[], pa.Array]]) -> pa.Array | str:
    """A translated template filled column-wise: literal pieces joined with field columns."""
    pieces: list[pa.Array | str] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            pieces.append(literal)
        if name is not None:
            pieces.append(fields[name]())
    if all(isinstance(p, str) for p in pieces):
        return "".join(pieces)  # type: ignore[arg-type]
    return pc.binary_join_element_wise(*pieces, "")


def yuan_text(fen: np.ndarray) -> pa.Array:
    """Fen as yuan text with thousands separators and two decimals (-1,234.50), column-wise."""
    fen = np.asarray(fen, dtype=np.int64)
    whole, cents = np.divmod(np.abs(fen), 100)
    digits = pc.cast(pa.array(whole), pa.string())
    count = len(str(int(whole.max()))) if len(whole) else 1
    groups = []
    for k in range((count - 1) // 3, -1, -1):  # groups of three digits, counted from the right
        piece = pc.utf8_slice_codeunits(
            digits, -3 * (k + 1), -3 * k if k else np.iinfo(np.int64).max
        )
        groups.append(pc.if_else(pc.equal(piece, ""), pa.scalar(None, pa.string()), piece))
    grouped = pc.binary_join_element_wise(*groups, ",", null_handling="skip")
    sign = pc.if_else(pa.array(fen < 0), "-", "")
    decimals = pc.utf8_lpad(pc.cast(pa.array(cents), pa.string()), 2, "0")
    return pc.binary_join_element_wise(sign, grouped, ".", decimals, "")


def _fields(results: pa.Table) -> dict[str, Callable[[], pa.Array]]:
    def ints(name: str) -> np.ndarray:
        return np.asarray(pc.fill_null(results[name], 0).to_numpy(), dtype=np.int64)

    pc_fen, line, mline = (
        ints("per_capita_net_income_fen"),
        ints("poverty_line_fen"),
        ints("monitoring_line_fen"),
    )
    # Shortfalls are shown as at least one fen: a household can be below a line on its total
    # while its rounded per-capita figure equals the line.
    makers: dict[str, Callable[[], pa.Array]] = {
        "pc": lambda: yuan_text(pc_fen),
        "size": lambda: pc.cast(results["size"], pa.string()).combine_chunks(),
        "line": lambda: yuan_text(line),
        "mline": lambda: yuan_text(mline),
        "short": lambda: yuan_text(np.maximum(line - pc_fen, 1)),
        "margin": lambda: yuan_text(np.maximum(pc_fen - line, 0)),
        "children": lambda: pc.cast(
            results["children_out_of_school"], pa.string()
        ).combine_chunks(),
        "uninsured": lambda: pc.cast(results["uninsured_members"], pa.string()).combine_chunks(),
        "grade": lambda: pc.fill_null(results["housing_grade"], "").combine_chunks(),
        "near_short": lambda: yuan_text(np.maximum(mline - pc_fen, 1)),
        "transfers": lambda: yuan_text(ints("transfers_fen")),
        "net": lambda: yuan_text(ints("net_income_fen")),
        "share": lambda: _percent(ints("transfers_fen"), ints("net_income_fen")),
        "rigid": lambda: yuan_text(ints("rigid_spending_fen")),
        "after": lambda: yuan_text(ints("pc_after_rigid_fen")),
        "rigid_short": lambda: yuan_text(np.maximum(mline - ints("pc_after_rigid_fen"), 1)),
        "previous": lambda: yuan_text(ints("previous_pc_fen")),
        "threshold": lambda: yuan_text(ints("drop_threshold_fen")),
        "drop_short": lambda: yuan_text(np.maximum(ints("drop_threshold_fen") - pc_fen, 1)),
    }
    # Each column is built once, on first use, whatever the templates of the language need.
    return {name: cache(make) for name, make in makers.items()}


def _percent(part: np.ndarray, whole: np.ndarray) -> pa.Array:
    # Share in tenths of a percent, rounded half up, from integers only.
    tenths = (2000 * part + np.maximum(whole, 1)) // (2 * np.maximum(whole, 1))
    units, tenth = np.divmod(tenths, 10)
    return pc.binary_join_element_wise(
        pc.cast(pa.array(units), pa.string()), pc.cast(pa.array(tenth), pa.string()), "."
    )


def _decision_part(results: pa.Table) -> pa.Array:
    decisions = results["decision"].combine_chunks()
    names = list(DECISION_TEXT)
    index = pc.index_in(decisions, value_set=pa.array(names))
    return pc.take(pa.array([_(DECISION_TEXT[n]) for n in names]), index)


def _income_part(results: pa.Table, fields: dict[str, Callable[[], pa.Array]]) -> pa.Array:
    below = pa.array(np.asarray(results["income_shortfall_fen"].to_numpy()) > 0)
    pc_fen = np.asarray(results["per_capita_net_income_fen"].to_numpy())
    above = pa.array(pc_fen > np.asarray(results["poverty_line_fen"].to_numpy()))
    return pc.if_else(
        below,
        fill(_(INCOME_BELOW), fields),
        pc.if_else(above, fill(_(INCOME_ABOVE), fields), fill(_(INCOME_AT), fields)),
    )
