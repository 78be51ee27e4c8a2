"""Survey submissions into the registry from the checked-in exports shaped like ODK Central's
(a ZIP of CSVs with the members' repeat) and KoboToolbox's (xlsx with a members sheet; CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook

from fupin.registry.models import FieldChange, Household, Member, SurveySubmission
from fupin.registry.services.survey_import import import_submissions
from fupin.survey import SubmissionError

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"
KOBO_SHEET = "Household registration 农户登记"


def odk_zip(folder: Path, edit=None) -> Path:  # type: ignore[no-untyped-def]
    """ODK Central's export: the form's CSV and its members' CSV in one ZIP."""
    out = folder / "fupin_registration.zip"
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted((SAMPLES / "odk-central").glob("*.csv")):
            text = path.read_text(encoding="utf-8")
            archive.writestr(
                f"fupin_registration/{path.name}", edit(path.name, text) if edit else text
            )
    return out


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def kobo_xlsx(folder: Path, edit=None) -> Path:  # type: ignore[no-untyped-def]
    """Kobo's xlsx export: the form's sheet first (its title, cut to 31 characters), then
    one sheet per repeat group."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, name in ((KOBO_SHEET[:31], "main.csv"), ("members", "members.csv")):
        sheet = workbook.create_sheet(title)
        for row in _rows(SAMPLES / "kobo" / name):
            sheet.append(edit(name, row) if edit else row)
    out = folder / "kobo.xlsx"
    workbook.save(out)
    return out


def _import(path: Path, cast, **kwargs):  # type: ignore[no-untyped-def]
    return import_submissions(path, actor=cast.county_office, now=timezone.now(), **kwargs)


def test_odk_central_registers_a_new_household_and_updates_a_known_one(cast, tmp_path):
    report = _import(odk_zip(tmp_path), cast)
    assert report.roster.ok, report.roster.problems
    assert (report.submissions, report.already_imported) == (2, 0)  # the rejected one left out
    assert any("rejected by a reviewer" in note for note in report.notes)
    assert (report.roster.households_added, report.roster.households_updated) == (1, 1)
    new = Household.objects.get(number="H-a1-9")
    assert new.village.code == "990102001001" and new.head_name == "王建国"
    assert Member.objects.filter(household=new, active=True).count() == 2
    changed = {c.field: (c.old_value, c.new_value)
               for c in FieldChange.objects.filter(household=cast.h_a1_1)}  # fmt: skip
    assert changed["safe_water"] == (True, False)
    assert changed["health"] == ("healthy", "chronic")  # the head's, a member's field
    assert not Household.objects.filter(number="H-a1-8").exists()
    linked = dict(SurveySubmission.objects.values_list("instance_id", "household__number"))
    assert linked == {"uuid:6f1c2a8e-7d35-4c1b-9a51-0b6f3e1d0001": "H-a1-9",
                      "uuid:6f1c2a8e-7d35-4c1b-9a51-0b6f3e1d0002": "H-a1-1"}  # fmt: skip
    assert SurveySubmission.objects.get(household=new).registered


def test_importing_the_same_export_twice_is_harmless(cast, tmp_path):
    _import(odk_zip(tmp_path), cast)
    changes = FieldChange.objects.count()
    again = _import(odk_zip(tmp_path), cast)
    assert (again.submissions, again.already_imported) == (2, 2)
    assert again.roster.households_added == again.roster.households_updated == 0
    assert FieldChange.objects.count() == changes and SurveySubmission.objects.count() == 2


def test_kobo_xlsx_links_members_by_their_parent_index(cast, tmp_path):
    report = _import(kobo_xlsx(tmp_path), cast)
    assert report.roster.ok, report.roster.problems
    assert (report.roster.households_added, report.roster.households_updated) == (1, 1)
    assert set(Member.objects.filter(household__number="H-b1-9").values_list("name", flat=True)) == {
        "赵大山", "钱秀英"}  # fmt: skip
    assert Household.objects.get(number="H-b1-1").housing_grade == "C"


def test_a_kobo_csv_of_households_alone_updates_them_keeping_their_members(cast):
    report = _import(SAMPLES / "kobo" / "household-only.csv", cast)
    assert report.roster.ok, report.roster.problems
    household = Household.objects.get(number="H-b1-2")
    assert household.housing_grade == "D" and household.members.filter(active=True).count() == 3
    assert FieldChange.objects.filter(household=household, field="housing_grade").exists()


def test_a_new_household_without_members_is_refused_by_its_row(cast, tmp_path):
    text = (SAMPLES / "kobo" / "household-only.csv").read_text(encoding="utf-8")
    path = tmp_path / "new.csv"
    path.write_text(text.replace("H-b1-2", "H-b1-7"), encoding="utf-8")
    report = _import(path, cast)
    [problem] = report.roster.problems
    assert (problem.sheet, problem.row, problem.column) == ("new.csv", 2, "household/household_id")
    assert not Household.objects.filter(number="H-b1-7").exists()


def _bad_member(name: str, row: list[str]) -> list[str]:
    if name == "members.csv" and row[1] == "钱秀英":
        return [row[0][:-1] + ("0" if row[0][-1] != "0" else "1"), *row[1:3], "M", *row[4:]]
    return row


def test_problems_name_the_exports_sheet_row_and_column_and_nothing_is_written(cast, tmp_path):
    before = (Household.objects.count(), FieldChange.objects.count())
    report = _import(kobo_xlsx(tmp_path, _bad_member), cast)
    places = {(p.sheet, p.row, p.column) for p in report.roster.problems}
    assert ("kobo.xlsx [members]", 3, "members/id_number") in places
    assert (Household.objects.count(), FieldChange.objects.count()) == before
    assert not SurveySubmission.objects.exists()  # the good submission waits with the bad one


def test_a_village_outside_the_importers_area_is_named(cast, tmp_path):
    report = import_submissions(odk_zip(tmp_path), actor=cast.township_office_b,
                                now=timezone.now())  # fmt: skip
    assert {(p.sheet, p.column) for p in report.roster.problems} == {
        ("fupin_registration.csv", "household-village_code")}  # fmt: skip
    assert not SurveySubmission.objects.exists()


def test_a_dry_run_writes_nothing(cast, tmp_path):
    report = _import(odk_zip(tmp_path), cast, dry_run=True)
    assert report.roster.ok and report.roster.households_added == 1
    assert not Household.objects.filter(number="H-a1-9").exists()
    assert not SurveySubmission.objects.exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda name, text: (
                text.replace("meta-instanceID,KEY", "meta-x,KEYS")
                if "-members" not in name
                else text
            ),
            "no instance id column",
        ),
        (
            lambda name, text: text.replace("household-household_id", "household-hh"),
            "no household_id column",
        ),
        (
            lambda name, text: (
                text.replace("6f1c2a8e-7d35-4c1b-9a51-0b6f3e1d0001,uuid", "x,uuid")
                if "-members" in name
                else text
            ),
            "is not in the form's table",
        ),
    ],
)
def test_an_export_that_is_not_the_survey_is_refused_by_name(cast, tmp_path, edit, message):
    with pytest.raises(SubmissionError, match=message):
        _import(odk_zip(tmp_path, edit), cast)


def test_submitted_dates_come_through_as_dates(cast, tmp_path):
    _import(odk_zip(tmp_path), cast)
    child = Member.objects.get(household__number="H-a1-9", relation="child")
    assert child.birth_date == dt.date(2015, 6, 1) and child.in_school


def test_the_command_line_imports_and_names_what_it_cannot_read(cast, tmp_path, capsys):
    from fupin.cli import run_command

    zipped = str(odk_zip(tmp_path))
    args = ["--lang", "en", "survey", "import", zipped, "--user", "county_office"]
    assert run_command(args) == 0
    out = capsys.readouterr()
    assert "2 households; 1 added with 2 members; 1 updated" in out.out
    assert "rejected by a reviewer" in out.err
    assert run_command(args) == 0
    assert "2 of 2 submissions were imported before" in capsys.readouterr().err
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    assert run_command(["--lang", "en", "survey", "import", str(broken)]) == 1
    assert "broken.zip: not a ZIP archive" in capsys.readouterr().err


def test_the_command_line_writes_the_form_and_its_xform(cast, tmp_path, capsys):
    from fupin.cli import run_command

    out, xform = tmp_path / "registration.xlsx", tmp_path / "registration.xml"
    args = ["--lang", "en", "survey", "xlsform", "--out", str(out), "--region", "990102001000",
            "--xform", str(xform)]  # fmt: skip
    assert run_command(args) == 0
    assert "2 villages listed" in capsys.readouterr().out
    text = xform.read_text(encoding="utf-8")
    assert "990102001001" in text and "990102002001" not in text  # township A's villages only


def test_an_export_whose_members_sheet_is_empty_is_refused_by_the_checks(cast, tmp_path):
    def header_only(name, text):  # type: ignore[no-untyped-def]
        return text.splitlines()[0] + "\n" if "-members" in name else text

    report = _import(odk_zip(tmp_path, header_only), cast)
    assert any("no members" in p.message for p in report.roster.problems)
    assert not SurveySubmission.objects.exists()


def test_a_submission_repeated_in_the_export_is_imported_once(cast, tmp_path):
    def twice(name, text):  # type: ignore[no-untyped-def]
        lines = text.splitlines()
        return "\n".join([*lines, lines[1]]) + "\n" if "-members" not in name else text

    report = _import(odk_zip(tmp_path, twice), cast)
    assert report.roster.ok, report.roster.problems
    assert any("the same submission again" in note for note in report.notes)
    assert SurveySubmission.objects.count() == 2


def test_an_edit_in_odk_central_is_its_own_submission(cast, tmp_path):
    _import(odk_zip(tmp_path), cast)

    def edited(name, text):  # type: ignore[no-untyped-def]
        # Exported without group names, as Central offers: "instanceID" is the edit's own id,
        # while KEY stays the first version's.
        if "-members" in name:
            return text
        text = text.replace("meta-instanceID", "instanceID").replace(
            "living-safe_water", "safe_water"
        )
        return text.replace("uuid:6f1c2a8e-7d35-4c1b-9a51-0b6f3e1d0002,uuid:6f1c2a8e-7d35-4c1b-9a51-0b6f3e1d0002",
                            "uuid:6f1c2a8e-edit-0002,uuid:6f1c2a8e-7d35-4c1b-9a51-0b6f3e1d0002")  # fmt: skip

    folder = tmp_path / "again"
    folder.mkdir()
    zipped = odk_zip(folder, edited)
    with zipfile.ZipFile(zipped) as archive:  # the edit changes the housing grade too
        texts = {n: archive.read(n).decode() for n in archive.namelist()}
    main = next(n for n in texts if "-members" not in n)
    rows = list(csv.reader(io.StringIO(texts[main])))
    grade = rows[0].index("housing-housing_grade")
    rows[2][grade] = "C"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with zipfile.ZipFile(zipped, "w") as archive:
        for name, text in texts.items():
            archive.writestr(name, out.getvalue() if name == main else text)
    report = _import(zipped, cast)
    assert (report.submissions, report.already_imported) == (2, 1)
    assert Household.objects.get(number="H-a1-1").housing_grade == "C"
    assert SurveySubmission.objects.filter(instance_id="uuid:6f1c2a8e-edit-0002").exists()
