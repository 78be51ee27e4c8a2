"""A household splitting (分户), on a phone-sized page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError
from fupin.registry.forms import SplitForm
from fupin.registry.models import Household
from fupin.registry.permissions import EDIT_HOUSEHOLDS, require
from fupin.registry.services.split import split_household


@login_required
def split(request: HttpRequest, number: str) -> HttpResponse:
    """GET: who goes to the new household; POST: the split, all or nothing."""
    visible = Household.objects.visible_to(request.user).select_related("village")
    household = get_object_or_404(visible, number=number)
    require(request.user, EDIT_HOUSEHOLDS, household)
    form = SplitForm(request.POST or None, household=household)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("version", "")
        try:
            created = split_household(
                household.pk, form.moving(), new_number=form.cleaned_data["new_number"].strip(),
                on=form.cleaned_data["on"], note=form.cleaned_data["note"],
                expected_version=int(version) if version.isdigit() else -1,
                actor=request.user, now=timezone.now(),
            )  # fmt: skip
        except RecordError as exc:
            errors = [
                f"{path}: {message}" if path else str(message) for path, message in exc.errors
            ]
        else:
            messages.success(request, _("The household was split; this is the new household."))
            return redirect("household", number=created.number)
    context = {"household": household, "form": form, "errors": errors}
    return render(
        request, "registry/split.html", context, status=400 if request.method == "POST" else 200
    )
