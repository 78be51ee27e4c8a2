"""Model constraints: unique numbers and codes, one active member per ID, one income per year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fupin import idnumber
from fupin.registry.models import Household, IncomeRecord, Member, Region, StatusEvent

pytestmark = pytest.mark.django_db


def _copy_member(member: Member, household: Household, active: bool = True) -> Member:
    return Member(
        household=household,
        id_number=member.id_number,
        name="Copy",
        relation="other",
        sex=member.sex,
        birth_date=member.birth_date,
        active=active,
    )


def test_the_database_refuses_a_second_active_membership(cast):
    member = cast.h_a1_1.members.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy_member(member, cast.h_b1_1).save()


def test_inactive_memberships_of_the_same_person_are_allowed(cast):
    member = cast.h_a1_1.members.first()
    _copy_member(member, cast.h_b1_1, active=False).save()
    _copy_member(member, cast.h_b2_1, active=False).save()
    assert Member.objects.filter(id_number=member.id_number).count() == 3


def test_household_numbers_and_region_codes_are_unique(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.create(number="H-a1-1", village=cast.village_a2, head_name="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="990102001001", name="Twin", level="village")


def test_one_income_record_per_household_and_year(cast):
    IncomeRecord.objects.create(household=cast.h_a1_1, year=2015)
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomeRecord.objects.create(household=cast.h_a1_1, year=2015)


@pytest.mark.parametrize("code", ["99010200100", "9901020010011", "99010200100A"])
def test_a_malformed_region_code_fails_validation(code):
    with pytest.raises(ValidationError) as info:
        Region(code=code, name="X", level="village").full_clean()
    assert "code" in info.value.message_dict


def test_masked_id_hides_birth_date_and_sequence():
    number = idnumber.make("990102", dt.date(1980, 1, 2), 7, "M")
    member = Member(id_number=number)
    assert member.masked_id == number[:4] + "*" * 10 + number[-4:]
    assert "19800102" not in member.masked_id and str(member).endswith(f"({member.masked_id})")


def test_household_status_and_history_are_consistent_in_the_cast(cast):
    poor = StatusEvent.objects.filter(household=cast.h_a1_1).values_list("kind", flat=True)
    assert list(poor) == ["registered", "identified"]
    assert cast.h_a1_1.status == "identified" and cast.h_a1_2.status == "registered"


@pytest.mark.django_db(transaction=True)
def test_transactional_tests_can_flush_a_database_with_events_on_sqlite(cast):
    # The flush after this test deletes every event; on SQLite the triggers are lifted for it.
    assert StatusEvent.objects.count() == 12


@pytest.mark.django_db(transaction=True)
def test_the_triggers_are_back_after_a_flush(cast):
    from django.db import DatabaseError, connection

    event = StatusEvent.objects.first()
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_statusevent WHERE id = %s", [event.pk])


def test_member_validation_checks_the_id_and_the_other_households(cast):
    from django.utils import translation

    existing = cast.h_a1_1.members.first()
    with translation.override("en"):
        with pytest.raises(ValidationError) as info:
            _copy_member(existing, cast.h_b1_1).full_clean()
        assert info.value.message_dict == {
            "id_number": ["is already an active member of household H-a1-1"]
        }
        wrong_sex = _copy_member(existing, cast.h_b1_1, active=False)
        wrong_sex.sex = "F" if existing.sex == "M" else "M"
        with pytest.raises(ValidationError) as info:
            wrong_sex.full_clean()
        assert list(info.value.message_dict) == ["sex"]


# POLICY-FACTS "Causes of poverty": the 12 official codes of the registration card, in order
# (其他 is the common spelling of the card's 其它).
OFFICIAL_CAUSES = [
    ("illness", "因病"),
    ("disability", "因残"),
    ("schooling costs", "因学"),
    ("disaster", "因灾"),
    ("lack of land", "缺土地"),
    ("lack of water", "缺水"),
    ("lack of skills", "缺技术"),
    ("lack of labour", "缺劳力"),
    ("lack of funds", "缺资金"),
    ("poor transport", "交通条件落后"),
    ("lack of motivation", "自身发展动力不足"),
    ("other", "其他"),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_causes_of_poverty_are_the_twelve_official_codes(language):
    from django.utils import translation

    from fupin.registry.choices import Cause

    with translation.override(language):
        labels = [str(label) for label in Cause.labels]
    expected = [english if language == "en" else chinese for english, chinese in OFFICIAL_CAUSES]
    assert labels == expected
