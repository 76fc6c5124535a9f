"""Create the "Organisers" group: what the cooperative alliance's staff may do in the admin."""

from django.db import migrations

ORGANISER_GROUP = "Organisers"
# Everything in the two domain apps, plus managing user accounts (but not groups/permissions).
APP_LABELS = ["cooperatives", "catalog"]
AUTH_PERMISSIONS = ["add_user", "change_user", "view_user", "view_group"]


def create_organisers_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ORGANISER_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=APP_LABELS) | (
        Permission.objects.filter(content_type__app_label="auth", codename__in=AUTH_PERMISSIONS)
    )
    group.permissions.add(*permissions)


def delete_organisers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ORGANISER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cooperatives", "0001_initial"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_organisers_group, delete_organisers_group)]
