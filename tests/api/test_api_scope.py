"""Every role × every resource through the API, with the fixed cast: each user reads exactly the
records of their area, a record outside it is 404 (never its data), the public reads no household,
and a user without a role reads nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from api_clients import client_of
from cast import USERS

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
READERS = [name for name, role, _region in USERS if role != "public"]
REGION_OF = {name: region for name, _role, region in USERS}


@pytest.fixture
def world(cast):  # type: ignore[no-untyped-def]
    """The cast, with an open case and an alert on the second household of every village."""
    from fupin.identification.services.opening import open_case
    from fupin.monitoring.services.raising import Signal, raise_alert
    from fupin.policy.resolver import policy_for

    policy = policy_for("990102000000", {"western"})
    for household in cast.households.values():
        if household.number.endswith("-2"):
            open_case(household.pk, "identification", actor=cast.county_office, now=NOW,
                      statement="applied")  # fmt: skip
            raise_alert(Signal(household, "department", ["HOSPITAL_OOP"]), now=NOW, policy=policy)
    return cast


def _numbers(cast, user: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The cast's households in the user's region (the cast's own layout, not the code's)."""
    return {h.number for h in cast.households_in(cast.regions[REGION_OF[user]])}


def _items(client, path: str) -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.get(path, {"limit": 500})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return body["items"]


@pytest.mark.parametrize("user", READERS)
def test_each_reader_lists_exactly_the_records_of_their_area(world, user):
    client = client_of(getattr(world, user))
    mine = _numbers(world, user)
    assert {h["number"] for h in _items(client, "/api/v1/households")} == mine
    assert {c["household"] for c in _items(client, "/api/v1/cases")} == {
        n for n in mine if n.endswith("-2")
    }
    assert {a["household"] for a in _items(client, "/api/v1/alerts")} == {
        n for n in mine if n.endswith("-2")
    }
    prefix = world.regions[REGION_OF[user]].prefix
    codes = {r["code"] for r in _items(client, "/api/v1/regions")}
    assert codes == {r.code for r in world.regions.values() if r.code.startswith(prefix)}


@pytest.mark.parametrize("user", READERS)
def test_a_record_outside_the_area_is_404_and_shows_nothing(world, user):
    client = client_of(getattr(world, user))
    outside = sorted(set(h.number for h in world.households.values()) - _numbers(world, user))
    for number in outside[:3]:
        for tail in ("", "/members", "/incomes", "/events"):
            response = client.get(f"/api/v1/households/{number}{tail}")
            assert response.status_code == 404, (number, tail)
            assert number.encode() not in response.content
    from fupin.identification.models import Case
    from fupin.monitoring.models import Alert

    for case in Case.objects.exclude(household__number__in=_numbers(world, user)):
        assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    for alert in Alert.objects.exclude(household__number__in=_numbers(world, user)):
        assert client.get(f"/api/v1/alerts/{alert.pk}").status_code == 404


@pytest.mark.parametrize("user", READERS)
def test_records_inside_the_area_are_read_in_full(world, user):
    client = client_of(getattr(world, user))
    number = sorted(_numbers(world, user))[0]
    detail = client.get(f"/api/v1/households/{number}")
    assert detail.status_code == 200 and detail["ETag"] == f'"{detail.json()["version"]}"'
    members = client.get(f"/api/v1/households/{number}/members").json()
    assert len(members) == 3 and all("*" in m["id_number_masked"] for m in members)
    assert all("id_number" not in m["facts"] for m in members)
    (income,) = client.get(f"/api/v1/households/{number}/incomes").json()
    assert income["amounts_fen"]["operating_income"] == 150_000  # 1,500.00 yuan in fen
    assert client.get(f"/api/v1/households/{number}/events").json()[0]["kind"] == "registered"


@pytest.mark.parametrize(
    "path", ["/api/v1/households", "/api/v1/households/H-a1-1", "/api/v1/cases", "/api/v1/alerts"]
)  # fmt: skip
def test_the_public_reads_no_household_and_a_user_without_a_role_reads_nothing(world, path):
    assert client_of(world.public).get(path).status_code == 403
    assert client_of(world.no_profile).get(path).status_code == 403


def test_the_superuser_reads_everything(world):
    client = client_of(world.superuser)
    assert len(_items(client, "/api/v1/households")) == len(world.households)
