"""SQLite triggers refusing REPLACE over a status event or a field change."""

from django.db import migrations

from fupin.registry.triggers import no_replace_operations


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_fieldchange")]

    operations = [no_replace_operations("registry_statusevent", "registry_fieldchange")]
