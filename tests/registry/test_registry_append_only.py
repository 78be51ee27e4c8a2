"""Status events can be added but never changed or removed, by the ORM or by raw SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from fupin.registry.models import AppendOnlyError, StatusEvent

pytestmark = pytest.mark.django_db


def _first_event(cast) -> StatusEvent:
    return StatusEvent.objects.filter(household=cast.h_a1_1).order_by("id").first()


def test_saving_a_recorded_event_again_is_refused(cast):
    event = _first_event(cast)
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert StatusEvent.objects.get(pk=event.pk).reason == ""


def test_deleting_an_event_through_the_orm_is_refused(cast):
    event = _first_event(cast)
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        StatusEvent.objects.filter(pk=event.pk).delete()
    assert StatusEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_through_the_orm_is_refused(cast):
    with pytest.raises(AppendOnlyError):
        StatusEvent.objects.all().update(reason="rewritten")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE registry_statusevent SET reason = 'rewritten' WHERE id = %s",
        "DELETE FROM registry_statusevent WHERE id = %s",
    ],
)
def test_raw_sql_update_and_delete_are_refused_by_the_database(cast, sql):
    event = _first_event(cast)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert StatusEvent.objects.get(pk=event.pk).reason == ""


def test_deleting_a_household_with_history_is_refused(cast):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        cast.h_a1_1.delete()


def test_new_events_can_still_be_appended(cast):
    before = StatusEvent.objects.count()
    StatusEvent.objects.create(household=cast.h_a1_2, kind="corrected", status_after="registered")
    assert StatusEvent.objects.count() == before + 1
