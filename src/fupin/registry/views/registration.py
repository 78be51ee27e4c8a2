"""Registering a household with its members, on a phone-sized page, through the registry service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError
from fupin.registry.forms import MemberFormSet, RegisterHouseholdForm
from fupin.registry.models import Region
from fupin.registry.models.events import REGISTERED_ON_THE_VILLAGE_PAGE
from fupin.registry.permissions import EDIT_HOUSEHOLDS, require
from fupin.registry.services.households import register_household


def _place_errors(exc: RecordError, form: Any, members: Any) -> list[str]:
    """Puts each problem on its field (``members[1].id_number`` on the second member's form);
    returns the rest, for the top of the page."""
    loose = []
    for path, message in exc.errors:
        target, name = form, path
        if path.startswith("members["):
            index, _sep, name = path[len("members[") :].partition("].")
            position = int(index) if index.isdigit() else -1
            target = members.forms[position] if 0 <= position < len(members.forms) else None
        if target is not None and name in target.fields:
            target.add_error(name, message)
        else:
            loose.append(f"{path}: {message}" if path else str(message))
    return loose


@login_required
def register(request: HttpRequest, code: str) -> HttpResponse:
    """A new household of this village, with its members, in one go (all or nothing)."""
    village = get_object_or_404(Region.objects.visible_to(request.user), code=code, level="village")
    require(request.user, EDIT_HOUSEHOLDS, village)
    data = request.POST.copy() if request.method == "POST" else None
    adding = data is not None and "more" in data
    if adding and data is not None:  # one more member's form; what was typed stays
        count = data.get("members-TOTAL_FORMS", "1")
        data["members-TOTAL_FORMS"] = str(int(count) + 1 if count.isdigit() else 2)
    form = RegisterHouseholdForm(data)
    members = MemberFormSet(data, prefix="members")
    errors: list[str] = []
    if data is not None and not adding and form.is_valid() and members.is_valid():
        try:
            household = register_household(
                village, form.filled(), [m.filled() for m in members.forms if m.has_changed()],
                actor=request.user, reason=REGISTERED_ON_THE_VILLAGE_PAGE,
            )  # fmt: skip
        except RecordError as exc:
            errors = _place_errors(exc, form, members)
        else:
            messages.success(request, _("The household was registered."))
            return redirect("household", number=household.number)
    status = 400 if data is not None and not adding else 200
    context = {"village": village, "form": form, "members": members, "errors": errors}
    return render(request, "registry/register.html", context, status=status)
