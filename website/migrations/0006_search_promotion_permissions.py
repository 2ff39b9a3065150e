"""The international coordinators set the site search's promoted results
("Premierade sökresultat"); until now only superusers could."""

from django.db import migrations

COORDINATOR = "Internationell samordnare"
ACTIONS = ("add", "change", "delete")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them.
    app_config = apps.get_app_config("wagtailsearchpromotions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=COORDINATOR).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailsearchpromotions",
            content_type__model="searchpromotion",
            codename__in=[f"{action}_searchpromotion" for action in ACTIONS],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0005_home_entry_points_and_theme"),
        ("inventory", "0011_roles_and_project_workflow"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
