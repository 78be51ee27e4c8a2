"""Corrections keep field-level history: old value, new value, who, when and why; never an overwrite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, OperationalError, transaction
from django.test import Client
from django.utils import translation

from fupin.registry.errors import RecordError, StaleVersionError
from fupin.registry.models import AppendOnlyError, FieldChange, Household, StatusEvent
from fupin.registry.services.corrections import (
    correct_household,
    correct_income,
    correct_member,
    record_addition,
)
from fupin.rules import columns as col

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


def test_a_correction_keeps_every_old_value_and_says_why(cast):
    household = cast.h_a1_2
    correct_household(
        household,
        {"land_mu": 3.5, "housing_grade": "C"},
        expected_version=1,
        actor=cast.village_cadre_a1,
        reason="house inspected after the rains",
        now=NOW,
    )
    assert (household.land_mu, household.housing_grade, household.version) == (3.5, "C", 2)
    assert household.status == "registered"
    changes = {c.field: (c.old_value, c.new_value) for c in FieldChange.objects.all()}
    assert changes == {"land_mu": (0.0, 3.5), "housing_grade": ("A", "C")}
    change = FieldChange.objects.get(field="land_mu")
    assert (change.actor, change.reason, change.changed_at) == (
        cast.village_cadre_a1,
        "house inspected after the rains",
        NOW,
    )
    event = StatusEvent.objects.get(household=household, kind="corrected")
    assert event.status_after == "registered" and change.event == event
    assert event.data["fields"] == ["land_mu", "housing_grade"]


def test_an_unchanged_value_writes_no_history(cast):
    household = cast.h_a1_2
    correct_household(household, {"land_mu": 0.0}, expected_version=1, actor=None, reason="checked")
    assert household.version == 1
    assert not FieldChange.objects.exists()
    assert not StatusEvent.objects.filter(kind="corrected").exists()


def test_a_correction_needs_a_reason_a_known_field_and_the_current_version(cast):
    household = cast.h_a1_2
    with pytest.raises(RecordError) as missing:
        correct_household(household, {"land_mu": 2}, expected_version=1, actor=None, reason=" ")
    assert missing.value.fields == ["reason"]
    with pytest.raises(RecordError) as unknown:
        correct_household(
            household, {"status": "exited"}, expected_version=1, actor=None, reason="x"
        )
    assert unknown.value.fields == ["status"]
    with pytest.raises(StaleVersionError):
        correct_household(household, {"land_mu": 2}, expected_version=0, actor=None, reason="x")
    with pytest.raises(RecordError) as bad:
        correct_household(
            household, {"housing_grade": "Z"}, expected_version=1, actor=None, reason="x"
        )
    assert bad.value.fields == ["housing_grade"]
    assert not FieldChange.objects.exists()
    assert Household.objects.get(pk=household.pk).version == 1


def test_a_member_correction_is_checked_and_recorded_on_the_household(cast):
    member = cast.h_a1_2.members.get(relation="child")
    correct_member(
        member,
        {"in_school": False, "health": "chronic"},
        expected_version=1,
        actor=cast.village_cadre_a1,
        reason="left school; diagnosed",
    )
    rows = FieldChange.objects.filter(member=member).order_by("field")
    assert [(r.field, r.old_value, r.new_value) for r in rows] == [
        ("health", "healthy", "chronic"),
        ("in_school", True, False),
    ]
    assert Household.objects.get(pk=cast.h_a1_2.pk).version == 2
    with pytest.raises(RecordError) as sex:
        correct_member(member, {"sex": "M"}, expected_version=2, actor=None, reason="typo")
    assert sex.value.fields == ["member.sex"]  # the ID number says F


def test_income_corrections_and_additions_are_history_too(cast):
    record = cast.h_a1_2.incomes.get(year=2014)
    correct_income(
        record,
        {"wage_local": Decimal("28000.00")},
        expected_version=1,
        actor=None,
        reason="payslips",
    )
    change = FieldChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == (
        "incomes.2014.wage_local",
        "30000.00",
        "28000.00",
    )
    record_addition(
        Household.objects.get(pk=cast.h_a1_2.pk), "members", "a newborn", actor=None, reason="birth"
    )
    assert FieldChange.objects.filter(field="members", old_value__isnull=True).count() == 1


def test_the_history_is_append_only_even_for_raw_sql(cast):
    correct_household(cast.h_a1_2, {"land_mu": 3.5}, expected_version=1, actor=None, reason="x")
    change = FieldChange.objects.get()
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        FieldChange.objects.all().delete()
    from django.db import connection

    for sql in ("UPDATE registry_fieldchange SET reason = 'y'", "DELETE FROM registry_fieldchange"):
        refused = pytest.raises((IntegrityError, InternalError, OperationalError))
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert FieldChange.objects.get().reason == "x"


def test_the_card_shows_the_changes(cast):
    correct_household(
        cast.h_a1_2,
        {"land_mu": 3.5},
        expected_version=1,
        actor=cast.village_cadre_a1,
        reason="measured the fields",
    )
    client = Client()
    client.force_login(cast.county_office)
    page = client.get("/households/H-a1-2/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page[page.index('id="field-changes"') :]
    assert "measured the fields" in section and "3.5" in section and "village_cadre_a1" in section


def test_a_vehicle_found_on_a_visit_is_a_correction_with_its_history(cast):
    household = cast.h_a1_1
    before = household.version
    correct_household(
        household,
        {"owns_vehicle": True, "machinery_count": 2},
        expected_version=before,
        actor=cast.village_cadre_a1,
        reason="a car seen in the yard; two tillers",
        now=NOW,
    )
    assert (household.owns_vehicle, household.machinery_count) == (True, 2)
    assert household.version == before + 1
    assert household.status == "identified"  # a correction does not decide the status
    changes = {c.field: (c.old_value, c.new_value) for c in FieldChange.objects.all()}
    assert changes == {"owns_vehicle": (False, True), "machinery_count": (0, 2)}
    event = StatusEvent.objects.get(household=household, kind="corrected")
    assert event.data["fields"] == ["owns_vehicle", "machinery_count"]
    member = household.members.get(relation="head")
    correct_member(
        member,
        {"is_village_cadre": True},
        expected_version=before + 1,
        actor=None,
        reason="elected to the villagers' committee",
    )
    change = FieldChange.objects.get(member=member)
    assert (change.field, change.old_value, change.new_value) == ("is_village_cadre", False, True)


def test_a_count_the_registry_cannot_hold_is_refused_on_every_database(cast):
    for value in (-1, 40_000):
        with pytest.raises(RecordError) as info:
            correct_household(
                cast.h_a1_2, {"machinery_count": value}, expected_version=1, actor=None, reason="x"
            )
        assert info.value.fields == ["machinery_count"]
    assert not FieldChange.objects.exists()


def test_the_card_and_the_back_office_show_the_assets_and_exclusions(cast):
    from fupin.registry.services.accounts import ensure_role_groups

    head = cast.h_a1_1.members.get(relation="head")
    version = cast.h_a1_1.version
    correct_member(
        head, {"on_state_payroll": True}, expected_version=version, actor=None, reason="a teacher"
    )
    client = Client()
    client.force_login(cast.county_office)
    page = client.get("/households/H-a1-1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page[page.index("Assets and exclusions") :]
    assert "Non-productive vehicle" in section and "Large livestock (head)" in section
    payroll = section[section.index("On the state payroll") : section.index("Village cadres")]
    assert head.name in payroll
    office = cast.county_office
    office.is_staff = True
    office.save()
    office.groups.add(ensure_role_groups()["county_office"])
    url = f"/admin/registry/household/{cast.h_a1_1.pk}/change/"
    fieldsets = client.get(url).context["adminform"].fieldsets
    named = {tuple(options["fields"]): name for name, options in fieldsets}
    with translation.override("en"):
        assert str(named[col.EXCLUSION_HOUSEHOLD_COLUMNS]) == "Assets and exclusions"
