
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from fupin.registry.triggers import migration_operations


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('registry', '0003_fieldchange'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Notice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject_id', models.PositiveBigIntegerField(verbose_name='subject')),
                ('procedure', models.CharField(max_length=40, verbose_name='procedure')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('body', models.TextField(verbose_name='text')),
                ('posted_on', models.DateField(verbose_name='posted on')),
                ('days', models.PositiveSmallIntegerField(verbose_name='days posted')),
                ('ends_on', models.DateField(verbose_name='objections until')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='registry.region', verbose_name='posted in')),
                ('subject_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='subject type')),
            ],
            options={
                'verbose_name': 'public notice',
                'verbose_name_plural': 'public notices',
                'ordering': ['-posted_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Objection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=20, unique=True, verbose_name='reference')),
                ('received_at', models.DateTimeField(verbose_name='received at')),
                ('name', models.CharField(blank=True, max_length=100, verbose_name='name')),
                ('contact', models.CharField(blank=True, max_length=40, verbose_name='contact')),
                ('text', models.TextField(verbose_name='objection')),
                ('status', models.CharField(choices=[('open', 'open'), ('upheld', 'upheld'), ('dismissed', 'dismissed')], default='open', max_length=10, verbose_name='status')),
                ('finding', models.TextField(blank=True, verbose_name='finding')),
                ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved at')),
                ('version', models.PositiveIntegerField(default=0, verbose_name='version')),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='objections', to='procedure.notice', verbose_name='notice')),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='resolved by')),
            ],
            options={
                'verbose_name': 'objection',
                'verbose_name_plural': 'objections',
                'ordering': ['received_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Signature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signer_name', models.CharField(max_length=150, verbose_name="signer's name")),
                ('role', models.CharField(blank=True, choices=[('county_office', 'county poverty-alleviation office'), ('township_office', 'township poverty-alleviation office'), ('village_cadre', 'village cadre'), ('paired_helper', 'paired helper'), ('auditor', 'auditor'), ('assessor', 'third-party assessor'), ('public', 'public (read-only)')], max_length=20, verbose_name='role')),
                ('signed_at', models.DateTimeField(verbose_name='signed at')),
                ('content', models.TextField(verbose_name='content signed (canonical JSON)')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 of the content')),
                ('signer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signer')),
                ('supersedes', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='superseded_by', to='procedure.signature', verbose_name='supersedes')),
            ],
            options={
                'verbose_name': 'signature',
                'verbose_name_plural': 'signatures',
                'ordering': ['signed_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='StepRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject_id', models.PositiveBigIntegerField(verbose_name='subject')),
                ('procedure', models.CharField(max_length=40, verbose_name='procedure')),
                ('action', models.CharField(max_length=30, verbose_name='action')),
                ('stage_before', models.CharField(max_length=30, verbose_name='stage before')),
                ('stage_after', models.CharField(max_length=30, verbose_name='stage after')),
                ('role', models.CharField(blank=True, choices=[('county_office', 'county poverty-alleviation office'), ('township_office', 'township poverty-alleviation office'), ('village_cadre', 'village cadre'), ('paired_helper', 'paired helper'), ('auditor', 'auditor'), ('assessor', 'third-party assessor'), ('public', 'public (read-only)')], max_length=20, verbose_name='role')),
                ('occurred_at', models.DateTimeField(verbose_name='time')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='data')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                ('signature', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='step', to='procedure.signature', verbose_name='signature')),
                ('subject_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='subject type')),
            ],
            options={
                'verbose_name': 'procedure step',
                'verbose_name_plural': 'procedure steps',
                'ordering': ['subject_type', 'subject_id', 'occurred_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='notice',
            name='step',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='procedure.steprecord', verbose_name='step'),
        ),
        migrations.AddIndex(
            model_name='steprecord',
            index=models.Index(fields=['subject_type', 'subject_id', 'occurred_at'], name='procedure_s_subject_869914_idx'),
        ),
        migrations.AddIndex(
            model_name='notice',
            index=models.Index(fields=['subject_type', 'subject_id'], name='procedure_n_subject_34851e_idx'),
        ),
        migration_operations('procedure_steprecord'),
        migration_operations('procedure_signature'),
    ]
