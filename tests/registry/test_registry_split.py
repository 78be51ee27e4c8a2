"""A household splitting: members go to a new household, kept inactive on the old card, both
histories naming the split; all or nothing, version-checked, in scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone, translation

from fupin.registry.errors import RecordError, StaleVersionError
from fupin.registry.models import FieldChange, Household, Member, StatusEvent
from fupin.registry.services.split import split_household

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _split(household, moving, number="H-a1-1-B", actor=None, version=None):  # type: ignore[no-untyped-def]
    household.refresh_from_db()
    return split_household(household.pk, moving, new_number=number, on=ON, note="married",
                           expected_version=household.version if version is None else version,
                           actor=actor, now=timezone.now())  # fmt: skip


def test_a_child_leaves_to_head_a_household_of_its_own(cast):
    old = cast.h_a1_1
    child = old.members.get(relation="child")
    new = _split(old, {child.pk: "head"}, actor=cast.village_cadre_a1)
    assert new.number == "H-a1-1-B" and new.village == old.village and new.status == "registered"
    (copy,) = new.members.all()
    assert (copy.id_number, copy.name, copy.relation, copy.active) == (
        child.id_number, child.name, "head", True)  # fmt: skip
    assert new.head_name == child.name
    child.refresh_from_db()
    assert not child.active and child.household == old
    change = FieldChange.objects.get(household=old, member=child)
    assert "split into household H-a1-1-B on 2026-11-02: married" in change.reason
    event = StatusEvent.objects.get(household=new)
    assert (
        event.kind == "registered" and "split from household H-a1-1 on 2026-11-02" in event.reason
    )
    assert old.members.filter(active=True).count() == 2


@pytest.mark.parametrize(
    ("who", "words"),
    [("nobody", "choose the members"), ("everyone", "someone must stay"),
     ("head", "the head stays"), ("stranger", "only active members")],
)  # fmt: skip
def test_a_split_that_is_no_split_is_refused_and_nothing_changes(cast, who, words):
    old = cast.h_a1_1
    members = {m.relation: m.pk for m in old.members.all()}
    moving = {
        "nobody": {},
        "everyone": {pk: "head" if rel == "head" else "child" for rel, pk in members.items()},
        "head": {members["head"]: "head"},
        "stranger": {cast.h_a1_2.members.first().pk: "head"},
    }[who]
    with pytest.raises(RecordError, match=words):
        _split(old, moving, actor=cast.village_cadre_a1)
    assert not Household.objects.filter(number="H-a1-1-B").exists()
    assert old.members.filter(active=True).count() == 3


def test_a_refused_new_household_undoes_the_members_leaving(cast):
    old = cast.h_a1_1
    child = old.members.get(relation="child")
    with pytest.raises(RecordError):  # the number is taken: registering the new one fails
        _split(old, {child.pk: "head"}, number="H-a1-2", actor=cast.village_cadre_a1)
    child.refresh_from_db()
    assert child.active and not FieldChange.objects.filter(member=child).exists()


def test_a_split_on_a_stale_card_is_refused(cast):
    old = cast.h_a1_1
    child = old.members.get(relation="child")
    old.refresh_from_db()
    with pytest.raises(StaleVersionError):
        _split(old, {child.pk: "head"}, actor=cast.village_cadre_a1, version=old.version - 1)
    assert Member.objects.get(pk=child.pk).active


@pytest.mark.parametrize("user", ["village_cadre_b1", "paired_helper_a1", "auditor", "public"])
def test_only_editors_of_the_area_split(cast, user):
    child = cast.h_a1_1.members.get(relation="child")
    with pytest.raises(PermissionDenied):
        _split(cast.h_a1_1, {child.pk: "head"}, actor=getattr(cast, user))
    assert not Household.objects.filter(number="H-a1-1-B").exists()


def test_the_page_splits_and_shows_the_new_household(cast):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.village_cadre_a1)
    old = Household.objects.get(number="H-a1-1")
    child = old.members.get(relation="child")
    assert client.get("/households/H-a1-1/split/").status_code == 200
    response = client.post("/households/H-a1-1/split/", {
        "version": old.version, "new_number": "H-a1-1-B", "on": "2026-11-02", "note": "",
        f"member_{child.pk}": "head",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/households/H-a1-1-B/"
    old.refresh_from_db()
    refused = client.post("/households/H-a1-1/split/", {
        "version": old.version, "new_number": "H-a1-1-C", "on": "2026-11-02"})  # fmt: skip
    assert refused.status_code == 400 and b"choose the members" in refused.content
    other = Client()
    other.force_login(cast.village_cadre_b1)
    assert other.get("/households/H-a1-1/split/").status_code == 404
