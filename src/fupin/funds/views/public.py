"""The ledger in public, with no login: its signed heads, and one entry's inclusion proof that
the reader's own browser checks (WebCrypto), trusting nothing the server says about it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from fupin.funds import selectors
from fupin.funds.services.heads import LedgerKeyError, public_key_hex
from fupin.procedure.ratelimit import over_limit

PUBLIC_PER_MINUTE = 120  # a person checks a few payments; a crawler is slowed down


def _public_key() -> str:
    try:
        return public_key_hex()
    except LedgerKeyError:
        return ""


def heads(request: HttpRequest) -> HttpResponse:
    """Every signed tree head and the public key that checks them."""
    response = render(request, "funds/public_heads.html",
                      {"heads": selectors.heads()[::-1], "public_key": _public_key()})  # fmt: skip
    # A logged-in reader's page carries their name and CSRF token: no shared cache keeps it.
    anonymous = not request.user.is_authenticated
    patch_cache_control(
        response, public=anonymous, private=not anonymous, max_age=60 if anonymous else 0
    )
    return response


def entry(request: HttpRequest, seq: int) -> HttpResponse:
    """One entry with its proof under the latest signed head, checked in the browser."""
    if over_limit(request, "ledger-proof", PUBLIC_PER_MINUTE, 60):
        return HttpResponse(status=429)
    try:
        proof = selectors.entry_with_proof(seq)
    except selectors.ProofError:
        raise Http404(f"entry {seq}") from None
    head = selectors.latest_head()
    data = {**proof, "public_key": _public_key(),
            "head": {"size": head.size, "root": head.root, "time": head.time,
                     "signature": head.signature} if head else None}  # fmt: skip
    return render(request, "funds/public_entry.html", {"proof": data, "seq": seq})
