"""Typed configuration from the environment, failing fast on bad values."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

DEV_SECRET = "fupin-insecure-development-key-set-FUPIN_SECRET_KEY-in-production"


class ConfigError(RuntimeError):
    """A configuration value from the environment is missing or invalid."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"expected a yes/no value, got {value!r}")


class Config(BaseModel):
    """Everything the deployment sets; see README "Configuration"."""

    debug: bool = False
    secret_key: str = DEV_SECRET
    data_dir: Path
    database_url: str
    queue_url: str
    allowed_hosts: list[str] = Field(default_factory=lambda: ["127.0.0.1", "localhost"])
    language: str = "zh-hans"
    time_zone: str = "Asia/Shanghai"
    # The largest document a household's file accepts (a phone photo or a scanned PDF).
    upload_max_mb: int = 10
    # Requests a token (or a session) may make to the REST API: COUNT/s, /m, /h or /d.
    api_rate: str = "600/m"
    # The Ed25519 key that signs the funds ledger's tree heads (PEM, PKCS#8); None: the data
    # folder's ledger-key.pem (which the demo makes).
    ledger_key_file: Path | None = None
    # The published public half (hex), what the pages and the verifier trust; None: beside the
    # signing key, as ledger-key.pub. The web server needs this one only.
    ledger_public_key_file: Path | None = None

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise ValueError("DATABASE_URL must be sqlite:///PATH or postgresql://…")
        return value

    @field_validator("queue_url")
    @classmethod
    def _known_queue(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "redis://", "rediss://", "memory://")):
            raise ValueError(
                "FUPIN_QUEUE_URL must be sqlite:///PATH, redis://HOST:PORT/DB or memory://"
            )
        return value

    @field_validator("upload_max_mb")
    @classmethod
    def _sensible_upload_limit(cls, value: int) -> int:
        if not 1 <= value <= 200:
            raise ValueError("FUPIN_UPLOAD_MAX_MB must be a whole number of MB from 1 to 200")
        return value

    @field_validator("api_rate")
    @classmethod
    def _rate(cls, value: str) -> str:
        count, _slash, period = value.partition("/")
        if not count.isdigit() or int(count) < 1 or period not in {"s", "m", "h", "d"}:
            raise ValueError("FUPIN_API_RATE must read like 600/m (per s, m, h or d)")
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in {"zh-hans", "en"}:
            raise ValueError("FUPIN_LANGUAGE must be zh-hans or en")
        return value


def load_config(environ: dict[str, str] | None = None) -> Config:
    """Reads FUPIN_* and DATABASE_URL; raises ConfigError naming the bad variable."""
    env = dict(os.environ if environ is None else environ)
    try:
        debug = _flag(env.get("FUPIN_DEBUG"), default=False)
    except ConfigError as exc:
        raise ConfigError(f"FUPIN_DEBUG: {exc}") from None
    data_dir = Path(env.get("FUPIN_DATA_DIR") or Path.cwd() / "var").resolve()
    values: dict[str, object] = {
        "debug": debug,
        "data_dir": data_dir,
        "database_url": env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'fupin.sqlite3'}",
        "queue_url": env.get("FUPIN_QUEUE_URL") or f"sqlite:///{data_dir / 'queue.sqlite3'}",
    }
    if env.get("FUPIN_SECRET_KEY"):
        values["secret_key"] = env["FUPIN_SECRET_KEY"]
    if env.get("FUPIN_ALLOWED_HOSTS"):
        values["allowed_hosts"] = [
            h.strip() for h in env["FUPIN_ALLOWED_HOSTS"].split(",") if h.strip()
        ]
    if env.get("FUPIN_LANGUAGE"):
        values["language"] = env["FUPIN_LANGUAGE"]
    if env.get("FUPIN_TIME_ZONE"):
        values["time_zone"] = env["FUPIN_TIME_ZONE"]
    if env.get("FUPIN_API_RATE"):
        values["api_rate"] = env["FUPIN_API_RATE"].strip()
    for variable, name in (("FUPIN_LEDGER_KEY_FILE", "ledger_key_file"),
                           ("FUPIN_LEDGER_PUBLIC_KEY_FILE", "ledger_public_key_file")):  # fmt: skip
        if env.get(variable):
            values[name] = Path(env[variable]).expanduser().resolve()
    if env.get("FUPIN_UPLOAD_MAX_MB"):
        text = env["FUPIN_UPLOAD_MAX_MB"].strip()
        values["upload_max_mb"] = int(text) if text.isdigit() else 0  # 0: refused, named below
    try:
        config = Config(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(str(exc)) from None
    if (
        not config.debug
        and config.secret_key == DEV_SECRET
        and env.get("FUPIN_REQUIRE_SECRET") == "1"
    ):
        raise ConfigError("FUPIN_SECRET_KEY must be set when FUPIN_REQUIRE_SECRET=1")
    return config
