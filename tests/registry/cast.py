"""A small fixed cast for permission tests: a region tree, households, and one user per role.

Codes lie under the fictitious province 99 (no real division uses it):

    99 province → 9901 city → 990102 county ─┬ 990102001 township A ─┬ …001001 village a1
                                             │                      └ …001002 village a2
                                             └ 990102002 township B ─┬ …002001 village b1
                                                                     └ …002002 village b2

Every village has two households (numbers ``H-a1-1``, ``H-a1-2`` …) of three members each; the
first is registered and identified poor, the second only registered. Every user's password is
``CAST_PASSWORD``. Build it with ``build_cast()`` inside a test that has database access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from fupin import idnumber
from fupin.registry.models import Household, IncomeRecord, Member, Profile, Region, StatusEvent

CAST_PASSWORD = "cast-password-1"
COUNTY_AREA = "990102"
VILLAGE_KEYS = ("a1", "a2", "b1", "b2")

# (attribute, code, name, level, parent attribute)
REGIONS = (
    ("province", "990000000000", "Test Province", "province", None),
    ("city", "990100000000", "Test City", "city", "province"),
    ("county", "990102000000", "L County", "county", "city"),
    ("township_a", "990102001000", "Township A", "township", "county"),
    ("township_b", "990102002000", "Township B", "township", "county"),
    ("village_a1", "990102001001", "Village a1", "village", "township_a"),
    ("village_a2", "990102001002", "Village a2", "village", "township_a"),
    ("village_b1", "990102002001", "Village b1", "village", "township_b"),
    ("village_b2", "990102002002", "Village b2", "village", "township_b"),
)

# (username = cast attribute, role, region attribute)
USERS = (
    ("county_office", "county_office", "county"),
    ("township_office_a", "township_office", "township_a"),
    ("township_office_b", "township_office", "township_b"),
    ("village_cadre_a1", "village_cadre", "village_a1"),
    ("village_cadre_a2", "village_cadre", "village_a2"),
    ("village_cadre_b1", "village_cadre", "village_b1"),
    ("village_cadre_b2", "village_cadre", "village_b2"),
    ("paired_helper_a1", "paired_helper", "village_a1"),
    ("auditor", "auditor", "county"),
    ("assessor", "assessor", "county"),
    ("public", "public", "county"),
)


@dataclass
class Cast:
    """Regions, households and users by attribute name (``cast.village_a1``, ``cast.auditor``)."""

    regions: dict[str, Region] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        for table in ("regions", "households", "users"):
            values = self.__dict__.get(table, {})
            if name in values:
                return values[name]
        raise AttributeError(name)

    def households_in(self, region: Region) -> list[Household]:
        """The cast's households inside ``region``."""
        return [h for h in self.households.values() if h.village.code.startswith(region.prefix)]


@lru_cache(maxsize=4)
def _hash_for(hashers: tuple[str, ...]) -> str:
    return make_password(CAST_PASSWORD)


def _password_hash() -> str:
    # Hashing is deliberately slow: hash once per session (per hasher setting), not once per user.
    return _hash_for(tuple(settings.PASSWORD_HASHERS))


def _build_regions(cast: Cast) -> None:
    for attr, code, name, level, parent in REGIONS:
        cast.regions[attr] = Region.objects.create(
            code=code,
            name=name,
            level=level,
            parent=cast.regions[parent] if parent else None,
            western=True,
        )


def _add_member(household: Household, seq: int, relation: str, sex: str, born: dt.date) -> None:
    Member.objects.create(
        household=household,
        id_number=idnumber.make(COUNTY_AREA, born, seq, sex),
        name=f"{household.head_name} {relation} {seq}",
        relation=relation,
        sex=sex,
        birth_date=born,
        in_school=relation == "child",
        education="primary" if relation == "child" else "junior",
    )


def _build_household(cast: Cast, key: str, index: int, seq: int) -> Household:
    village = cast.regions[f"village_{key}"]
    poor = index == 1
    household = Household.objects.create(
        number=f"H-{key}-{index}",
        village=village,
        head_name=f"Head {key}-{index}",
        main_cause="illness" if poor else "",
        status="identified" if poor else "registered",
        version=2 if poor else 1,
    )
    _add_member(household, seq, "head", "M", dt.date(1970, 3, 1 + index))
    _add_member(household, seq + 1, "spouse", "F", dt.date(1972, 5, 1 + index))
    _add_member(household, seq + 2, "child", "F", dt.date(2012, 9, 1 + index))
    IncomeRecord.objects.create(
        household=household,
        year=2014,
        wage_local=Decimal("3000.00") if poor else Decimal("30000.00"),
        operating_income=Decimal("1500.00"),
        operating_cost=Decimal("500.00"),
    )
    StatusEvent.objects.create(household=household, kind="registered", status_after="registered")
    if poor:
        StatusEvent.objects.create(
            household=household, kind="identified", status_after="identified"
        )
    return household


def _build_users(cast: Cast) -> None:
    user_model = get_user_model()
    for username, role, region in USERS:
        user = user_model.objects.create(username=username, password=_password_hash())
        Profile.objects.create(user=user, role=role, region=cast.regions[region])
        cast.users[username] = user_model.objects.get(pk=user.pk)
    cast.users["superuser"] = user_model.objects.create(
        username="superuser", password=_password_hash(), is_superuser=True, is_staff=True
    )
    cast.users["no_profile"] = user_model.objects.create(
        username="no_profile", password=_password_hash()
    )


def build_cast() -> Cast:
    """Creates the cast in the database and returns it."""
    cast = Cast()
    _build_regions(cast)
    seq = 0
    for key in VILLAGE_KEYS:
        for index in (1, 2):
            household = _build_household(cast, key, index, seq)
            cast.households[household.number.replace("-", "_").lower()] = household
            seq += 3
    _build_users(cast)
    return cast
