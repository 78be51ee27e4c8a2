"""The tree's counts, the village list, the household card and the htmx fragments."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fupin.registry.models import Household, Region, StatusEvent

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _client_for(cast, username: str) -> Client:
    client = Client()
    client.force_login(cast.users[username])
    return client


def _counts(html: str, name: str) -> tuple[int, int]:
    """The (households, poor) figures printed on the tree line of the region called ``name``."""
    pattern = (
        re.escape(name)
        + r"</a>\s*<span class=\"counts\"><span class=\"count\"[^>]*>(\d+) <small>households</small>"
        + r"</span><span class=\"count poor\"[^>]*>(\d+) <small>poor</small>"
    )
    match = re.search(pattern, html)
    assert match, f"no counts for {name}"
    return int(match.group(1)), int(match.group(2))


def test_tree_counts_households_and_poor_at_each_level(cast) -> None:
    client = _client_for(cast, "county_office")
    home = client.get("/", **EN).content.decode()
    # The cast: two households per village, the first of each identified poor.
    assert _counts(home, "Township A") == (4, 2)
    assert _counts(home, "Township B") == (4, 2)
    assert "8 <small>households</small>" in home
    fragment = client.get("/regions/990102001000/children/", **EN).content.decode()
    assert _counts(fragment, "Village a1") == (2, 1)
    assert _counts(fragment, "Village a2") == (2, 1)


def test_returned_households_count_as_poor_and_exited_do_not(cast) -> None:
    Household.objects.filter(number="H-a1-2").update(status="returned")
    Household.objects.filter(number="H-a2-1").update(status="exited")
    fragment = _client_for(cast, "county_office").get("/regions/990102001000/children/", **EN)
    html = fragment.content.decode()
    assert _counts(html, "Village a1") == (2, 2)
    assert _counts(html, "Village a2") == (2, 0)


def test_tree_queries_do_not_grow_with_the_number_of_regions(cast, django_assert_max_num_queries):
    client = _client_for(cast, "county_office")
    client.get("/")  # warm the session
    with django_assert_max_num_queries(8):
        client.get("/")
    township = cast.township_a
    for n in range(3, 40):
        Region.objects.create(
            code=f"990102001{n:03d}", name=f"Extra {n}", level="village", parent=township
        )
    with django_assert_max_num_queries(8):
        response = client.get("/regions/990102001000/children/", **EN)
    assert "Extra 39" in response.content.decode()


def test_region_fragment_is_a_fragment(cast) -> None:
    response = _client_for(cast, "county_office").get(
        "/regions/990102001000/children/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'href="/villages/990102001001/"' in html


def test_region_page_with_breadcrumbs(cast) -> None:
    html = _client_for(cast, "county_office").get("/regions/990102001000/").content.decode()
    assert 'href="/regions/990102000000/"' in html  # back to the county
    assert "Village a1" in html


def test_village_page_lists_head_size_and_status(cast) -> None:
    html = _client_for(cast, "village_cadre_a1").get("/villages/990102001001/", **EN)
    text = html.content.decode()
    assert "Head a1-1" in text and "Head a1-2" in text
    assert re.search(r'data-label="Members" class="num">3<', text)
    assert "identified as poor" in text
    poor_only = _client_for(cast, "village_cadre_a1").get("/villages/990102001001/?poor=1")
    assert "H-a1-1" in poor_only.content.decode()
    assert "H-a1-2" not in poor_only.content.decode()


def test_village_page_paginates(cast) -> None:
    village = cast.village_a1
    Household.objects.bulk_create(
        Household(number=f"H-a1-x{i:03d}", village=village, head_name=f"Extra {i}", group_no=9)
        for i in range(60)
    )
    client = _client_for(cast, "village_cadre_a1")
    first = client.get("/villages/990102001001/", **EN).content.decode()
    second = client.get("/villages/990102001001/?page=2", **EN).content.decode()
    assert "Page 1 of 2" in first
    assert first.count('href="/households/') == 50
    assert second.count('href="/households/') == 12


def test_card_shows_income_per_capita_causes_and_history(cast) -> None:
    html = _client_for(cast, "village_cadre_a1").get("/households/H-a1-1/", **EN)
    text = html.content.decode()
    # Cast income 2014: 3,000 local wages + 1,500 operating income − 500 operating costs, 3 members.
    assert "Income in 2014" in text
    assert "4,000.00" in text
    assert "1,333.33" in text
    assert "illness" in text
    assert "registered" in text and "identified as poor" in text
    assert 'id="rules-decision"' in text


def test_card_per_capita_rounds_half_up_to_the_fen(cast) -> None:
    record = cast.h_a2_2.incomes.get()
    # 30,000 + 1,500 − 500 = 31,000 → 31,000.01 / 3 = 10,333.3366… → 10,333.34
    type(record).objects.filter(pk=record.pk).update(property_income="0.01")
    text = _client_for(cast, "county_office").get("/households/H-a2-2/", **EN).content.decode()
    assert "31,000.01" in text
    assert "10,333.34" in text


def test_card_lists_events_in_order(cast) -> None:
    household = cast.h_b1_1
    StatusEvent.objects.create(household=household, kind="exited", status_after="exited")
    text = _client_for(cast, "county_office").get("/households/H-b1-1/", **EN).content.decode()
    positions = [
        text.index(label)
        for label in ("<strong>registered", "<strong>identified as poor", "<strong>exited poverty")
    ]
    assert positions == sorted(positions)


def test_card_query_count_is_bounded(cast, django_assert_max_num_queries) -> None:
    client = _client_for(cast, "county_office")
    client.get("/households/H-a1-1/")
    # session, user, profile and region; household; members; latest income; events; field
    # changes; the village's policy categories; the monitoring link's scope check; breadcrumbs.
    with django_assert_max_num_queries(12):
        assert client.get("/households/H-a1-1/").status_code == 200
