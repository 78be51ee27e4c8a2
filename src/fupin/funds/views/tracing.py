"""Tracing for the offices and auditors: the funds of their area, a household's receipts back to
their sources, and where a source's money is now."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fupin.funds import selectors
from fupin.funds.models import Account, AccountKind
from fupin.funds.permissions import VIEW_FUNDS
from fupin.registry.models import Household
from fupin.registry.permissions import access_log, require, visible_to


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The fund sources and region pools of the user's area, with what they hold."""
    require(request.user, VIEW_FUNDS)
    accounts = visible_to(request.user, Account.objects.select_related("region"))
    kinds = (AccountKind.SOURCE, AccountKind.REGION)
    context = {"accounts": accounts.filter(kind__in=kinds).order_by("kind", "code"),
               "head": selectors.latest_head()}  # fmt: skip
    return render(request, "funds/overview.html", context)


@login_required
def household(request: HttpRequest, number: str) -> HttpResponse:
    """Every yuan a household received, each part with its path back to the fund source."""
    require(request.user, VIEW_FUNDS)
    found = get_object_or_404(Household.objects.visible_to(request.user), number=number)
    access_log.info(
        "household funds: household=%s user=%s", found.number, request.user.get_username()
    )
    receipts = selectors.household_receipts(found, request.user)
    context = {"household": found, "receipts": receipts,
               "total": sum(r.entry.amount_fen for r in receipts if not r.reversed)}  # fmt: skip
    return render(request, "funds/household.html", context)


@login_required
def source(request: HttpRequest, code: str) -> HttpResponse:
    """Where a fund source's money is now, account by account."""
    require(request.user, VIEW_FUNDS)
    found = selectors.source_for(request.user, code)
    if found is None:
        raise Http404(code)
    shown, elsewhere = selectors.where_it_is(found, request.user)
    context = {"source": found, "shown": shown, "elsewhere": elsewhere}
    return render(request, "funds/source.html", context)
