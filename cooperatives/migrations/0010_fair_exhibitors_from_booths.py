"""Every cooperative holding a booth at a fair becomes an exhibitor of that fair.

Before 0008 a fair's exhibitors were read from its booth assignments; from now on they are the
FairExhibitor rows, so a fair loaded before (the 2022 demo fair) keeps every exhibitor it had.
The Organisers group also gets the permissions on the new models, as 0002 gave it the others.
"""

from django.db import migrations

ORGANISER_GROUP = "Organisers"  # as in 0002_organisers_group
NEW_MODELS = ["fairday", "fairexhibitor", "programmeitem"]


def exhibitors_from_booths(apps, schema_editor):
    BoothAssignment = apps.get_model("cooperatives", "BoothAssignment")
    FairExhibitor = apps.get_model("cooperatives", "FairExhibitor")
    held = set(BoothAssignment.objects.values_list("booth__fair_id", "cooperative_id"))
    existing = set(FairExhibitor.objects.values_list("fair_id", "cooperative_id"))
    FairExhibitor.objects.bulk_create(
        FairExhibitor(fair_id=fair_id, cooperative_id=cooperative_id)
        for fair_id, cooperative_id in sorted(held - existing)
    )


def grant_organisers(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("cooperatives")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ORGANISER_GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="cooperatives", content_type__model__in=NEW_MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cooperatives", "0009_fair_days_exhibitors_programme"),
    ]

    operations = [
        migrations.RunPython(exhibitors_from_booths, migrations.RunPython.noop),
        migrations.RunPython(grant_organisers, migrations.RunPython.noop),
    ]
