"""Message templates of policy validation errors (English source; translated via fupin.i18n).

Templates use plain ``{name}`` placeholders only: pydantic formats them too.
"""

from __future__ import annotations

from fupin.i18n import gettext_noop

MESSAGES: dict[str, str] = {
    "number": gettext_noop("must be a number, not {got}"),
    "amount_negative": gettext_noop("must not be negative"),
    "amount_large": gettext_noop("must be less than {bound} yuan"),
    "amount_fen": gettext_noop("must be an amount in yuan with at most 2 decimal places"),
    "share": gettext_noop("must be between 0 and 1"),
    "positive": gettext_noop("must be greater than 0"),
    "count": gettext_noop("must be a whole number, not {got}"),
    "count_negative": gettext_noop("must not be negative"),
    "flag": gettext_noop("must be true or false, not {got}"),
    "fraction": gettext_noop("must be a fraction such as 2/3 or a number, not '{got}'"),
    "year": gettext_noop("'{got}' is not a year"),
    "year_range": gettext_noop("year {got} is outside {first}–{last}"),
    "code": gettext_noop("'{got}' is not a code (lower-case letters, digits and _)"),
    "unknown_code": gettext_noop("unknown code '{got}'; known: {known}"),
    "extra_forbidden": gettext_noop("unknown key (not part of the policy schema; a typo?)"),
    "missing": gettext_noop("required but missing"),
    "not_table": gettext_noop("must be a table"),
    "not_list": gettext_noop("must be a list"),
    "not_text": gettext_noop("must be text"),
    "policy_id": gettext_noop("'{got}' is not a policy id (lower-case letters, digits and -)"),
    "years_gap": gettext_noop("years must be consecutive; missing {missing}"),
    "years_empty": gettext_noop("must give at least one year"),
    "year_not_covered": gettext_noop("year {year} is not covered by poverty_line ({first}–{last})"),
    "order": gettext_noop("must not be greater than {other} ({value} > {bound})"),
}

# Titles of the bundled policies, so Policy.display_title() can show them in the user's language.
BUNDLED_TITLES = (
    gettext_noop("National policy (targeted poverty alleviation and return-to-poverty monitoring)"),
    gettext_noop("Yunnan Province (云南省)"),
    gettext_noop("Western key county in a deep-poverty area"),
)
