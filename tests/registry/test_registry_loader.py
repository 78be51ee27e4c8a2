"""The county loader: counts, statuses, and all-or-nothing refusal of bad rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from county_tables import replace_cell, tiny_county
from django.utils import translation

from fupin.registry.models import Household, IncomeRecord, Member, Region, StatusEvent
from fupin.registry.services.households import current_status
from fupin.registry.services.loader import LoadError, load_county

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _nothing_written() -> bool:
    return not (
        Region.objects.filter(code__startswith="98").exists()
        or Household.objects.exists()
        or Member.objects.exists()
        or StatusEvent.objects.exists()
        or IncomeRecord.objects.exists()
    )


def test_a_small_county_loads_with_the_right_counts():
    steps = []
    stats = load_county(tiny_county(12), progress=lambda step, done, total: steps.append(step))
    assert (stats.regions, stats.households, stats.members, stats.incomes) == (6, 12, 36, 12)
    # statuses cycle none, poor, exited, none, poor, none → 1 + 2 + 3 + 1 + 2 + 1 = 10 events per 6
    assert stats.events == 20 == StatusEvent.objects.count()
    assert Member.objects.count() == 36 and IncomeRecord.objects.count() == 12
    assert {"checks", "regions", "households", "members"} <= set(steps)


def test_loaded_statuses_follow_the_registered_status_and_match_the_event_history():
    load_county(tiny_county(6))
    expected = {
        "T-0000": "registered",
        "T-0001": "identified",
        "T-0002": "exited",
        "T-0003": "registered",
        "T-0004": "identified",
        "T-0005": "registered",
    }
    for number, status in expected.items():
        household = Household.objects.get(number=number)
        assert household.status == status
        assert current_status(household) == status
        assert household.version == household.events.count()


def test_loaded_fields_are_converted():
    load_county(tiny_county(6))
    household = Household.objects.get(number="T-0001")
    assert household.village.code == "980203100202"
    assert household.village.parent.code == "980203100000"
    assert household.other_causes == ["skills", "funds"]
    assert (household.main_cause, household.household_type) == ("illness", "ordinary")
    assert household.safe_water is True and household.electricity is True
    assert Household.objects.get(number="T-0000").safe_water is False
    income = IncomeRecord.objects.get(household=household, year=2014)
    assert income.wage_local == Decimal("250.25")
    assert income.previous_per_capita_net_income is None
    child = household.members.get(relation="child")
    assert child.in_school is True and child.pension_insurance is False


def test_the_facts_of_the_exclusion_rules_are_loaded():
    load_county(tiny_county(6))
    facts = ("owns_vehicle", "runs_business_with_employees", "machinery_count", "livestock_heads")
    loaded = {h.number: tuple(getattr(h, f) for f in facts) for h in Household.objects.all()}
    assert loaded["T-0001"] == (True, False, 1, 2)
    assert loaded["T-0002"] == (False, True, 2, 4)
    assert loaded["T-0000"] == (False, False, 0, 0)
    assert [m.relation for m in Member.objects.filter(on_state_payroll=True)] == ["spouse"]
    cadre = Member.objects.get(is_village_cadre=True)
    assert (cadre.household.number, cadre.relation) == ("T-0002", "head")


def test_a_county_without_the_facts_loads_with_the_defaults():
    county = tiny_county(3)
    county.households = county.households.drop_columns(["owns_vehicle", "machinery_count"])
    county.members = county.members.drop_columns(["on_state_payroll"])
    load_county(county)
    assert not Household.objects.filter(owns_vehicle=True).exists()
    assert set(Household.objects.values_list("machinery_count", flat=True)) == {0}
    assert not Member.objects.filter(on_state_payroll=True).exists()


def test_regions_that_already_exist_are_reused():
    county = tiny_county(2)
    Region.objects.create(code="980000000000", name="P", level="province")
    stats = load_county(county)
    assert stats.regions == 5
    assert Region.objects.get(code="980200000000").parent.code == "980000000000"


@pytest.mark.parametrize(
    ("table", "column", "row", "value", "place", "message"),
    [
        (
            "members",
            "id_number",
            4,
            "98020319620202001X",
            "members[4].id_number",
            "check character is X, expected 3",
        ),  # sum 240, 240 mod 11 = 9 → "3"
        (
            "members",
            "id_number",
            5,
            "9802",
            "members[5].id_number",
            "must have 18 characters, has 4",
        ),
        ("members", "sex", 0, "F", "members[0].sex", "does not agree with the ID number"),
        (
            "members",
            "birth_date",
            1,
            "1962-02-03",
            "members[1].birth_date",
            "does not agree with the ID number",
        ),
        (
            "members",
            "household_id",
            7,
            "NOPE",
            "members[7].household_id",
            "names a household that does not exist",
        ),
        (
            "households",
            "village_code",
            3,
            "980203100299",
            "households[3].village_code",
            "is not a known village code",
        ),
        (
            "households",
            "household_id",
            2,
            "T-0001",
            "households[2].household_id",
            "repeats an earlier household number",
        ),
        ("regions", "code", 4, "98020310020", "regions[4].code", "must be exactly 12 digits"),
        (
            "regions",
            "parent_code",
            5,
            "980203999000",
            "regions[5].parent_code",
            "names a region that does not exist",
        ),
        (
            "regions",
            "parent_code",
            5,
            "980203000000",
            "regions[5].parent_code",
            "a village cannot lie directly under a county",
        ),
        (
            "regions",
            "code",
            4,
            "980203200201",
            "regions[4].code",
            "does not start with the code of its parent 980203100000",
        ),
        (
            "members",
            "relation",
            2,
            "cousin",
            "members[2].relation",
            "must be one of head, spouse, child, parent, grandchild, sibling, other",
        ),
        ("members", "name", 3, " ", "members[3].name", "is required"),
        ("households", "year", 0, None, "households[0].year", "is required"),
        (
            "households",
            "wage_local",
            1,
            Decimal("-5.00"),
            "households[1].wage_local",
            "must be at least 0 and below 1,000,000,000,000 yuan",
        ),
        (
            "households",
            "other_causes",
            1,
            "illness;bad_luck",
            "households[1].other_causes",
            "unknown cause codes: bad_luck",
        ),
        (
            "households",
            "safe_water",
            2,
            "maybe",
            "households[2].safe_water",
            "must be one of yes, no",
        ),
        (
            "households",
            "owns_vehicle",
            3,
            "maybe",
            "households[3].owns_vehicle",
            "must be one of yes, no",
        ),
        (
            "members",
            "is_village_cadre",
            1,
            "maybe",
            "members[1].is_village_cadre",
            "must be one of yes, no",
        ),
        (
            "households",
            "machinery_count",
            4,
            -1,
            "households[4].machinery_count",
            "must be a whole number from 0 to 32767",
        ),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(table, column, row, value, place, message):
    county = tiny_county(6)
    setattr(county, table, replace_cell(getattr(county, table), column, row, value))
    with pytest.raises(LoadError) as info:
        load_county(county)
    assert (place, message) in info.value.errors
    assert _nothing_written()


def test_a_household_without_a_head_is_refused():
    county = tiny_county(3)
    county.members = replace_cell(county.members, "relation", 3, "child")
    with pytest.raises(LoadError) as info:
        load_county(county)
    assert (
        "households[1].household_id",
        "must have exactly one head of household, has 0",
    ) in info.value.errors
    assert _nothing_written()


def test_people_already_in_the_registry_are_refused(cast):
    county = tiny_county(3)
    taken = cast.h_a1_1.members.get(relation="head")
    for column, value in (
        ("id_number", taken.id_number),
        ("sex", taken.sex),
        ("birth_date", taken.birth_date.isoformat()),
    ):
        county.members = replace_cell(county.members, column, 0, value)
    with pytest.raises(LoadError) as info:
        load_county(county)
    assert info.value.errors == [
        ("members[0].id_number", "is already an active member of household H-a1-1")
    ]
    assert not Household.objects.filter(number__startswith="T-").exists()


def test_loading_twice_is_refused_because_the_households_exist():
    load_county(tiny_county(2))
    with pytest.raises(LoadError) as info:
        load_county(tiny_county(2))
    assert ("households[0].household_id", "is already in the registry") in info.value.errors
    assert Household.objects.count() == 2


def test_a_database_failure_midway_rolls_everything_back(monkeypatch):
    from fupin.registry.services import loader

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "_load_members", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        load_county(tiny_county(4))
    assert _nothing_written()


def test_the_generated_demo_county_loads_completely():
    import pyarrow.compute as pc

    from fupin.synth import demo_county

    county = demo_county(scale=0.01)
    stats = load_county(county)
    households = county.households
    assert stats.households == households.num_rows == Household.objects.count()
    assert stats.members == county.members.num_rows == Member.objects.count()
    assert stats.regions == county.regions.num_rows
    statuses = households.column("registered_status")
    poor = pc.sum(pc.equal(statuses, "poor")).as_py()
    exited = pc.sum(pc.equal(statuses, "exited")).as_py()
    assert Household.objects.filter(status="identified").count() == poor
    assert Household.objects.filter(status="exited").count() == exited
    assert StatusEvent.objects.count() == households.num_rows + poor + 2 * exited
    assert StatusEvent.objects.filter(kind="identified").count() == poor + exited
    total_wages = pc.sum(households.column("wage_local")).as_py()
    from django.db.models import Sum

    assert IncomeRecord.objects.aggregate(s=Sum("wage_local"))["s"] == total_wages
    # The facts of the exclusion rules come along.
    vehicles = pc.sum(pc.equal(households.column("owns_vehicle"), "yes")).as_py()
    assert Household.objects.filter(owns_vehicle=True).count() == vehicles
    livestock = pc.sum(households.column("livestock_heads")).as_py()
    assert Household.objects.aggregate(s=Sum("livestock_heads"))["s"] == livestock
    payroll = pc.sum(pc.equal(county.members.column("on_state_payroll"), "yes")).as_py()
    assert Member.objects.filter(on_state_payroll=True).count() == payroll > 0


def test_households_registered_after_a_load_get_fresh_ids(cast):
    import datetime as dt

    from fupin import idnumber
    from fupin.registry.services.households import register_household

    load_county(tiny_county(4))
    head = {
        "id_number": idnumber.make("990102", dt.date(1950, 1, 1), 77, "M"),
        "name": "New",
        "relation": "head",
    }
    household = register_household(
        cast.village_a1, {"number": "AFTER-1", "head_name": "New"}, [head]
    )
    assert household.pk > Household.objects.exclude(pk=household.pk).order_by("-pk").first().pk


def test_the_load_reason_is_stored_untranslated_and_read_in_the_readers_language():
    with translation.override("zh-hans"):
        load_county(tiny_county(6))
    event = StatusEvent.objects.filter(household__number="T-0001").first()
    assert event.reason == "loaded with the county"
    with translation.override("zh-hans"):
        assert event.reason_display == "随全县数据导入"
    assert event.reason_display == "loaded with the county"


def test_inserted_columns_keep_awkward_text_on_either_database():
    # On PostgreSQL the loader's rows travel through COPY's text format, where a tab, a newline,
    # a backslash and "\N" mean something; they must arrive as written, as through INSERT.
    from fupin.registry.services.rows import insert_columns

    names = ["tab\there", "line\nbreak", "back\\slash \\N", "quote ' \" 引号", "\\.", ""]
    flags = [True, False, True, False, True, False]
    codes = [f"98{i:010d}" for i in range(len(names))]
    rows = insert_columns(
        Region,
        {
            "code": codes,
            "name": names,
            "level": ["province"] * len(names),
            "parent": [None] * len(names),
            "deep_poverty": flags,
            "key_county": flags[::-1],
            "western": [False] * len(names),
        },
    )
    stored = Region.objects.filter(code__in=codes).order_by("code")
    assert rows == len(names)
    assert [(r.name, r.deep_poverty, r.key_county, r.parent_id) for r in stored] == list(
        zip(names, flags, flags[::-1], [None] * len(names), strict=True)
    )


def test_postgresql_counts_the_tables_it_just_loaded_and_sqlite_is_left_alone():
    from django.db import connection

    load_county(tiny_county(12))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the planner reads pg_class.reltuples
            cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname IN "
                           "('registry_household', 'registry_member')")  # fmt: skip
            counted = dict(cursor.fetchall())
            assert counted["registry_household"] == Household.objects.count() > 0
            assert counted["registry_member"] == Member.objects.count()
        else:  # SQLite plans from its indexes: no ANALYZE, so no statistics table
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone() is None
