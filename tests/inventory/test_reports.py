"""Tertial and year-end reports: the figures, the snapshots, the pages and files."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inventory.models import Project, ReportSnapshot
from inventory.reporting import ReportingPeriod
from inventory.reports import build_report, report_tables

pytestmark = pytest.mark.django_db

D = datetime.date
T1 = ReportingPeriod(2026, "T1")
T2 = ReportingPeriod(2026, "T2")


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def inventory(project_index, make_project, terms, add_partner):
    """A small inventory whose figures for tertial 2 2026 are worked out by hand.

    Active in jan–aug 2026: elevutbyte, matkultur, omvarld and natverk.
    """
    sv = terms["sv"]
    units, programmes = sv["units"], sv["programmes"]
    areas, dims = sv["areas"], sv["dimensions"]
    hiddenhausen = add_partner("Hiddenhausen", country="DE")
    perano = add_partner("Perano", country="IT")
    projects = {
        "elevutbyte": make_project(
            "Elevutbyte",
            start_date=D(2025, 8, 1),
            end_date=D(2027, 6, 30),
            unit=units[0],
            funding_programme=programmes[0],
            currency="SEK",
            total_budget=Decimal(450000),
            eu_grant=Decimal(380000),
            own_contribution=Decimal(70000),
            priority_areas=areas[:2],
            dimensions=[dims[1]],
            partner_organisations=[("Olof-Palme-Gesamtschule", "DE")],
            partner_municipalities=[hiddenhausen],
        ),
        "matkultur": make_project(
            "Matkultur",
            start_date=D(2026, 3, 1),
            end_date=D(2026, 6, 30),
            unit=units[1],
            funding_programme=programmes[1],
            currency="EUR",
            total_budget=Decimal(60000),
            eu_grant=Decimal(48000),
            own_contribution=Decimal(12000),
            priority_areas=[areas[2]],
            dimensions=dims[1:],
            partner_municipalities=[perano],
        ),
        "klimat": make_project(
            "Klimat",
            status="completed",
            start_date=D(2021, 1, 1),
            end_date=D(2025, 12, 31),
            unit=units[1],
            currency="EUR",
            total_budget=Decimal(999999),
            priority_areas=[areas[0]],
            dimensions=[dims[0]],
            partner_organisations=[("Exempelkommun", "FI")],
        ),
        "omvarld": make_project(
            "Omvärld",
            start_date=D(2026, 2, 1),
            end_date=None,
            unit=units[1],
            funding_programme=None,
            currency="SEK",
            total_budget=Decimal(150000),
            own_contribution=Decimal(150000),
            priority_areas=[areas[3]],
            dimensions=[dims[2]],
            partner_organisations=[
                ("Exempelkommun A", "NO"),
                ("Exempelkommun B", "DK"),
            ],
        ),
        "installt": make_project(
            "Inställt",
            status="cancelled",
            start_date=D(2026, 1, 1),
            end_date=D(2026, 12, 31),
            unit=units[0],
            total_budget=Decimal(999999),
        ),
        "utkast": make_project(
            "Utkast",
            live=False,
            start_date=D(2026, 1, 1),
            unit=units[0],
            total_budget=Decimal(999999),
        ),
        "framtid": make_project(
            "Framtid",
            status="planned",
            start_date=D(2026, 9, 1),
            end_date=D(2027, 12, 31),
            unit=units[0],
            total_budget=Decimal(999999),
        ),
        "natverk": make_project(
            "EU-nätverk",
            start_date=D(2024, 1, 1),
            end_date=D(2026, 5, 31),
            unit=units[0],
            funding_programme=programmes[0],
            currency="EUR",
            total_budget=Decimal(100000),
            eu_grant=Decimal(80000),
            own_contribution=Decimal(20000),
            priority_areas=[areas[0]],
            dimensions=[dims[0]],
            partner_organisations=[("Kommune", "NO")],
        ),
    }
    # When each was last published decides whether it "changed since the last report".
    published = {
        "elevutbyte": at(2026, 6, 1, 12),
        "matkultur": at(2026, 4, 15, 12),
        "omvarld": at(2025, 12, 15, 12),
        "natverk": at(2026, 9, 2, 12),
    }
    for key, moment in published.items():
        Project.objects.filter(pk=projects[key].pk).update(last_published_at=moment)
    return projects


def by_name(rows):
    return {row["name"]: row for row in rows}


def counts(row):
    return (row["active"], row["started"], row["ended"])


# --- The figures -------------------------------------------------------------------


def test_totals_count_active_started_ended_and_changed(inventory, sv_locale):
    data = build_report(T2, sv_locale)
    assert data["totals"] == {"active": 4, "started": 2, "ended": 2, "changed": 1}
    assert data["period"] == {
        "key": "2026-T2",
        "label": "Tertial 2 2026 (jan–aug)",
        "start": "2026-01-01",
        "end": "2026-08-31",
    }


def test_changes_count_from_the_previous_published_report(inventory, sv_locale):
    assert build_report(T2, sv_locale)["totals"]["changed"] == 1  # since 1 May
    ReportSnapshot.objects.create(
        period_key="2026-T1",
        period_end=D(2026, 4, 30),
        locale=sv_locale,
        data={},
        published_at=at(2026, 6, 10),
    )
    assert build_report(T2, sv_locale)["totals"]["changed"] == 0


def test_amounts_are_summed_per_currency_never_across(inventory, sv_locale):
    data = build_report(T2, sv_locale)
    assert data["funding"] == [
        {
            "currency": "EUR",
            "projects": 2,
            "total_budget": "160000.00",
            "eu_grant": "128000.00",
            "own_contribution": "32000.00",
        },
        {
            "currency": "SEK",
            "projects": 2,
            "total_budget": "600000.00",
            "eu_grant": "380000.00",
            "own_contribution": "220000.00",
        },
    ]


def test_breakdown_by_unit_with_funding_per_currency(inventory, sv_locale, terms):
    units = terms["sv"]["units"]
    rows = by_name(build_report(T2, sv_locale)["by_unit"])
    assert list(rows) == [unit.name for unit in units]
    first, second = rows[units[0].name], rows[units[1].name]
    assert counts(first) == (2, 0, 1)
    assert counts(second) == (2, 2, 1)
    assert [
        (f["currency"], f["projects"], f["total_budget"]) for f in first["funding"]
    ] == [
        ("EUR", 1, "100000.00"),
        ("SEK", 1, "450000.00"),
    ]
    assert [(f["currency"], f["eu_grant"]) for f in second["funding"]] == [
        ("EUR", "48000.00"),
        ("SEK", "0.00"),
    ]
    assert counts(rows[units[2].name]) == (0, 0, 0)
    assert rows[units[2].name]["funding"] == []


def test_breakdown_by_priority_area_and_dimension(inventory, sv_locale, terms):
    data = build_report(T2, sv_locale)
    areas = [area.name for area in terms["sv"]["areas"]]
    dims = [dim.name for dim in terms["sv"]["dimensions"]]
    assert [counts(row) for row in data["by_area"]] == [
        (2, 0, 1),
        (1, 0, 0),
        (1, 1, 1),
        (1, 1, 0),
    ]
    assert [row["name"] for row in data["by_area"]] == areas
    assert [counts(row) for row in data["by_dimension"]] == [
        (1, 0, 1),
        (2, 1, 1),
        (2, 2, 1),
    ]
    assert [row["name"] for row in data["by_dimension"]] == dims


def test_breakdown_by_funding_programme(inventory, sv_locale, terms):
    programmes = terms["sv"]["programmes"]
    rows = by_name(build_report(T2, sv_locale)["by_programme"])
    assert counts(rows[programmes[0].name]) == (2, 0, 1)
    assert counts(rows[programmes[1].name]) == (1, 1, 1)
    assert counts(rows["Inget finansieringsprogram"]) == (1, 1, 0)
    assert list(rows)[-1] == "Inget finansieringsprogram"


def test_breakdown_by_partner_country_counts_each_project_once(inventory, sv_locale):
    rows = {row["code"]: row for row in build_report(T2, sv_locale)["by_country"]}
    # Elevutbyte has a German school and a German twin town: one project.
    assert {code: counts(row) for code, row in rows.items()} == {
        "DE": (1, 0, 0),
        "IT": (1, 1, 1),
        "NO": (2, 1, 1),
        "DK": (1, 1, 0),
    }
    assert rows["DE"]["name"] == "Tyskland"
    assert build_report(T2, sv_locale)["by_country"][0]["code"] == "NO"


def test_coverage_matrix_of_active_projects(inventory, sv_locale):
    coverage = build_report(T2, sv_locale)["coverage"]
    assert [
        [cell["projects"] for cell in row["cells"]] for row in coverage["rows"]
    ] == [
        [1, 1, 0],
        [0, 1, 0],
        [0, 1, 1],
        [0, 0, 1],
    ]


def test_an_earlier_period_has_its_own_figures(inventory, sv_locale):
    data = build_report(T1, sv_locale)
    # jan–apr: matkultur started in March, nothing ended yet.
    assert data["totals"]["active"] == 4
    assert (data["totals"]["started"], data["totals"]["ended"]) == (2, 0)


def test_report_is_json_and_tables_have_a_row_per_term(inventory, sv_locale, terms):
    data = build_report(T2, sv_locale)
    assert json.loads(json.dumps(data)) == data
    tables = {table.key: table for table in report_tables(data)}
    assert len(tables["by_unit"].rows) == len(terms["sv"]["units"])
    assert tables["funding"].rows[0] == [
        "EUR",
        2,
        Decimal("160000.00"),
        Decimal("128000.00"),
        Decimal("32000.00"),
    ]


def test_report_costs_the_same_queries_however_many_projects(
    inventory, sv_locale, make_project, terms, add_partner
):
    build_report(T2, sv_locale)
    with CaptureQueriesContext(connection) as before:
        build_report(T2, sv_locale)
    sv = terms["sv"]
    partner = add_partner("Enger", country="DE")
    for number in range(20):
        make_project(
            f"Mer {number}",
            start_date=D(2026, 1 + number % 8, 1),
            end_date=D(2026, 9 + number % 3, 1),
            unit=sv["units"][number % 3],
            funding_programme=sv["programmes"][number % 4],
            currency=("SEK", "EUR")[number % 2],
            total_budget=Decimal(1000 * number),
            priority_areas=sv["areas"][: 1 + number % 4],
            dimensions=sv["dimensions"][: 1 + number % 3],
            partner_municipalities=[partner],
            partner_organisations=[("Partner", ("PL", "DE", "IT")[number % 3])],
        )
    with CaptureQueriesContext(connection) as after:
        data = build_report(T2, sv_locale)
    assert data["totals"]["active"] == 24
    assert len(after.captured_queries) == len(before.captured_queries)
