"""Department screening: thresholds, and a report naming every row that was not used."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from monitoring_helpers import MONDAY, csv_bytes, head_of, policy
from openpyxl import Workbook

from fupin import idnumber
from fupin.monitoring.models import Alert, Evidence, ScreeningImport
from fupin.monitoring.services import screening
from fupin.monitoring.services.screening import import_screening
from fupin.monitoring.services.screening_file import ScreeningFileError
from fupin.registry.models import Household

pytestmark = pytest.mark.django_db


def _import(cast, content: bytes, department: str = "health", name: str = "list.csv", user=None):
    return import_screening(
        department, name, content, actor=user or cast.county_office, now=MONDAY, policy=policy()
    )


def _problems(record: ScreeningImport) -> list[tuple[int, str, str]]:
    return [(p["row"], p["column"], p["code"]) for p in record.problems]


def test_hospital_stays_above_the_thresholds_raise_alerts(cast) -> None:
    other = head_of(cast.h_a1_2)
    below = head_of(cast.h_a2_2)
    Household.objects.filter(pk=cast.h_b1_2.pk).update(status="monitored")
    monitored = head_of(cast.h_b1_2)
    content = csv_bytes(
        (other.id_number, other.name, "2025-02-01", "10000.01"),  # above 10,000: alert
        (below.id_number, below.name, "2025-02-01", "10000"),  # not above 10,000: below
        (monitored.id_number, monitored.name, "2025-02-03", "6000.50"),  # monitored person: > 6,000
    )
    record = _import(cast, content)
    assert (record.rows_total, record.rows_matched) == (3, 3)
    assert record.alerts_raised == 2
    assert record.problems == []
    assert [b["row"] for b in record.below_threshold] == [3]
    assert Alert.objects.get(household=cast.h_a1_2).causes == ["HOSPITAL_OOP"]
    assert Alert.objects.get(household=cast.h_b1_2).group == "sudden_hardship"
    assert not Alert.objects.filter(household=cast.h_a2_2).exists()


def test_a_year_of_stays_reaching_50000_raises_an_alert(cast) -> None:
    person = head_of(cast.h_a1_2)
    rows = [(person.id_number, person.name, f"2025-01-{day:02d}", "9000") for day in range(1, 6)]
    rows.append((person.id_number, person.name, "2025-01-20", "5000"))  # 45,000 + 5,000 = 50,000
    record = _import(cast, csv_bytes(*rows))
    alert = Alert.objects.get(household=cast.h_a1_2)
    assert record.alerts_raised == 1 and alert.causes == ["ANNUAL_OOP"]
    assert record.rows_below_threshold == 5
    assert Evidence.objects.get(alert=alert).data["row"] == 7


def test_the_report_names_unknown_invalid_and_duplicate_rows(cast) -> None:
    person = head_of(cast.h_a1_2)
    stranger = idnumber.make("990102", dt.date(1980, 1, 1), 77, "M")
    bad_check = person.id_number[:17] + ("0" if person.id_number[17] != "0" else "1")
    content = csv_bytes(
        (person.id_number, person.name, "2025-02-01", "12000"),  # row 2: matched
        (stranger, "Nobody", "2025-02-01", "12000"),  # row 3: unknown ID
        (bad_check, person.name, "2025-02-01", "12000"),  # row 4: invalid ID
        (person.id_number, person.name, "01/02/2025", "12000"),  # row 5: bad date
        (person.id_number, person.name, "2025-02-02", "lots"),  # row 6: bad amount
        (person.id_number, person.name, "2025-02-01", "12000"),  # row 7: duplicate of row 2
        (person.id_number, "Wrong Name", "2025-02-05", "12000"),  # row 8: name differs
        (person.id_number, person.name, "2025-02-06", ""),  # row 9: amount missing
    )
    record = _import(cast, content)
    assert _problems(record) == [
        (3, "id_number", "unknown_id"),
        (4, "id_number", "invalid_id"),
        (5, "date", "invalid_date"),
        (6, "amount", "invalid_amount"),
        (7, "id_number", "duplicate"),
        (8, "name", "name_mismatch"),
        (9, "amount", "missing_amount"),
    ]
    assert record.problems[4]["detail"] == {"first": 2}
    # Every row is accounted for: matched, or named in the report.
    assert record.rows_total == record.rows_matched + len(record.problems) == 8
    assert record.alerts_raised == 1
    assert stranger not in str(record.problems)  # ID numbers are kept masked in the report


def test_ids_outside_the_importers_area_are_unmatched(cast) -> None:
    person = head_of(cast.h_b1_2)
    content = csv_bytes((person.id_number, person.name, "2025-02-01", "20000"))
    record = _import(cast, content, user=cast.township_office_a)
    assert _problems(record) == [(2, "id_number", "unknown_id")]
    assert Alert.objects.count() == 0


def test_registered_poor_households_are_reported_not_alerted(cast) -> None:
    person = head_of(cast.h_a1_1)
    record = _import(cast, csv_bytes((person.id_number, person.name, "2025-02-01", "20000")))
    assert _problems(record) == [(2, "id_number", "registered_poor")]


def test_a_missing_column_refuses_the_file_and_saves_nothing(cast) -> None:
    person = head_of(cast.h_a1_2)
    content = csv_bytes((person.id_number, "2025-02-01"), header=("身份证号", "日期"))
    with pytest.raises(ScreeningFileError) as refused:
        _import(cast, content)
    assert refused.value.fields == ["amount"]
    assert ScreeningImport.objects.count() == 0


def test_other_departments_need_no_amount(cast) -> None:
    person = head_of(cast.h_a1_2)
    content = csv_bytes(
        (person.id_number, "2025-02-01", "factory closed"), header=("id_number", "date", "note")
    )
    record = _import(cast, content, department="hr")
    assert record.alerts_raised == 1
    assert Alert.objects.get().causes == ["JOB_LOSS"]


def test_an_xlsx_list_is_read_like_a_csv(cast) -> None:
    person = head_of(cast.h_a1_2)
    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号码", "姓名", "发生日期", "损失金额"])
    sheet.append([person.id_number, person.name, dt.datetime(2025, 2, 1), 30000])
    sheet.append(["12345", person.name, dt.datetime(2025, 2, 1), 30000])
    buffer = io.BytesIO()
    book.save(buffer)
    record = _import(cast, buffer.getvalue(), department="disaster", name="list.xlsx")
    assert record.alerts_raised == 1
    assert _problems(record) == [(3, "id_number", "invalid_id")]


def test_wrong_file_types_are_refused(cast) -> None:
    with pytest.raises(ScreeningFileError):
        _import(cast, b"whatever", name="list.pdf")
    with pytest.raises(ScreeningFileError):
        _import(cast, b"not a zip", name="list.xlsx")


def test_an_import_is_all_or_nothing(cast, monkeypatch) -> None:
    first, second = head_of(cast.h_a1_2), head_of(cast.h_a2_2)
    content = csv_bytes(
        (first.id_number, first.name, "2025-02-01", "20000"),
        (second.id_number, second.name, "2025-02-01", "20000"),
    )
    real = screening.raise_signals

    def failing(signals, **kwargs):
        real(signals, **kwargs)  # the alerts are written, then something breaks
        raise RuntimeError("disk full")

    monkeypatch.setattr(screening, "raise_signals", failing)
    with pytest.raises(RuntimeError):
        _import(cast, content)
    assert Alert.objects.count() == 0
    assert ScreeningImport.objects.count() == 0
