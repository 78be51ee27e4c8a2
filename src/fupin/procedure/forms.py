"""Forms of the public notices: an objection (anyone), the finding that resolves it (an office)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.procedure.models import ObjectionStatus


class ObjectionForm(forms.Form):
    """An objection to a notice; name and contact are optional (objections may be anonymous)."""

    text = forms.CharField(
        label=_("Your objection"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=100, required=False)
    contact = forms.RegexField(
        label=_("Phone (optional)"), regex=r"^[0-9+\- ]{5,20}$", required=False, max_length=20
    )
    # A field people do not see: automated submissions fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_website(self) -> str:
        """Must stay empty."""
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


class FindingForm(forms.Form):
    """The finding on an objection: upheld or dismissed, and why."""

    status = forms.ChoiceField(
        label=_("Finding"),
        choices=[
            (ObjectionStatus.UPHELD, _("upheld")),
            (ObjectionStatus.DISMISSED, _("dismissed")),
        ],
    )
    finding = forms.CharField(
        label=_("What was found"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
