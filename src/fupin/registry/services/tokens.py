"""API tokens: made for a user, shown once, kept as their SHA-256, revoked, checked per request."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError
from fupin.registry.models import ApiToken
from fupin.registry.permissions import User

SCHEME = "fupin"
TOUCH_SECONDS = 60  # the last use is written at most once a minute per token


def digest(text: str) -> str:
    """SHA-256 (hex) of a token's text: what is stored and looked up."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def create_token(
    username: str, *, now: dt.datetime, days: int | None = None, name: str = ""
) -> tuple[str, ApiToken]:
    """A new token for the user: (its text, shown once; the stored record)."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise RecordError([("username", _("no active user %(name)s") % {"name": username})])
    if days is not None and days < 1:
        raise RecordError([("expires", _("a token lasts at least one day"))])
    prefix = secrets.token_hex(4)
    text = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, digest=digest(text), created_at=now,
        expires_at=now + dt.timedelta(days=days) if days else None,
    )  # fmt: skip
    return text, token


def revoke_token(prefix_or_text: str, *, now: dt.datetime) -> ApiToken:
    """Revokes the token named by its prefix (or its whole text); refuses an unknown one."""
    text = prefix_or_text.strip()
    parts = text.split("_")
    prefix = parts[1] if len(parts) >= 3 and parts[0] == SCHEME else text
    token = ApiToken.objects.filter(Q(prefix=prefix) | Q(digest=digest(text))).first()
    if token is None:
        raise RecordError([("token", _("no token %(prefix)s") % {"prefix": prefix})])
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=now)
        token.revoked_at = now
    return token


def user_for_token(text: str, *, now: dt.datetime) -> User | None:
    """The active user a valid token (not revoked, not expired) stands for; records its use."""
    token = ApiToken.objects.select_related("user").filter(digest=digest(text)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
