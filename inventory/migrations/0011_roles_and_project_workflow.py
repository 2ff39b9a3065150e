"""Roles as the International Policy organises the work, and the project workflow.

- "Internationell samordnare" (the international coordinator): every project and
  taxonomy permission, the reports, interest triage, and the workflows in Settings.
- "Sektorsredaktör" (a sector editor): adds, edits and publishes the projects of the
  units they are assigned to (``OrganisationalUnit.editors``), see
  ``inventory/projects/permissions.py``.
- Wagtail's own "Editors": the projects and their terms, of every unit.
- The workflow "Projektgranskning": the coordinator approves what a sector editor
  submits. Active, on projects; switched off in Settings → Workflows.

The names are data, as "Interest triage" in 0006 is, but Swedish: they appear as they
are in the Swedish admin ("Skicka till Projektgranskning").

Idempotent: what exists is reused, a project workflow already chosen is kept.
Reversing leaves the groups, grants and workflow alone: by then people are in the
groups and projects may be under review, and deleting them would lose that; remove
them in Settings if wanted. Only the schema is undone.
"""

from django.conf import settings
from django.db import migrations, models

COORDINATOR = "Internationell samordnare"
SECTOR_EDITOR = "Sektorsredaktör"
EDITORS = "Editors"  # Wagtail's own group (wagtailcore 0002); left alone if gone
WORKFLOW = "Projektgranskning"
TASK = "Samordnarens granskning"

ACCESS_ADMIN = [("wagtailadmin", "admin", "access_admin")]
TERMS = [
    ("inventory", "organisationalunit"),
    ("inventory", "fundingprogramme"),
    ("partnerships", "priorityarea"),
    ("partnerships", "sustainabilitydimension"),
]


def project(*actions):
    return [("inventory", "project", f"{action}_project") for action in actions]


def terms(*actions):
    return [
        (app_label, model, f"{action}_{model}")
        for app_label, model in TERMS
        for action in actions
    ]


# Wagtail creates these for snippets after all migrations (create_extra_permissions);
# the groups need them now.
SNIPPET_EXTRAS = {
    "publish_project": "Can publish project",
    "lock_project": "Can lock project",
    "unlock_project": "Can unlock project",
}
# As "Interest triage" has them (0006).
TRIAGE = [
    ("inventory", "interestsubmission", "view_interestsubmission"),
    ("inventory", "interestsubmission", "change_interestsubmission"),
    ("inventory", "interestsubmission", "delete_interestsubmission"),
    ("inventory", "disposallog", "view_disposallog"),
]
# The reports (register_report_permissions) and their cut-offs (Settings).
REPORTS = [
    ("inventory", "reportsnapshot", "view_reportsnapshot"),
    ("inventory", "reportsnapshot", "publish_reportsnapshot"),
    ("inventory", "reportingsettings", "change_reportingsettings"),
]
# Settings → Workflows and Workflow tasks: enabling a workflow needs "add",
# disabling it "delete".
WORKFLOWS = [
    ("wagtailcore", model, f"{action}_{model}")
    for model in ("workflow", "task")
    for action in ("add", "change", "delete", "view")
]
ALL_PROJECT_ACTIONS = ("add", "change", "delete", "view", "publish", "lock", "unlock")

GROUPS = {
    COORDINATOR: [
        *ACCESS_ADMIN,
        *project(*ALL_PROJECT_ACTIONS, "edit_all_units"),
        *terms("add", "change", "delete", "view"),
        *REPORTS,
        *TRIAGE,
        *WORKFLOWS,
    ],
    # No delete and no unlock of others' locks; publishing waits for the
    # coordinator while the workflow is on (permissions.py).
    SECTOR_EDITOR: [
        *ACCESS_ADMIN,
        *project("add", "change", "publish", "lock"),
        *terms("view"),
    ],
    EDITORS: [
        *project("add", "change", "publish", "lock", "unlock", "edit_all_units"),
        *terms("add", "change"),
    ],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; these groups need them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))

    project_type, _ = ContentType.objects.get_or_create(
        app_label="inventory", model="project"
    )
    for codename, name in SNIPPET_EXTRAS.items():
        Permission.objects.get_or_create(
            content_type=project_type, codename=codename, defaults={"name": name}
        )

    def permission(app_label, model, codename):
        return Permission.objects.get(
            content_type__app_label=app_label,
            content_type__model=model,
            codename=codename,
        )

    # Whoever could edit every project before still can: the limit to one's own
    # units is new, and only for those without this permission.
    all_units = permission("inventory", "project", "edit_all_units_project")
    change = permission("inventory", "project", "change_project")
    for group in Group.objects.filter(permissions=change).exclude(name=SECTOR_EDITOR):
        group.permissions.add(all_units)
    for user in User.objects.filter(user_permissions=change):
        user.user_permissions.add(all_units)

    for name, grants in GROUPS.items():
        if name == EDITORS:
            group = Group.objects.filter(name=name).first()
            if group is None:
                continue
        else:
            group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permission(*grant) for grant in grants))

    create_workflow(apps, project_type, Group.objects.get(name=COORDINATOR))


def create_workflow(apps, project_type, coordinators):
    """The workflow on projects: one task, the coordinator's approval."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    if WorkflowContentType.objects.filter(content_type=project_type).exists():
        return  # projects already have a workflow: someone chose it
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK, content_type=task_type, active=True
        )
    task.groups.add(coordinators)
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowContentType.objects.create(content_type=project_type, workflow=workflow)


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0010_project_list_indexes"),
        ("partnerships", "0004_block_template_paths"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="project",
            options={
                "ordering": ["-start_date", "title"],
                "permissions": [
                    ("edit_all_units_project", "Can edit the projects of every unit")
                ],
                "verbose_name": "project",
                "verbose_name_plural": "projects",
            },
        ),
        migrations.AddField(
            model_name="organisationalunit",
            name="editors",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "The sector editors who keep this unit's projects, in every "
                    "language."
                ),
                related_name="editable_units",
                to=settings.AUTH_USER_MODEL,
                verbose_name="editors",
            ),
        ),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
