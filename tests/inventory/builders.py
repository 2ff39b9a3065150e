"""Builders of test data for the project inventory: plain functions.

The fixtures in ``conftest.py`` hand them to tests, and data built once for many tests
is built with them. The index pages are found where they already are, or made (see
``tests.builders``).
"""

import datetime
import itertools

from django.utils import timezone
from django.utils.text import slugify

from inventory.models import (
    FundingProgramme,
    OrganisationalUnit,
    Project,
    ProjectIndexPage,
    ProjectPartner,
)
from partnerships.models import PriorityArea, SustainabilityDimension
from tests import builders
from website.models import ContentPage

D = datetime.date


def project_index():
    """The Swedish project inventory at /projekt/."""
    return builders.section(
        builders.site_home(),
        ProjectIndexPage(
            title="Internationella projekt",
            slug="projekt",
            intro="Kommunens internationella projekt.",
        ),
    )


def en_project_index():
    """The English project inventory at /en/projects/."""
    return builders.section(
        builders.en_home(),
        ProjectIndexPage(
            title="International projects",
            slug="projects",
            locale=builders.en_locale(),
            translation_key=project_index().translation_key,
        ),
    )


def contact_page():
    return builders.section(
        builders.site_home(), ContentPage(title="Kontakt", slug="kontakt")
    )


def terms():
    """The seeded terms by language, for building and for filtering."""
    return {
        code: {
            "units": list(OrganisationalUnit.objects.filter(locale=locale)),
            "programmes": list(FundingProgramme.objects.filter(locale=locale)),
            "areas": list(PriorityArea.objects.filter(locale=locale)),
            "dimensions": list(SustainabilityDimension.objects.filter(locale=locale)),
        }
        for code, locale in (("sv", builders.sv_locale()), ("en", builders.en_locale()))
    }


def project_maker():
    """``make(title=None, *, live=True, ...)``: create a project, valid by
    ``full_clean``, and publish it.

    Many-to-many fields take lists; ``partner_organisations`` takes tuples of
    (name, country[, city[, role]]). ``live=False`` saves a draft instead. Projects
    without a title are numbered, each maker from 1.
    """
    numbers = itertools.count(1)

    def make(
        title=None,
        *,
        live=True,
        priority_areas=(),
        dimensions=(),
        partner_municipalities=(),
        partner_organisations=(),
        **fields,
    ):
        number = next(numbers)
        title = title or f"Projekt {number}"
        locale = fields.pop("locale", None) or builders.sv_locale()
        values = {
            "slug": slugify(title),
            "summary": f"Om {title}.",
            "status": Project.Status.ONGOING,
            "start_date": D(2025, 1, 1),
            "end_date": D(2026, 12, 31),
            "unit": OrganisationalUnit.objects.filter(locale=locale).first(),
            "last_reviewed": timezone.localdate(),
        }
        values.update(fields)
        project = Project(title=title, locale=locale, **values)
        project.priority_areas = list(priority_areas)
        project.dimensions = list(dimensions)
        project.partner_municipalities = list(partner_municipalities)
        project.partner_organisations = [
            ProjectPartner(
                **dict(zip(("name", "country", "city", "role"), row, strict=False))
            )
            for row in partner_organisations
        ]
        project.full_clean()
        if live:
            project.save()
            project.save_revision().publish()
        else:
            project.live = False
            project.has_unpublished_changes = True
            project.save()
            project.save_revision()
        project.refresh_from_db()
        return project

    return make
