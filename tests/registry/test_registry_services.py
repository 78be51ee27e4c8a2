"""Registering households, appending events and editing with optimistic locking."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.utils import translation

from fupin import idnumber
from fupin.registry.errors import IllegalTransition, RecordError, StaleVersionError
from fupin.registry.models import Household, Member, StatusEvent
from fupin.registry.services.corrections import correct_household
from fupin.registry.services.households import (
    append_event,
    current_status,
    register_household,
    reveal_id_number,
)

pytestmark = pytest.mark.django_db

AREA = "990102"


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English; the Chinese catalogue is checked separately."""
    with translation.override("en"):
        yield


def _person(seq: int, relation: str = "child", sex: str = "F", born=dt.date(2005, 6, 1)) -> dict:
    return {
        "id_number": idnumber.make(AREA, born, seq, sex),
        "name": f"Person {seq}",
        "relation": relation,
        "sex": sex,
        "birth_date": born,
    }


def _family(first_seq: int = 500) -> list[dict]:
    return [
        _person(first_seq, "head", "M", dt.date(1966, 1, 2)),
        _person(first_seq + 1, "spouse", "F", dt.date(1968, 2, 3)),
        _person(first_seq + 2),
    ]


def test_registering_creates_household_members_and_the_registered_event(cast):
    household = register_household(
        cast.village_a1, {"number": "N-1", "head_name": "Wang"}, _family()
    )
    assert household.status == "registered" and household.version == 1
    assert household.members.count() == 3
    events = list(
        StatusEvent.objects.filter(household=household).values_list("kind", "status_after")
    )
    assert events == [("registered", "registered")]
    assert current_status(household) == "registered"


def test_sex_and_birth_date_default_to_what_the_id_number_says(cast):
    members = [
        {
            "id_number": idnumber.make(AREA, dt.date(1950, 7, 8), 600, "F"),
            "name": "Li",
            "relation": "head",
        }
    ]
    household = register_household(cast.village_a1, {"number": "N-2", "head_name": "Li"}, members)
    member = household.members.get()
    assert (member.sex, member.birth_date) == ("F", dt.date(1950, 7, 8))


def _wrong_check(number: str) -> tuple[str, str]:
    wrong = "X" if number[17] != "X" else "0"
    return number[:17] + wrong, wrong


def test_a_bad_check_character_names_the_member_and_field_and_saves_nothing(cast):
    family = _family()
    good = family[2]["id_number"]
    family[2]["id_number"], wrong = _wrong_check(good)
    with pytest.raises(RecordError) as info:
        register_household(cast.village_a1, {"number": "N-3", "head_name": "Zhao"}, family)
    assert (
        str(info.value) == f"members[2].id_number: check character is {wrong}, expected {good[17]}"
    )
    assert not Household.objects.filter(number="N-3").exists()
    assert not Member.objects.filter(name__startswith="Person 50").exists()


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("99010219660102", "must have 18 characters, has 14"),
        ("99010219660102A00X", "must be 17 digits followed by a digit or X"),
        ("990102196602300011", "encodes an impossible birth date 19660230"),
    ],
)
def test_malformed_id_numbers_are_explained(cast, id_number, message):
    family = _family()
    family[0]["id_number"] = id_number
    with pytest.raises(RecordError) as info:
        register_household(cast.village_a1, {"number": "N-4", "head_name": "Sun"}, family)
    assert ("members[0].id_number", message) in info.value.errors


def test_sex_and_birth_date_must_agree_with_the_id_number(cast):
    family = _family()
    family[1]["sex"] = "M"
    family[2]["birth_date"] = dt.date(2005, 6, 2)
    with pytest.raises(RecordError) as info:
        register_household(cast.village_a1, {"number": "N-5", "head_name": "Zhou"}, family)
    assert info.value.errors == [
        ("members[1].sex", "is M but the ID number says F"),
        ("members[2].birth_date", "is 2005-06-02 but the ID number says 2005-06-01"),
    ]


def test_a_person_active_in_another_household_is_refused_naming_it(cast):
    taken = cast.h_b2_1.members.first().id_number
    family = _family()
    family[2]["id_number"] = taken
    family[2]["sex"], family[2]["birth_date"] = None, None
    with pytest.raises(RecordError) as info:
        register_household(cast.village_a1, {"number": "N-6", "head_name": "Wu"}, family)
    assert info.value.errors == [
        ("members[2].id_number", "is already an active member of household H-b2-1")
    ]
    assert not Household.objects.filter(number="N-6").exists()


def test_the_same_id_twice_in_one_household_is_refused(cast):
    family = _family()
    family.append(dict(family[2], name="Twin"))
    with pytest.raises(RecordError) as info:
        register_household(cast.village_a1, {"number": "N-7", "head_name": "Zheng"}, family)
    assert ("members[3].id_number", "repeats the ID number of members[2]") in info.value.errors


