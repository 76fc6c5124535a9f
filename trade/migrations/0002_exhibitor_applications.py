"""Calls for exhibitors and the cooperatives' applications; the Organisers group may review them."""

import django.db.models.deletion
from django.db import migrations, models

ORGANISER_GROUP = "Organisers"  # as in cooperatives/0002_organisers_group
NEW_MODELS = ["callforexhibitors", "exhibitorapplication", "applicationproduct"]


def grant_organisers(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("trade")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ORGANISER_GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="trade", content_type__model__in=NEW_MODELS
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0013_ocop_recognition_without_stars'),
        ('cooperatives', '0010_fair_exhibitors_from_booths'),
        ('trade', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='ExhibitorApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=9, unique=True, verbose_name='reference')),
                ('token', models.CharField(editable=False, max_length=64, unique=True, verbose_name='status token')),
                ('status', models.CharField(choices=[('new', 'New'), ('accepted', 'Accepted'), ('waitlisted', 'Waitlisted'), ('rejected', 'Rejected')], db_index=True, default='new', max_length=10, verbose_name='status')),
                ('kind', models.CharField(choices=[('htx', 'Cooperative (HTX)'), ('tht', 'Cooperative group (THT)'), ('household', 'Household business'), ('enterprise', 'Enterprise'), ('unknown', 'Not yet known')], max_length=20, verbose_name='kind')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('address', models.CharField(blank=True, default='', max_length=255, verbose_name='address')),
                ('tax_code', models.CharField(blank=True, default='', max_length=14, verbose_name='tax code')),
                ('contact_name', models.CharField(max_length=100, verbose_name='contact person')),
                ('phone', models.CharField(max_length=30, verbose_name='phone')),
                ('zalo', models.CharField(blank=True, default='', max_length=30, verbose_name='Zalo')),
                ('email', models.EmailField(max_length=254, verbose_name='email')),
                ('booths', models.PositiveSmallIntegerField(default=1, verbose_name='booths wanted')),
                ('needs_power', models.BooleanField(default=False, verbose_name='needs power')),
                ('needs_refrigeration', models.BooleanField(default=False, verbose_name='needs refrigeration')),
                ('consent_to_publish', models.BooleanField(default=False, verbose_name='consents to publish')),
                ('match', models.CharField(blank=True, choices=[('', 'New cooperative'), ('tax_code', 'Same tax code'), ('name', 'Same name and province')], default='', max_length=10, verbose_name='matched by')),
                ('rejection_reason', models.TextField(blank=True, default='', verbose_name='reason for rejection')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='received')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                ('cooperative', models.ForeignKey(blank=True, help_text='The known cooperative the application was matched to, or created on accepting.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='cooperatives.cooperative', verbose_name='cooperative')),
                ('fair', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='cooperatives.fair', verbose_name='fair')),
                ('province', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cooperatives.province', verbose_name='province')),
            ],
            options={
                'verbose_name': 'exhibitor application',
                'verbose_name_plural': 'exhibitor applications',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ApplicationProduct',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('stars_claimed', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='stars claimed')),
                ('award_year_claimed', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='award year claimed')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.productgroup', verbose_name='product group')),
                ('product', models.ForeignKey(blank=True, help_text='The catalogue product created or linked on accepting.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalog.product', verbose_name='product')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='products', to='trade.exhibitorapplication', verbose_name='application')),
            ],
            options={
                'verbose_name': 'product applied with',
                'verbose_name_plural': 'products applied with',
                'ordering': ['application', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CallForExhibitors',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('opens_on', models.DateField(verbose_name='opens on')),
                ('closes_on', models.DateField(help_text='The last day applications are taken.', verbose_name='closes on')),
                ('fair', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='call_for_exhibitors', to='cooperatives.fair', verbose_name='fair')),
            ],
            options={
                'verbose_name': 'call for exhibitors',
                'verbose_name_plural': 'calls for exhibitors',
                'ordering': ['-opens_on'],
                'constraints': [models.CheckConstraint(condition=models.Q(('closes_on__gte', models.F('opens_on'))), name='callforexhibitors_closes_after_opening', violation_error_message='The call cannot close before it opens.')],
            },
        ),
        migrations.AddConstraint(
            model_name='exhibitorapplication',
            constraint=models.CheckConstraint(condition=models.Q(('booths__gte', 1), ('booths__lte', 4)), name='exhibitorapplication_booths_range'),
        ),
        migrations.AddConstraint(
            model_name='applicationproduct',
            constraint=models.CheckConstraint(condition=models.Q(('stars_claimed__isnull', True), models.Q(('stars_claimed__gte', 1), ('stars_claimed__lte', 5)), _connector='OR'), name='applicationproduct_stars_range'),
        ),
        migrations.RunPython(grant_organisers, migrations.RunPython.noop),
    ]
