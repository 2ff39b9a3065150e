"""Tertial and year-end reports on the inventory, and the review status of units.

``build_report`` aggregates in the database: the number of queries is fixed
however many projects there are, and the result is plain JSON-ready data so a
published report can be frozen as it is, the units' commentaries and the projects'
results included. ``report_tables`` turns that data into captioned tables for the
web pages and the CSV and XLSX files, ``report_sectors`` into the list of units
and their projects that the board reads.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Cast
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Revision

from inventory import spreadsheets
from inventory.projects.models import (
    RUNNING,
    FundingProgramme,
    OrganisationalUnit,
    Project,
    ProjectPartner,
    due_for_review_q,
)
from inventory.reports.models import ProjectResult, SectorNarrative
from inventory.reports.periods import PeriodError, last_cutoff, next_period
from partnerships.cache import content_changed
from partnerships.models import PriorityArea, SustainabilityDimension

AMOUNTS = ("total_budget", "eu_grant", "own_contribution")


def _day_after(day):
    """The start of the day after ``day`` in the site's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )


def _amount(value):
    return str((value or Decimal(0)).quantize(Decimal("0.01")))


def _counts(prefix, period, distinct):
    """Projects active in, started in and ended in the period, as aggregates."""
    started = Q(**{f"{prefix}start_date__gte": period.start})
    ended = Q(**{f"{prefix}end_date__lte": period.end})
    field = f"{prefix}pk" if prefix else "pk"
    return {
        "active": Count(field, distinct=distinct),
        "started": Count(field, distinct=distinct, filter=started),
        "ended": Count(field, distinct=distinct, filter=ended),
    }


def _sums():
    return {
        "projects": Count("pk"),
        **{name: Sum(name) for name in AMOUNTS},
    }


def _funding_row(row):
    return {
        "currency": row["currency"],
        "projects": row["projects"],
        **{name: _amount(row[name]) for name in AMOUNTS},
    }


def _by_term(terms, rows, key, none_label=None):
    """One row per term, in the taxonomy's order, with zeros where none match.

    ``rows`` are grouped by (term, currency): the counts add up across currencies,
    the amounts never do.
    """
    result = {
        term.pk: {"name": term.name, "active": 0, "started": 0, "ended": 0}
        for term in terms
    }
    funding = {}
    for row in rows:
        entry = result.setdefault(
            row[key],
            {"name": str(none_label), "active": 0, "started": 0, "ended": 0},
        )
        for name in ("active", "started", "ended"):
            entry[name] += row[name]
        if "currency" in row:
            funding.setdefault(row[key], []).append(_funding_row(row))
    for pk, entry in result.items():
        if funding:
            entry["funding"] = sorted(
                funding.get(pk, []), key=lambda item: item["currency"]
            )
    return list(result.values())


def active_projects(period, locale):
    """The live projects in ``locale`` whose dates overlap the period.

    Cancelled projects and projects without a start date are left out: neither
    can be said to have run in the period.
    """
    return (
        Project.objects.live_in(locale)
        .active_between(period.start, period.end)
        .filter(start_date__isnull=False)
        .exclude(status=Project.Status.CANCELLED)
    )


def build_report(period, locale):
    """The report for ``period`` over the live projects in ``locale``, as plain data.

    Labels (the period, "no funding programme", country names) are frozen in the
    report's own language.
    """
    with translation.override(locale.language_code):
        return _build_report(period, locale)


