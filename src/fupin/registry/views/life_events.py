"""Recording a household's life events on a phone-sized page: a member in, out or back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError
from fupin.registry.forms import LifeEventForm, RegisterMemberForm
from fupin.registry.models import Household
from fupin.registry.permissions import EDIT_HOUSEHOLDS, require
from fupin.registry.services.life_events import JOINING, member_joins, member_leaves


def _record(request: HttpRequest, household: Household, form: LifeEventForm,
            person: RegisterMemberForm) -> list[str]:  # fmt: skip
    """Takes the event through its service; returns the problems (none: recorded)."""
    kind, on, note = form.cleaned_data["kind"], form.cleaned_data["on"], form.cleaned_data["note"]
    version = int(request.POST.get("version") or -1)
    try:
        if kind in JOINING:
            if not person.is_valid():
                return [_("The new member's details are incomplete.")]
            if household.version != version:
                return [_("Someone else changed this household since you opened it; reload it.")]
            member_joins(household, kind, person.filled(), on=on, actor=request.user, note=note)
        else:
            chosen = household.members.filter(pk=form.cleaned_data["member"] or 0).first()
            if chosen is None:
                return [_("Choose the member.")]
            member_leaves(chosen, kind, on=on, expected_version=version, actor=request.user,
                          note=note)  # fmt: skip
    except RecordError as exc:
        return [f"{path}: {message}" if path else str(message) for path, message in exc.errors]
    return []


@login_required
def life_event(request: HttpRequest, number: str) -> HttpResponse:
    """A birth, a death, a marriage in or out, a member moving away or back."""
    visible = Household.objects.visible_to(request.user).select_related("village")
    household = get_object_or_404(visible, number=number)
    require(request.user, EDIT_HOUSEHOLDS, household)
    data = request.POST or None
    form = LifeEventForm(data, household=household)
    joining = data is not None and data.get("kind") in JOINING
    person = RegisterMemberForm(data if joining else None, prefix="person")
    errors: list[str] = []
    if data is not None and form.is_valid():
        errors = _record(request, household, form, person)
        if not errors:
            messages.success(request, _("The event was recorded on the household's card."))
            return redirect("household", number=household.number)
    context = {"household": household, "form": form, "person": person, "errors": errors}
    status = 400 if data is not None else 200
    return render(request, "registry/life_event.html", context, status=status)
