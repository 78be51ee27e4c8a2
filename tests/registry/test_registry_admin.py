"""The back-office admin: scoped by region for non-superusers, status events read-only."""

from __future__ import annotations

import logging

import pytest

from fupin.registry.services.accounts import ensure_role_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(cast):
    """Gives the cast's office users and auditor their role's admin rights."""
    groups = ensure_role_groups()
    for name, role in (
        ("county_office", "county_office"),
        ("township_office_a", "township_office"),
        ("auditor", "auditor"),
    ):
        user = cast.users[name]
        user.is_staff = True
        user.save()
        user.groups.add(groups[role])
    return cast


def _listed(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_township_office_lists_only_its_households(client, staff):
    page = _listed(client, staff.township_office_a, "/admin/registry/household/")
    assert "H-a1-1" in page and "H-a2-2" in page
    assert "H-b1-1" not in page and "H-b2-2" not in page


def test_a_household_outside_the_scope_cannot_be_opened(client, staff):
    client.force_login(staff.township_office_a)
    inside = client.get(f"/admin/registry/household/{staff.h_a1_1.pk}/change/")
    outside = client.get(f"/admin/registry/household/{staff.h_b1_1.pk}/change/")
    assert inside.status_code == 200
    assert outside.status_code == 302  # the admin redirects away from objects it cannot find
    assert "H-b1-1" not in client.get(outside.url).content.decode()


def test_the_county_office_lists_every_household(client, staff):
    page = _listed(client, staff.county_office, "/admin/registry/household/")
    assert all(f"H-{key}-{i}" in page for key in ("a1", "a2", "b1", "b2") for i in (1, 2))


def test_member_lists_show_masked_ids_and_opening_one_is_logged(client, staff, caplog):
    member = staff.h_a1_1.members.first()
    page = _listed(client, staff.county_office, "/admin/registry/member/")
    assert member.masked_id in page and member.id_number not in page
    with caplog.at_level(logging.INFO, logger="fupin.access"):
        detail = client.get(f"/admin/registry/member/{member.pk}/change/")
    assert detail.status_code == 200 and member.id_number in detail.content.decode()
    assert "county_office" in caplog.text


def test_status_events_are_read_only_even_for_a_superuser(client, staff):
    client.force_login(staff.superuser)
    event = staff.h_a1_1.events.first()
    assert client.get("/admin/registry/statusevent/add/").status_code == 403
    assert client.get(f"/admin/registry/statusevent/{event.pk}/delete/").status_code == 403
    response = client.post(f"/admin/registry/statusevent/{event.pk}/change/", {"reason": "x"})
    assert response.status_code == 403
    assert staff.h_a1_1.events.get(pk=event.pk).reason == ""


def test_an_auditor_can_view_but_not_change(client, staff):
    client.force_login(staff.auditor)
    url = f"/admin/registry/household/{staff.h_a1_1.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": "H-a1-1", "head_name": "Forged"})
    assert response.status_code == 403


def test_a_village_cadre_has_no_back_office(client, cast):
    client.force_login(cast.village_cadre_a1)
    response = client.get("/admin/registry/household/")
    assert response.status_code == 302


