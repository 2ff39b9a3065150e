"""Open data: the public project fields, and writers for CSV, XLSX and JSON.

One list of fields describes every export, the public data dictionary, the Data
Package's table schema and the API's records, so none can drift from another. No
field holds personal data: contacts are roles, and the contact role is left out all
the same.

An export may hold every project there is, so it is written in constant memory:
the projects are read in batches, each with its related rows, and written out as
they come (CSV and JSON streamed, XLSX into a temporary file).
"""

import datetime
import itertools
import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from inventory import spreadsheets
from inventory.projects.models import Project, ProjectPartner

LICENCE_NAME = "CC0 1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"
# The licence as catalogues name it: its canonical URI and SPDX identifier.
LICENCE_URI = "http://creativecommons.org/publicdomain/zero/1.0/"
LICENCE_ID = "CC0-1.0"

# What the inventory is, for the catalogues that list it (DCAT, Data Package).
DATASET_TITLE = _("International projects")
DATASET_DESCRIPTION = _(
    "The municipality's international projects: status, period, responsible unit, "
    "funding, the policy's priority areas and sustainability dimensions, partner "
    "municipalities and other partners. Only published projects, and no personal "
    "data."
)
KEYWORDS = [
    _("international work"),
    _("international projects"),
    _("twin towns"),
    _("EU funding"),
]


@dataclass(frozen=True)
class ExportFormat:
    """A file the inventory can be downloaded as."""

    # The end of the file's name.
    ending: str
    label: str
    # The IANA media type (the response's content type, without its charset).
    media_type: str


# The formats as the exports' URLs name them: the CSV for Swedish Excel
# (semicolons, decimal comma) is a .csv file too.
FORMATS = {
    spreadsheets.CSV: ExportFormat(".csv", "CSV", "text/csv"),
    spreadsheets.EXCEL_CSV: ExportFormat(
        "-excel.csv", _("CSV for Excel (semicolon)"), "text/csv"
    ),
    spreadsheets.XLSX: ExportFormat(
        ".xlsx", _("Excel (XLSX)"), spreadsheets.XLSX_CONTENT_TYPE
    ),
    "json": ExportFormat(".json", "JSON", "application/json"),
}


@dataclass(frozen=True)
class ExportField:
    key: str
    label: str
    description: str
    # callable(batch, project_url) -> the field's value for each project of a batch
    # (see ``export_batches``): a column at a time, which costs a fraction of a
    # call per value.
    values: object
    # A date or time: a date cell in XLSX, ISO 8601 text in CSV and JSON.
    date: bool = False
    # The column in a Table Schema (Frictionless Data): its type and format, and
    # the constraints every row meets.
    type: str = "string"
    format: str = ""
    required: bool = False
    enum: tuple = ()


def _plain(column):
    return lambda batch, project_url: [value or None for value in batch[column]]


def _amount(column):
    return lambda batch, project_url: [
        None if amount is None else float(amount) for amount in batch[column]
    ]


def _date(key, label, description, column, type="date", **kwargs):
    return ExportField(
        key, label, description, _plain(column), date=True, type=type, **kwargs
    )


def _joined(column):
    return lambda batch, project_url: list(map("; ".join, batch[column]))


