"""Configuration is typed and fails fast, naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from fupin.web.config import DEV_SECRET, ConfigError, load_config


def test_defaults_use_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    config = load_config({"FUPIN_DATA_DIR": str(tmp_path)})
    assert config.database_url == f"sqlite:///{tmp_path / 'fupin.sqlite3'}"
    assert config.debug is False
    assert config.language == "zh-hans"


def test_postgres_url_and_hosts_are_read(tmp_path: Path) -> None:
    config = load_config(
        {
            "FUPIN_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
            "FUPIN_ALLOWED_HOSTS": "fupin.example.org, 10.0.0.5",
            "FUPIN_DEBUG": "yes",
        }
    )
    assert config.database_url.startswith("postgresql://")
    assert config.allowed_hosts == ["fupin.example.org", "10.0.0.5"]
    assert config.debug is True


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"FUPIN_DEBUG": "perhaps"}, "FUPIN_DEBUG"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"FUPIN_LANGUAGE": "fr"}, "FUPIN_LANGUAGE"),
        ({"FUPIN_REQUIRE_SECRET": "1"}, "FUPIN_SECRET_KEY"),
        ({"FUPIN_UPLOAD_MAX_MB": "0"}, "FUPIN_UPLOAD_MAX_MB"),
        ({"FUPIN_UPLOAD_MAX_MB": "ten"}, "FUPIN_UPLOAD_MAX_MB"),
        ({"FUPIN_UPLOAD_MAX_MB": "500"}, "FUPIN_UPLOAD_MAX_MB"),
        ({"FUPIN_API_RATE": "many"}, "FUPIN_API_RATE"),
        ({"FUPIN_API_RATE": "10/week"}, "FUPIN_API_RATE"),
    ],
)
def test_bad_values_fail_naming_the_variable(
    tmp_path: Path, env: dict[str, str], needle: str
) -> None:
    with pytest.raises(ConfigError, match=needle):
        load_config({"FUPIN_DATA_DIR": str(tmp_path), **env})


def test_the_upload_limit_is_read_in_mb(tmp_path: Path) -> None:
    assert load_config({"FUPIN_DATA_DIR": str(tmp_path)}).upload_max_mb == 10
    config = load_config({"FUPIN_DATA_DIR": str(tmp_path), "FUPIN_UPLOAD_MAX_MB": "25"})
    assert config.upload_max_mb == 25


def test_secret_from_environment_replaces_development_key(tmp_path: Path) -> None:
    config = load_config({"FUPIN_DATA_DIR": str(tmp_path), "FUPIN_SECRET_KEY": "s3cret-value"})
    assert config.secret_key == "s3cret-value" != DEV_SECRET
