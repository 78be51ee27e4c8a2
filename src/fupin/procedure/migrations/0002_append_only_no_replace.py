"""SQLite triggers refusing REPLACE over a procedure step or a signature."""

from django.db import migrations

from fupin.registry.triggers import no_replace_operations


class Migration(migrations.Migration):
    dependencies = [("procedure", "0001_initial")]

    operations = [no_replace_operations("procedure_steprecord", "procedure_signature")]
