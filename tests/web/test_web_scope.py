"""Every role sees its own region and nothing else; ID numbers are always masked."""

from __future__ import annotations

import pytest
from django.test import Client

from fupin import idnumber
from fupin.registry.models import Member

pytestmark = pytest.mark.django_db

VILLAGES = ("a1", "a2", "b1", "b2")
# The villages each cast user's scope covers (from the cast's layout, not from the code under test).
SCOPES = {
    "county_office": VILLAGES,
    "auditor": VILLAGES,
    "assessor": VILLAGES,
    "township_office_a": ("a1", "a2"),
    "township_office_b": ("b1", "b2"),
    "village_cadre_a1": ("a1",),
    "village_cadre_b2": ("b2",),
    "paired_helper_a1": ("a1",),
    "superuser": VILLAGES,
}
VILLAGE_CODES = {
    "a1": "990102001001",
    "a2": "990102001002",
    "b1": "990102002001",
    "b2": "990102002002",
}


def _client_for(cast, username: str) -> Client:
    client = Client()
    client.force_login(cast.users[username])
    return client


@pytest.mark.parametrize("username", sorted(SCOPES))
def test_household_cards_open_inside_scope_only(cast, username: str) -> None:
    client = _client_for(cast, username)
    for key in VILLAGES:
        for index in (1, 2):
            response = client.get(f"/households/H-{key}-{index}/")
            expected = 200 if key in SCOPES[username] else 404
            assert response.status_code == expected, (username, key, index)


@pytest.mark.parametrize("username", sorted(SCOPES))
def test_village_pages_open_inside_scope_only(cast, username: str) -> None:
    client = _client_for(cast, username)
    for key, code in VILLAGE_CODES.items():
        response = client.get(f"/villages/{code}/")
        assert response.status_code == (200 if key in SCOPES[username] else 404), (username, key)


def test_township_office_cannot_open_the_other_township(cast) -> None:
    client = _client_for(cast, "township_office_a")
    assert client.get("/regions/990102001000/").status_code == 200
    assert client.get("/regions/990102002000/").status_code == 404
    assert client.get("/regions/990102002000/children/").status_code == 404
    # The county above the scope is not visible either.
    assert client.get("/regions/990102000000/").status_code == 404


def test_home_tree_shows_only_the_scope(cast) -> None:
    county = _client_for(cast, "county_office").get("/").content.decode()
    assert "Township A" in county and "Township B" in county
    township = _client_for(cast, "township_office_a").get("/").content.decode()
    assert "Village a1" in township and "Village a2" in township
    assert "Township B" not in township and "Village b1" not in township
    cadre = _client_for(cast, "village_cadre_a1").get("/").content.decode()
    assert "Village a1" in cadre
    assert "Village a2" not in cadre and "Township B" not in cadre


def test_village_list_holds_only_its_households(cast) -> None:
    page = _client_for(cast, "county_office").get("/villages/990102001001/").content.decode()
    assert "H-a1-1" in page and "H-a1-2" in page
    assert "H-a2-1" not in page and "H-b1-1" not in page


def test_public_sees_counts_but_no_households(cast) -> None:
    client = _client_for(cast, "public")
    home = client.get("/")
    assert home.status_code == 200
    assert "Township A" in home.content.decode()
    assert client.get("/households/H-a1-1/").status_code == 403
    assert client.get("/villages/990102001001/").status_code == 403
    assert client.get("/search/?q=Head").status_code == 403


def test_user_without_profile_sees_nothing(cast) -> None:
    client = _client_for(cast, "no_profile")
    assert client.get("/").status_code == 403
    assert client.get("/households/H-a1-1/").status_code == 403  # no role: no household page
    assert client.get("/regions/990102000000/").status_code == 404


def test_card_masks_every_id_number(cast) -> None:
    page = _client_for(cast, "county_office").get("/households/H-a1-1/").content.decode()
    members = Member.objects.filter(household__number="H-a1-1")
    assert members.count() == 3
    for member in members:
        assert member.id_number not in page
        assert idnumber.mask(member.id_number) in page
        # The birth-date digits never appear next to the area code.
        assert member.id_number[:10] not in page


def test_name_search_is_scoped(cast) -> None:
    cadre = _client_for(cast, "village_cadre_a1")
    own = cadre.get("/search/", {"q": "Head a1-1"}).content.decode()
    assert "H-a1-1" in own
    other = cadre.get("/search/", {"q": "Head b1-1"}).content.decode()
    assert "H-b1-1" not in other
    county = _client_for(cast, "county_office").get("/search/", {"q": "Head b1-1"}).content.decode()
    assert "H-b1-1" in county


def test_exact_id_search_finds_the_person_but_keeps_the_id_masked(cast) -> None:
    member = Member.objects.get(household__number="H-a1-1", relation="spouse")
    page = _client_for(cast, "village_cadre_a1").post("/search/", {"q": member.id_number}).content
    text = page.decode()
    assert member.name in text
    assert idnumber.mask(member.id_number) in text
    assert member.id_number not in text
    elsewhere = _client_for(cast, "village_cadre_b1").post("/search/", {"q": member.id_number})
    assert member.name not in elsewhere.content.decode()


def test_partial_id_search_is_refused(cast) -> None:
    member = Member.objects.get(household__number="H-a1-1", relation="head")
    client = _client_for(cast, "county_office")
    response = client.post("/search/", {"q": member.id_number[:10]}, HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 200
    assert member.name not in text
    assert "complete 18-character ID number" in text


def test_anonymous_users_are_sent_to_login(cast) -> None:
    client = Client()
    for url in ("/", "/villages/990102001001/", "/households/H-a1-1/", "/search/?q=x"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_search_form_posts_and_htmx_gets_only_the_results(cast) -> None:
    client = _client_for(cast, "county_office")
    page = client.get("/search/").content.decode()
    assert 'method="post"' in page and 'name="csrfmiddlewaretoken"' in page
    fragment = client.post("/search/", {"q": "Head a2-1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "H-a2-1" in fragment


def test_search_results_are_capped(cast, monkeypatch) -> None:
    from fupin.registry.views import search

    monkeypatch.setattr(search, "MAX_RESULTS", 5)
    client = _client_for(cast, "county_office")
    # "Head" matches all 24 members of the cast's households.
    html = client.get("/search/", {"q": "Head"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count('class="id-number"') == 5
    assert "Only the first 5 matches are shown" in html


def test_outside_scope_page_is_a_translated_not_found(cast) -> None:
    client = _client_for(cast, "village_cadre_a1")
    zh = client.get("/households/H-b1-1/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert zh.status_code == 404
    assert "未找到" in zh.content.decode()
    assert "Head b1-1" not in zh.content.decode()
    en = client.get("/households/H-b1-1/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Not found" in en.content.decode()


def test_public_gets_a_translated_refusal_and_no_search_link(cast) -> None:
    client = _client_for(cast, "public")
    refused = client.get("/households/H-a1-1/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403
    assert "Not allowed" in refused.content.decode()
    assert 'href="/search/"' not in client.get("/").content.decode()
    assert 'href="/search/"' in _client_for(cast, "county_office").get("/").content.decode()
