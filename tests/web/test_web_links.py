"""The registry pages lead to monitoring: the card to its household's alerts, login to the public form."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_household_card_links_to_its_monitoring_page(cast) -> None:
    client = Client()
    client.force_login(cast.users["village_cadre_a1"])
    household = cast.households_in(cast.regions["village_a1"])[0]
    page = client.get(f"/households/{household.number}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert f'href="/monitoring/households/{household.number}/"' in page.content.decode()
    assert client.get(f"/monitoring/households/{household.number}/").status_code == 200


def test_login_page_offers_the_public_hardship_report() -> None:
    page = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert 'href="/monitoring/report/"' in page.content.decode()
    assert "报告突发困难" in page.content.decode()
