
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_append_only_no_replace'),
    ]

    operations = [
        migrations.AddField(
            model_name='household',
            name='away_with_high_income',
            field=models.BooleanField(default=False, help_text='The whole family has lived away for at least a year and earns a high income there.', verbose_name='whole family away with a high income'),
        ),
        migrations.AddField(
            model_name='household',
            name='livestock_heads',
            field=models.PositiveIntegerField(default=0, help_text='Cattle, pigs and sheep the household keeps; poultry does not count.', validators=[django.core.validators.MaxValueValidator(2147483647)], verbose_name='large livestock (head)'),
        ),
        migrations.AddField(
            model_name='household',
            name='machinery_count',
            field=models.PositiveSmallIntegerField(default=0, help_text='Tractors, tillers and other machines used for farming; a car is not one.', validators=[django.core.validators.MaxValueValidator(32767)], verbose_name='productive machines'),
        ),
        migrations.AddField(
            model_name='household',
            name='owns_commercial_housing',
            field=models.BooleanField(default=False, help_text='Commercial housing bought in a town, or a new or luxury house built since 2014.', verbose_name='commercial or new luxury housing'),
        ),
        migrations.AddField(
            model_name='household',
            name='owns_vehicle',
            field=models.BooleanField(default=False, help_text='A car or another vehicle not used for production; a tractor or a three-wheeler used for farming does not count.', verbose_name='owns a non-productive vehicle'),
        ),
        migrations.AddField(
            model_name='household',
            name='runs_business_with_employees',
            field=models.BooleanField(default=False, help_text='A shop, workshop, farm or company of the household that employs people from outside it.', verbose_name='runs a business with employees'),
        ),
        migrations.AddField(
            model_name='member',
            name='is_village_cadre',
            field=models.BooleanField(default=False, help_text="A member of the village Party branch or of the villagers' committee.", verbose_name='village cadre'),
        ),
        migrations.AddField(
            model_name='member',
            name='on_state_payroll',
            field=models.BooleanField(default=False, help_text="A civil servant or another person paid by public finance, such as a teacher or doctor of a public institution; a village cadre's allowance does not count.", verbose_name='on the state payroll'),
        ),
    ]
