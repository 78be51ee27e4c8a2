"""The upload forms: a roster, and the registration survey's submissions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RosterForm(forms.Form):
    """A roster to import: an .xlsx workbook, or a ZIP of households.csv and members.csv."""

    file = forms.FileField(
        label=_("Roster (.xlsx, or a .zip holding households.csv and members.csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.zip"}),
    )
    year = forms.IntegerField(label=_("Income year (every row must have it)"), required=False,
                              min_value=2014, max_value=2100)  # fmt: skip
    dry_run = forms.BooleanField(label=_("Check only: count what would change, write nothing"),
                                 required=False)  # fmt: skip


class SurveyForm(RosterForm):
    """Survey submissions: ODK Central's ZIP of CSVs, or KoboToolbox's .xlsx or .csv export."""

    file = forms.FileField(
        label=_("Submissions (ODK Central: the .zip of CSV files; KoboToolbox: .xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.xlsx,.csv"}),
    )