def test_a_household_added_in_the_admin_is_registered_by_that_user(client, staff):
    from fupin.registry.models import Household

    client.force_login(staff.county_office)
    form = {
        "number": "ADMIN-1",
        "village": staff.village_b2.pk,
        "head_name": "Ma",
        "group_no": 2,
        "household_type": "ordinary",
        "identification_standard": "national",
        "other_causes": "[]",
        "housing_grade": "B",
        "housing_area": 60,
        "housing_structure": "brick_wood",
        "land_mu": 1.5,
        "machinery_count": 0,
        "livestock_heads": 0,
        "safe_water": "on",
        "electricity": "on",
        "road_access": "on",
        "food_secure": "on",
        "clothing_secure": "on",
        **{
            f"{prefix}-{key}": value
            for prefix in ("members", "incomes", "events")
            for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
        },
    }
    response = client.post("/admin/registry/household/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    household = Household.objects.get(number="ADMIN-1")
    event = household.events.get()
    assert (household.status, event.kind, event.actor) == (
        "registered",
        "registered",
        staff.county_office,
    )


def _member_form(household_pk: int, seq: int) -> dict:
    import datetime as dt

    from cast import COUNTY_AREA

    from fupin import idnumber

    born = dt.date(1990, 1, 2)
    return {
        "household": household_pk,
        "id_number": idnumber.make(COUNTY_AREA, born, seq, "M"),
        "name": "Newcomer",
        "relation": "other",
        "sex": "M",
        "birth_date": born.isoformat(),
        "ethnicity": "han",
        "education": "junior",
        "health": "healthy",
        "labour_ability": "ordinary",
        "labour_type": "none",
        "migrant_months": 0,
        "medical_insurance": "on",
        "active": "on",
    }


def test_a_township_office_cannot_add_a_member_to_another_townships_household(client, staff):
    from fupin.registry.models import Member

    client.force_login(staff.township_office_a)
    outside = client.post("/admin/registry/member/add/", _member_form(staff.h_b1_1.pk, 901))
    assert outside.status_code == 200  # the form comes back with an error on the household field
    assert outside.context["adminform"].form.errors.keys() == {"household"}
    assert not Member.objects.filter(name="Newcomer").exists()
    inside = client.post("/admin/registry/member/add/", _member_form(staff.h_a1_1.pk, 902))
    assert inside.status_code == 302
    assert Member.objects.get(name="Newcomer").household == staff.h_a1_1


def test_a_township_office_cannot_move_a_household_out_of_its_scope(client, staff):
    from fupin.registry.models import Household

    client.force_login(staff.township_office_a)
    url = f"/admin/registry/household/{staff.h_a1_1.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("status", "version")
    }
    data.update({"village": staff.village_b1.pk, "other_causes": "[]"})
    for prefix in ("members", "incomes", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "village" in response.context["adminform"].form.errors
    assert Household.objects.get(pk=staff.h_a1_1.pk).village == staff.village_a1


def test_admin_search_and_region_lists_stay_inside_the_scope(client, staff):
    search = "/admin/registry/member/?q=Head+b1"
    client.force_login(staff.county_office)
    assert client.get(search).context["cl"].result_count == 6  # two households of three
    client.force_login(staff.township_office_a)
    assert client.get(search).context["cl"].result_count == 0
    regions = _listed(client, staff.township_office_a, "/admin/registry/region/")
    assert "990102001001" in regions and "990102002001" not in regions
    events = _listed(client, staff.township_office_a, "/admin/registry/statusevent/")
    assert "H-a1-1" in events and "H-b1-1" not in events


def test_the_back_office_is_titled_fupin_in_both_languages(client, staff):
    client.force_login(staff.county_office)
    zh = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "扶贫系统后台" in zh and "Django" not in zh.split("<body", 1)[1]
    assert "Fupin back office" in en


def test_members_are_added_on_the_member_page_not_in_the_household_inline(client, staff):
    from fupin.registry.models import Member

    client.force_login(staff.county_office)
    url = f"/admin/registry/household/{staff.h_a1_1.pk}/change/"
    page = client.get(url)
    members = next(
        i for i in page.context["inline_admin_formsets"] if i.formset.prefix == "members"
    )
    assert not members.has_add_permission  # no "add another member" row without an ID field
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None and name not in ("status", "version")
    }
    data["other_causes"] = "[]"
    existing = list(staff.h_a1_1.members.order_by("id"))
    data.update({"members-TOTAL_FORMS": len(existing) + 1, "members-INITIAL_FORMS": len(existing)})
    for index, member in enumerate(existing):
        data.update(
            {
                f"members-{index}-id": member.pk,
                f"members-{index}-household": staff.h_a1_1.pk,
                f"members-{index}-name": member.name,
                f"members-{index}-relation": member.relation,
                f"members-{index}-sex": member.sex,
                f"members-{index}-birth_date": member.birth_date.isoformat(),
                f"members-{index}-health": member.health,
                f"members-{index}-labour_ability": member.labour_ability,
                f"members-{index}-in_school": "on" if member.in_school else "",
                f"members-{index}-medical_insurance": "on" if member.medical_insurance else "",
            }
        )
    extra = len(existing)
    data.update({f"members-{extra}-name": "Smuggled", f"members-{extra}-relation": "other"})
    for prefix in ("incomes", "events"):  # left out: those formsets stay as they are
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code in (200, 302)  # never a server error
    assert not Member.objects.filter(name="Smuggled").exists()


