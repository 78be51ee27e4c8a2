"""The permissions module: every role sees exactly its region and holds exactly its rights."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from fupin.registry.models import Household, Region
from fupin.registry.permissions import (
    EDIT_HOUSEHOLDS,
    MANAGE_USERS,
    REVEAL_ID_NUMBERS,
    VIEW_HOUSEHOLDS,
    VIEW_REGIONS,
    VIEW_USERS,
    can,
    countable_by,
    scope_of,
)

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
    "public": set(),  # aggregates only: the public never reads a household row
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


def test_the_public_counts_the_households_of_its_area_without_reading_them(cast):
    assert countable_by(cast.public, Household.objects.all()).count() == 8
    assert countable_by(cast.village_cadre_a1, Household.objects.all()).count() == 2
    assert countable_by(cast.no_profile, Household.objects.all()).count() == 0


def test_superuser_sees_everything(cast):
    assert scope_of(cast.superuser).prefix == ""
    assert Household.objects.visible_to(cast.superuser).count() == 8
    assert Region.objects.visible_to(cast.superuser).count() == 9


def test_anonymous_and_inactive_users_see_nothing(cast):
    assert scope_of(AnonymousUser()).prefix is None
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


def test_scope_covers_codes_under_the_users_prefix(cast):
    assert scope_of(cast.township_office_a).covers("990102001002")
    assert not scope_of(cast.township_office_a).covers("990102002001")
    assert not scope_of(cast.no_profile).covers("990102001002")


# role → the registry permissions it holds (written out by hand from the README's roles table).
HELD = {
    "county_office": {"view_regions", "view_households", "edit_households", "reveal_id_numbers",
                      "manage_users", "view_users"},
    "township_office_a": {"view_regions", "view_households", "edit_households",
                          "reveal_id_numbers", "view_users"},
    "village_cadre_a1": {"view_regions", "view_households", "edit_households",
                         "reveal_id_numbers"},
    "paired_helper_a1": {"view_regions", "view_households"},
    "auditor": {"view_regions", "view_households", "reveal_id_numbers", "view_users"},
    "assessor": {"view_regions", "view_households"},
    "public": {"view_regions"},
    "no_profile": set(),
}  # fmt: skip
REGISTRY_PERMISSIONS = {
    "view_regions": VIEW_REGIONS,
    "view_households": VIEW_HOUSEHOLDS,
    "edit_households": EDIT_HOUSEHOLDS,
    "reveal_id_numbers": REVEAL_ID_NUMBERS,
    "manage_users": MANAGE_USERS,
    "view_users": VIEW_USERS,
}


@pytest.mark.parametrize("username", sorted(HELD))
@pytest.mark.parametrize("name", sorted(REGISTRY_PERMISSIONS))
def test_every_role_holds_exactly_its_registry_permissions(cast, username, name):
    user = cast.users[username]
    assert can(user, REGISTRY_PERMISSIONS[name]) == (name in HELD[username])
    assert can(user, f"registry.{name}") == (name in HELD[username])


@pytest.mark.parametrize("name", sorted(REGISTRY_PERMISSIONS))
def test_the_superuser_holds_every_permission_and_anonymous_none(cast, name):
    assert can(cast.superuser, REGISTRY_PERMISSIONS[name], cast.h_b2_2)
    assert not can(AnonymousUser(), REGISTRY_PERMISSIONS[name])


def test_a_permission_over_an_object_needs_the_object_in_scope(cast):
    cadre = cast.village_cadre_a1
    assert can(cadre, VIEW_HOUSEHOLDS, cast.h_a1_2)
    assert not can(cadre, VIEW_HOUSEHOLDS, cast.h_a2_2)
    assert can(cadre, VIEW_HOUSEHOLDS, cast.village_a1)
    assert not can(cadre, VIEW_HOUSEHOLDS, "990102002001")
    assert not can(cast.public, VIEW_HOUSEHOLDS, cast.h_a1_2)


def test_an_inactive_user_holds_nothing(cast):
    cadre = cast.village_cadre_a1
    cadre.is_active = False
    assert not can(cadre, VIEW_REGIONS)
