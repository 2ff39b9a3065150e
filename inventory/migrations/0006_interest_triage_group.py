"""The "Interest triage" group: the only non-superusers who may see submissions."""

from django.db import migrations

GROUP = "Interest triage"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("inventory", "interestsubmission", "view_interestsubmission"),
    ("inventory", "interestsubmission", "change_interestsubmission"),
    ("inventory", "interestsubmission", "delete_interestsubmission"),
    ("inventory", "disposallog", "view_disposallog"),
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label,
                content_type__model=model,
                codename=codename,
            )
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0005_interest_forms"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
