"""Every role sees exactly its region: households, regions and the scope prefix."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from fupin.registry.models import Household, Region
from fupin.registry.scoping import in_scope, scope_prefix

pytestmark = pytest.mark.django_db

# user → the household numbers it must see (written out by hand, not derived from the scope code)
EXPECTED_HOUSEHOLDS = {
    "county_office": {
        "H-a1-1",
        "H-a1-2",
        "H-a2-1",
        "H-a2-2",
        "H-b1-1",
        "H-b1-2",
        "H-b2-1",
        "H-b2-2",
    },
    "auditor": {"H-a1-1", "H-a1-2", "H-a2-1", "H-a2-2", "H-b1-1", "H-b1-2", "H-b2-1", "H-b2-2"},
    "assessor": {"H-a1-1", "H-a1-2", "H-a2-1", "H-a2-2", "H-b1-1", "H-b1-2", "H-b2-1", "H-b2-2"},
    "public": {"H-a1-1", "H-a1-2", "H-a2-1", "H-a2-2", "H-b1-1", "H-b1-2", "H-b2-1", "H-b2-2"},
    "township_office_a": {"H-a1-1", "H-a1-2", "H-a2-1", "H-a2-2"},
    "township_office_b": {"H-b1-1", "H-b1-2", "H-b2-1", "H-b2-2"},
    "village_cadre_a1": {"H-a1-1", "H-a1-2"},
    "village_cadre_a2": {"H-a2-1", "H-a2-2"},
    "village_cadre_b1": {"H-b1-1", "H-b1-2"},
    "village_cadre_b2": {"H-b2-1", "H-b2-2"},
    "paired_helper_a1": {"H-a1-1", "H-a1-2"},
    "no_profile": set(),
}


@pytest.mark.parametrize("username", sorted(EXPECTED_HOUSEHOLDS))
def test_each_user_sees_exactly_the_households_of_its_region(cast, username):
    user = cast.users[username]
    seen = set(Household.objects.visible_to(user).values_list("number", flat=True))
    assert seen == EXPECTED_HOUSEHOLDS[username]


def test_superuser_sees_everything(cast):
    assert scope_prefix(cast.superuser) == ""
    assert Household.objects.visible_to(cast.superuser).count() == 8
    assert Region.objects.visible_to(cast.superuser).count() == 9


def test_anonymous_and_inactive_users_see_nothing(cast):
    assert scope_prefix(AnonymousUser()) is None
    assert Household.objects.visible_to(AnonymousUser()).count() == 0
    cadre = cast.village_cadre_a1
    cadre.is_active = False
    assert Household.objects.visible_to(cadre).count() == 0


def test_regions_visible_to_a_township_office_are_the_township_and_its_villages(cast):
    codes = set(Region.objects.visible_to(cast.township_office_a).values_list("code", flat=True))
    assert codes == {"990102001000", "990102001001", "990102001002"}


def test_a_village_cadre_sees_only_its_own_village(cast):
    codes = list(Region.objects.visible_to(cast.village_cadre_b2).values_list("code", flat=True))
    assert codes == ["990102002002"]


@pytest.mark.parametrize(
    ("attr", "prefix"),
    [
        ("province", "99"),
        ("city", "9901"),
        ("county", "990102"),
        ("township_a", "990102001"),
        ("village_b2", "990102002002"),
    ],
)
def test_region_prefix_has_the_significant_digits_of_its_level(cast, attr, prefix):
    assert cast.regions[attr].prefix == prefix


def test_in_scope_compares_codes_with_the_users_prefix(cast):
    assert in_scope(cast.township_office_a, "990102001002")
    assert not in_scope(cast.township_office_a, "990102002001")
    assert not in_scope(cast.no_profile, "990102001002")
