"""The management commands: a screening import from a file, escalation for a cron job."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from monitoring_helpers import MONDAY, csv_bytes, head_of, policy

from fupin.monitoring.models import Alert
from fupin.monitoring.services.raising import Signal, raise_alert

pytestmark = pytest.mark.django_db


def test_screen_command_imports_and_prints_the_report(cast, tmp_path) -> None:
    person = head_of(cast.h_a1_2)
    path = tmp_path / "civil.csv"
    path.write_bytes(
        csv_bytes(
            (person.id_number, "2025-02-01"), ("999", "2025-02-01"), header=("id_number", "date")
        )
    )
    out = StringIO()
    with translation.override("en"):
        call_command(
            "monitoring_screen", str(path), source="civil", user="county_office", stdout=out
        )
    text = out.getvalue()
    assert "alerts raised 1" in text
    assert "row 3 · ID number · *** · not a valid resident ID number" in text
    assert Alert.objects.get().causes == ["CIVIL_AID"]


def test_screen_command_refuses_an_unknown_user(cast, tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"id_number,date\n")
    with pytest.raises(CommandError):
        call_command("monitoring_screen", str(path), source="hr", user="nobody")


def test_escalate_command(cast) -> None:
    raise_alert(Signal(cast.h_a1_2, "kernel", ["NEAR_LINE"]), now=MONDAY, policy=policy())
    out = StringIO()
    with translation.override("en"):
        call_command("monitoring_escalate", area=cast.county.prefix, stdout=out)
    assert out.getvalue().startswith("1 overdue alerts escalated")
    assert Alert.objects.get().escalated_to == cast.township_a


def test_the_committed_migrations_match_the_models() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "monitoring", check=True, dry_run=True, stdout=out)
    except SystemExit as exc:  # --check exits non-zero when a migration is missing
        pytest.fail(f"monitoring models changed without a migration: {out.getvalue()} ({exc})")