def _build_report(period, locale):
    active = active_projects(period, locale)
    ids = active.values("pk")
    live = Project.objects.live_in(locale)
    # Changes count from the day after the previous period's cut-off up to the end
    # of this one, so consecutive reports meet: an edit made between a cut-off and
    # the publication of that period's report is counted in the next report.
    try:
        since = _day_after(period.previous().end)
    except PeriodError:  # the first year the reports cover
        since = _day_after(period.start - datetime.timedelta(days=1))
    until = _day_after(period.end)

    totals = active.aggregate(**_counts("", period, distinct=False))
    # A project published in the window, even if published again since then.
    published_in_window = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Project),
            action="wagtail.publish",
            timestamp__gte=since,
            timestamp__lt=until,
        )
        .annotate(project_id=Cast("object_id", BigIntegerField()))
        .values("project_id")
    )
    totals["changed"] = live.filter(
        Q(last_published_at__gte=since, last_published_at__lt=until)
        | Q(pk__in=published_in_window)
    ).count()

    units = list(OrganisationalUnit.objects.filter(locale=locale))
    programmes = list(FundingProgramme.objects.filter(locale=locale))
    areas = list(PriorityArea.objects.filter(locale=locale))
    dimensions = list(SustainabilityDimension.objects.filter(locale=locale))

    def grouped(*fields):
        return (
            active.values(*fields)
            .annotate(**_counts("", period, distinct=False), **_sums())
            .order_by()
        )

    def grouped_m2m(field):
        return (
            active.filter(**{f"{field}__isnull": False})
            .values(field)
            .annotate(**_counts("", period, distinct=True))
            .order_by()
        )

    started = Q(project__start_date__gte=period.start)
    ended = Q(project__end_date__lte=period.end)
    country_counts = {
        "active": Count("project", distinct=True),
        "started": Count("project", distinct=True, filter=started),
        "ended": Count("project", distinct=True, filter=ended),
    }
    by_country = {}
    organisations = (
        ProjectPartner.objects.filter(project__in=ids)
        .values("country")
        .annotate(**country_counts)
        .order_by()
    )
    # A partner municipality in a country where the project already has a partner
    # organisation would count the project twice; those rows are left out here.
    municipalities = (
        Project.partner_municipalities.through.objects.filter(project__in=ids)
        .exclude(
            Exists(
                ProjectPartner.objects.filter(
                    project_id=OuterRef("project_id"),
                    country=OuterRef("partnerpage__country"),
                )
            )
        )
        .values(country=F("partnerpage__country"))
        .annotate(**country_counts)
        .order_by()
    )
    for row in [*organisations, *municipalities]:
        entry = by_country.setdefault(
            row["country"], {"code": row["country"], "active": 0, "started": 0}
        )
        entry.setdefault("ended", 0)
        for name in ("active", "started", "ended"):
            entry[name] += row[name]
    for entry in by_country.values():
        entry["name"] = str(countries.name(entry["code"])) or entry["code"]
    matrix = active.coverage(areas, dimensions)

    return {
        "period": {
            "key": period.key,
            "label": str(period.label),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "locale": locale.language_code,
        "generated_at": timezone.now().isoformat(),
        "changed_since": since.isoformat(),
        "totals": totals,
        "funding": [
            _funding_row(row)
            for row in active.values("currency")
            .annotate(**_sums())
            .order_by("currency")
        ],
        "by_unit": _by_term(units, grouped("unit_id", "currency"), "unit_id"),
        "by_programme": _by_term(
            programmes,
            grouped("funding_programme_id", "currency"),
            "funding_programme_id",
            _("No funding programme"),
        ),
        "by_area": _by_term(areas, grouped_m2m("priority_areas"), "priority_areas"),
        "by_dimension": _by_term(dimensions, grouped_m2m("dimensions"), "dimensions"),
        "by_country": sorted(
            by_country.values(), key=lambda item: (-item["active"], item["name"])
        ),
        "coverage": {
            "dimensions": [dimension.name for dimension in dimensions],
            "rows": [
                {
                    "area": area.name,
                    "cells": [
                        {"projects": total, "ongoing": ongoing}
                        for _dimension, total, ongoing in cells
                    ],
                }
                for area, cells in matrix
            ],
        },
        "sectors": _sectors(period, locale, active, units),
    }


def _optional_amount(value):
    return None if value is None else _amount(value)


def _sectors(period, locale, active, units):
    """Per unit: its commentary for the period and its projects in the period (the
    ones the figures count), each with the result reported for the period.

    A unit without a commentary in the report's language gets the one written for
    the same unit in another language, marked with that language. Three queries.
    """
    projects = list(
        active.select_related("unit", "funding_programme").order_by("sort_title", "pk")
    )
    results = dict(
        ProjectResult.objects.filter(
            project__in=active.values("pk"), period_key=period.key
        ).values_list("project_id", "text")
    )
    locale_id = locale.pk
    written = {}
    for row in (
        SectorNarrative.objects.filter(
            period_key=period.key,
            unit__translation_key__in=[unit.translation_key for unit in units],
        )
        .exclude(text="")
        .values(
            "unit__translation_key",
            "unit__locale_id",
            "unit__locale__language_code",
            "text",
        )
        .order_by("unit__locale_id")
    ):
        key = row["unit__translation_key"]
        # The unit's own language first, then the first other one.
        if key not in written or row["unit__locale_id"] == locale_id:
            written[key] = row
    sectors = {}
    for unit in units:
        narrative = written.get(unit.translation_key)
        sectors[unit.pk] = {
            "unit_id": unit.pk,
            "unit": unit.name,
            "narrative": narrative["text"] if narrative else "",
            "narrative_language": (
                narrative["unit__locale__language_code"]
                if narrative and narrative["unit__locale_id"] != locale_id
                else ""
            ),
            "projects": [],
        }
    for project in projects:
        sector = sectors.setdefault(
            project.unit_id,
            {
                "unit_id": project.unit_id,
                "unit": project.unit.name,
                "narrative": "",
                "narrative_language": "",
                "projects": [],
            },
        )
        sector["projects"].append(
            {
                "id": project.pk,
                "title": project.title,
                "status": project.status,
                "status_label": str(project.get_status_display()),
                "start": project.start_date.isoformat(),
                "end": project.end_date.isoformat() if project.end_date else None,
                "programme": (
                    project.funding_programme.name
                    if project.funding_programme
                    else None
                ),
                "currency": project.currency,
                **{name: _optional_amount(getattr(project, name)) for name in AMOUNTS},
                "result": results.get(project.pk, ""),
            }
        )
    return list(sectors.values())


# --- Tables, for the pages and the files --------------------------------------------


@dataclass(frozen=True)
class Table:
    """A captioned table; the first cell of each row heads the row."""

    key: str
    caption: str
    sheet: str  # a short name for a spreadsheet tab (at most 31 characters)
    columns: list
    rows: list
    amounts: frozenset = frozenset()  # positions of columns holding amounts


COUNT_COLUMNS = (_("Active"), _("Started"), _("Ended"))
FUNDING_COLUMNS = (
    _("Currency"),
    _("Projects"),
    _("Total budget"),
    _("EU grant"),
    _("Own contribution"),
)


def _count_table(key, caption, sheet, heading, entries):
    return Table(
        key,
        caption,
        sheet,
        [heading, *COUNT_COLUMNS],
        [
            [entry["name"], entry["active"], entry["started"], entry["ended"]]
            for entry in entries
        ],
    )


def _funding_values(row):
    return [
        row["currency"],
        row["projects"],
        *(Decimal(row[name]) for name in AMOUNTS),
    ]


def _funding_table(key, caption, sheet, heading, entries):
    rows = [
        [entry["name"], *_funding_values(row)]
        for entry in entries
        for row in entry.get("funding", [])
    ]
    return Table(
        key,
        caption,
        sheet,
        [heading, *FUNDING_COLUMNS],
        rows,
        frozenset({3, 4, 5}),
    )


def report_tables(data):
    """The report's tables, labelled in the active language."""
    totals = data["totals"]
    coverage = data["coverage"]
    return [
        Table(
            "summary",
            _("Projects in the period"),
            _("Summary"),
            [_("Figure"), _("Projects")],
            [
                [_("Active in the period"), totals["active"]],
                [_("Started in the period"), totals["started"]],
                [_("Ended in the period"), totals["ended"]],
                [_("Changed since the previous report"), totals["changed"]],
            ],
        ),
        Table(
            "funding",
            _("Budget, EU grant and own contribution per currency"),
            _("Funding"),
            list(FUNDING_COLUMNS),
            [_funding_values(row) for row in data["funding"]],
            frozenset({2, 3, 4}),
        ),
        _count_table(
            "by_unit",
            _("Projects per responsible unit"),
            _("Units"),
            _("Responsible unit"),
            data["by_unit"],
        ),
        _funding_table(
            "unit_funding",
            _("Funding per responsible unit and currency"),
            _("Funding per unit"),
            _("Responsible unit"),
            data["by_unit"],
        ),
        _count_table(
            "by_area",
            _("Projects per priority area"),
            _("Priority areas"),
            _("Priority area"),
            data["by_area"],
        ),
        _count_table(
            "by_dimension",
            _("Projects per sustainability dimension"),
            _("Sustainability dimensions"),
            _("Sustainability dimension"),
            data["by_dimension"],
        ),
        _count_table(
            "by_programme",
            _("Projects per funding programme"),
            _("Funding programmes"),
            _("Funding programme"),
            data["by_programme"],
        ),
        _funding_table(
            "programme_funding",
            _("Funding per funding programme and currency"),
            _("Funding per programme"),
            _("Funding programme"),
            data["by_programme"],
        ),
        _count_table(
            "by_country",
            _("Projects per partner country"),
            _("Partner countries"),
            _("Partner country"),
            data["by_country"],
        ),
        Table(
            "coverage",
            _(
                "Active projects per priority area and sustainability dimension "
                "(ongoing in brackets)"
            ),
            _("Policy coverage"),
            [_("Priority area"), *coverage["dimensions"]],
            [
                [
                    row["area"],
                    *(
                        f"{cell['projects']} ({cell['ongoing']})"
                        for cell in row["cells"]
                    ),
                ]
                for row in coverage["rows"]
            ],
        ),
    ]


# --- Units, projects and results, for the pages and the document ---------------------


@dataclass(frozen=True)
class ReportedProject:
    """A project as the report froze it; dates and amounts back in their types."""

    id: int
    title: str
    status: str
    status_label: str
    start_date: datetime.date
    end_date: datetime.date | None
    programme: str | None
    currency: str
    total_budget: Decimal | None
    eu_grant: Decimal | None
    own_contribution: Decimal | None
    result: str

    @property
    def funding(self):
        """The programme and the amounts, as one line in the active language."""
        parts = [self.programme or str(_("No funding programme"))]
        for label, amount in (
            (_("Total budget"), self.total_budget),
            (_("EU grant"), self.eu_grant),
            (_("Own contribution"), self.own_contribution),
        ):
            if amount is not None:
                parts.append(f"{label} {floatformat(amount, '0g')} {self.currency}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Sector:
    """A unit in the report: its commentary and its projects in the period."""

    unit_id: int
    unit: str
    narrative: str
    narrative_language: str  # empty when the commentary is in the report's language
    projects: list = field(default_factory=list)


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def report_sectors(data, everything=False):
    """The report's units, each with its commentary and projects; the units with
    neither are left out unless ``everything``. Empty for a report published
    before reports listed projects."""
    sectors = []
    for entry in data.get("sectors", []):
        projects = [
            ReportedProject(
                id=row["id"],
                title=row["title"],
                status=row["status"],
                status_label=row["status_label"],
                start_date=_day(row["start"]),
                end_date=_day(row["end"]),
                programme=row["programme"],
                currency=row["currency"],
                **{
                    name: None if row[name] is None else Decimal(row[name])
                    for name in AMOUNTS
                },
                result=row["result"],
            )
            for row in entry["projects"]
        ]
        if everything or projects or entry["narrative"]:
            sectors.append(
                Sector(
                    entry["unit_id"],
                    entry["unit"],
                    entry["narrative"],
                    entry["narrative_language"],
                    projects,
                )
            )
    return sectors


def _table_rows(data, table):
    yield [data["period"]["label"]]
    yield [str(table.caption)]
    yield [spreadsheets.cell(column) for column in table.columns]
    for row in table.rows:
        yield [spreadsheets.cell(value) for value in row]


# A report's file names by format: the Excel variant is a CSV file too.
FILE_SUFFIXES = {
    "csv": ".csv",
    "excel-csv": "-excel.csv",
    "xlsx": ".xlsx",
    "docx": ".docx",
}


def report_csv(data, *, excel=False):
    """The report's tables one after another, with a BOM for Excel; ``excel``:
    semicolons and a decimal comma, for Swedish Excel."""

    def rows():
        yield [data["period"]["label"]]
        for table in report_tables(data):
            yield []
            yield [str(table.caption)]
            yield [spreadsheets.cell(column) for column in table.columns]
            for row in table.rows:
                yield [spreadsheets.cell(value) for value in row]

    return spreadsheets.csv_text(rows(), excel=excel)


def report_xlsx(data):
    """The report as a workbook, one sheet per table."""
    return spreadsheets.xlsx_bytes(
        (table.sheet, _table_rows(data, table)) for table in report_tables(data)
    )


# --- Review status --------------------------------------------------------------------


def review_status(today, locale, cutoffs):
    """Per unit in ``locale``: active projects, and those awaiting review; one query."""

    active = Q(projects__live=True, projects__status__in=RUNNING)
    cutoff = last_cutoff(today, cutoffs)
    waiting = due_for_review_q(cutoff, prefix="projects__")
    units = OrganisationalUnit.objects.filter(locale=locale).annotate(
        active=Count("projects", filter=active),
        awaiting=Count("projects", filter=waiting),
    )
    return {
        "last_cutoff": cutoff,
        "next_period": next_period(today, cutoffs),
        "units": list(units),
    }


def mark_reviewed(projects, day, user=None):
    """Record that each project was reviewed on ``day``, without a new revision.

    A review changes no content, so it neither publishes nor leaves a revision in
    the history; the audit log records who marked it. The editor opens the latest
    revision, so that copy gets the date too, or the next publish would undo it.
    """

    ids = [project.pk for project in projects]
    Project.objects.filter(pk__in=ids).update(last_reviewed=day)
    # The exports show the date; update() sends no signal the page cache hears.
    content_changed()
    revisions = list(
        Revision.objects.filter(
            pk__in=Project.objects.filter(pk__in=ids).values("latest_revision_id")
        )
    )
    for revision in revisions:
        revision.content["last_reviewed"] = day.isoformat()
    Revision.objects.bulk_update(revisions, ["content"])
    for project in projects:
        log(project, "inventory.mark_reviewed", user=user)
    return len(ids)
