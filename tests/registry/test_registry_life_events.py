"""Life events on a household's page: a member in by birth or marriage, out by death, marriage
or a move, back by a move — each kept on the card's history, with the version checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from fupin import idnumber
from fupin.registry.errors import RecordError
from fupin.registry.models import FieldChange, Member
from fupin.registry.services.life_events import member_joins, member_leaves

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = dt.date(2026, 11, 2)


def _baby(seq: int = 450) -> dict:
    born = dt.date(2026, 10, 1)
    return {"name": "New Baby", "id_number": idnumber.make("990102", born, seq, "F"),
            "relation": "child", "sex": "F", "birth_date": born, "education": "none",
            "health": "healthy", "labour_ability": "none"}  # fmt: skip


def test_a_birth_adds_a_member_and_notes_it_on_the_history(cast):
    household = cast.h_a1_2
    before = household.version
    member = member_joins(household, "birth", _baby(), on=TODAY, actor=cast.village_cadre_a1)
    assert member.active and member.household == household
    change = FieldChange.objects.get(household=household, field="members")
    assert change.new_value.startswith("New Baby") and "birth 2026-11-02" in change.reason
    household.refresh_from_db()
    assert household.version == before + 1


def test_a_new_member_with_a_wrong_id_is_refused_and_nothing_is_written(cast):
    wrong = {**_baby(), "sex": "M"}
    with pytest.raises(RecordError):
        member_joins(cast.h_a1_2, "birth", wrong, on=TODAY, actor=cast.village_cadre_a1)
    assert not Member.objects.filter(name="New Baby").exists()


def test_a_death_keeps_the_member_inactive_and_a_move_back_restores_them(cast):
    household = cast.h_a1_2
    spouse = household.members.get(relation="spouse")
    member_leaves(spouse, "death", on=TODAY, expected_version=household.version,
                  actor=cast.village_cadre_a1, note="illness")  # fmt: skip
    spouse.refresh_from_db()
    assert not spouse.active
    change = FieldChange.objects.get(household=household, field="active")
    assert (change.old_value, change.new_value) == (True, False)
    assert change.reason == "death 2026-11-02: illness"
    household.refresh_from_db()
    child = household.members.get(relation="child")
    member_leaves(child, "moved_away", on=TODAY, expected_version=household.version,
                  actor=cast.village_cadre_a1)  # fmt: skip
    household.refresh_from_db()
    member_leaves(child, "moved_back", on=TODAY, expected_version=household.version,
                  actor=cast.village_cadre_a1)  # fmt: skip
    child.refresh_from_db()
    assert child.active


def test_the_head_cannot_leave_before_a_new_head_is_named(cast):
    head = cast.h_a1_2.members.get(relation="head")
    with pytest.raises(RecordError):
        member_leaves(head, "moved_away", on=TODAY, expected_version=cast.h_a1_2.version,
                      actor=cast.village_cadre_a1)  # fmt: skip


def test_the_page_records_a_marriage_out_and_refuses_a_stale_form(cast, client):
    client.force_login(cast.village_cadre_a1)
    household = cast.h_a1_2
    card = client.get(f"/households/{household.number}/", **EN).content.decode()
    assert f"/households/{household.number}/events/" in card
    child = household.members.get(relation="child")
    form = {"kind": "married_out", "member": child.pk, "on": TODAY.isoformat(),
            "version": household.version - 1}  # fmt: skip
    stale = client.post(f"/households/{household.number}/events/", form, **EN)
    assert stale.status_code == 400
    child.refresh_from_db()
    assert child.active
    done = client.post(f"/households/{household.number}/events/",
                       {**form, "version": household.version}, **EN)  # fmt: skip
    assert done.status_code == 302
    child.refresh_from_db()
    assert not child.active


def test_another_villages_cadre_cannot_record_events(cast, client):
    client.force_login(cast.village_cadre_b1)
    assert client.get(f"/households/{cast.h_a1_2.number}/events/", **EN).status_code == 404
