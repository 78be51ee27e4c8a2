"""`fupin synth county --db` loads a small county into the registry's database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from fupin import i18n
from fupin.cli import app

pytestmark = pytest.mark.django_db


def test_small_county_lands_in_the_database() -> None:
    from fupin.registry.models import Household, Member, Region

    with i18n.override(i18n.get_language()):
        result = CliRunner().invoke(
            app, ["synth", "county", "--db", "--scale", "0.001", "--seed", "8"]
        )
    assert result.exit_code == 0, result.output
    assert Household.objects.count() == 130
    assert Member.objects.count() > 400
    assert Region.objects.filter(level="village").exists()
