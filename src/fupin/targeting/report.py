"""The evaluation as text lines for the terminal (translated)."""

from __future__ import annotations

from fupin.i18n import gettext as _
from fupin.targeting.evaluate import RiskReport
from fupin.targeting.training import Evaluation


def _number(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _header(first: tuple[str, int], *rest: tuple[str, int]) -> str:
    # The first label is left-aligned, the others right-aligned over their number columns.
    return f"{first[0]:<{first[1]}}" + "".join(f"{label:>{width}}" for label, width in rest)


def evaluation_lines(evaluation: Evaluation) -> list[str]:
    """A comparison of model and rules-only baseline, then the model's reliability table."""
    model, rules = evaluation.model, evaluation.rules
    lines = [
        _("Outcome years not seen in training: {years}").format(
            years=", ".join(map(str, evaluation.target_years))
        ),
        _("Household-years: {n}; fell below the line: {share}").format(
            n=model.n, share=f"{model.prevalence:.1%}"
        ),
        _("Monitored scale: the top {share} by risk").format(share=f"{model.share:.0%}"),
        "",
        _header((_("measure"), 28), (_("model"), 10), (_("rules only"), 12)),
    ]
    rows: list[tuple[str, float | None, float | None]] = [
        (_("AUC"), model.auc, rules.auc),
        (_("precision at the scale"), model.precision_at_share, rules.precision_at_share),
        (_("recall at the scale"), model.recall_at_share, rules.recall_at_share),
        (_("Brier score"), model.brier, rules.brier),
        (_("calibration error"), model.calibration_error, rules.calibration_error),
    ]
    lines += [f"{name:<28}{_number(a):>10}{_number(b):>12}" for name, a, b in rows]
    return lines + ["", *reliability_lines(model)]


def reliability_lines(report: RiskReport) -> list[str]:
    """The reliability table: predicted risk bin, mean predicted, observed rate, count."""
    lines = [
        _("Reliability (model)"),
        _header((_("risk bin"), 12), (_("predicted"), 12), (_("observed"), 12), (_("count"), 10)),
    ]
    width = 0.1
    for low, predicted, observed, count in report.reliability:
        label = f"{low:.1f}–{low + width:.1f}"
        lines.append(f"{label:<12}{predicted:>12.3f}{observed:>12.3f}{count:>10}")
    return lines