def test_an_inactive_membership_does_not_block_registration(cast):
    old = cast.h_b2_1.members.first()
    Member.objects.filter(pk=old.pk).update(active=False)
    family = _family()
    family[2] = {"id_number": old.id_number, "name": old.name, "relation": "parent"}
    household = register_household(cast.village_a1, {"number": "N-8", "head_name": "Qian"}, family)
    assert household.members.filter(id_number=old.id_number).exists()


@pytest.mark.parametrize(
    ("household", "members_change", "field"),
    [
        ({"number": "", "head_name": "X"}, None, "number"),
        ({"number": "H-a1-1", "head_name": "X"}, None, "number"),
        ({"number": "N-9", "head_name": "X", "main_cause": "laziness"}, None, "main_cause"),
        ({"number": "N-9", "head_name": "X"}, ("relation", "spouse"), "members"),
        ({"number": "N-9", "head_name": "X"}, ("health", "fine"), "members[0].health"),
        ({"number": "N-9", "head_name": "X"}, ("shoe_size", 42), "members[0].shoe_size"),
        ({"number": "N-9", "head_name": "X"}, ("household", 1), "members[0].household"),
        ({"number": "N-9", "head_name": "X", "status": "exited"}, None, "status"),
        ({"number": "N-9", "head_name": "X", "village": 3}, None, "village"),
    ],
)
def test_invalid_fields_are_named(cast, household, members_change, field):
    family = _family()
    if members_change:
        family[0][members_change[0]] = members_change[1]
    with pytest.raises(RecordError) as info:
        register_household(cast.village_a1, household, family)
    assert field in info.value.fields


def test_a_household_must_be_in_a_village(cast):
    with pytest.raises(RecordError) as info:
        register_household(cast.township_a, {"number": "N-10", "head_name": "X"}, _family())
    assert info.value.fields[0] == "village"


def test_events_move_the_status_and_the_version(cast):
    household = cast.h_a1_1
    assert household.status == "identified"
    append_event(household, "exited", reason="income above the line", evidence="account book")
    append_event(household, "monitored")
    assert household.status == "monitored"
    assert Household.objects.get(pk=household.pk).version == 4
    assert current_status(household) == "monitored"


def test_an_illegal_event_is_refused_and_nothing_is_recorded(cast):
    household = cast.h_a1_2
    before = StatusEvent.objects.count()
    with pytest.raises(IllegalTransition):
        append_event(household, "exited")
    assert StatusEvent.objects.count() == before
    assert Household.objects.get(pk=household.pk).status == "registered"


def test_a_stale_version_is_refused(cast):
    first_reader = Household.objects.get(pk=cast.h_a1_2.pk)
    second_reader = Household.objects.get(pk=cast.h_a1_2.pk)
    append_event(first_reader, "identified")
    with pytest.raises(StaleVersionError):
        append_event(second_reader, "monitored")
    with pytest.raises(StaleVersionError):
        correct_household(
            second_reader,
            {"land_mu": 3.5},
            expected_version=second_reader.version,
            actor=None,
            reason="surveyed again",
        )
    assert Household.objects.get(pk=cast.h_a1_2.pk).status == "identified"


def test_the_policy_stamp_is_recorded_on_the_event(cast):
    class FakePolicy:
        def stamp(self):
            return {"policy_id": "cn", "policy_version": "2014.1", "policy_hash": "ab" * 32}

    event = append_event(
        cast.h_a1_2, "identified", policy=FakePolicy(), actor=cast.village_cadre_a1
    )
    stored = StatusEvent.objects.get(pk=event.pk)
    assert (stored.policy_id, stored.policy_version, stored.policy_hash) == (
        "cn",
        "2014.1",
        "ab" * 32,
    )
    assert stored.actor == cast.village_cadre_a1


def test_reading_a_full_id_number_is_logged(cast, caplog):
    member = cast.h_a1_1.members.first()
    with caplog.at_level(logging.INFO, logger="fupin.access"):
        shown = reveal_id_number(member, cast.village_cadre_a1, "home visit")
    assert shown == member.id_number
    assert "village_cadre_a1" in caplog.text and "home visit" in caplog.text
    assert member.masked_id == member.id_number[:4] + "**********" + member.id_number[-4:]


def test_errors_are_explained_in_chinese_too(cast):
    family = _family()
    good = family[2]["id_number"]
    family[2]["id_number"], wrong = _wrong_check(good)
    with translation.override("zh-hans"), pytest.raises(RecordError) as info:
        register_household(cast.village_a1, {"number": "N-zh", "head_name": "Zhao"}, family)
    assert info.value.errors == [("members[2].id_number", f"校验码为 {wrong}，应为 {good[17]}")]
