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


REGISTERED_HOUSEHOLD_FIELDS = (
    "number", "head_name", "group_no", "household_type", "identification_standard", "main_cause",
    "housing_grade", "housing_area", "housing_structure", "housing_year", "safe_water",
    "water_difficult", "electricity", "road_access", "land_mu", "food_secure", "clothing_secure",
    "owns_vehicle", "owns_commercial_housing", "runs_business_with_employees",
    "away_with_high_income", "machinery_count", "livestock_heads",
)  # fmt: skip
REGISTERED_MEMBER_FIELDS = (
    "name", "id_number", "relation", "sex", "birth_date", "ethnicity", "education", "in_school",
    "health", "labour_ability", "labour_type", "migrant_months", "medical_insurance",
    "pension_insurance", "on_state_payroll", "is_village_cadre",
)  # fmt: skip


class _DefaultsOptional(forms.ModelForm):
    """A field the model gives a default may be left empty: the default is registered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if self._meta.model._meta.get_field(name).has_default():
                field.required = False

    def filled(self) -> dict[str, Any]:
        """The cleaned values, leaving out what was left empty (so the model's default holds)."""
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class RegisterHouseholdForm(_DefaultsOptional):
    """A new household's card, on a phone: the registration service checks it as a whole."""

    class Meta:
        model = Household
        fields = REGISTERED_HOUSEHOLD_FIELDS
        widgets = {"number": forms.TextInput(attrs={"inputmode": "numeric"})}

    def validate_unique(self) -> None:
        """Left to the service, which checks the number inside its transaction."""


class RegisterMemberForm(_DefaultsOptional):
    """One member of a new household."""

    class Meta:
        model = Member
        fields = REGISTERED_MEMBER_FIELDS
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "id_number": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
        }

    def validate_unique(self) -> None:
        """Left to the service (an ID number registered elsewhere is named there)."""


MemberFormSet = forms.formset_factory(
    RegisterMemberForm, extra=0, min_num=1, validate_min=True, max_num=20
)


class LifeEventForm(forms.Form):
    """What happened, to whom, when: a member in, out or back."""

    kind = forms.ChoiceField(label=_("What happened"))
    member = forms.ChoiceField(label=_("Member (leaving or coming back)"), required=False)
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import gettext_lazy

        from fupin.registry.services.life_events import EVENTS

        self.fields["kind"].choices = [(k, gettext_lazy(v)) for k, v in EVENTS.items()]
        members = household.members.order_by("id")
        self.fields["member"].choices = [("", "—")] + [
            (str(m.pk), f"{m.name}{'' if m.active else ' ×'}") for m in members
        ]


STAYS = ""  # the choice that keeps a member in the household when it splits


class SplitForm(forms.Form):
    """A household splitting: the new household's number, the date, and who goes (in which
    relation to the new household's head)."""

    new_number = forms.CharField(label=_("The new household's number"), max_length=40)
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from fupin.registry.choices import Relation

        going = [(STAYS, _("stays")), *Relation.choices]
        self.members = list(household.members.filter(active=True).order_by("id"))
        for member in self.members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name} ({member.get_relation_display()})",
                choices=going, required=False,
            )  # fmt: skip

    def moving(self) -> dict[int, str]:
        """Member id → relation in the new household, for the members who go."""
        chosen = {m.pk: self.cleaned_data.get(f"member_{m.pk}") or STAYS for m in self.members}
        return {pk: relation for pk, relation in chosen.items() if relation != STAYS}
