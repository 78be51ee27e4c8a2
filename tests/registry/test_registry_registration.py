"""Registering a household with its members on the village's page, checked as a roster is."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fupin import idnumber
from fupin.registry.models import Household, StatusEvent

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _post(client, code: str, members: list[dict], **household):  # type: ignore[no-untyped-def]
    data = {"number": "H-new-1", "head_name": "Zhou Ping", "group_no": "3",
            "household_type": "ordinary", "identification_standard": "national",
            "housing_grade": "B", "safe_water": "on", "electricity": "on", "road_access": "on",
            "food_secure": "on", "clothing_secure": "on", "land_mu": "2.5", "housing_area": "80",
            "machinery_count": "0", "livestock_heads": "2",
            "members-TOTAL_FORMS": str(len(members)), "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "1", "members-MAX_NUM_FORMS": "20", **household}  # fmt: skip
    for index, member in enumerate(members):
        data.update({f"members-{index}-{k}": v for k, v in member.items()})
    return client.post(f"/villages/{code}/register/", data, **EN)


def _member(born: dt.date, seq: int, sex: str, relation: str, **extra):  # type: ignore[no-untyped-def]
    return {"name": f"Zhou {seq}", "id_number": idnumber.make("990102", born, seq, sex),
            "relation": relation, "sex": sex, "birth_date": born.isoformat(),
            "education": "junior", "health": "healthy", "labour_ability": "ordinary",
            "medical_insurance": "on", **extra}  # fmt: skip


def test_a_cadre_registers_a_household_with_its_members(cast, client):
    client.force_login(cast.village_cadre_a1)
    page = client.get(f"/villages/{cast.village_a1.code}/", **EN).content.decode()
    assert f"/villages/{cast.village_a1.code}/register/" in page
    members = [_member(dt.date(1975, 4, 2), 401, "M", "head"),
               _member(dt.date(1978, 6, 9), 402, "F", "spouse")]  # fmt: skip
    response = _post(client, cast.village_a1.code, members)
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.content.decode())
    household = Household.objects.get(number="H-new-1")
    assert household.village == cast.village_a1 and household.members.count() == 2
    event = StatusEvent.objects.get(household=household)
    assert event.kind == "registered" and event.actor == cast.village_cadre_a1
    assert event.reason_display == "registered on the village's page"


def test_a_bad_id_number_is_named_on_its_member_and_nothing_is_written(cast, client):
    client.force_login(cast.village_cadre_a1)
    good = _member(dt.date(1975, 4, 2), 401, "M", "head")
    bad = {**_member(dt.date(1978, 6, 9), 402, "F", "spouse"), "sex": "M"}  # the ID says F
    response = _post(client, cast.village_a1.code, [good, bad])
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="member-1"' in page and "ID number" in page
    assert not Household.objects.filter(number="H-new-1").exists()


def test_one_more_member_keeps_what_was_typed(cast, client):
    client.force_login(cast.village_cadre_a1)
    response = client.post(f"/villages/{cast.village_a1.code}/register/",
                           {"head_name": "Zhou Ping", "members-TOTAL_FORMS": "1",
                            "members-INITIAL_FORMS": "0", "members-0-name": "Zhou 1",
                            "more": "1"}, **EN)  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and 'id="member-1"' in page
    assert 'value="Zhou Ping"' in page and 'value="Zhou 1"' in page


@pytest.mark.parametrize("user", ["village_cadre_b1", "paired_helper_a1", "auditor"])
def test_only_the_villages_own_offices_and_cadres_register(cast, client, user):
    if user not in cast.users:
        pytest.fail(f"the cast has no {user}")
    client.force_login(cast.users[user])
    response = client.get(f"/villages/{cast.village_a1.code}/register/", **EN)
    assert response.status_code in (403, 404)
