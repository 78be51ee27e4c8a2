"""Forms of the identification pages: opening a case, each procedure step, the case filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.identification.choices import CaseKind, Registry

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _text(label: Any, required: bool = True, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class StepForm(forms.Form):
    """A step's form, prefixed by its action (a stage may offer more than one step)."""

    def step_data(self) -> dict[str, Any]:
        """The data the step records."""
        return dict(self.cleaned_data)


class AppraisalForm(StepForm):
    """The villagers' representatives' democratic appraisal, with its minutes and signatories."""

    held_on = forms.DateField(label=_("Held on"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Place"), max_length=100)
    total = forms.IntegerField(label=_("Representatives in the village"), min_value=1)
    present = forms.IntegerField(label=_("Representatives present"), min_value=0)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, initial=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)
    minutes = _text(_("Minutes"), rows=4)
    first_secretary = forms.CharField(label=_("First secretary (signs)"), max_length=60)
    village_head = forms.CharField(label=_("Village head (signs)"), max_length=60)
    main_cause = forms.ChoiceField(label=_("Main cause of poverty (for the registration card)"),
                                   required=False)  # fmt: skip
    justification = _text(
        _("Why the case goes on despite an exclusion rule or the rules' decision"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from fupin.registry.choices import Cause

        self.fields["main_cause"].choices = [("", "—"), *Cause.choices]


class VerifyForm(StepForm):
    """The village committee's and work team's verification at the household."""

    verified_on = forms.DateField(label=_("Verified on"), widget=DATE_INPUT)
    verifiers = forms.CharField(label=_("Verified by"), max_length=200)
    findings = _text(_("Findings"), rows=3)


class NoticeForm(StepForm):
    """A public notice in the village, up for at least the policy's days."""

    notice_from = forms.DateField(label=_("Notice posted on"), widget=DATE_INPUT)
    notice_days = forms.IntegerField(label=_("Notice days"), min_value=1, max_value=30, initial=7)
    note = _text(_("Note"), required=False)


class ReviewForm(StepForm):
    """The township's review, with whether the household was in its spot check."""

    spot_checked = forms.BooleanField(label=_("This household was spot-checked"), required=False)
    spot_check_findings = _text(_("What the spot check found"), required=False)
    note = _text(_("Review note"), required=False)


class ApproveForm(StepForm):
    """A county's (or the reviewing level's) approval."""

    note = _text(_("Note"), required=False)


class AgreementForm(StepForm):
    """The household's own signed agreement to its exit."""

    agreed = forms.BooleanField(
        label=_("The household signed its agreement to leave the poor list")
    )
    signed_by = forms.CharField(label=_("Signed by (household member)"), max_length=60)
    note = _text(_("Note"), required=False)


class ReasonForm(StepForm):
    """A decision that needs a reason: a rejection, a withdrawal."""

    reason = _text(_("Reason"))


class OpenCaseForm(forms.Form):
    """Opening a case for one household, by its application or by a cadre."""

    # A correction names the fields it changes: it is opened from the card's corrections.
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in CaseKind.choices if c[0] != CaseKind.CORRECTION]
    )
    statement = _text(_("The application, or why the case is opened"), rows=3)
    from_application = forms.BooleanField(label=_("The household applied itself"), required=False)


class FilterForm(forms.Form):
    """Filters of the case list."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    open_objections = forms.BooleanField(label=_("With open objections"), required=False)
    closed = forms.BooleanField(label=_("Include closed cases"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from fupin.identification.procedure import all_stage_choices

        anything = [("", _("all"))]
        self.fields["kind"].choices = [*anything, *CaseKind.choices]
        self.fields["stage"].choices = [*anything, *all_stage_choices()]


class RegistryImportForm(forms.Form):
    """A department registry's list to import for the exclusion rules."""

    registry = forms.ChoiceField(label=_("Registry"), choices=Registry.choices)
    file = forms.FileField(
        label=_("List (.csv or .xlsx; columns: ID number, date, optional name and note)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
