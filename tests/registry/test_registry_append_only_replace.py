"""Append-only rows survive REPLACE, upserts, MERGE and CTE deletes, from any connection.

Every statement runs as raw SQL on every append-only table: the database itself must refuse
it (or leave the row exactly as it was), whatever the ORM would have said.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from fupin.registry import triggers
from fupin.registry.models import StatusEvent

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
VENDOR = connection.vendor
TABLES = sorted(triggers.APPEND_ONLY)
# The text column each table's statements try to rewrite.
REWRITTEN = {
    "registry_statusevent": "reason",
    "registry_fieldchange": "reason",
    "procedure_steprecord": "note",
    "procedure_signature": "signer_name",
    "dossier_document": "title",
    "dossier_withdrawal": "reason",
    "dossier_dossierexport": "pdf_sha256",
    "funds_ledgerentry": "memo",
    "funds_ledgernode": "hash",
    "funds_signedtreehead": "signature",
}
# The tables' UNIQUE columns besides the key (the row under test has a value in each).
UNIQUE = {table: [c for cs in sets for c in cs] for table, sets in triggers.UNIQUE_COLUMNS.items()}


def _rows(cast) -> dict[str, int]:
    """One row per append-only table, written by the project's services; table → id."""
    from fupin.monitoring.procedure import MONITORING
    from fupin.monitoring.services.raising import Signal, raise_alert
    from fupin.policy.resolver import policy_for
    from fupin.procedure.services.signatures import sign
    from fupin.procedure.services.steps import record
    from fupin.registry.services.corrections import correct_household

    household = cast.h_a1_2
    correct_household(
        household, {"land_mu": 3.5}, expected_version=household.version, actor=None, reason="x"
    )
    signal = Signal(household, "department", ["HOSPITAL_OOP"])
    alert, _ = raise_alert(signal, now=NOW, policy=policy_for("990102000000", {"western"}))
    step = record(MONITORING, alert, "appraise", actor=cast.village_cadre_a1, now=NOW, signed=True)
    assert step.signature is not None
    later = sign({"again": True}, cast.county_office, at=NOW, supersedes=step.signature)
    document, export, withdrawal = _dossier_rows(household)
    return {
        **_ledger_rows(cast),
        "dossier_document": document.pk,
        "dossier_withdrawal": withdrawal.pk,
        "dossier_dossierexport": export.pk,
        "registry_statusevent": StatusEvent.objects.filter(household=cast.h_a1_1).first().pk,
        "registry_fieldchange": household.changes.get().pk,
        "procedure_steprecord": step.pk,
        "procedure_signature": later.pk,
    }


