"""Forms of the monitoring pages: filters, procedure steps, imports and the public report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin import idnumber
from fupin.monitoring.choices import REPORT_CAUSES, Department, Group, MeasureKind, Source

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class FilterForm(forms.Form):
    """Filters of the alert list."""

    region = forms.ChoiceField(label=_("Area"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    group = forms.ChoiceField(label=_("Group"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    escalated = forms.BooleanField(label=_("Escalated only"), required=False)
    closed = forms.BooleanField(label=_("Include closed alerts"), required=False)

    def __init__(self, *args: Any, regions: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("all"))]
        self.fields["region"].choices = [*anything, *regions]
        from fupin.monitoring.models.alert import stage_choices

        self.fields["stage"].choices = [*anything, *stage_choices()]
        self.fields["source"].choices = [*anything, *Source.choices]
        self.fields["group"].choices = [*anything, *Group.choices]


class StepForm(forms.Form):
    """A step's form, prefixed by its action (a stage may offer more than one step)."""

    def step_data(self) -> dict[str, Any]:
        """The data the step records."""
        return dict(self.cleaned_data)


def _note(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VisitForm(StepForm):
    """A home visit by at least two people."""

    visitor_1 = forms.CharField(label=_("First visitor"), max_length=60)
    visitor_2 = forms.CharField(label=_("Second visitor"), max_length=60)
    visitor_3 = forms.CharField(label=_("Third visitor"), max_length=60, required=False)
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE_INPUT)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    causes = forms.MultipleChoiceField(
        label=_("Risks found"),
        choices=REPORT_CAUSES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def step_data(self) -> dict[str, Any]:
        """The data the visit step records."""
        data = self.cleaned_data
        visitors = [data[f"visitor_{n}"] for n in (1, 2, 3) if data.get(f"visitor_{n}")]
        return {
            "visitors": visitors,
            "visited_on": data["visited_on"],
            "findings": data["findings"],
        }


class AssetsForm(StepForm):
    """The asset check, with the household's signed authorisation."""

    authorised = forms.BooleanField(label=_("The household signed the authorisation for the check"))
    vehicle = forms.BooleanField(label=_("Owns a non-productive vehicle"), required=False)
    property = forms.BooleanField(label=_("Owns commercial housing"), required=False)
    business = forms.BooleanField(label=_("Runs a business that employs others"), required=False)
    payroll = forms.BooleanField(label=_("A member is on the state payroll"), required=False)
    note = _note(_("Note"))


class AppraiseForm(StepForm):
    """The democratic appraisal and the public notice it posts."""

    notice_from = forms.DateField(label=_("Notice posted on"), widget=DATE_INPUT)
    notice_days = forms.IntegerField(label=_("Notice days"), min_value=1, max_value=30)
    note = _note(_("Appraisal result"))


class ReviewForm(StepForm):
    """The township's review."""

    note = _note(_("Review note"))


class ApproveForm(StepForm):
    """The county's decision to take the household into monitoring."""

    group = forms.ChoiceField(label=_("Group"), choices=Group.choices)
    note = _note(_("Note"))


class RejectForm(StepForm):
    """The county's decision not to monitor the household."""

    reason = _note(_("Reason"))


class EliminateForm(StepForm):
    """The county declares the household's risk eliminated."""

    note = _note(_("Note"))


class ReturnForm(StepForm):
    """The county records that the household returned to poverty."""

    reason = _note(_("Reason"))


class MeasureForm(forms.Form):
    """A help measure for a monitored household."""

    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    started_on = forms.DateField(label=_("Started on"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ImportForm(forms.Form):
    """A department's list to import."""

    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)
    file = forms.FileField(label=_("List (CSV or xlsx)"))


class ScoresForm(forms.Form):
    """A scores file written by ``fupin monitor score``."""

    scores = forms.FileField(label=_("Risk scores (CSV from fupin monitor score)"))


class OwnReportForm(forms.Form):
    """The public form a household uses to report a hardship (no login)."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    id_number = forms.CharField(label=_("Your resident ID number"), max_length=18)
    phone = forms.RegexField(
        label=_("Phone"), regex=r"^[0-9+\- ]{5,20}$", required=False, max_length=20
    )
    village_code = forms.RegexField(
        label=_("Village code (if known)"), regex=r"^\d{12}$", required=False
    )
    cause = forms.ChoiceField(label=_("What happened"), choices=REPORT_CAUSES)
    description = forms.CharField(
        label=_("Tell us more"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # A field people do not see: automated submissions fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_id_number(self) -> str:
        """A valid resident ID number (GB 11643)."""
        value = self.cleaned_data["id_number"].strip().upper()
        try:
            idnumber.parse(value)
        except idnumber.IdNumberError as exc:
            raise forms.ValidationError(
                _("This is not a valid resident ID number."), code=exc.code
            ) from exc
        return value

    def clean_website(self) -> str:
        """Must stay empty."""
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


class WatchFilterForm(forms.Form):
    """Filters of the watch list."""

    region = forms.ChoiceField(label=_("Area"), required=False)
    cause = forms.ChoiceField(label=_("Cause"), required=False)

    def __init__(self, *args: Any, regions: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from fupin.monitoring.choices import CAUSE_LABELS

        self.fields["region"].choices = [("", _("all")), *regions]
        self.fields["cause"].choices = [("", _("all")), *CAUSE_LABELS.items()]
