"""Public views of the project inventory."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries

from inventory import spreadsheets
from inventory.conf import setting
from inventory.projects import dcat, opendata
from inventory.projects.filters import ProjectFilterSet
from inventory.projects.models import (
    FundingProgramme,
    OrganisationalUnit,
    ProjectPartner,
)
from partnerships.cache import memoize
from partnerships.models import PartnerPage, PriorityArea, SustainabilityDimension
from partnerships.views import list_context


def filter_choices(request, locale_id):
    """Each filter's choices in one language as (value, label) pairs, kept with the
    page cache: the same for every list page and export until the next change."""

    def pairs(queryset, label="name"):
        return [(str(pk), text) for pk, text in queryset.values_list("pk", label)]

    def build():
        present = set(
            ProjectPartner.objects.filter(
                project__live=True, project__locale_id=locale_id
            )
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
            "priority_area": pairs(PriorityArea.objects.filter(locale_id=locale_id)),
            "dimension": pairs(
                SustainabilityDimension.objects.filter(locale_id=locale_id)
            ),
            "unit": pairs(OrganisationalUnit.objects.filter(locale_id=locale_id)),
            "programme": pairs(FundingProgramme.objects.filter(locale_id=locale_id)),
            "partner": pairs(
                PartnerPage.objects.live()
                .filter(locale_id=locale_id)
                .order_by("title"),
                "title",
            ),
            "country": sorted(
                ((code, countries.name(code)) for code in present if code),
                key=lambda item: item[1],
            ),
        }

    return memoize(request, "project-filter-choices", build, locale_id)


def filtered_projects(page, data, request=None):
    """The FilterSet of the page's live projects and the filters in ``data``."""
    filterset = ProjectFilterSet(
        data,
        queryset=page.projects(),
        choices=filter_choices(request, page.locale_id),
    )
    return filterset


def project_list(request, page):
    filterset = filtered_projects(page, request.GET, request)
    projects = filterset.qs.select_related("unit", "funding_programme")
    context = list_context(request, page, filterset, projects, "projects")
    url = page.project_urls(request)
    for project in context["projects"]:
        project.url = url(project.slug)
    return TemplateResponse(request, page.get_template(request), context)


def project_detail(request, page, slug):
    def build():
        return (
            page.projects()
            .select_related("unit", "funding_programme")
            .prefetch_related(
                "priority_areas",
                "dimensions",
                "partner_organisations",
                "partner_municipalities",
                "related_stories",
            )
            .filter(slug=slug)
            .first()
        )

    # The project with everything its page shows, kept under the page cache's
    # scope (any change to a project or what it shows renews it).
    project = memoize(request, "project-detail", build, page.pk, slug)
    if project is None:
        raise Http404
    context = page.get_context(request)
    # The description is the project's, not the index page's (see base.html).
    context.update(
        {"project": project, "index_page": page, "meta_description": project.summary}
    )
    return TemplateResponse(request, "inventory/projects/project_detail.html", context)


# Each export format and the ending of its file's name (see opendata.FORMATS).
EXPORT_FILE_ENDINGS = {fmt: export.ending for fmt, export in opendata.FORMATS.items()}
EXPORT_FORMATS = set(EXPORT_FILE_ENDINGS)


def export_queryset(page, data):
    """The filtered live projects in the list's order."""
    projects = filtered_projects(page, data).qs
    return projects


def project_export(request, page, fmt):
    """The current filter's rows as CSV (standard or for Swedish Excel), JSON (all
    streamed, the CSV's first piece starting with its BOM) or XLSX (written to a
    temporary file, then streamed from it)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    projects = export_queryset(page, request.GET)
    project_url = page.project_urls(request, full=True)
    filename = f"{page.slug}-{timezone.localdate().isoformat()}"
    if fmt in (spreadsheets.CSV, spreadsheets.EXCEL_CSV):
        response = StreamingHttpResponse(
            opendata.csv_chunks(
                projects, project_url, excel=fmt == spreadsheets.EXCEL_CSV
            ),
            content_type=spreadsheets.CSV_CONTENT_TYPE,
        )
    elif fmt == spreadsheets.XLSX:
        response = FileResponse(
            opendata.xlsx_file(projects, project_url, page.title),
            content_type=spreadsheets.XLSX_CONTENT_TYPE,
        )
    else:
        response = StreamingHttpResponse(
            opendata.json_chunks(projects, project_url, page.get_full_url(request)),
            content_type="application/json",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="{filename}{EXPORT_FILE_ENDINGS[fmt]}"'
    )
    # The same rows for everyone until the next change: the page cache may keep
    # the download (in parts, as it streams).
    response.page_cache = True
    return response


def data_dictionary(request, page):
    context = page.get_context(request)
    context.update(
        {
            "fields": opendata.FIELDS,
            "licence_name": opendata.LICENCE_NAME,
            "licence_url": opendata.LICENCE_URL,
            "max_page_size": setting("API_MAX_PAGE_SIZE"),
        }
    )
    return TemplateResponse(request, "inventory/projects/data_dictionary.html", context)


# "<", ">" and "&" occur in JSON only inside strings, where \u escapes mean the
# same: a value a client sent back in an error message can never read as markup.
_MARKUP_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def public_json(data, *, content_type="application/json", status=200):
    """Open data as JSON that any website may read (CORS): the page cache keeps it
    like any page."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(
        text.translate(_MARKUP_ESCAPES), content_type=content_type, status=status
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def dcat_catalog(request, page):
    """The inventory's datasets described by DCAT-AP-SE, as JSON-LD, for data
    portals to harvest."""
    return public_json(
        dcat.catalog(request, page), content_type=dcat.JSON_LD_CONTENT_TYPE
    )


def data_package(request, page):
    """The CSV exports described as a Frictionless Data Package."""
    full_url = page.get_full_url(request)
    response = public_json(
        opendata.data_package(
            name=slugify(page.slug) or "projects",
            title=page.title,
            homepage=full_url,
            csv_urls={
                fmt: full_url + page.reverse_subpage("export", kwargs={"fmt": fmt})
                for fmt in (spreadsheets.CSV, spreadsheets.EXCEL_CSV)
            },
        )
    )
    response["Content-Disposition"] = 'inline; filename="datapackage.json"'
    return response


def policy_coverage(request, page):
    """How many live projects serve each priority area × sustainability dimension."""

    def build():
        areas = list(PriorityArea.objects.filter(locale_id=page.locale_id))
        dimensions = list(
            SustainabilityDimension.objects.filter(locale_id=page.locale_id)
        )
        return dimensions, page.projects().coverage(areas, dimensions)

    # Counted over the whole inventory: once per change, kept with the pages.
    dimensions, matrix = memoize(request, "policy-coverage", build, page.pk)
    context = page.get_context(request)
    context.update({"dimensions": dimensions, "matrix": matrix})
    return TemplateResponse(request, "inventory/projects/coverage.html", context)