def _ledger_rows(cast) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A reversal (it fills the entry's every UNIQUE column), a node of the tree, a signed head."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from fupin.funds.models import Account, LedgerNode
    from fupin.funds.services.heads import sign_current_head
    from fupin.funds.services.posting import Leg, post, reverse

    for code, kind in (("EXT:x", "external"), ("SRC:x", "source")):
        Account.objects.create(code=code, name=code, kind=kind, region=cast.county)
    post([Leg("EXT:x", -100), Leg("SRC:x", 100)], kind="receipt", document="x", actor=None, now=NOW)
    reversal = reverse(1, actor=None, now=NOW, reason="x")
    head = sign_current_head(NOW, key=Ed25519PrivateKey.generate())
    return {"funds_ledgerentry": reversal.pk, "funds_ledgernode": LedgerNode.objects.get().pk,
            "funds_signedtreehead": head.pk}  # fmt: skip


def _dossier_rows(household: Any) -> tuple[Any, Any, Any]:
    """A document that replaces another (its UNIQUE column set), an export and a withdrawal."""
    from fupin.dossier.models import Document, DossierExport, Withdrawal

    def document(replaces: Any = None) -> Any:
        return Document.objects.create(
            household=household, kind="scan", title="scan", file="documents/x.pdf",
            original_name="x.pdf", content_type="application/pdf", size=1, sha256="0" * 64,
            uploaded_at=NOW, replaces=replaces,
        )  # fmt: skip

    newer = document(document())
    export = DossierExport.objects.create(
        household=household, made_at=NOW, pdf_sha256="1" * 64, manifest_sha256="2" * 64
    )
    return newer, export, Withdrawal.objects.create(document=newer, withdrawn_at=NOW, reason="x")


@pytest.fixture
def rows(cast) -> dict[str, int]:
    """The id of one stored row in each append-only table."""
    return _rows(cast)


def _model(table: str) -> Any:
    """The model stored in ``table``."""
    return next(m for m in apps.get_models() if m._meta.db_table == table)


def _columns(table: str) -> list[str]:
    """The table's columns, as its model has them (the migrations are checked to agree)."""
    return [field.column for field in _model(table)._meta.concrete_fields]


def _row(table: str, pk: int) -> dict[str, Any] | None:
    """The stored row, column → value (None when there is none)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        found = cursor.fetchone()
        names = [column[0] for column in cursor.description]
    return dict(zip(names, found, strict=True)) if found else None


def _copy(table: str, *, new_id: bool = False) -> tuple[str, str]:
    """(column list, SELECT list) copying the row ``%s`` with its text column rewritten."""
    columns = _columns(table)
    values = {c: c for c in columns}
    values[REWRITTEN[table]] = "'REWRITTEN'"
    if new_id:  # a new key, the UNIQUE columns kept: REPLACE would delete the row they name
        values["id"] = f"(SELECT MAX(id) + 1000 FROM {table})"
    select = ", ".join(f"{values[c]} AS {c}" for c in columns)
    return ", ".join(columns), f"SELECT {select} FROM {table} WHERE id = %s"


def _upsert(table: str, target: str = "id") -> str:
    columns, select = _copy(table)
    text = REWRITTEN[table]
    conflict = f"ON CONFLICT ({target}) DO UPDATE SET {text} = excluded.{text}"
    return f"INSERT INTO {table} ({columns}) {select} {conflict}"


def _refused_everywhere(table: str) -> dict[str, str]:
    text = REWRITTEN[table]
    statements = {
        "update": f"UPDATE {table} SET {text} = 'REWRITTEN' WHERE id = %s",
        "delete": f"DELETE FROM {table} WHERE id = %s",
        "upsert on the key": _upsert(table),
    }
    for columns in triggers.UNIQUE_COLUMNS[table]:
        statements[f"upsert on {', '.join(columns)}"] = _upsert(table, ", ".join(columns))
    return statements


def _refused_on_sqlite(table: str) -> dict[str, str]:
    columns, select = _copy(table)
    statements = {
        "replace into": f"REPLACE INTO {table} ({columns}) {select}",
        "insert or replace": f"INSERT OR REPLACE INTO {table} ({columns}) {select}",
    }
    if UNIQUE[table]:
        columns, select = _copy(table, new_id=True)
        statements["replace on a unique column"] = f"REPLACE INTO {table} ({columns}) {select}"
    return statements


def _refused_on_postgresql(table: str) -> dict[str, str]:
    text = REWRITTEN[table]
    merge = f"MERGE INTO {table} t USING (SELECT %s::bigint AS id) s ON t.id = s.id WHEN MATCHED"
    return {
        "merge update": f"{merge} THEN UPDATE SET {text} = 'REWRITTEN'",
        "merge delete": f"{merge} THEN DELETE",
        "cte delete": f"WITH d AS (DELETE FROM {table} WHERE id = %s RETURNING *) SELECT 1",
        "cte update": (
            f"WITH u AS (UPDATE {table} SET {text} = 'REWRITTEN' WHERE id = %s RETURNING *) "
            "SELECT 1"
        ),
    }


def refused(table: str) -> dict[str, str]:
    """name → SQL (one ``%s``: the row's id) that the database must refuse on this vendor."""
    per_vendor = {"sqlite": _refused_on_sqlite, "postgresql": _refused_on_postgresql}
    return {**_refused_everywhere(table), **per_vendor[VENDOR](table)}


def harmless(table: str) -> dict[str, str]:
    """name → SQL that may run, or be refused, but must not change the row."""
    columns, select = _copy(table)
    insert = f"INSERT INTO {table} ({columns}) {select}"
    statements = {"on conflict do nothing": f"{insert} ON CONFLICT DO NOTHING"}
    if VENDOR == "sqlite":
        statements["insert or ignore"] = f"INSERT OR IGNORE INTO {table} ({columns}) {select}"
    return statements


def _cases(statements: Any) -> list[tuple[str, str]]:
    return [(table, name) for table in TABLES for name in statements(table)]


def _skip_merge_before_15(name: str) -> None:
    if name.startswith("merge") and connection.pg_version < 150000:
        pytest.skip("MERGE came with PostgreSQL 15")


@pytest.mark.parametrize(("table", "name"), _cases(refused))
def test_a_statement_that_would_change_a_row_is_refused(rows, table, name):
    if VENDOR == "postgresql":
        _skip_merge_before_15(name)
    before = _row(table, rows[table])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(refused(table)[name], [rows[table]])
    assert _row(table, rows[table]) == before


@pytest.mark.parametrize(("table", "name"), _cases(harmless))
def test_an_insert_that_gives_way_leaves_the_row_as_it_was(rows, table, name):
    before = _row(table, rows[table])
    count = _model(table).objects.count()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(harmless(table)[name], [rows[table]])
    except DatabaseError as exc:  # refused outright: as good
        assert "append-only" in str(exc)
    assert _row(table, rows[table]) == before
    assert _model(table).objects.count() == count


def _fresh(table: str, column: str) -> str:
    """SQL for a value no stored row has in a UNIQUE column: NULL where it may be null, else the
    largest stored number plus 1000, or the text with its first character changed."""
    field = next(f for f in _model(table)._meta.concrete_fields if f.column == column)
    if field.null:
        return "NULL"
    if field.get_internal_type().endswith("IntegerField"):
        return f"(SELECT MAX({column}) + 1000 FROM {table})"
    return f"'~' || substr({column}, 2)"  # as long as the stored text: it fits its column


@pytest.mark.parametrize("table", TABLES)
def test_a_new_row_can_still_be_appended_with_raw_sql(rows, table):
    columns = [c for c in _columns(table) if c != "id"]
    values = ", ".join(_fresh(table, c) if c in UNIQUE[table] else c for c in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} FROM {table} WHERE id = %s"
    before = _row(table, rows[table])
    with connection.cursor() as cursor:
        cursor.execute(sql, [rows[table]])
        cursor.execute(f"SELECT MAX(id) FROM {table}")
        newest = cursor.fetchone()[0]
    assert newest > rows[table]
    appended = _row(table, newest)
    assert {k: v for k, v in appended.items() if k != "id" and k not in UNIQUE[table]} == {
        k: v for k, v in before.items() if k != "id" and k not in UNIQUE[table]}  # fmt: skip
    assert all(appended[c] != before[c] or before[c] is None for c in UNIQUE[table])
    assert _row(table, rows[table]) == before


@pytest.mark.parametrize("table", TABLES)
def test_the_guarded_unique_columns_are_the_models(table):
    model = _model(table)
    meta = model._meta
    found = {(f.column,) for f in meta.concrete_fields if f.unique and not f.primary_key}
    found |= {tuple(meta.get_field(n).column for n in names) for names in meta.unique_together}
    for constraint in meta.total_unique_constraints:
        found.add(tuple(meta.get_field(n).column for n in constraint.fields))
    assert found == set(triggers.UNIQUE_COLUMNS[table]), "a new UNIQUE needs a new guard migration"


# The reproduction, as typed into a shell; PostgreSQL has no REPLACE, its upsert is the same.
REPLACE = (
    "replace into registry_statusevent (id,kind,status_after,occurred_at,reason,evidence,"
    "policy_id,policy_version,policy_hash,data,actor_id,household_id) values "
    "(?,'exited','exited','2000-01-01','REWRITTEN','','','','','{}',NULL,?);"
)
UPSERT = (
    "insert into registry_statusevent (id,kind,status_after,occurred_at,reason,evidence,"
    "policy_id,policy_version,policy_hash,data,actor_id,household_id) values "
    "(%s,'exited','exited','2000-01-01','REWRITTEN','','','','','{}',NULL,%s) "
    "on conflict (id) do update set kind = excluded.kind, status_after = excluded.status_after, "
    "occurred_at = excluded.occurred_at, reason = excluded.reason;"
)
SELECT = "select kind, status_after, reason from registry_statusevent where id = {}"


def _sqlite_file(tmp_path: Path) -> Path:
    """The test database as a file a shell could open (a copy of it when it lives in memory)."""
    if not connection.is_in_memory_db():
        return Path(connection.settings_dict["NAME"])
    path = tmp_path / "fupin.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return path


def _shell_on_sqlite(path: Path, event: StatusEvent) -> tuple:
    """Runs the REPLACE on a connection of its own, with SQLite's defaults, as a shell does."""
    shell = sqlite3.connect(path, isolation_level=None)
    try:
        assert shell.execute("PRAGMA recursive_triggers").fetchone() == (0,)
        with pytest.raises(sqlite3.IntegrityError, match="append-only: REPLACE refused"):
            shell.execute(REPLACE, (event.pk, event.household_id))
        return shell.execute(SELECT.format("?"), (event.pk,)).fetchone()
    finally:
        shell.close()


def _shell_on_postgresql(event: StatusEvent) -> tuple:
    """Runs the upsert on a psycopg connection of its own, as psql would."""
    import psycopg

    settings = connection.settings_dict
    params = {"dbname": settings["NAME"], "user": settings["USER"], "host": settings["HOST"]}
    params |= {"password": settings["PASSWORD"], "port": settings["PORT"]}
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as psql:
        with pytest.raises(psycopg.errors.RestrictViolation, match="append-only: UPDATE refused"):
            psql.execute(UPSERT, (event.pk, event.household_id))
        return psql.execute(SELECT.format("%s"), (event.pk,)).fetchone()


@pytest.mark.django_db(transaction=True)
def test_a_shell_of_its_own_cannot_replace_a_status_event(cast, tmp_path):
    event = StatusEvent.objects.filter(household=cast.h_a1_1).first()
    if VENDOR == "sqlite":
        stored = _shell_on_sqlite(_sqlite_file(tmp_path), event)
    else:
        stored = _shell_on_postgresql(event)
    assert stored == (event.kind, event.status_after, event.reason)
    assert StatusEvent.objects.get(pk=event.pk).reason == event.reason


UNGUARDED = [("registry", "0003_fieldchange"), ("procedure", "0001_initial")]
# Tables whose app depends on a later registry migration: going back to UNGUARDED removes them,
# their triggers with them (their guard is in their own first migration).
LATER_TABLES = ("dossier_", "funds_")


def _triggers() -> set[str]:
    """The names of the triggers in the database (the user-defined ones)."""
    sql = {
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
        "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
    }[VENDOR]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {name for (name,) in cursor.fetchall()}


def _migrate(targets: list[tuple[str, str]]) -> None:
    MigrationExecutor(connection).migrate(targets)


def _latest() -> list[tuple[str, str]]:
    """Every app's last migration: the guards, and all that came after them (later fields, and
    the apps that depend on these), where the rest of the session expects the database."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_guard_migrations_install_on_sqlite_only_and_reverse():
    guards = {f"{table}_no_replace" for table in TABLES}
    installed = _triggers()
    # PostgreSQL needs no guard: it has no REPLACE, and its upsert fires the UPDATE trigger.
    assert guards <= installed if VENDOR == "sqlite" else not guards & installed
    try:
        _migrate(UNGUARDED)
        kept = {t for t in installed - guards if not t.startswith(LATER_TABLES)}
        assert _triggers() == kept
    finally:
        _migrate(_latest())
    assert _triggers() == installed
