"""Forms of the household file: adding a document, withdrawing one, checking a dossier."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.dossier.choices import DocumentKind


class DocumentForm(forms.Form):
    """A document to add (or a new version of one, when ``replaces`` is given)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    """Why a document is withdrawn (it stays in the file, marked)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    """An exported dossier (the ZIP) to check against the stored records."""

    file = forms.FileField(
        label=_("Dossier (the ZIP Fupin exported)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


class HashForm(forms.Form):
    """A signature's hash as printed in a dossier, to look up."""

    sha256 = forms.RegexField(
        label=_("SHA-256 printed in a dossier"),
        regex=r"^\s*[0-9a-fA-F]{64}\s*$",
        error_messages={"invalid": _("A SHA-256 is 64 hexadecimal characters.")},
    )