FIELDS = [
    ExportField(
        "title",
        _("Title"),
        _("The project's name."),
        _plain("title"),
        required=True,
    ),
    ExportField(
        "url",
        _("Web address"),
        _("The project's page on this website."),
        lambda batch, project_url: list(map(project_url, batch["slug"])),
        format="uri",
        required=True,
    ),
    ExportField(
        "status",
        _("Status"),
        _("planned, ongoing, completed or cancelled."),
        _plain("status"),
        required=True,
        enum=tuple(Project.Status.values),
    ),
    _date("start_date", _("Start date"), _("ISO 8601 date."), "start_date"),
    _date("end_date", _("End date"), _("ISO 8601 date."), "end_date"),
    ExportField(
        "unit",
        _("Responsible unit"),
        _("The sector or municipal company responsible."),
        _plain("unit__name"),
        required=True,
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
        required=True,
        enum=tuple(Project.Currency.values),
    ),
    ExportField(
        "total_budget",
        _("Total budget"),
        _("The whole project's budget, all partners."),
        _amount("total_budget"),
        type="number",
    ),
    ExportField(
        "eu_grant",
        _("EU grant"),
        _("The grant from the EU."),
        _amount("eu_grant"),
        type="number",
    ),
    ExportField(
        "own_contribution",
        _("Own contribution"),
        _("The municipality's own contribution."),
        _amount("own_contribution"),
        type="number",
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
        format="uri",
    ),
    _date(
        "last_reviewed",
        _("Last reviewed"),
        _("When the responsible unit last checked the record (ISO 8601)."),
        "last_reviewed",
    ),
    _date(
        "last_published",
        _("Last published"),
        _("When the record was last published (ISO 8601, UTC)."),
        "last_published_at",
        type="datetime",
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


# Projects are read this many at a time, each batch with its related rows, so an
# export's memory stays flat however many projects it holds. A larger batch means
# fewer queries for the related rows (2,000 exported 6% faster than 1,000 on
# PostgreSQL) for a worker a few MiB larger while it exports.
BATCH_SIZE = 2000


def _placeholders(ids):
    """``ids`` for an ``__in`` filter as one expression: Django would prepare each
    id on its own, which takes three times as long as running the query. On
    PostgreSQL they go as one array parameter, written as PostgreSQL's array text:
    psycopg splits a query at each placeholder, which for a thousand of them took
    longer than the query, and adapts a list item by item."""
    if connection.vendor == "postgresql":
        array = "{" + ",".join(map(str, ids)) + "}"
        return RawSQL("SELECT unnest(%s::bigint[])", (array,))
    return RawSQL(", ".join(["%s"] * len(ids)), ids)  # noqa: S611 -- placeholders


# The related terms named in an export: {key: (field shown, order)}.
NAMED = {
    "priority_areas": ("name", "sort_order"),
    "dimensions": ("name", "sort_order"),
    "partner_municipalities": ("title", "title"),
}


def _names(key):
    """{id: (place, name)} of the rows ``key`` relates projects to, in the order a
    project's page lists them: a few rows, read once an export."""
    field, order = NAMED[key]
    model = getattr(Project, key).field.related_model
    rows = model.objects.order_by(order, "pk").values_list("pk", field)
    return {pk: (place, text) for place, (pk, text) in enumerate(rows)}


def _related(ids, named):
    """The four related lists of the projects ``ids``, {key: {project id: [text]}},
    each list in the order the project's page shows it; four queries. The links
    are read without a join and named from ``named`` ({key: ``_names(key)``}),
    which is read again for a term added while the export runs."""
    ids = _placeholders(ids)
    related = {}
    for key in NAMED:
        field = getattr(Project, key).field
        links = field.remote_field.through.objects.filter(
            project_id__in=ids
        ).values_list("project_id", field.m2m_reverse_name())
        related[key] = grouped = {}
        for project_id, linked in links:
            if linked not in named[key]:
                named[key] = _names(key)
            grouped.setdefault(project_id, []).append(named[key][linked])
        for project_id, places in grouped.items():
            grouped[project_id] = [text for _place, text in sorted(places)]
    partners = (
        ProjectPartner.objects.filter(project_id__in=ids)
        .order_by("project_id", "sort_order")
        .values_list(
            "project_id",
            Concat(
                "name",
                Value(" ("),
                "country",
                Value(", "),
                "role",
                Value(")"),
                output_field=CharField(),
            ),
        )
    )
    related["partner_organisations"] = grouped = {}
    for project_id, text in partners:
        grouped.setdefault(project_id, []).append(text)
    return related


def export_batches(projects):
    """The projects' values in their order, ``BATCH_SIZE`` projects at a time, each
    batch as columns: {name: [value for each project]}, ``COLUMNS`` and the related
    lists. One query reads the projects, four more fetch each batch's related
    rows, and three read the names of the related terms once; nothing is held
    beyond one batch.

    Model instances cost far more than the rows themselves, so the export reads
    values.
    """
    rows = projects.values_list(*COLUMNS).iterator(chunk_size=BATCH_SIZE)
    named = None
    while batch := list(itertools.islice(rows, BATCH_SIZE)):
        columns = dict(zip(COLUMNS, zip(*batch, strict=True), strict=True))
        ids = columns["pk"]
        named = {key: _names(key) for key in NAMED} if named is None else named
        for key, by_project in _related(ids, named).items():
            columns[key] = [by_project.get(pk, ()) for pk in ids]
        yield columns


def _columns(batch, project_url, typed):
    for field in FIELDS:
        values = field.values(batch, project_url)
        if field.date and not typed:
            values = [value and _iso(value) for value in values]
        yield values


def _iso(value):
    """A date as ``YYYY-MM-DD``; a moment as ``YYYY-MM-DDThh:mm:ssZ`` in UTC, the
    form Table Schema's ``datetime`` (the Data Package) expects."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _rows(batch, project_url, typed=False):
    """A batch's rows: dates as ISO 8601 text, or as they are if ``typed``."""
    return zip(*_columns(batch, project_url, typed), strict=True)


def table(projects, project_url, typed=False):
    """The header and one row per project (for CSV and XLSX)."""
    yield [str(field.label) for field in FIELDS]
    for batch in export_batches(projects):
        yield from _rows(batch, project_url, typed)


def csv_chunks(projects, project_url, *, excel=False):
    """The projects as streamed CSV, standard or for Swedish Excel (see
    ``inventory.spreadsheets``)."""
    return spreadsheets.csv_chunks(table(projects, project_url), excel=excel)


def xlsx_file(projects, project_url, title):
    """The projects as a workbook of typed cells in a temporary file (deleted when
    closed)."""
    return spreadsheets.xlsx_file([(title, table(projects, project_url, typed=True))])


def records(projects, project_url):
    """Each project as the JSON export and the API write it: {key: value}, dates
    as ISO 8601 text."""
    keys = [field.key for field in FIELDS]
    for batch in export_batches(projects):
        for row in _rows(batch, project_url):
            yield dict(zip(keys, row, strict=True))


def json_chunks(projects, project_url, source):
    """The JSON document ``{"licence", "source", "projects": [...]}`` in pieces of
    about ``spreadsheets.CHUNK_SIZE`` characters, one project a line."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    head = encode({"licence": LICENCE_URL, "source": source})
    yield head[:-1] + ', "projects": ['
    separator, pieces, length = "\n", [], 0
    for record in records(projects, project_url):
        piece = separator + encode(record)
        separator = ",\n"
        pieces.append(piece)
        length += len(piece)
        if length >= spreadsheets.CHUNK_SIZE:
            yield "".join(pieces)
            pieces, length = [], 0
    pieces.append("\n]}\n")
    yield "".join(pieces)


# --- Data Package ----------------------------------------------------------------


def table_schema(*, decimal_char="."):
    """The CSV's columns as a Table Schema (Frictionless Data v1): one field per
    column, named as the header row names it in the active language."""
    fields = []
    for field in FIELDS:
        label = str(field.label)
        descriptor = {
            "name": label,
            "title": label,
            "description": str(field.description),
            "type": field.type,
        }
        if field.format:
            descriptor["format"] = field.format
        if field.type == "number" and decimal_char != ".":
            descriptor["decimalChar"] = decimal_char
        constraints = {}
        if field.required:
            constraints["required"] = True
        if field.enum:
            constraints["enum"] = list(field.enum)
        if constraints:
            descriptor["constraints"] = constraints
        fields.append(descriptor)
    return {"fields": fields, "missingValues": [""]}


def data_package(*, name, title, homepage, csv_urls):
    """The Data Package (Frictionless Data v1) of the CSV exports: ``csv_urls``
    maps ``spreadsheets.CSV`` and ``spreadsheets.EXCEL_CSV`` to their absolute
    addresses. Each resource describes its file exactly: dialect, encoding and
    columns (the byte order mark is part of UTF-8 as the spec reads it)."""
    resources = []
    for fmt, delimiter, decimal_char in (
        (spreadsheets.CSV, ",", "."),
        (spreadsheets.EXCEL_CSV, ";", ","),
    ):
        resources.append(
            {
                "name": f"{name}-{fmt}",
                "title": f"{title} ({FORMATS[fmt].label})",
                "path": csv_urls[fmt],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": FORMATS[fmt].media_type,
                "encoding": "utf-8",
                "dialect": {
                    "delimiter": delimiter,
                    "lineTerminator": "\r\n",
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "header": True,
                },
                "schema": table_schema(decimal_char=decimal_char),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": str(DATASET_DESCRIPTION),
        "homepage": homepage,
        "keywords": [str(keyword) for keyword in KEYWORDS],
        "licenses": [{"name": LICENCE_ID, "path": LICENCE_URI, "title": LICENCE_NAME}],
        "resources": resources,
    }
