"""API tokens: shown once, stored hashed, refused once revoked or expired, last use recorded;
and the `fupin createtoken` / `fupin revoketoken` commands."""

from __future__ import annotations

import datetime as dt

import pytest
from api_clients import token_of
from django.test import Client
from django.utils import timezone

from fupin.registry.errors import RecordError
from fupin.registry.models import ApiToken
from fupin.registry.services.tokens import create_token, revoke_token

pytestmark = pytest.mark.django_db


def _get(token: str, path: str = "/api/v1/regions"):  # type: ignore[no-untyped-def]
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_is_stored_only_as_its_hash_and_records_its_use(cast):
    token = token_of(cast.county_office)
    stored = ApiToken.objects.get()
    assert token.startswith(f"fupin_{stored.prefix}_") and len(token) > 40
    assert token not in {stored.digest, stored.prefix, stored.name}
    assert stored.last_used_at is None
    assert _get(token).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_no_token_a_wrong_one_a_revoked_one_or_an_expired_one_is_refused(cast):
    assert Client().get("/api/v1/regions").status_code == 401
    assert _get("fupin_00000000_guess").status_code == 401
    token = token_of(cast.county_office)
    revoke_token(token.split("_")[1], now=timezone.now())
    assert _get(token).status_code == 401
    old, _record = create_token("county_office", now=timezone.now() - dt.timedelta(days=3), days=2)
    assert _get(old).status_code == 401


def test_an_inactive_users_token_is_refused(cast):
    token = token_of(cast.county_office)
    cast.county_office.is_active = False
    cast.county_office.save()
    assert _get(token).status_code == 401


def test_unknown_users_and_tokens_are_refused_by_name(cast):
    with pytest.raises(RecordError, match="nobody"):
        create_token("nobody", now=timezone.now())
    with pytest.raises(RecordError, match="at least one day"):
        create_token("county_office", now=timezone.now(), days=0)
    with pytest.raises(RecordError, match="no token"):
        revoke_token("deadbeef", now=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_the_commands_make_and_revoke_a_token(cast, capsys):
    from fupin.cli import run_command

    assert run_command(["createtoken", "county_office", "--expires", "30", "--name", "bank"]) == 0
    printed = capsys.readouterr()
    token = printed.out.strip()
    assert token.startswith("fupin_") and "Bearer" in printed.err
    stored = ApiToken.objects.get(name="bank")
    assert stored.expires_at is not None and (stored.expires_at - stored.created_at).days == 30
    assert _get(token).status_code == 200
    assert run_command(["revoketoken", stored.prefix]) == 0
    assert _get(token).status_code == 401
    assert run_command(["createtoken", "nobody"]) == 1
