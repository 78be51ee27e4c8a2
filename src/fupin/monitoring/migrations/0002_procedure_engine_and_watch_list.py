"""Monitoring on the procedure engine: its step records move to the engine's table; the watch
list; the causes each source gave an alert."""

import django.db.models.deletion
import fupin.monitoring.models.alert
from django.db import migrations, models


def move_steps(apps, schema_editor):
    """Copies every monitoring step record into the engine's table (same who, when, what)."""
    Old = apps.get_model("monitoring", "StepRecord")
    New = apps.get_model("procedure", "StepRecord")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Old.objects.exists():
        return
    kind, _created = ContentType.objects.get_or_create(app_label="monitoring", model="alert")
    New.objects.bulk_create(
        New(
            subject_type_id=kind.pk, subject_id=old.alert_id, procedure="monitoring",
            action=old.action, stage_before=old.stage_before, stage_after=old.stage_after,
            actor_id=old.actor_id, occurred_at=old.occurred_at, note=old.note, data=old.data,
        )
        for old in Old.objects.order_by("id").iterator()
    )


def causes_by_source(apps, schema_editor):
    """An alert's causes so far are its first source's."""
    Alert = apps.get_model("monitoring", "Alert")
    for alert in Alert.objects.exclude(causes=[]).iterator():
        Alert.objects.filter(pk=alert.pk).update(source_causes={alert.source: alert.causes})


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0001_initial'),
        ('registry', '0003_fieldchange'),
        ('procedure', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='alert',
            name='source_causes',
            field=models.JSONField(blank=True, default=dict, verbose_name='causes by source'),
        ),
        migrations.AlterField(
            model_name='alert',
            name='stage',
            field=models.CharField(choices=fupin.monitoring.models.alert.stage_choices, default='reported', max_length=20, verbose_name='stage'),
        ),
        migrations.CreateModel(
            name='WatchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sources', models.JSONField(blank=True, default=list, verbose_name='sources')),
                ('causes', models.JSONField(blank=True, default=list, verbose_name='causes')),
                ('risk', models.FloatField(blank=True, null=True, verbose_name='risk')),
                ('severity', models.PositiveIntegerField(default=0, verbose_name='severity')),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='income year')),
                ('first_seen_at', models.DateTimeField(verbose_name='first flagged')),
                ('last_seen_at', models.DateTimeField(verbose_name='last flagged')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                ('policy_id', models.CharField(blank=True, max_length=40, verbose_name='policy')),
                ('policy_hash', models.CharField(blank=True, max_length=64, verbose_name='policy hash')),
                ('closed_by_alert', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='monitoring.alert', verbose_name='closed by alert')),
                ('household', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='watch_entries', to='registry.household', verbose_name='household')),
            ],
            options={
                'verbose_name': 'watch-list entry',
                'verbose_name_plural': 'watch list',
                'ordering': ['-severity', '-last_seen_at', 'id'],
            },
        ),
        migrations.RunPython(move_steps, migrations.RunPython.noop),
        migrations.RunPython(causes_by_source, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='StepRecord',
        ),
        migrations.AddConstraint(
            model_name='watchentry',
            constraint=models.UniqueConstraint(condition=models.Q(('closed_at__isnull', True)), fields=('household',), name='monitoring_watch_one_open_per_household'),
        ),
    ]
