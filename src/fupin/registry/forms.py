"""Back-office forms: every change to a card carries the version it was read at and a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

from fupin.registry.models import Household, IncomeRecord, Member


class CorrectionForm(forms.ModelForm):
    """A model form whose changes become a recorded correction (why, and against which version)."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the card's history, with the old and the new values."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["expected_version"].initial = self.household_version()

    def household_version(self) -> int:
        """The version of the household this record belongs to."""
        instance: Any = self.instance
        return int(
            instance.version if isinstance(instance, Household) else instance.household.version
        )

    def stored_version(self) -> int:
        """The household's version as stored now, its row locked for the rest of the transaction.

        The record on the form may have been read before someone else's change committed: the
        check is made against the stored row, and the lock keeps it so until the correction
        that follows (the admin's view is one transaction).
        """
        instance: Any = self.instance
        pk = instance.pk if isinstance(instance, Household) else instance.household_id
        rows = Household.objects.filter(pk=pk)
        if connection.in_atomic_block:  # a row lock outside a transaction is refused
            rows = rows.select_for_update()
        return int(rows.values_list("version", flat=True).get())

    def clean(self) -> dict[str, Any]:
        """A change needs its reason and must be made on the version that was read."""
        data = super().clean()
        if self.instance.pk is None:
            return data
        if self.changed_data and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the card is changed."))
        if data.get("expected_version") != self.stored_version():
            raise forms.ValidationError(
                _("Someone else changed this household since you opened it; reload it.")
            )
        return data

    def card_changes(self, allowed: frozenset[str]) -> dict[str, Any]:
        """The changed fields the correction service may change, with their new values."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in allowed}


class HouseholdForm(CorrectionForm):
    class Meta:
        model = Household
        fields = "__all__"


class MemberForm(CorrectionForm):
    class Meta:
        model = Member
        fields = "__all__"


class IncomeForm(CorrectionForm):
    class Meta:
        model = IncomeRecord
        fields = "__all__"
