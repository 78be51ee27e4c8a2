"""Database triggers refusing UPDATE and DELETE on status events (SQLite and PostgreSQL)."""

from django.db import migrations

from fupin.registry import triggers


def install(apps, schema_editor):
    triggers.run(schema_editor.connection, create=True)


def remove(apps, schema_editor):
    triggers.run(schema_editor.connection, create=False)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
