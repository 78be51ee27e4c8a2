"""The web commands through the real CLI: migrate, createuser, and the demo's users."""

from __future__ import annotations

import pytest
from county_tables import tiny_county
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from fupin.cli import app
from fupin.demo.users import DEMO_USERS, ensure_demo_users
from fupin.registry.models import Household, Profile
from fupin.registry.services.loader import load_county

pytestmark = pytest.mark.django_db
runner = CliRunner()


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Password hashing is slow on purpose; these tests check accounts, not hash strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_migrate_reports_an_up_to_date_database():
    result = runner.invoke(app, ["--lang", "en", "migrate"])
    assert result.exit_code == 0, result.output
    assert (
        "The database is up to date (sqlite3)" in result.output or "(postgresql)" in result.output
    )


def test_migrate_speaks_chinese_when_asked():
    result = runner.invoke(app, ["--lang", "zh-hans", "migrate"])
    assert result.exit_code == 0, result.output
    assert "数据库已是最新" in result.output


def test_createuser_with_a_password_from_the_environment(cast, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "Stronger-Pass-2014")
    result = runner.invoke(
        app,
        [
            "--lang",
            "en",
            "createuser",
            "li_cadre",
            "--role",
            "village_cadre",
            "--region",
            "990102002001",
            "--password-env",
            "NEW_PASSWORD",
        ],
    )
    assert result.exit_code == 0, result.output
    user = get_user_model().objects.get(username="li_cadre")
    assert user.check_password("Stronger-Pass-2014")
    assert (user.profile.role, user.profile.region.code) == ("village_cadre", "990102002001")
    assert set(Household.objects.visible_to(user).values_list("number", flat=True)) == {
        "H-b1-1",
        "H-b1-2",
    }
    assert not user.is_staff


def test_createuser_prompts_for_the_password(cast):
    result = runner.invoke(
        app,
        [
            "--lang",
            "en",
            "createuser",
            "zhao",
            "--role",
            "county_office",
            "--region",
            "990102000000",
        ],
        input="Stronger-Pass-2014\nStronger-Pass-2014\n",
    )
    assert result.exit_code == 0, result.output
    user = get_user_model().objects.get(username="zhao")
    assert user.is_staff and user.has_perm("registry.change_household")
    assert not user.has_perm("registry.change_statusevent")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["wang", "--role", "mayor", "--region", "990102000000"], "role: must be one of"),
        (
            ["wang", "--role", "auditor", "--region", "990102999999"],
            "region: no region has the code 990102999999",
        ),
        (
            ["county_office", "--role", "auditor", "--region", "990102000000"],
            "username: county_office already exists",
        ),
    ],
)
def test_createuser_refuses_bad_input_naming_the_field(cast, monkeypatch, args, message):
    monkeypatch.setenv("NEW_PASSWORD", "Stronger-Pass-2014")
    before = Profile.objects.count()
    result = runner.invoke(
        app, ["--lang", "en", "createuser", *args, "--password-env", "NEW_PASSWORD"]
    )
    assert result.exit_code == 1
    assert message in result.output
    assert Profile.objects.count() == before


def test_createuser_refuses_a_weak_password(cast, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "123")
    result = runner.invoke(
        app,
        [
            "--lang",
            "en",
            "createuser",
            "wang",
            "--role",
            "auditor",
            "--region",
            "990102000000",
            "--password-env",
            "NEW_PASSWORD",
        ],
    )
    assert result.exit_code == 1 and "password:" in result.output
    assert not get_user_model().objects.filter(username="wang").exists()


def test_createuser_refuses_an_unset_password_variable(cast, monkeypatch):
    monkeypatch.delenv("UNSET_PASSWORD_VAR", raising=False)
    result = runner.invoke(
        app,
        [
            "--lang",
            "en",
            "createuser",
            "wang",
            "--role",
            "auditor",
            "--region",
            "990102000000",
            "--password-env",
            "UNSET_PASSWORD_VAR",
        ],
    )
    assert result.exit_code == 1 and "UNSET_PASSWORD_VAR is not set" in result.output


def test_demo_users_cover_every_role_with_sensible_scopes_and_are_reused():
    load_county(tiny_county(12))
    logins = {login.username: login for login in ensure_demo_users()}
    users = {u.username: u for u in get_user_model().objects.select_related("profile__region")}
    assert {role for _name, role, _where in DEMO_USERS} == {
        "county_office",
        "township_office",
        "village_cadre",
        "paired_helper",
        "auditor",
        "assessor",
        "public",
    }
    assert users["county"].profile.region.code == "980203000000"
    assert users["township"].profile.region.code == "980203100000"
    cadre_village = users["cadre"].profile.region
    assert (
        cadre_village.level == "village" and Household.objects.visible_to(users["cadre"]).exists()
    )
    assert users["admin"].is_superuser
    assert all(login.created for login in logins.values())
    again = ensure_demo_users()
    assert not any(login.created for login in again)
    assert get_user_model().objects.count() == len(logins)


def test_the_demo_logins_name_the_area_each_user_really_has():
    load_county(tiny_county(12))
    first = {login.username: login for login in ensure_demo_users()}
    cadre = get_user_model().objects.select_related("profile__region").get(username="cadre")
    # Later the county's poor are elsewhere: the table must still name the cadre's own village.
    Household.objects.filter(village=cadre.profile.region).update(status="registered")
    other = Household.objects.exclude(village=cadre.profile.region).first()
    Household.objects.filter(village=other.village).update(status="identified")
    again = {login.username: login for login in ensure_demo_users()}
    assert again["cadre"].region == first["cadre"].region == str(cadre.profile.region)
    assert again["helper"].region == str(cadre.profile.region)
