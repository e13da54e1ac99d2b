"""Create the 'Clinic staff' group with the permissions to review and export submissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Clinic staff"
PERMISSIONS = ("review_submission", "export_submissions")


def create_group(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now so the group can hold them.
    app_config = apps.get_app_config("staff")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="staff", codename__in=PERMISSIONS))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("staff", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