def _form_data(response) -> dict:
    """The admin change form's current values, as a browser would post them back."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None and value is not False:  # an unticked box is simply not posted
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
    return data


def test_the_back_office_changes_a_household_through_a_correction(client, staff):
    from fupin.registry.models import FieldChange, Household

    client.force_login(staff.county_office)
    household = staff.h_a1_2
    url = f"/admin/registry/household/{household.pk}/change/"
    data = _form_data(client.get(url))
    data.update(land_mu="4.0", reason="new survey of the fields")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    change = FieldChange.objects.get()
    assert (change.field, change.old_value, change.new_value, change.reason) == (
        "land_mu",
        0.0,
        4.0,
        "new survey of the fields",
    )
    assert change.actor == staff.county_office
    assert Household.objects.get(pk=household.pk).version == household.version + 1


def test_the_back_office_refuses_a_change_without_a_reason(client, staff):
    from fupin.registry.models import FieldChange

    client.force_login(staff.county_office)
    url = f"/admin/registry/household/{staff.h_a1_2.pk}/change/"
    data = _form_data(client.get(url))
    data.update(land_mu="4.0", reason="")
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert (
        "Say why the card is changed" in response.content.decode()
        or not FieldChange.objects.exists()
    )
    assert not FieldChange.objects.exists()


STALE = "Someone else changed this household since you opened it; reload it."


def _refused_as_stale(response) -> None:
    """The change form came back (no redirect) with the stale-version message."""
    assert response.status_code == 200, response.status_code
    assert response.context["adminform"].form.non_field_errors() == [STALE]
    assert STALE in response.content.decode()


def test_the_back_office_refuses_a_household_form_read_before_another_change(client, staff):
    from fupin.registry.models import FieldChange, Household
    from fupin.registry.services.corrections import correct_household

    client.force_login(staff.county_office)
    household = staff.h_a1_2
    url = f"/admin/registry/household/{household.pk}/change/"
    data = _form_data(client.get(url))
    assert data["expected_version"] == household.version
    correct_household(
        Household.objects.get(pk=household.pk),
        {"land_mu": 2.5},
        expected_version=household.version,
        actor=staff.village_cadre_a1,
        reason="fields measured again",
    )
    data.update(housing_grade="C", reason="a change made on the old card")
    _refused_as_stale(client.post(url, data, HTTP_ACCEPT_LANGUAGE="en"))
    stored = Household.objects.get(pk=household.pk)
    assert (stored.land_mu, stored.housing_grade) == (2.5, household.housing_grade)
    assert stored.version == household.version + 1  # the service's, not bumped again
    assert list(FieldChange.objects.values_list("field", "reason")) == [
        ("land_mu", "fields measured again")
    ]


def test_the_back_office_refuses_a_member_form_read_before_another_change(client, staff):
    from fupin.registry.models import FieldChange, Household, Member
    from fupin.registry.services.corrections import correct_member

    client.force_login(staff.county_office)
    member = staff.h_a1_2.members.get(relation="child")
    version = staff.h_a1_2.version
    url = f"/admin/registry/member/{member.pk}/change/"
    data = _form_data(client.get(url))
    assert data["expected_version"] == version  # a member carries its household's version
    correct_member(
        Member.objects.get(pk=member.pk),
        {"name": "Renamed by the service"},
        expected_version=version,
        actor=staff.village_cadre_a1,
        reason="name spelt as on the ID card",
    )
    data.update(migrant_months=6, reason="a change made on the old card")
    _refused_as_stale(client.post(url, data, HTTP_ACCEPT_LANGUAGE="en"))
    stored = Member.objects.get(pk=member.pk)
    assert (stored.name, stored.migrant_months) == ("Renamed by the service", member.migrant_months)
    assert Household.objects.get(pk=staff.h_a1_2.pk).version == version + 1
    assert list(FieldChange.objects.values_list("field", flat=True)) == ["name"]


def test_a_change_landing_after_the_admin_read_the_household_is_refused(client, staff, monkeypatch):
    """The admin reads the record, then another change commits before the form is checked."""
    from fupin.registry.admin import HouseholdAdmin
    from fupin.registry.models import Household
    from fupin.registry.services.corrections import correct_household

    read = HouseholdAdmin.get_object

    def read_then_changed_elsewhere(self, request, object_id, from_field=None):
        household = read(self, request, object_id, from_field)
        if request.method == "POST":
            correct_household(
                Household.objects.get(pk=household.pk),
                {"land_mu": 2.5},
                expected_version=household.version,
                actor=staff.village_cadre_a1,
                reason="fields measured again",
            )
        return household

    client.force_login(staff.county_office)
    household = staff.h_a1_2
    url = f"/admin/registry/household/{household.pk}/change/"
    data = _form_data(client.get(url))
    monkeypatch.setattr(HouseholdAdmin, "get_object", read_then_changed_elsewhere)
    data.update(housing_grade="C", reason="a change made on the old card")
    _refused_as_stale(client.post(url, data, HTTP_ACCEPT_LANGUAGE="en"))
    stored = Household.objects.get(pk=household.pk)
    assert (stored.land_mu, stored.housing_grade) == (2.5, household.housing_grade)
    assert stored.version == household.version + 1
