"""Texts of ``fupin monitor``, kept in the targeting package so its catalogue holds them.

The command module lives outside any component with a ``locale/`` folder; defining its sentences
here lets ``make messages`` extract them into ``targeting/locale`` and keep them there.
"""

from __future__ import annotations

from fupin.i18n import gettext as _
from fupin.i18n import gettext_noop as N_

# Help of the commands and options, translated when the command is registered.
GROUP_HELP = N_("Return-to-poverty monitoring: the risk model (train, score, evaluate).")
POLICY_HELP = N_("A bundled policy name or a policy file.")
PANEL_ARG_HELP = N_("A panel in the roster format (.xlsx or CSV folder).")
MODEL_OUT_HELP = N_("Where to write the model (JSON).")
UNTIL_HELP = N_("Learn only from outcome years up to this one (keep later ones unseen).")
MODEL_SEED_HELP = N_("Random seed: the same seed gives the same model.")
ROSTER_ARG_HELP = N_("A roster (.xlsx or CSV folder); a panel scores its last year.")
MODEL_HELP = N_("A model written by `fupin monitor train`.")
SCORES_OUT_HELP = N_("Where to write SCORES.csv.")
DEEP_HELP = N_("A village code in a deep-poverty area (repeatable).")
EVAL_PANEL_HELP = N_("A panel in the roster format.")
PANEL_OUT_HELP = N_("A folder (CSV) or an .xlsx workbook.")
PANEL_SEED_HELP = N_("Random seed: the same seed gives the same panel.")
SCALE_HELP = N_("Share of the full county (1.0 = 130,000 households).")
FROM_HELP = N_("First year.")
TO_HELP = N_("Last year.")
TRAIN_HELP = N_(
    "Learns P(below next year's poverty line) from every consecutive year pair of a panel."
)
SCORE_HELP = N_(
    "Scores every household: risk, the kernel's codes, the top three factors and the alert."
)
EVALUATE_HELP = N_(
    "Measures the model and the rules-only baseline on the outcome years the model did not see."
)
PANEL_HELP = N_(
    "Writes the demo county's panel with shocks (roster format, with the shocks drawn)."
)


def cannot_load_policy(name: str, error: object) -> str:
    """The policy named on the command line cannot be loaded."""
    return _("Cannot load the policy {name}: {error}").format(name=name, error=error)


def cannot_read_model(path: object, error: object) -> str:
    """The model file cannot be read."""
    return _("Cannot read the model {path}: {error}").format(path=path, error=error)


def panel_unusable() -> str:
    """Heading of the list of a panel's structural problems."""
    return _("The panel cannot be used:")


def error_report(path: object) -> str:
    """Where the error report was written."""
    return _("Error report: {path}").format(path=path)


def trained(pairs: int, positives: int, years: list[int], out: object) -> str:
    """Summary after training."""
    return _(
        "Trained on {pairs} household-years ({positives} fell below the line) for outcome "
        "years {years}; model in {out}."
    ).format(pairs=pairs, positives=positives, years=", ".join(map(str, years)), out=out)


def scored(count: int, year: int, alerts: int, out: object) -> str:
    """Summary after scoring."""
    return _(
        "Scored {count} households of {year}; {alerts} alerts within the monitored scale; "
        "scores in {out}."
    ).format(count=count, year=year, alerts=alerts, out=out)


def panel_written(households: int, first: int, last: int, out: object) -> str:
    """Summary after writing the demo panel."""
    return _("Wrote the demo panel: {households} households, {first}–{last}, to {out}.").format(
        households=households, first=first, last=last, out=out
    )


def years_reversed(first: int, last: int) -> str:
    """--from is after --to."""
    return _("--from {first} is after --to {last}").format(first=first, last=last)
