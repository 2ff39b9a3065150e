"""Open data: the public project fields, and writers for CSV, XLSX and JSON.

One list of fields describes every export and the public data dictionary, so the
two cannot drift apart. No field holds personal data: contacts are roles, and the
contact role is left out all the same.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from inventory import spreadsheets
from inventory.projects.models import Project, ProjectPartner

LICENCE_NAME = "CC0 1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"


@dataclass(frozen=True)
class ExportField:
    key: str
    label: str
    description: str
    value: object  # callable(record, project_url) -> str | number | None


def _plain(key):
    return lambda record, project_url: record[key] or None


def _amount(key):
    def value(record, project_url):
        amount = record[key]
        return float(amount) if amount is not None else None

    return value


def _date(key):
    def value(record, project_url):
        day = record[key]
        return day.isoformat() if day else None

    return value


def _joined(key):
    return lambda record, project_url: "; ".join(record[key])


FIELDS = [
    ExportField("title", _("Title"), _("The project's name."), _plain("title")),
    ExportField(
        "url",
        _("Web address"),
        _("The project's page on this website."),
        lambda record, project_url: project_url(record["slug"]),
    ),
    ExportField(
        "status",
        _("Status"),
        _("planned, ongoing, completed or cancelled."),
        _plain("status"),
    ),
    ExportField(
        "start_date", _("Start date"), _("ISO 8601 date."), _date("start_date")
    ),
    ExportField("end_date", _("End date"), _("ISO 8601 date."), _date("end_date")),
    ExportField(
        "unit",
        _("Responsible unit"),
        _("The sector or municipal company responsible."),
        _plain("unit__name"),
    ),
    ExportField(
        "funding_programme",
        _("Funding programme"),
        _("The main source of funding."),
        _plain("funding_programme__name"),
    ),
    ExportField(
        "currency",
        _("Currency"),
        _("SEK or EUR; all amounts of a project are in this currency."),
        _plain("currency"),
    ),
    ExportField(
        "total_budget",
        _("Total budget"),
        _("The whole project's budget, all partners."),
        _amount("total_budget"),
    ),
    ExportField(
        "eu_grant", _("EU grant"), _("The grant from the EU."), _amount("eu_grant")
    ),
    ExportField(
        "own_contribution",
        _("Own contribution"),
        _("The municipality's own contribution."),
        _amount("own_contribution"),
    ),
    ExportField(
        "priority_areas",
        _("Priority areas"),
        _("The policy's priority areas the project serves, separated by ';'."),
        _joined("priority_areas"),
    ),
    ExportField(
        "dimensions",
        _("Sustainability dimensions"),
        _("The policy's sustainability dimensions, separated by ';'."),
        _joined("dimensions"),
    ),
    ExportField(
        "partner_municipalities",
        _("Partner municipalities"),
        _("Twin towns and partner municipalities taking part, separated by ';'."),
        _joined("partner_municipalities"),
    ),
    ExportField(
        "partner_organisations",
        _("Other partners"),
        _("Other organisations: name (country code, role), separated by ';'."),
        _joined("partner_organisations"),
    ),
    ExportField(
        "keep_eu_id", _("Keep.eu ID"), _("Keep.eu project id."), _plain("keep_eu_id")
    ),
    ExportField(
        "kohesio_id", _("Kohesio ID"), _("Kohesio project id."), _plain("kohesio_id")
    ),
    ExportField(
        "erasmus_id",
        _("Erasmus+ project number"),
        _("Erasmus+ project number."),
        _plain("erasmus_id"),
    ),
    ExportField(
        "cordis_id", _("CORDIS ID"), _("CORDIS project id."), _plain("cordis_id")
    ),
    ExportField(
        "website",
        _("Project website"),
        _("The project's own website."),
        _plain("website"),
    ),
    ExportField(
        "last_reviewed",
        _("Last reviewed"),
        _("When the responsible unit last checked the record (ISO 8601)."),
        _date("last_reviewed"),
    ),
    ExportField(
        "last_published",
        _("Last published"),
        _("When the record was last published (ISO 8601, UTC)."),
        _date("last_published_at"),
    ),
]

COLUMNS = [
    "pk",
    "title",
    "slug",
    "status",
    "start_date",
    "end_date",
    "unit__name",
    "funding_programme__name",
    "currency",
    "total_budget",
    "eu_grant",
    "own_contribution",
    "keep_eu_id",
    "kohesio_id",
    "erasmus_id",
    "cordis_id",
    "website",
    "last_reviewed",
    "last_published_at",
]


def export_records(projects):
    """Plain dicts for the projects, built from five queries whatever their number.

    Model instances cost far more than the rows themselves, so the export reads
    values and gathers each many-to-many relation in one query.
    """
    ids = projects.values("pk")
    related = {
        "priority_areas": Project.priority_areas.through.objects.filter(project__in=ids)
        .order_by("project_id", "priorityarea__sort_order")
        .values_list("project_id", "priorityarea__name"),
        "dimensions": Project.dimensions.through.objects.filter(project__in=ids)
        .order_by("project_id", "sustainabilitydimension__sort_order")
        .values_list("project_id", "sustainabilitydimension__name"),
        "partner_municipalities": Project.partner_municipalities.through.objects.filter(
            project__in=ids
        )
        .order_by("project_id", "partnerpage__title")
        .values_list("project_id", "partnerpage__title"),
        "partner_organisations": ProjectPartner.objects.filter(project__in=ids)
        .order_by("project_id", "sort_order")
        .values_list("project_id", "name", "country", "role"),
    }
    grouped = {}
    for key, rows in related.items():
        grouped[key] = {}
        for project_id, *values in rows:
            text = values[0] if len(values) == 1 else "{} ({}, {})".format(*values)
            grouped[key].setdefault(project_id, []).append(text)
    for record in projects.values(*COLUMNS):
        for key, by_project in grouped.items():
            record[key] = by_project.get(record["pk"], [])
        yield record


def row(record, project_url):
    return [field.value(record, project_url) for field in FIELDS]


def records(projects, project_url):
    """One dict per project, keyed by the field keys (for JSON)."""
    keys = [field.key for field in FIELDS]
    return [
        dict(zip(keys, row(record, project_url), strict=True))
        for record in export_records(projects)
    ]


def _table(projects, project_url):
    yield [str(field.label) for field in FIELDS]
    for record in export_records(projects):
        yield row(record, project_url)


def csv_lines(projects, project_url):
    """The projects as streamed CSV lines (see ``inventory.spreadsheets``)."""
    return spreadsheets.csv_lines(_table(projects, project_url))


def xlsx_bytes(projects, project_url, title):
    return spreadsheets.xlsx_bytes([(title, _table(projects, project_url))])
