"""``generate_projects``: reproducible synthetic projects for load tests and
benchmarks, listed like any live project."""

import io

import pytest
from django.core.management import CommandError, call_command

from inventory.models import Project

pytestmark = pytest.mark.django_db


def generate(count, seed=7):
    out = io.StringIO()
    call_command(
        "generate_projects", count=count, seed=seed, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def generated(seed=7):
    return Project.objects.filter(slug__startswith=f"generated-{seed}-").order_by("pk")


def test_the_projects_are_live_listed_and_searchable(client, project_index):
    assert "Created 3 projects (seed 7)." in generate(3)
    projects = list(generated())
    assert len(projects) == 3
    assert all(p.live and p.priority_areas.exists() for p in projects)
    listed = client.get("/projekt/").content.decode()
    assert all(project.title in listed for project in projects)
    word = projects[0].title.split()[0]
    found = client.get("/projekt/", {"q": word}).content.decode()
    assert projects[0].title in found


def test_the_same_seed_gives_the_same_projects_and_a_second_run_adds(project_index):
    generate(2)
    first = [(p.title, p.start_date, p.status) for p in generated()]
    Project.objects.all().delete()
    generate(2)
    assert [(p.title, p.start_date, p.status) for p in generated()] == first
    generate(2, seed=7)
    assert generated().count() == 4


def test_a_count_below_one_is_refused():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_projects", count=0)
