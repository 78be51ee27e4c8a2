"""A roster import killed midway (SIGKILL, as a power cut or the OOM killer does) leaves nothing:
the whole import is one transaction, which SQLite rolls back when its writer dies."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from fupin.registry.models import Region
from fupin.synth import demo_county, write_roster
county = demo_county(scale=0.2, year=2020)
made = {}
for row in county.regions.to_pylist():
    made[row["code"]] = Region.objects.create(code=row["code"], name=row["name"], level=row["level"],
        parent=made.get(row["parent_code"]) if row["parent_code"] else None)
write_roster(county, r"%s")
"""


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    return {**env, "FUPIN_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "fupin.web.settings"}


def _count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_a_killed_import_leaves_no_household(tmp_path):
    data, roster = tmp_path / "data", tmp_path / "roster"
    subprocess.run(
        [sys.executable, "-c", PREPARE % roster], env=_env(data), check=True, timeout=600
    )
    database, wal = data / "fupin.sqlite3", data / "fupin.sqlite3-wal"
    before = wal.stat().st_size if wal.exists() else 0
    importing = subprocess.Popen([sys.executable, "-m", "fupin.cli", "registry", "import", str(roster)],
                                 env=_env(data), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 300
    # Killed once the load has written several MB into the WAL, i.e. inside its transaction.
    while (
        not wal.exists() or wal.stat().st_size < before + 8 * 2**20
    ) and time.monotonic() < deadline:
        if importing.poll() is not None:
            pytest.fail("the import ended before it could be killed: make the roster larger")
        time.sleep(0.05)
    importing.send_signal(signal.SIGKILL)
    importing.wait(timeout=60)
    assert importing.returncode == -signal.SIGKILL
    assert _count(database, "registry_household") == 0
    assert _count(database, "registry_member") == 0
    assert _count(database, "registry_region") > 0  # what was committed before stays
