"""The API's contract, checked from outside by schemathesis: generated requests to every
operation of /api/v1/openapi.json, with a county office's token on the cast's data, meet no
server error and no response that breaks the schema. Bounded in examples and time."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from api_clients import token_of
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)


def _schema(cast):  # type: ignore[no-untyped-def]
    """The live schema of the WSGI application, on the cast's data with a case and an alert."""
    from fupin.identification.services.opening import open_case
    from fupin.web.wsgi import application

    open_case(cast.h_a1_2.pk, "identification", actor=cast.county_office, now=NOW, statement="x")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def _exercise(operation, headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def run(case):  # type: ignore[no-untyped-def]
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )

    run()


@pytest.fixture
def keep_the_test_connection():  # type: ignore[no-untyped-def]
    """Called straight through WSGI, Django would close the database connection after each
    request (and with it the test's transaction); its own test client keeps it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("keep_the_test_connection")
def test_no_request_meets_a_server_error_or_a_response_off_its_schema(cast):
    schema = _schema(cast)
    headers = {"Authorization": f"Bearer {token_of(cast.county_office)}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            _exercise(operation, headers)
        except Exception as exc:  # every operation is tried; all failures are reported together
            failures.append(f"{operation.label}: {exc}")
    assert operations >= 12
    assert not failures, "\n\n".join(failures)
