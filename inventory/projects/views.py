"""Public views of the project inventory."""

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django_countries import countries

from inventory.projects import opendata
from inventory.projects.filters import ProjectFilterSet
from inventory.projects.models import (
    FundingProgramme,
    OrganisationalUnit,
    ProjectPartner,
)
from partnerships.models import PartnerPage, PriorityArea, SustainabilityDimension
from partnerships.views import list_context


def taxonomies_for(locale_id):
    """The filter choices in one language."""
    present = set(
        ProjectPartner.objects.filter(project__live=True, project__locale_id=locale_id)
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    ) | set(
        PartnerPage.objects.filter(projects__live=True, locale_id=locale_id)
        .order_by()
        .values_list("country", flat=True)
        .distinct()
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
    """The FilterSet of the page's live projects and the filters in ``data``."""
    filterset = ProjectFilterSet(
        data, queryset=page.projects(), taxonomies=taxonomies_for(page.locale_id)
    )
    return filterset


def project_list(request, page):
    filterset = filtered_projects(page, request.GET)
    projects = filterset.qs.select_related(
        "unit", "funding_programme"
    ).prefetch_related("priority_areas", "dimensions")
    context = list_context(request, page, filterset, projects, "projects")
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
    # The description is the project's, not the index page's (see base.html).
    context.update(
        {"project": project, "index_page": page, "meta_description": project.summary}
    )
    return TemplateResponse(request, "inventory/projects/project_detail.html", context)


EXPORT_FORMATS = {"csv", "xlsx", "json"}


def export_queryset(page, data):
    """The filtered live projects in the list's order."""
    projects = filtered_projects(page, data).qs
    return projects


def project_export(request, page, fmt):
    """The current filter's rows as CSV (streamed), XLSX or JSON."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    projects = export_queryset(page, request.GET)
    base_url = page.get_full_url(request)
    project_url = page.project_urls(request, full=True)
    filename = f"{page.slug}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            opendata.csv_lines(projects, project_url),
            content_type="text/csv; charset=utf-8",
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            opendata.xlsx_bytes(projects, project_url, page.title),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
    else:
        response = JsonResponse(
            {
                "licence": opendata.LICENCE_URL,
                "source": base_url,
                "projects": opendata.records(projects, project_url),
            },
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def data_dictionary(request, page):
    context = page.get_context(request)
    context.update(
        {
            "fields": opendata.FIELDS,
            "licence_name": opendata.LICENCE_NAME,
            "licence_url": opendata.LICENCE_URL,
        }
    )
    return TemplateResponse(request, "inventory/projects/data_dictionary.html", context)


def policy_coverage(request, page):
    """How many live projects serve each priority area × sustainability dimension."""
    areas = list(PriorityArea.objects.filter(locale_id=page.locale_id))
    dimensions = list(SustainabilityDimension.objects.filter(locale_id=page.locale_id))
    context = page.get_context(request)
    context.update(
        {
            "dimensions": dimensions,
            "matrix": page.projects().coverage(areas, dimensions),
        }
    )
    return TemplateResponse(request, "inventory/projects/coverage.html", context)
