"""Open data: the public project fields, and writers for CSV, XLSX and JSON.

One list of fields describes every export and the public data dictionary, so the
two cannot drift apart. No field holds personal data: contacts are roles, and the
contact role is left out all the same.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LICENCE_NAME = "CC0 1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"


def neutralise(value):
    """Make a text cell inert in spreadsheets (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _names(items):
    return "; ".join(item.name for item in items)


@dataclass(frozen=True)
class ExportField:
    key: str
    label: str
    description: str
    value: object  # callable(project, base_url) -> str | number | None


def _amount(name):
    def value(project, base_url):
        amount = getattr(project, name)
        return float(amount) if amount is not None else None

    return value


def _date(name):
    def value(project, base_url):
        day = getattr(project, name)
        return day.isoformat() if day else None

    return value


FIELDS = [
    ExportField("title", _("Title"), _("The project's name."), lambda p, b: p.title),
    ExportField(
        "url",
        _("Web address"),
        _("The project's page on this website."),
        lambda p, b: f"{b}{p.slug}/",
    ),
    ExportField(
        "status",
        _("Status"),
        _("planned, ongoing, completed or cancelled."),
        lambda p, b: p.status,
    ),
    ExportField(
        "start_date", _("Start date"), _("ISO 8601 date."), _date("start_date")
    ),
    ExportField("end_date", _("End date"), _("ISO 8601 date."), _date("end_date")),
    ExportField(
        "unit",
        _("Responsible unit"),
        _("The sector or municipal company responsible."),
        lambda p, b: p.unit.name,
    ),
    ExportField(
        "funding_programme",
        _("Funding programme"),
        _("The main source of funding."),
        lambda p, b: p.funding_programme.name if p.funding_programme else None,
    ),
    ExportField(
        "currency",
        _("Currency"),
        _("SEK or EUR; all amounts of a project are in this currency."),
        lambda p, b: p.currency,
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
        lambda p, b: _names(p.priority_areas.all()),
    ),
    ExportField(
        "dimensions",
        _("Sustainability dimensions"),
        _("The policy's sustainability dimensions, separated by ';'."),
        lambda p, b: _names(p.dimensions.all()),
    ),
    ExportField(
        "partner_municipalities",
        _("Partner municipalities"),
        _("Twin towns and partner municipalities taking part, separated by ';'."),
        lambda p, b: "; ".join(m.title for m in p.partner_municipalities.all()),
    ),
    ExportField(
        "partner_organisations",
        _("Other partners"),
        _("Other organisations: name (country code, role), separated by ';'."),
        lambda p, b: "; ".join(
            f"{o.name} ({o.country.code}, {o.role})"
            for o in p.partner_organisations.all()
        ),
    ),
    ExportField("keep_eu_id", _("Keep.eu ID"), _("Keep.eu project id."), None),
    ExportField("kohesio_id", _("Kohesio ID"), _("Kohesio project id."), None),
    ExportField(
        "erasmus_id", _("Erasmus+ project number"), _("Erasmus+ project number."), None
    ),
    ExportField("cordis_id", _("CORDIS ID"), _("CORDIS project id."), None),
    ExportField("website", _("Project website"), _("The project's own website."), None),
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
        lambda p, b: p.last_published_at.isoformat() if p.last_published_at else None,
    ),
]


def row(project, base_url):
    values = []
    for field in FIELDS:
        if field.value is None:
            values.append(getattr(project, field.key) or None)
        else:
            values.append(field.value(project, base_url))
    return values


def records(projects, base_url):
    """One dict per project, keyed by the field keys (for JSON)."""
    keys = [field.key for field in FIELDS]
    return [dict(zip(keys, row(p, base_url), strict=True)) for p in projects]


class _Echo:
    def write(self, value):
        return value


def csv_lines(projects, base_url):
    """Yield RFC 4180 lines (CRLF, quoted where needed), with a BOM for Excel."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(field.label) for field in FIELDS])
    for project in projects:
        yield writer.writerow([neutralise(v) for v in row(project, base_url)])


def xlsx_bytes(projects, base_url, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(field.label) for field in FIELDS])
    for project in projects:
        sheet.append([neutralise(v) for v in row(project, base_url)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
