"""Clients of the API tests: a token per cast user, and a client that sends it."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from fupin.registry.services.tokens import create_token


def token_of(user) -> str:  # type: ignore[no-untyped-def]
    """A new token for a cast user."""
    return create_token(user.username, now=timezone.now())[0]


def client_of(user, language: str = "en") -> Client:  # type: ignore[no-untyped-def]
    """A client that authenticates as ``user`` with a token."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_of(user)}", HTTP_ACCEPT_LANGUAGE=language)
