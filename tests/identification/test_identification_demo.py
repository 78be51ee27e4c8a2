"""The demo county's cases: samples at the stages of each kind, through the services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from fupin.demo.county import build_demo_county
from fupin.identification.models import Case
from fupin.procedure.models import StepRecord

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_cases_along_each_path_and_every_step_is_signed():
    with translation.override("en"):
        built = build_demo_county(scale=0.02, now=NOW)
    assert built.cases is not None and built.cases.cases == Case.objects.count() > 0
    stages = set(Case.objects.filter(kind="identification").values_list("stage", flat=True))
    assert {"applied", "appraised", "verified", "first_notice"} <= stages
    steps = StepRecord.objects.filter(procedure__startswith="identification")
    assert steps.count() == built.cases.steps > 0
    assert not steps.filter(signature__isnull=True).exists()
    assert built.cases.objections >= 1


def _path_stages(kind: str) -> set[str]:
    from fupin.identification.procedure import PROCEDURES

    return set(PROCEDURES[kind].path)


def test_the_demo_stands_a_case_at_every_stage_of_every_path_and_fills_files(settings, tmp_path):
    from fupin.dossier.models import Document, Withdrawal

    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        built = build_demo_county(scale=0.02, now=NOW)
    for kind in ("identification", "exit", "return"):
        stages = set(Case.objects.filter(kind=kind).values_list("stage", flat=True))
        assert _path_stages(kind) <= stages, (kind, _path_stages(kind) - stages)
    assert "withdrawn" in set(
        Case.objects.filter(kind="identification").values_list("stage", flat=True)
    )
    assert Case.objects.filter(kind="exit", stage="rejected").exists()  # the early exit refused
    corrections = set(Case.objects.filter(kind="correction").values_list("stage", flat=True))
    assert {"applied", "corrected"} <= corrections
    assert built.documents == Document.objects.count() >= 4
    assert Withdrawal.objects.count() == 1
    assert Document.objects.filter(replaces__isnull=False).count() == 1
    assert Document.objects.filter(kind="agreement").exists()
