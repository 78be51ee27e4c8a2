
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from fupin.registry.triggers import migration_operations


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0002_statusevent_append_only'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FieldChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(max_length=60, verbose_name='field')),
                ('old_value', models.JSONField(blank=True, null=True, verbose_name='old value')),
                ('new_value', models.JSONField(blank=True, null=True, verbose_name='new value')),
                ('changed_at', models.DateTimeField(verbose_name='changed at')),
                ('reason', models.TextField(verbose_name='reason')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='registry.statusevent', verbose_name='correction')),
                ('household', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='registry.household', verbose_name='household')),
                ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='registry.member', verbose_name='member')),
            ],
            options={
                'verbose_name': 'field change',
                'verbose_name_plural': 'field changes',
                'ordering': ['household', 'changed_at', 'id'],
                'indexes': [models.Index(fields=['household', 'changed_at'], name='registry_fi_househo_15e9a1_idx')],
            },
        ),
        migration_operations('registry_fieldchange'),
    ]
