"""Roles as the policy organises the work: the coordinator, a sector's editor,
Wagtail's Editors, and the project workflow between a sector and the coordinator.

Every request goes through the admin as its user would send it; the projects and
units are the demo's (unit A, "Sektor bildning och lärande", keeps "Elevutbyte med
Hiddenhausen" and its English translation; unit B keeps "Matkultur ..." and
"Klimatanpassning ...").
"""

import importlib
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowState,
)
from wagtail.permissions import policy_registry
from wagtail_localize.models import Translation

from inventory.models import OrganisationalUnit, Project

pytestmark = pytest.mark.django_db

BASE = "/admin/snippets/inventory/project/"
BULK = "/admin/bulk/inventory/project/mark_reviewed/"
COORDINATOR = "Internationell samordnare"
SECTOR_EDITOR = "Sektorsredaktör"
MIGRATION = "0011_roles_and_project_workflow"

EVERY_PROJECT = {
    "Elevutbyte med Hiddenhausen",
    "Pupil exchange with Hiddenhausen",
    "Matkultur och besöksnäring med Perano",
    "Food culture and tourism with Perano",
    "Klimatanpassning längs kusten",
    "Coastal climate adaptation",
    "Omvärldsbevakning av EU-finansiering",
    "Horizon scanning of EU funding",
}
UNIT_A_PROJECTS = {"Elevutbyte med Hiddenhausen", "Pupil exchange with Hiddenhausen"}


# --- Helpers -----------------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def listed(response):
    """The project titles in the admin list."""
    assert response.status_code == 200
    return {
        span.get_text(strip=True)
        for span in soup(response).select('td.title span[id^="snippet_"]')
    }


def refused(response):
    """Wagtail's answer to a URL the user may not use: back to the dashboard (or the
    login page, without admin access), or a plain 403."""
    if response.status_code == 403:
        return True
    return (
        response.status_code == 302
        and response["Location"].startswith("/admin/")
        and response["Location"] != response.request["PATH_INFO"]
    )


def form_data(response, **changes):
    """What the browser sends back from the editor's form, with ``changes``: every
    named field of the form as rendered, so fields others add keep working."""
    page = soup(response)
    form = max(
        page.find_all("form", method=re.compile("post", re.IGNORECASE)),
        key=lambda form: len(form.find_all(["input", "select", "textarea"])),
    )
    fields = list(form.find_all(["input", "select", "textarea"]))
    if form.get("id"):
        fields += page.find_all(attrs={"form": form["id"]})
    data = {}
    for field in fields:
        name = field.get("name")
        if not name or "__prefix__" in name or field.find_parent("template"):
            continue
        kind = field.get("type", "")
        if field.name == "input" and kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "select":
            values = [
                o.get("value", o.text)
                for o in field.find_all("option")
                if o.has_attr("selected")
            ]
            if not values and not field.has_attr("multiple") and field.find("option"):
                values = [field.find("option").get("value", "")]
        elif field.name == "textarea":
            values = [field.text]
        else:
            values = [field.get("value", "")]
        for value in values:
            data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def edit(client, project, action=None, **changes):
    """Change ``project`` through its edit form, as its editor's browser does."""
    url = f"{BASE}edit/{project.pk}/"
    data = form_data(client.get(url), **changes)
    if action:
        data[action] = action
    return client.post(url, data)


# --- Fixtures ----------------------------------------------------------------------


@pytest.fixture
def units(demo_site):
    def unit(order):
        return OrganisationalUnit.objects.get(
            locale__language_code="sv", sort_order=order
        )

    return {"A": unit(1), "B": unit(2)}


@pytest.fixture
def projects(demo_site):
    def project(slug):
        return Project.objects.get(locale__language_code="sv", slug=slug)

    return {
        "A": project("elevutbyte-hiddenhausen"),
        "B": project("matkultur-perano"),
    }


def person(username, *groups, units=(), **fields):
    user = User.objects.create_user(username, f"{username}@kommun.example", **fields)
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    for unit in units:
        unit.editors.add(user)
    return user


