"""The case list: the next step overdue after the policy's working days, and the export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from fupin.identification.models import Case
from fupin.identification.selectors import notice_states, overdue_dates
from fupin.identification.services.opening import open_case
from fupin.identification.services.steps import take_step

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 2 March 2026; ten working days later is Monday 16 March (no holiday between).
OPENED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _open(cast, household=None) -> Case:  # type: ignore[no-untyped-def]
    return open_case((household or cast.h_a1_2).pk, "identification",
                     actor=cast.county_office, now=OPENED, statement="applied")  # fmt: skip


def _overdue(case: Case, today: dt.date) -> dt.date | None:
    cases = list(Case.objects.filter(pk=case.pk).select_related("household__village"))
    return overdue_dates(cases, notice_states(cases, today), today).get(case.pk)


def test_a_case_left_at_its_stage_past_the_policys_working_days_is_overdue(cast):
    case = _open(cast)
    assert _overdue(case, dt.date(2026, 3, 16)) is None  # the tenth working day: still in time
    assert _overdue(case, dt.date(2026, 3, 17)) == dt.date(2026, 3, 16)


def test_the_days_run_from_the_last_step(cast):
    case = _open(cast)
    data = {"held_on": dt.date(2026, 3, 13), "place": "hall", "total": 30, "present": 21,
            "votes_for": 18, "votes_against": 2, "abstentions": 1, "minutes": "agreed",
            "first_secretary": "Li", "village_head": "Wang", "main_cause": "illness",
            "justification": "ill"}  # fmt: skip
    take_step(case.pk, "appraise", actor=cast.village_cadre_a1, expected_version=case.version,
              now=dt.datetime(2026, 3, 13, 9, tzinfo=SHANGHAI), data=data)  # fmt: skip
    assert _overdue(case, dt.date(2026, 3, 17)) is None
    assert _overdue(case, dt.date(2026, 3, 28)) == dt.date(2026, 3, 27)


def test_a_case_whose_notice_is_up_is_not_overdue_and_counts_from_its_end(cast):
    from django.contrib.contenttypes.models import ContentType

    from fupin.procedure.models import Notice

    case = _open(cast)
    Notice.objects.create(
        subject_type=ContentType.objects.get_for_model(Case), subject_id=case.pk,
        region=cast.village_a1,
        procedure="identification.identification", title="t", body="b",
        posted_on=dt.date(2026, 3, 20), days=22, ends_on=dt.date(2026, 4, 10),
    )  # fmt: skip
    assert _overdue(case, dt.date(2026, 4, 10)) is None  # the notice is up, its last day
    # Ten working days after Friday 10 April 2026: 13–17 and 20–24 April.
    assert _overdue(case, dt.date(2026, 4, 24)) is None
    assert _overdue(case, dt.date(2026, 4, 27)) == dt.date(2026, 4, 24)


def test_a_closed_case_is_never_overdue(cast):
    case = _open(cast)
    take_step(case.pk, "withdraw", actor=cast.village_cadre_a1, expected_version=case.version,
              now=OPENED, data={"reason": "withdrawn"})  # fmt: skip
    assert _overdue(Case.objects.get(pk=case.pk), dt.date(2027, 1, 1)) is None


def test_the_export_lists_every_filtered_case_with_its_overdue_day(cast):
    first = _open(cast)
    second = _open(cast, cast.h_a2_2)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.township_office_a)
    response = client.get("/exports/identification.cases/",
                          {"format": "csv", "kind": "identification"})  # fmt: skip
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["case", "household number", "head of household"]
    by_case = {int(r[0]): r for r in rows[1:]}
    assert set(by_case) == {first.pk, second.pk}
    assert by_case[first.pk][1] == "H-a1-2" and by_case[first.pk][6] == "applied"
    assert by_case[first.pk][11] == "2026-03-16"  # overdue since (today is long after)


def test_the_export_keeps_to_the_readers_area(cast):
    _open(cast)
    _open(cast, cast.h_b1_2)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.village_cadre_b1)
    text = b"".join(
        client.get("/exports/identification.cases/", {"format": "csv"}).streaming_content
    ).decode()
    assert "H-b1-2" in text and "H-a1-2" not in text
