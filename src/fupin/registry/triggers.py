"""Database triggers that make a table append-only on SQLite and PostgreSQL.

Each append-only table gets its triggers from a migration (the status events from registry
0002), and on SQLite a guard against REPLACE from a later one (registry 0004, procedure 0002).
The SQL here must stay as those migrations ran it; a change needs a new migration.
"""

from __future__ import annotations

from typing import Any

TABLE = "registry_statusevent"
MESSAGE = "status events are append-only"
# Every table whose rows are written once and never changed, with the message its triggers give.
APPEND_ONLY: dict[str, str] = {
    TABLE: MESSAGE,
    "registry_fieldchange": "field changes are append-only",
    "procedure_steprecord": "procedure steps are append-only",
    "procedure_signature": "signatures are append-only",
    "dossier_document": "household documents are append-only",
    "dossier_withdrawal": "document withdrawals are append-only",
    "dossier_dossierexport": "dossier exports are append-only",
    "funds_ledgerentry": "ledger entries are append-only",
    "funds_ledgernode": "ledger tree nodes are append-only",
    "funds_signedtreehead": "signed tree heads are append-only",
}


def sqlite_create(table: str) -> list[str]:
    """The SQLite triggers that refuse UPDATE and DELETE on ``table``."""
    message = APPEND_ONLY[table]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}: UPDATE refused'); END;",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}: DELETE refused'); END;",
    ]


def sqlite_drop(table: str) -> list[str]:
    """The SQL that removes ``sqlite_create(table)``."""
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_update;",
        f"DROP TRIGGER IF EXISTS {table}_no_delete;",
    ]


# The UNIQUE column sets of each append-only table besides its primary key ``id`` (one-to-one
# links): REPLACE deletes a row that collides on any of them, not only on the key.
UNIQUE_COLUMNS: dict[str, tuple[tuple[str, ...], ...]] = {
    TABLE: (),
    "registry_fieldchange": (),
    "procedure_steprecord": (("signature_id",),),
    "procedure_signature": (("supersedes_id",),),
    "dossier_document": (("replaces_id",),),
    "dossier_withdrawal": (),
    "dossier_dossierexport": (),
    "funds_ledgerentry": (("seq",), ("reverses_id",)),
    "funds_ledgernode": (("level", "ordinal"),),
    "funds_signedtreehead": (("time",),),
}


def _collides(table: str, columns: tuple[str, ...]) -> str:
    """SQL true when a stored row of ``table`` has the new row's values in ``columns``."""
    match = " AND ".join(f"{column} = NEW.{column}" for column in columns)
    return f"EXISTS (SELECT 1 FROM {table} WHERE {match})"


def sqlite_no_replace(table: str) -> list[str]:
    """The SQLite trigger that refuses a new row colliding with a stored one of ``table``.

    ``REPLACE`` (``INSERT OR REPLACE``) deletes the stored row without firing DELETE triggers
    while recursive triggers are off, which is SQLite's default on every connection (a shell's
    too). So the insert is refused before it meets the conflict. A NULL never collides, as in a
    UNIQUE index; an insert without an id has NEW.id -1 in a BEFORE trigger, never a stored id.
    The installing migrations (registry 0004, procedure 0002) ran this SQL; keep it as it is.
    """
    message = APPEND_ONLY[table]
    sets = (("id",), *UNIQUE_COLUMNS[table])
    when = " OR ".join(_collides(table, columns) for columns in sets)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN {when} "
        f"BEGIN SELECT RAISE(ABORT, '{message}: REPLACE refused'); END;",
    ]


def sqlite_no_replace_drop(table: str) -> list[str]:
    """The SQL that removes ``sqlite_no_replace(table)``."""
    return [f"DROP TRIGGER IF EXISTS {table}_no_replace;"]


def no_replace_operations(*tables: str) -> Any:
    """A migration's RunPython that installs the REPLACE guard of ``tables`` on SQLite only.

    PostgreSQL has no REPLACE, and its ``INSERT ... ON CONFLICT DO UPDATE`` fires the row
    trigger of ``postgres_create`` like any UPDATE.
    """
    from django.db import migrations

    def change(schema_editor: Any, statements: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            for table in tables:
                for sql in statements(table):
                    cursor.execute(sql)

    def install(apps: Any, schema_editor: Any) -> None:
        change(schema_editor, sqlite_no_replace)

    def remove(apps: Any, schema_editor: Any) -> None:
        change(schema_editor, sqlite_no_replace_drop)

    return migrations.RunPython(install, remove)


def postgres_create(table: str) -> list[str]:
    """The PostgreSQL function and row trigger that refuse UPDATE and DELETE on ``table``."""
    message = APPEND_ONLY[table]
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{message}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;""",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse();",
    ]


def postgres_drop(table: str) -> list[str]:
    """The SQL that removes ``postgres_create(table)``."""
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_refuse();",
    ]


# The status events' statements, as migration 0002 runs them.
SQLITE_CREATE = sqlite_create(TABLE)
SQLITE_DROP = sqlite_drop(TABLE)
POSTGRES_CREATE = postgres_create(TABLE)
POSTGRES_DROP = postgres_drop(TABLE)


def statements(vendor: str, *, create: bool, table: str = TABLE) -> list[str]:
    """The SQL that installs (or removes) the triggers of ``table`` on this database vendor."""
    if vendor == "sqlite":
        return sqlite_create(table) if create else sqlite_drop(table)
    if vendor == "postgresql":
        return postgres_create(table) if create else postgres_drop(table)
    raise NotImplementedError(f"append-only triggers are not written for {vendor}")


def run(connection: Any, *, create: bool, table: str = TABLE) -> None:
    """Installs or removes the triggers of ``table`` on ``connection``."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=create, table=table):
            cursor.execute(sql)


def migration_operations(table: str) -> Any:
    """A migration's RunPython that installs the triggers of ``table`` (and removes them back)."""
    from django.db import migrations

    def install(apps: Any, schema_editor: Any) -> None:
        run(schema_editor.connection, create=True, table=table)

    def remove(apps: Any, schema_editor: Any) -> None:
        run(schema_editor.connection, create=False, table=table)

    return migrations.RunPython(install, remove)