@pytest.fixture
def people(units):
    """One of each role; the sector editor keeps unit A."""
    return {
        "superuser": User.objects.create_superuser("admin", "a@kommun.example"),
        "coordinator": person("samordnare", COORDINATOR),
        "sector": person("bildning", SECTOR_EDITOR, units=[units["A"]]),
        "editor": person("redaktor", "Editors"),
        "nobody": person("ingen", is_staff=True),
    }


@pytest.fixture
def as_user(client, people):
    def login(role):
        client.force_login(people[role])
        return client

    return login


@pytest.fixture
def workflow(demo_site):
    return Workflow.objects.get(name="Projektgranskning")


# --- The roles ---------------------------------------------------------------------


def test_the_migration_made_the_roles_and_the_workflow(demo_site):
    coordinator = Group.objects.get(name=COORDINATOR)
    granted = set(
        coordinator.permissions.values_list("content_type__app_label", "codename")
    )
    assert {
        ("wagtailadmin", "access_admin"),
        ("inventory", "publish_project"),
        ("inventory", "delete_project"),
        ("inventory", "unlock_project"),
        ("inventory", "edit_all_units_project"),
        ("inventory", "change_organisationalunit"),
        ("partnerships", "change_priorityarea"),
        ("inventory", "publish_reportsnapshot"),
        ("inventory", "change_interestsubmission"),
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "delete_workflow"),
        ("wagtailcore", "change_task"),
    } <= granted
    sector = set(
        Group.objects.get(name=SECTOR_EDITOR).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"add_project", "change_project", "publish_project"} <= sector
    assert not sector & {"delete_project", "edit_all_units_project"}
    editors = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"change_project", "publish_project", "edit_all_units_project"} <= editors

    workflow = WorkflowContentType.objects.get(
        content_type__app_label="inventory", content_type__model="project"
    ).workflow
    assert (workflow.name, workflow.active) == ("Projektgranskning", True)
    (task,) = [task.specific for task in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.all()) == [coordinator]


def test_the_migration_can_run_again_without_doubling_anything(demo_site):
    migration = importlib.import_module(f"inventory.migrations.{MIGRATION}")
    state = MigrationExecutor(connection).loader.project_state(("inventory", MIGRATION))
    migration.create_roles(state.apps, connection.schema_editor())
    assert Group.objects.filter(name__in=[COORDINATOR, SECTOR_EDITOR]).count() == 2
    assert Workflow.objects.filter(name="Projektgranskning").count() == 1
    assert GroupApprovalTask.objects.filter(name="Samordnarens granskning").count() == 1
    assert (
        WorkflowContentType.objects.filter(workflow__name="Projektgranskning").count()
        == 1
    )
    assert not Group.objects.get(name=SECTOR_EDITOR).permissions.filter(
        codename="edit_all_units_project"
    )


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("superuser", EVERY_PROJECT),
        ("coordinator", EVERY_PROJECT),
        ("editor", EVERY_PROJECT),
        ("sector", UNIT_A_PROJECTS),
    ],
)
def test_each_role_lists_the_projects_it_keeps(as_user, role, shown):
    assert listed(as_user(role).get(BASE)) == shown


def test_a_user_without_a_role_gets_no_list(as_user, projects):
    client = as_user("nobody")
    for url in (BASE, f"{BASE}edit/{projects['A'].pk}/"):
        response = client.get(url)
        assert refused(response), url
        assert b"Elevutbyte" not in response.content


