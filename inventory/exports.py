"""Open data: the public project fields, and writers for CSV, XLSX and JSON.

One list of fields describes every export and the public data dictionary, so the
two cannot drift apart. No field holds personal data: contacts are roles, and the
contact role is left out all the same.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LICENCE_NAME = "CC0 1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"


# Characters no spreadsheet cell may hold: C0 controls other than tab, line feed and
# carriage return (openpyxl refuses them, ILLEGAL_CHARACTERS_RE, and XML 1.0 cannot
# carry them), DEL and the C1 controls, lone surrogates (not encodable as UTF-8) and
# the two non-characters XML forbids. Text typed into a form or pasted into the
# admin can hold any of them; one such cell used to fail a whole export.
_UNSAFE_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)
# Characters Excel and openpyxl refuse in a sheet's name, which is at most 31 long.
_SHEET_TITLE_UNSAFE = re.compile(r"[\\/*?:\[\]]")


def strip_control_characters(value):
    """``value`` without the characters a spreadsheet cannot hold; non-text as is."""
    if isinstance(value, str):
        return _UNSAFE_CHARACTERS.sub("", value)
    return value


def neutralise(value):
    """Make a text cell safe in spreadsheets: no control characters, and inert if a
    spreadsheet program would run it as a formula (CSV/formula injection)."""
    value = strip_control_characters(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def sheet_title(value):
    """A worksheet name made from any text, e.g. a page title."""
    title = _SHEET_TITLE_UNSAFE.sub(" ", strip_control_characters(str(value)))
    return " ".join(title.split())[:31].strip().strip("'") or "Sheet1"


@dataclass(frozen=True)
class ExportField:
    key: str
    label: str
    description: str
    value: object  # callable(record, base_url) -> str | number | None


def _plain(key):
    return lambda record, base_url: record[key] or None


def _amount(key):
    def value(record, base_url):
        amount = record[key]
        return float(amount) if amount is not None else None

    return value


def _date(key):
    def value(record, base_url):
        day = record[key]
        return day.isoformat() if day else None

    return value


def _joined(key):
    return lambda record, base_url: "; ".join(record[key])


FIELDS = [
    ExportField("title", _("Title"), _("The project's name."), _plain("title")),
    ExportField(
        "url",
        _("Web address"),
        _("The project's page on this website."),
        lambda record, base_url: f"{base_url}{record['slug']}/",
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
    from inventory.models import Project, ProjectPartner

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


def row(record, base_url):
    return [field.value(record, base_url) for field in FIELDS]


def records(projects, base_url):
    """One dict per project, keyed by the field keys (for JSON)."""
    keys = [field.key for field in FIELDS]
    return [
        dict(zip(keys, row(record, base_url), strict=True))
        for record in export_records(projects)
    ]


class _Echo:
    def write(self, value):
        return value


def csv_lines(projects, base_url):
    """Yield RFC 4180 lines (CRLF, quoted where needed), with a BOM for Excel."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(field.label) for field in FIELDS])
    for record in export_records(projects):
        yield writer.writerow([neutralise(v) for v in row(record, base_url)])


def xlsx_bytes(projects, base_url, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    sheet.append([str(field.label) for field in FIELDS])
    for record in export_records(projects):
        sheet.append([neutralise(v) for v in row(record, base_url)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
