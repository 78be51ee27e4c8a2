"""`fupin registry import`: a roster's new households loaded, existing ones corrected with their
history, every problem named by sheet, row and column, and nothing written unless all is well."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from county_tables import tiny_county
from django.utils import timezone, translation

from fupin import idnumber
from fupin.registry.models import FieldChange, Household, IncomeRecord, Member, Region, StatusEvent
from fupin.registry.services.roster_import import import_roster
from fupin.rules import columns as col

pytestmark = pytest.mark.django_db
VILLAGES = ("980203100201", "980203100202")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def regions(db):  # type: ignore[no-untyped-def]
    """The tiny county's regions, no household yet."""
    rows = tiny_county(0).regions.to_pylist()
    made: dict[str, Region] = {}
    for row in rows:
        made[row["code"]] = Region.objects.create(
            code=row["code"], name=row["name"], level=row["level"],
            parent=made.get(row["parent_code"]) if row["parent_code"] else None,
        )  # fmt: skip
    return made


def _household(i: int, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {name: "0" for name in col.MONEY_COLUMNS}
    row.update({"household_id": f"R-{i:03d}", "village_code": VILLAGES[i % 2], "year": 2025,
                "registered_status": "none", "food_secure": "yes", "clothing_secure": "yes",
                "safe_water": "yes", "housing_grade": "A", "wage_local": "30000.00",
                "owns_vehicle": "no"})  # fmt: skip
    row.update(changes)
    return row


def _members(i: int) -> list[dict[str, object]]:
    people = [
        ("head", "M", dt.date(1970, 3, 1 + i % 27)),
        ("child", "F", dt.date(2012, 5, 1 + i % 27)),
    ]
    return [{"household_id": f"R-{i:03d}", "id_number": idnumber.make("980203", born, 10 * i + k, sex),
             "name": f"Person {i}-{k}", "relation": relation, "sex": sex, "birth_date": born.isoformat(),
             "in_school": "yes" if relation == "child" else "no", "health": "healthy",
             "labour_ability": "ordinary" if relation == "head" else "none", "medical_insurance": "yes"}
            for k, (relation, sex, born) in enumerate(people)]  # fmt: skip


def _write(folder: Path, households: list[dict], members: list[dict]) -> Path:  # type: ignore[type-arg]
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("households", households), ("members", members)):
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


def _roster(tmp_path: Path, count: int = 6, **changes_of: dict) -> Path:  # type: ignore[type-arg]
    households = [_household(i, **changes_of.get(str(i), {})) for i in range(count)]
    return _write(tmp_path / "roster", households, [m for i in range(count) for m in _members(i)])


def _import(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return import_roster(path, actor=None, now=timezone.now(), **kwargs)


def test_a_good_roster_adds_its_households_with_members_income_and_history(regions, tmp_path):
    report = _import(_roster(tmp_path), year=2025)
    assert report.ok, report.problems
    assert (report.households_added, report.members_added, report.households_updated) == (6, 12, 0)
    household = Household.objects.get(number="R-001")
    assert household.village.code == VILLAGES[1] and household.head_name == "Person 1-0"
    assert IncomeRecord.objects.get(household=household, year=2025).wage_local == 30000
    assert StatusEvent.objects.filter(household=household, kind="registered").exists()
    assert Member.objects.filter(household=household, active=True).count() == 2


def test_an_update_is_kept_as_corrections_with_the_old_values(regions, tmp_path):
    _import(_roster(tmp_path / "first"))
    second = _roster(tmp_path / "second", **{"2": {"safe_water": "no", "wage_local": "25000.00"}})
    report = _import(second)
    assert report.ok and (report.households_added, report.households_updated) == (0, 1)
    changes = {
        c.field: (c.old_value, c.new_value)
        for c in FieldChange.objects.filter(household__number="R-002")
    }
    assert changes["safe_water"] == (True, False)
    assert changes["incomes.2025.wage_local"] == ("30000.00", "25000.00")
    assert all(c.reason == "roster import roster" for c in FieldChange.objects.all())
    assert _import(second).households_updated == 0  # the same roster again changes nothing


@pytest.mark.parametrize(
    ("changes", "sheet", "column", "words"),
    [({"0": {"village_code": "980203100299"}}, "households", "village_code", "no village"),
     ({"1": {"year": 2024}}, "households", "year", "for 2025"),
     ({"2": {"housing_grade": "Z"}}, "households", "housing_grade", ""),
     ({"3": {"wage_local": "lots"}}, "households", "wage_local", "")],
)  # fmt: skip
def test_a_roster_with_a_problem_names_it_and_writes_nothing(
    regions, tmp_path, changes, sheet, column, words
):
    report = _import(_roster(tmp_path, **changes), year=2025)
    assert not report.ok
    (problem,) = report.problems
    assert (problem.sheet, problem.column) == (sheet, column) and problem.row >= 2
    assert words in problem.message
    assert not Household.objects.exists() and not Member.objects.exists()


def test_a_member_active_elsewhere_is_refused_by_row(regions, tmp_path):
    _import(_roster(tmp_path / "first", count=2))
    clash = _members(0)[0] | {"household_id": "R-005"}
    rows = [_household(5)]
    report = _import(_write(tmp_path / "second", rows, [clash]))
    assert [(p.sheet, p.column) for p in report.problems] == [("members", "id_number")]
    assert (
        "R-000" in report.problems[0].message
        and not Household.objects.filter(number="R-005").exists()
    )


def test_a_dry_run_counts_and_writes_nothing(regions, tmp_path):
    report = _import(_roster(tmp_path), dry_run=True)
    assert report.ok and report.households_added == 6 and report.dry_run
    assert not Household.objects.exists()


def test_a_failure_midway_leaves_nothing(regions, tmp_path, monkeypatch):
    from fupin.registry.services import roster_import

    _import(_roster(tmp_path / "first", count=2))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the machine went down")

    monkeypatch.setattr(roster_import, "_update", broken)
    with pytest.raises(RuntimeError):
        _import(_roster(tmp_path / "second", count=4))
    assert set(Household.objects.values_list("number", flat=True)) == {"R-000", "R-001"}


def test_a_status_the_registry_does_not_hold_is_noted_not_changed(regions, tmp_path):
    _import(_roster(tmp_path / "first", count=2))
    report = _import(_roster(tmp_path / "second", count=2, **{"1": {"registered_status": "poor"}}))
    assert report.ok and any("R-001" in note for note in report.notes)
    assert Household.objects.get(number="R-001").status == "registered"


@pytest.mark.django_db(transaction=True)
def test_the_command_reports_problems_and_imports(regions, tmp_path, capsys):
    from fupin.cli import run_command

    bad = _roster(tmp_path / "bad", **{"0": {"village_code": "980203100299"}})
    errors = tmp_path / "errors.csv"
    assert (
        run_command(["--lang", "en", "registry", "import", str(bad), "--errors", str(errors)]) == 1
    )
    assert "Nothing was imported" in capsys.readouterr().err
    assert "village_code" in errors.read_text(encoding="utf-8-sig")
    good = _roster(tmp_path / "good")
    assert run_command(["--lang", "en", "registry", "import", str(good), "--year", "2025"]) == 0
    assert "6 added with 12 members" in capsys.readouterr().out
    assert Household.objects.count() == 6
