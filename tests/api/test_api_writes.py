"""Writes through the API: corrections with the version read (409 when stale), idempotent case
opening, steps cleaned by their forms, the logged full-ID read, errors in the caller's language,
the rate limit."""

from __future__ import annotations

import json
import logging

import pytest
from api_clients import client_of

from fupin.identification.models import Case
from fupin.registry.models import FieldChange, Household

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _patch(client, number: str, body: dict, **headers):  # type: ignore[no-untyped-def]
    return client.patch(
        f"/api/v1/households/{number}", json.dumps(body), content_type=JSON, **headers
    )


def test_a_correction_with_the_version_read_is_kept_with_its_history(cast):
    client = client_of(cast.village_cadre_a1)
    etag = client.get("/api/v1/households/H-a1-2")["ETag"]
    response = _patch(client, "H-a1-2", {"changes": {"land_mu": "4.5"}, "reason": "surveyed"},
                      HTTP_IF_MATCH=etag)  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["facts"]["land_mu"] == 4.5
    assert response["ETag"] == f'"{Household.objects.get(number="H-a1-2").version}"'
    change = FieldChange.objects.get(field="land_mu")
    assert change.reason == "surveyed" and change.actor == cast.village_cadre_a1


def test_a_stale_correction_gets_409_with_the_current_version(cast):
    client = client_of(cast.village_cadre_a1)
    version = Household.objects.get(number="H-a1-2").version
    first = _patch(
        client, "H-a1-2", {"changes": {"land_mu": "4"}, "reason": "a", "version": version}
    )
    assert first.status_code == 200
    second = _patch(
        client, "H-a1-2", {"changes": {"land_mu": "5"}, "reason": "b", "version": version}
    )
    assert second.status_code == 409
    assert second.json()["current_version"] == version + 1
    assert second.json()["detail"][0]["field"] == "version"
    assert Household.objects.get(number="H-a1-2").land_mu == 4


def test_a_correction_without_a_version_or_out_of_role_is_refused(cast):
    assert (
        _patch(
            client_of(cast.village_cadre_a1), "H-a1-2", {"changes": {}, "reason": "x"}
        ).status_code
        == 428
    )
    refused = _patch(
        client_of(cast.auditor),
        "H-a1-2",
        {"changes": {"land_mu": "1"}, "reason": "x", "version": 1},
    )
    assert refused.status_code == 403
    outside = _patch(
        client_of(cast.village_cadre_b1), "H-a1-2", {"changes": {}, "reason": "x", "version": 1}
    )
    assert outside.status_code == 404


def test_a_bad_field_is_named_in_the_callers_language(cast):
    version = Household.objects.get(number="H-a1-2").version
    body = {"changes": {"land_mu": "-3", "nonsense": 1}, "reason": "x", "version": version}
    english = _patch(client_of(cast.village_cadre_a1), "H-a1-2", body)
    assert english.status_code == 400
    fields = {d["field"] for d in english.json()["detail"]}
    assert "nonsense" in fields
    chinese = _patch(client_of(cast.village_cadre_a1, "zh-hans"), "H-a1-2", body)
    assert chinese.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for d in chinese.json()["detail"] for ch in d["message"])


def test_opening_a_case_twice_with_one_key_opens_one(cast):
    client = client_of(cast.village_cadre_a1)
    body = json.dumps({"household": "H-a1-2", "kind": "identification", "statement": "applied"})
    first = client.post("/api/v1/cases", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/cases", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and Case.objects.count() == 1
    other = json.dumps({"household": "H-a1-1", "kind": "exit", "statement": "x"})
    reused = client.post("/api/v1/cases", other, content_type=JSON, HTTP_IDEMPOTENCY_KEY="k-1")
    assert reused.status_code == 422 and Case.objects.count() == 1
    without = client.post("/api/v1/cases", body, content_type=JSON)
    assert without.status_code == 400  # a second open identification case is refused, by name


def test_a_step_is_cleaned_by_its_form_and_needs_the_version(cast):
    client = client_of(cast.village_cadre_a1)
    body = json.dumps({"household": "H-a1-2", "kind": "identification", "statement": "applied"})
    case = client.post("/api/v1/cases", body, content_type=JSON).json()
    step = {"action": "appraise", "version": case["version"],
            "data": {"held_on": "2025-03-03", "place": "hall", "total": 30, "present": 21,
                     "votes_for": 18, "votes_against": 2, "abstentions": 1, "minutes": "ok",
                     "first_secretary": "Li", "village_head": "Wang", "main_cause": "illness",
                     "justification": "ill"}}  # fmt: skip
    bad = {**step, "data": {**step["data"], "held_on": "not a date"}}
    refused = client.post(f"/api/v1/cases/{case['id']}/steps", json.dumps(bad), content_type=JSON)
    assert refused.status_code == 400 and refused.json()["detail"][0]["field"] == "held_on"
    done = client.post(f"/api/v1/cases/{case['id']}/steps", json.dumps(step), content_type=JSON)
    assert done.status_code == 200 and done.json()["stage"] == "appraised"
    stale = client.post(f"/api/v1/cases/{case['id']}/steps", json.dumps({**step, "action": "verify"}),
                        content_type=JSON)  # fmt: skip
    assert stale.status_code == 409 and stale.json()["current_version"] == done.json()["version"]
    wrong = client.post(f"/api/v1/cases/{case['id']}/steps",
                        json.dumps({"action": "announce", "version": done.json()["version"]}),
                        content_type=JSON)  # fmt: skip
    assert wrong.status_code == 400


def test_the_full_id_number_needs_its_permission_and_is_logged(cast, caplog):
    member = Household.objects.get(number="H-a1-2").members.get(relation="head")
    path = f"/api/v1/members/{member.pk}/id-number"
    with caplog.at_level(logging.INFO, logger="fupin.access"):
        read = client_of(cast.village_cadre_a1).get(path, {"purpose": "bank account"})
    assert read.status_code == 200 and read.json()["id_number"] == member.id_number
    assert any(
        "full ID read" in r.getMessage() and "bank account" in r.getMessage()
        for r in caplog.records
    )
    assert client_of(cast.assessor).get(path, {"purpose": "x"}).status_code == 403
    assert client_of(cast.village_cadre_b1).get(path, {"purpose": "x"}).status_code == 404


def test_a_token_past_its_rate_gets_429(cast, settings):
    settings.API_RATE = "3/m"
    client = client_of(cast.county_office)
    codes = [client.get("/api/v1/regions").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client_of(cast.township_office_a).get("/api/v1/regions").status_code == 200


def test_the_docs_are_served_without_a_cdn(cast):
    from django.test import Client

    page = Client().get("/api/v1/docs")
    assert page.status_code == 200 and b"/static/ninja/swagger-ui-bundle.js" in page.content
    assert b"cdn" not in page.content.lower()
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.") and "/api/v1/households/{number}" in schema["paths"]


def test_a_nul_character_is_refused_not_a_server_error(cast):
    client = client_of(cast.village_cadre_a1)
    body = json.dumps({"household": "H-a1-2\u0000", "kind": "identification", "statement": "x"})
    assert client.post("/api/v1/cases", body, content_type=JSON).status_code == 422
    assert client.get("/api/v1/households", {"prefix": "99\x00"}).status_code == 422
    assert client.get("/api/v1/households/H-a1-2%00").status_code in (400, 404)
    assert not Case.objects.exists()