def test_the_sector_editors_export_holds_their_units_projects_only(as_user):
    response = as_user("sector").get(BASE + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Elevutbyte med Hiddenhausen" in text
    assert "Matkultur" not in text


@pytest.mark.parametrize("role", ["superuser", "coordinator", "editor", "sector"])
def test_the_own_units_project_opens_for_editing(as_user, projects, role):
    response = as_user(role).get(f"{BASE}edit/{projects['A'].pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["superuser", "coordinator", "editor"])
def test_every_units_project_opens_for_the_unrestricted(as_user, projects, role):
    assert as_user(role).get(f"{BASE}edit/{projects['B'].pk}/").status_code == 200


def test_every_url_of_another_units_project_is_refused(as_user, projects):
    client = as_user("sector")
    other = projects["B"]
    revision = other.latest_revision
    gets = [
        f"edit/{other.pk}/",
        f"delete/{other.pk}/",
        f"unpublish/{other.pk}/",
        f"history/{other.pk}/",
        f"history/{other.pk}/revisions/{revision.pk}/view/",
        f"history/{other.pk}/revisions/{revision.pk}/revert/",
        f"history/{other.pk}/revisions/compare/earliest...latest/",
        f"inspect/{other.pk}/",
        f"usage/{other.pk}/",
        f"copy/{other.pk}/",
        f"preview/{other.pk}/",
        f"workflow_history/{other.pk}/",
    ]
    for url in gets:
        response = client.get(BASE + url)
        assert refused(response), (url, response.status_code)
        assert b"Matkultur" not in response.content, url
    # And Wagtail says why, in its own words, on the dashboard.
    response = client.get(f"{BASE}edit/{other.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert {message.strip() for message in messages_of(response)} == {
        "Ledsen, du saknar rättigheter att tillträda detta område."
    }
    for url in (f"unpublish/{other.pk}/", f"lock/{other.pk}/", f"delete/{other.pk}/"):
        assert refused(client.post(BASE + url)), url
    other.refresh_from_db()
    assert other.live and not other.locked


def test_posting_to_another_units_project_changes_nothing(as_user, projects):
    other = projects["B"]
    data = form_data(
        as_user("coordinator").get(f"{BASE}edit/{other.pk}/"), title="Kapad"
    )
    client = as_user("sector")
    response = client.post(f"{BASE}edit/{other.pk}/", data)
    assert refused(response)
    other.refresh_from_db()
    assert other.title == "Matkultur och besöksnäring med Perano"
    assert other.latest_revision.as_object().title == other.title


def test_the_sector_editor_files_new_projects_under_their_units_only(
    as_user, units, people
):
    client = as_user("sector")
    add = client.get(BASE + "add/")
    assert add.status_code == 200
    choices = {
        option.get_text(strip=True)
        for option in soup(add).select('select[name="unit"] option')
        if option.get("value")
    }
    assert choices == {"Sektor bildning och lärande"}

    data = form_data(
        add,
        title="Lärarutbyte",
        slug="lararutbyte",
        summary="Lärare besöker en skola i Perano.",
        unit=str(units["B"].pk),
    )
    response = client.post(BASE + "add/", data)
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Project.objects.filter(slug="lararutbyte").exists()

    data["unit"] = [str(units["A"].pk)]
    response = client.post(BASE + "add/", data)
    assert response.status_code == 302
    project = Project.objects.get(slug="lararutbyte")
    assert project.unit == units["A"]
    # The workflow is on: a new project waits for the coordinator.
    assert not project.live


def test_an_unrestricted_editor_files_under_any_unit(as_user, units):
    client = as_user("editor")
    add = client.get(BASE + "add/")
    data = form_data(
        add,
        title="Lärarutbyte",
        slug="lararutbyte",
        summary="Lärare besöker en skola i Perano.",
        unit=str(units["B"].pk),
    )
    data["action-publish"] = ["action-publish"]
    assert client.post(BASE + "add/", data).status_code == 302
    project = Project.objects.get(slug="lararutbyte")
    assert project.unit == units["B"] and project.live


# --- Publishing and deleting -------------------------------------------------------


def action_names(response):
    """The names of the editor's footer actions (action-publish, action-submit ...)."""
    return {
        button.get("name") for button in soup(response).select("footer button[name]")
    } | {
        button.get("name")
        for button in soup(response).select("[data-w-dropdown] button[name]")
    }


@pytest.mark.parametrize("role", ["superuser", "coordinator", "editor"])
def test_the_unrestricted_publish_directly(as_user, projects, role):
    client = as_user(role)
    project = projects["B"]
    assert "action-publish" in action_names(client.get(f"{BASE}edit/{project.pk}/"))
    response = edit(client, project, "action-publish", title="Matkultur i Perano")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Matkultur i Perano" and project.live


def test_with_the_workflow_on_a_sector_editor_submits_rather_than_publishes(
    as_user, projects
):
    client = as_user("sector")
    project = projects["A"]
    actions = action_names(client.get(f"{BASE}edit/{project.pk}/"))
    assert "action-submit" in actions
    assert not actions & {"action-publish", "action-unpublish"}
    # A hand-made "publish" saves a draft, as Wagtail does for anyone who may not.
    response = edit(client, project, "action-publish", title="Elevutbyte 2.0")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Elevutbyte med Hiddenhausen"
    assert project.has_unpublished_changes
    assert refused(client.post(f"{BASE}unpublish/{project.pk}/"))
    project.refresh_from_db()
    assert project.live


@pytest.mark.parametrize(
    ("role", "may_delete"),
    [("superuser", True), ("coordinator", True), ("editor", False), ("sector", False)],
)
def test_only_the_coordinator_and_superusers_delete(
    as_user, projects, role, may_delete
):
    project = projects["A"]
    response = as_user(role).post(f"{BASE}delete/{project.pk}/")
    assert Project.objects.filter(pk=project.pk).exists() is not may_delete
    if not may_delete:
        assert refused(response)


def test_a_sector_editor_locks_their_own_units_project(as_user, projects):
    client = as_user("sector")
    project = projects["A"]
    client.post(f"{BASE}lock/{project.pk}/")
    project.refresh_from_db()
    assert project.locked


# --- Reviews -----------------------------------------------------------------------


def test_mark_reviewed_reaches_only_the_sector_editors_units(as_user, projects):
    own, other = projects["A"], projects["B"]
    before = other.last_reviewed
    client = as_user("sector")
    url = f"{BULK}?next={BASE}&id={own.pk}&id={other.pk}"
    confirm = client.get(url)
    assert confirm.status_code == 200
    client.post(url)
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.last_reviewed == timezone.localdate()
    assert other.last_reviewed == before


def test_the_coordinator_marks_any_units_project_reviewed(as_user, projects):
    other = projects["B"]
    as_user("coordinator").post(f"{BULK}?next={BASE}&id={other.pk}")
    other.refresh_from_db()
    assert other.last_reviewed == timezone.localdate()


# --- Assigning units ---------------------------------------------------------------


def test_the_coordinator_assigns_a_sector_editor_to_a_unit(as_user, people, units):
    newcomer = person("samhalle", SECTOR_EDITOR)
    client = as_user("coordinator")
    url = f"/admin/snippets/inventory/organisationalunit/edit/{units['B'].pk}/"
    data = form_data(client.get(url), editors=[str(newcomer.pk)])
    assert client.post(url, data).status_code == 302
    assert list(units["B"].editors.all()) == [newcomer]

    client.force_login(newcomer)
    assert listed(client.get(BASE)) == {
        "Matkultur och besöksnäring med Perano",
        "Food culture and tourism with Perano",
        "Klimatanpassning längs kusten",
        "Coastal climate adaptation",
    }


# --- The workflow ------------------------------------------------------------------


def test_the_coordinator_approves_what_a_sector_editor_submits(as_user, projects):
    project = projects["A"]
    client = as_user("sector")
    response = edit(client, project, "action-submit", title="Elevutbyte med Enger")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Elevutbyte med Hiddenhausen"  # not yet
    state = WorkflowState.objects.for_instance(project).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    client = as_user("coordinator")
    dashboard = client.get("/admin/")
    assert "Elevutbyte med Enger" in dashboard.content.decode()
    task_state = state.current_task_state
    response = client.post(
        f"{BASE}workflow/action/{project.pk}/approve/{task_state.pk}/"
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Elevutbyte med Enger" and project.live
    assert not project.has_unpublished_changes
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by.username == "samordnare"


def test_a_sector_editor_cannot_approve_their_own_submission(as_user, projects):
    project = projects["A"]
    client = as_user("sector")
    edit(client, project, "action-submit", title="Elevutbyte med Enger")
    task_state = WorkflowState.objects.for_instance(project).get().current_task_state
    response = client.post(
        f"{BASE}workflow/action/{project.pk}/approve/{task_state.pk}/"
    )
    assert refused(response)
    project.refresh_from_db()
    assert project.title == "Elevutbyte med Hiddenhausen"


def test_the_coordinator_switches_the_workflow_off_and_on(as_user, projects, workflow):
    client = as_user("coordinator")
    listing = client.get("/admin/workflows/list/")
    assert listing.status_code == 200
    assert "Projektgranskning" in listing.content.decode()
    assert client.get(f"/admin/workflows/edit/{workflow.pk}/").status_code == 200
    assert client.post(f"/admin/workflows/disable/{workflow.pk}/").status_code == 302
    workflow.refresh_from_db()
    assert not workflow.active

    # Off: the sector editor publishes their own unit's project directly ...
    sector = as_user("sector")
    project = projects["A"]
    actions = action_names(sector.get(f"{BASE}edit/{project.pk}/"))
    assert "action-publish" in actions and "action-submit" not in actions
    response = edit(sector, project, "action-publish", title="Elevutbyte med Enger")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Elevutbyte med Enger" and project.live
    # ... and still no other unit's.
    assert refused(sector.get(f"{BASE}edit/{projects['B'].pk}/"))

    # On again: Wagtail's "Disable" also took it off projects, so the coordinator
    # enables it and ticks projects again in its form.
    client = as_user("coordinator")
    assert client.post(f"/admin/workflows/enable/{workflow.pk}/").status_code == 302
    url = f"/admin/workflows/edit/{workflow.pk}/"
    data = form_data(client.get(url))
    (field,) = [name for name in data if name.endswith("content_types")] or [
        "content_types"
    ]
    project_type = ContentType.objects.get_for_model(Project)
    data[field] = [*data.get(field, []), str(project_type.pk)]
    assert client.post(url, data).status_code == 302
    workflow.refresh_from_db()
    assert workflow.active
    assert Project.get_default_workflow() == workflow
    actions = action_names(as_user("sector").get(f"{BASE}edit/{project.pk}/"))
    assert "action-publish" not in actions and "action-submit" in actions


def test_the_workflows_settings_are_the_coordinators(as_user, workflow):
    for role in ("sector", "editor"):
        assert refused(as_user(role).get("/admin/workflows/list/")), role
        response = as_user(role).post(f"/admin/workflows/disable/{workflow.pk}/")
        assert refused(response), role
    workflow.refresh_from_db()
    assert workflow.active


def test_the_policy_names_who_may_change_a_units_project(people, projects):
    policy = policy_registry.get_by_type(Project)
    may_change = policy.users_with_any_permission_for_instance(
        ["change"], projects["A"]
    )
    assert set(may_change.values_list("username", flat=True)) == {
        "admin",
        "samordnare",
        "bildning",
        "redaktor",
    }
    may_change = policy.users_with_any_permission_for_instance(
        ["change"], projects["B"]
    )
    assert "bildning" not in set(may_change.values_list("username", flat=True))


# --- wagtail-localize's translation views ------------------------------------------


def english_translation(project):
    return Translation.objects.get(
        source__object_id=project.translation_key,
        target_locale__language_code="en",
    )


def test_another_units_translation_is_refused_to_a_sector_editor(as_user, projects):
    """wagtail-localize checks only that the user may change projects at all; its
    views of one translation are addressed by id."""
    client = as_user("sector")
    theirs = english_translation(projects["B"])
    for url in (
        f"/admin/localize/translate/{theirs.pk}/pofile/download/",
        f"/admin/localize/translate/{theirs.pk}/preview/",
        f"/admin/localize/update/{theirs.source_id}/",
    ):
        assert refused(client.get(url)), url
    response = client.post(f"/admin/localize/translate/{theirs.pk}/disable/")
    assert refused(response)
    theirs.refresh_from_db()
    assert theirs.enabled
    project_b = projects["B"]
    url = f"/admin/localize/submit/snippet/inventory/project/{project_b.pk}/"
    assert refused(client.get(url))


def test_the_own_units_translation_opens_for_a_sector_editor(as_user, projects):
    client = as_user("sector")
    own = english_translation(projects["A"])
    response = client.get(f"/admin/localize/translate/{own.pk}/pofile/download/")
    assert response.status_code == 200
    assert b"msgid" in response.content


def test_the_coordinator_reaches_every_units_translation(as_user, projects):
    client = as_user("coordinator")
    theirs = english_translation(projects["B"])
    response = client.get(f"/admin/localize/translate/{theirs.pk}/pofile/download/")
    assert response.status_code == 200
