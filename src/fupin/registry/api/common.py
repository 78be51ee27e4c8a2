"""What every REST endpoint shares: token and session authentication, the per-token rate
limit, errors as JSON naming their field, versions as ETags, and idempotent POSTs.

The endpoints themselves are thin, as the pages are: they call the same selectors and services,
through the same permissions module, in one transaction each.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DataError, IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import SimpleRateThrottle
from pydantic import field_validator

from fupin.registry.errors import RecordError, StaleVersionError
from fupin.registry.models import IdempotentRequest
from fupin.registry.services.tokens import SCHEME, user_for_token


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class Payload(Schema):
    """Base of every request body: no NUL character anywhere (PostgreSQL cannot store one, and
    no form of the pages accepts one)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("text may not contain NUL characters")
        return value


class TokenAuth(HttpBearer):
    """``Authorization: Bearer fupin_…``: the token's user, for programs."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """The user the token stands for, or None (401)."""
        user = user_for_token(token, now=timezone.now())
        if user is not None:
            request.user = user
            parts = token.split("_")
            request.api_token = parts[1] if len(parts) >= 3 and parts[0] == SCHEME else ""  # type: ignore[attr-defined]
        return user


class PageSession(SessionAuth):
    """The pages' own session (their htmx calls), with Django's CSRF check on writes."""


AUTH = [TokenAuth(), PageSession()]


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (or per session user) in the configured window (``FUPIN_API_RATE``)."""

    scope = "token"

    def __init__(self) -> None:
        super().__init__(rate=settings.API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        """Counts the request against the rate in force (read each time: settings may change)."""
        if self.rate != settings.API_RATE:
            self.rate = settings.API_RATE
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request))

    def get_cache_key(self, request: HttpRequest) -> str:
        """The token's prefix, else the user, else the address."""
        prefix = getattr(request, "api_token", "")
        user = getattr(request, "auth", None)
        ident = (
            f"t:{prefix}"
            if prefix
            else f"u:{user.pk}"
            if user is not None
            else self.get_ident(request)
        )
        return self.cache_format % {"scope": self.scope, "ident": ident}


def caller(request: HttpRequest) -> Any:
    """The authenticated user of the request (a token's or the session's)."""
    return getattr(request, "auth", None) or request.user


def error_body(errors: list[tuple[str, str]]) -> dict[str, Any]:
    """The JSON of a refusal: each problem with its field and a message."""
    return {"detail": [{"field": field, "message": str(message)} for field, message in errors]}


def stale(current_version: int, error: StaleVersionError) -> HttpError:
    """A 409 naming the version the record has now."""
    failure = HttpError(409, error_body(error.errors)["detail"][0]["message"])
    failure.current_version = current_version  # type: ignore[attr-defined]
    return failure


def expected_version(request: HttpRequest, body_version: int | None) -> int:
    """The version a write was built on: ``If-Match`` (its ETag) or the body's ``version``."""
    header = request.headers.get("If-Match", "").strip().strip("W/").strip('"')
    if header.isdigit():
        return int(header)
    if body_version is not None:
        return body_version
    raise HttpError(428, _("Send the version you read: an If-Match header or a version field."))


def with_etag(response: HttpResponse, version: int) -> HttpResponse:
    """Sets the record's version as the response's ETag."""
    response["ETag"] = f'"{version}"'
    return response


def install_handlers(api: Any) -> None:
    """Answers refusals as JSON with their field, in the caller's language."""

    def record_error(request: HttpRequest, exc: RecordError) -> HttpResponse:
        status = 409 if isinstance(exc, StaleVersionError) else 400
        return api.create_response(request, error_body(exc.errors), status=status)

    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        body = error_body([("", str(exc) or _("Your role or area does not allow this."))])
        return api.create_response(request, body, status=403)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body([("", _("Not found."))]), status=404)

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems = [(".".join(str(p) for p in e.get("loc", [])[1:]), _("invalid: %(why)s") % {"why": e.get("msg", "")})
                    for e in exc.errors]  # fmt: skip
        return api.create_response(request, error_body(problems), status=422)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        body = error_body([("version" if exc.status_code == 409 else "", str(exc))])
        if hasattr(exc, "current_version"):
            body["current_version"] = exc.current_version
        return api.create_response(request, body, status=exc.status_code)

    def unstorable(request: HttpRequest, exc: DataError) -> HttpResponse:
        # A value the database cannot hold (a NUL in a path): the request's fault, not the server's.
        body = error_body([("", _("The request holds characters that cannot be stored."))])
        return api.create_response(request, body, status=400)

    api.add_exception_handler(DataError, unstorable)
    api.add_exception_handler(RecordError, record_error)
    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)


class _KeyTaken(Exception):
    """Another request with the same key committed first."""


def _fingerprint(request: HttpRequest) -> str:
    return hashlib.sha256(
        request.method.encode() + request.path.encode() + b"\n" + request.body
    ).hexdigest()


def idempotent(request: HttpRequest, make: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    """Runs ``make`` (status, JSON body) once per ``Idempotency-Key``: the same request sent again
    gets the stored answer; the key reused for another request is refused (422)."""
    key = request.headers.get("Idempotency-Key", "").strip()[:100]
    user = caller(request)
    if not key:
        with transaction.atomic():
            return make()
    fingerprint = _fingerprint(request)
    stored = IdempotentRequest.objects.filter(user=user, key=key).first()
    if stored is None:
        try:
            with transaction.atomic():
                status, body = make()
                plain = json.loads(json.dumps(body, default=str))
                try:
                    with transaction.atomic():
                        IdempotentRequest.objects.create(
                            user=user, key=key, fingerprint=fingerprint, status=status, body=plain,
                            created_at=timezone.now(),
                        )  # fmt: skip
                except IntegrityError:
                    raise _KeyTaken from None  # undoes what ``make`` wrote
            return status, plain
        except _KeyTaken:  # the same key, sent twice at once: the first answer stands
            stored = IdempotentRequest.objects.get(user=user, key=key)
    if stored.fingerprint != fingerprint:
        raise HttpError(422, _("This Idempotency-Key was used for a different request."))
    return stored.status, stored.body
