"""Public views of the project inventory."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django_countries import countries

from inventory.forms import DEFAULT_SORT, SORTS, ProjectFilterForm
from inventory.models import (
    FundingProgramme,
    OrganisationalUnit,
    Project,
    ProjectPartner,
)
from partnerships.forms import valid_filters
from partnerships.models import PartnerPage, PriorityArea, SustainabilityDimension


def taxonomies_for(locale_id):
    """The filter choices in one language."""
    present = set(
        ProjectPartner.objects.filter(
            project__live=True, project__locale_id=locale_id
        ).values_list("country", flat=True)
    ) | set(
        PartnerPage.objects.filter(
            projects__live=True, locale_id=locale_id
        ).values_list("country", flat=True)
    )
    return {
        "priority_areas": PriorityArea.objects.filter(locale_id=locale_id),
        "dimensions": SustainabilityDimension.objects.filter(locale_id=locale_id),
        "units": OrganisationalUnit.objects.filter(locale_id=locale_id),
        "programmes": FundingProgramme.objects.filter(locale_id=locale_id),
        "partners": PartnerPage.objects.live()
        .filter(locale_id=locale_id)
        .order_by("title"),
        "countries": sorted(
            ((code, countries.name(code)) for code in present if code),
            key=lambda item: item[1],
        ),
    }


def filtered_projects(page, data):
    """The page's live projects narrowed by the valid filters in ``data``."""
    form = ProjectFilterForm(data, taxonomies=taxonomies_for(page.locale_id))
    filters, errors = valid_filters(form)
    projects = page.projects()
    if "q" in filters:
        words = filters["q"]
        projects = projects.filter(
            Q(title__icontains=words) | Q(summary__icontains=words)
        )
    simple = {
        "status": "status",
        "priority_area": "priority_areas",
        "dimension": "dimensions",
        "unit": "unit_id",
        "programme": "funding_programme_id",
        "partner": "partner_municipalities",
    }
    for field, lookup in simple.items():
        if field in filters:
            projects = projects.filter(**{lookup: filters[field]})
    if "country" in filters:
        country = filters["country"]
        projects = projects.filter(
            Q(partner_organisations__country=country)
            | Q(partner_municipalities__country=country)
        )
    if "year_from" in filters:
        year = filters["year_from"]
        projects = projects.filter(
            Q(end_date__year__gte=year) | Q(end_date__isnull=True)
        )
    if "year_to" in filters:
        year = filters["year_to"]
        projects = projects.filter(
            Q(start_date__year__lte=year) | Q(start_date__isnull=True)
        )
    order = SORTS[filters.get("sort") or DEFAULT_SORT][1]
    # Filtering through many-to-many joins can repeat a project; ids de-duplicate.
    projects = Project.objects.filter(pk__in=projects.values("pk")).order_by(*order)
    return form, errors, projects


def project_list(request, page):
    form, errors, projects = filtered_projects(page, request.GET)
    projects = projects.select_related("unit", "funding_programme").prefetch_related(
        "priority_areas", "dimensions"
    )
    page_obj = Paginator(projects, page.per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "filter_errors": errors,
            "page_obj": page_obj,
            "projects": page_obj.object_list,
            "filter_query": query.urlencode(),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def project_detail(request, page, slug):
    project = get_object_or_404(
        page.projects()
        .select_related("unit", "funding_programme")
        .prefetch_related(
            "priority_areas",
            "dimensions",
            "partner_organisations",
            "partner_municipalities",
            "related_stories",
        ),
        slug=slug,
    )
    context = page.get_context(request)
    context.update({"project": project, "index_page": page})
    return TemplateResponse(request, "inventory/project_detail.html", context)
