"""Create the "Criteria editors" group: may view, add, change and publish criteria sets, never delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Criteria editors"
CODENAMES = (
    "view_criteriaset",
    "add_criteriaset",
    "change_criteriaset",
    "publish_criteriaset",
    "view_criterion",
    "add_criterion",
    "change_criterion",
)


def create_group(apps, schema_editor):
    # Permissions are normally made after all migrations ran; this group needs them now.
    app_config = apps.get_app_config("criteria")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="criteria", codename__in=CODENAMES))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("criteria", "0003_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
