"""Tertial and year-end reports: the figures, the snapshots, the pages and files."""

import csv
import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from inventory.models import (
    OrganisationalUnit,
    Project,
    ReportingSettings,
    ReportSnapshot,
)
from inventory.reports.figures import build_report, report_tables, review_status
from inventory.reports.periods import MIN_YEAR, ReportingPeriod
from tests import builders as site
from tests.inventory import builders
from tests.inventory.projects.test_admin import sidebar_menu
from tests.shared import built_once

pytestmark = pytest.mark.django_db

D = datetime.date
T1 = ReportingPeriod(2026, "T1")
T2 = ReportingPeriod(2026, "T2")


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@built_once
def inventory():
    """A small inventory whose figures for tertial 2 2026 are worked out by hand.

    Active in jan–aug 2026: elevutbyte, matkultur, omvarld and natverk. Built once
    for the tests that read it.
    """
    builders.project_index()
    make_project, sv = builders.project_maker(), builders.terms()["sv"]
    units, programmes = sv["units"], sv["programmes"]
    areas, dims = sv["areas"], sv["dimensions"]
    hiddenhausen = site.partner("Hiddenhausen", country="DE")
    perano = site.partner("Perano", country="IT")
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


def test_changes_between_a_cut_off_and_its_report_count_in_the_next_report(
    inventory, sv_locale
):
    assert build_report(T2, sv_locale)["totals"]["changed"] == 1  # since 1 May
    # Tertial 1 was published on 10 June; "elevutbyte" was published on 1 June,
    # after tertial 1's cut-off, so tertial 2 still counts it: no change falls
    # between two reports.
    ReportSnapshot.objects.create(
        period_key="2026-T1",
        period_end=D(2026, 4, 30),
        locale=sv_locale,
        data={},
        published_at=at(2026, 6, 10),
    )
    assert build_report(T2, sv_locale)["totals"]["changed"] == 1


def test_a_project_published_in_the_period_and_again_after_it_counts_as_changed(
    inventory, sv_locale
):
    project = inventory["matkultur"]
    assert build_report(T2, sv_locale)["totals"]["changed"] == 1
    # Published in July (in tertial 2) and again in September: the later
    # publication moves last_published_at out of the window, the log keeps July.
    ModelLogEntry.objects.log_action(
        project, "wagtail.publish", timestamp=at(2026, 7, 3, 9)
    )
    Project.objects.filter(pk=project.pk).update(last_published_at=at(2026, 9, 20))
    assert build_report(T2, sv_locale)["totals"]["changed"] == 2


def test_the_first_year_reports_cover_has_a_tertial_1(sv_locale):
    period = ReportingPeriod.parse(f"{MIN_YEAR}-T1")
    assert build_report(period, sv_locale)["totals"]["active"] == 0


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


# --- Admin: show, export, publish ----------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return " ".join(soup(response).get_text(" ").split())


def table_rows(response, key):
    table = soup(response).find("table", class_=f"report-table--{key}")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.tbody.find_all("tr")
    ]


@pytest.fixture
def staff(django_user_model):
    """Make a logged-in admin user with the given permissions (app.codename)."""

    def make(client, *codenames):
        user = django_user_model.objects.create_user(
            f"user{django_user_model.objects.count()}",
            password="hemligt-losenord",
            is_staff=True,
        )
        for name in ("wagtailadmin.access_admin", *codenames):
            app_label, codename = name.split(".")
            user.user_permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        client.force_login(user)
        return user

    return make


def publish(client, kind="t1", year=2026, follow=True):
    return client.post(f"/admin/reports/{kind}/publish/", {"year": year}, follow=follow)


def refused(response):
    """Wagtail's admin answers a missing permission by sending the user home."""
    if response.status_code == 302:
        return response["Location"] == "/admin/"
    return response.status_code == 403


def test_reports_menu_has_one_entry_per_period_type(admin_client):
    label, items = sidebar_menu(admin_client.get("/admin/"))["reports"]
    assert label == "Rapporter"
    assert items[:3] == [
        ("Tertial 1", "/admin/reports/t1/"),
        ("Tertial 2", "/admin/reports/t2/"),
        ("Bokslut", "/admin/reports/b/"),
    ]


def test_admin_shows_the_report_for_a_chosen_year(admin_client, inventory):
    response = admin_client.get("/admin/reports/t2/?year=2026")
    assert response.status_code == 200
    page = text(response)
    assert "Tertial 2 2026 (jan–aug)" in page
    assert "Inte publicerad än" in page
    assert len(soup(response).find_all("table", class_="listing")) == 10
    assert soup(response).find("button", string="Publicera rapporten")


def test_admin_refuses_a_future_year_and_rubbish_clearly(admin_client, inventory):
    next_year = timezone.localdate().year + 1
    response = admin_client.get(f"/admin/reports/b/?year={next_year}")
    assert response.status_code == 200
    assert "Perioden har inte börjat än." in text(response)
    rubbish = admin_client.get("/admin/reports/b/?year=tjugo")
    assert rubbish.status_code == 200
    assert "Fyll i ett heltal." in text(rubbish)
    assert not soup(rubbish).find("table", class_="listing")
    assert admin_client.get("/admin/reports/t9/").status_code == 404
    response = admin_client.post("/admin/reports/b/publish/", {"year": next_year})
    assert response.status_code == 302
    assert not ReportSnapshot.objects.exists()


def test_admin_exports_the_report_as_xlsx_and_csv(admin_client, inventory):
    response = admin_client.get("/admin/reports/t2/export/xlsx/?year=2026")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="rapport-2026-T2.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    funding = list(workbook["Finansiering"].values)
    assert funding[1][0] == "Budget, EU-bidrag och egen insats per valuta"
    assert funding[3] == ("EUR", 2, 160000, 128000, 32000)
    response = admin_client.get("/admin/reports/t2/export/csv/?year=2026")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Tertial 2 2026 (jan–aug)"]
    assert ["Aktiva under perioden", "4"] in rows
    assert (
        admin_client.get("/admin/reports/t2/export/pdf/?year=2026").status_code == 404
    )


def test_exports_neutralise_formulas_in_names(admin_client, inventory, terms):
    unit = terms["sv"]["units"][0]
    unit.name = '=HYPERLINK("http://evil")'
    unit.save()
    response = admin_client.get("/admin/reports/t2/export/csv/?year=2026")
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_publish_freezes_the_report_in_every_language(admin_client, inventory):
    response = publish(admin_client, "t1")
    assert "har publicerats på webbplatsen" in text(response)
    snapshots = ReportSnapshot.objects.filter(period_key="2026-T1")
    assert sorted(s.locale.language_code for s in snapshots) == ["en", "sv"]
    swedish = snapshots.get(locale__language_code="sv")
    assert swedish.published_by.is_superuser
    assert swedish.data["totals"]["active"] == 4
    assert snapshots.get(locale__language_code="en").data["period"]["label"] == (
        "Tertial 1 2026 (jan–apr)"
    )


def test_a_second_publish_of_the_same_period_is_refused(admin_client, inventory):
    publish(admin_client, "t1")
    first = list(ReportSnapshot.objects.values_list("pk", "data"))
    response = publish(admin_client, "t1")
    assert "redan publicerad" in text(response)
    assert "ersätts inte" in text(response)
    assert list(ReportSnapshot.objects.values_list("pk", "data")) == first


def test_an_unfinished_period_cannot_be_published(admin_client, inventory):
    today = timezone.localdate()
    response = publish(admin_client, "b", today.year)
    assert "kan inte publiceras innan perioden har tagit slut" in text(response)
    assert not ReportSnapshot.objects.exists()


def test_a_published_report_does_not_change_with_the_projects(
    admin_client, client, inventory, sv_locale
):
    publish(admin_client, "t2")
    snapshot = ReportSnapshot.objects.get(locale=sv_locale)
    stored = snapshot.data
    before = client.get("/projekt/rapporter/2026-t2/")
    assert table_rows(before, "summary")[0] == ["Aktiva under perioden", "4"]

    project = inventory["elevutbyte"]
    project.total_budget = Decimal(500000)
    project.unit = OrganisationalUnit.objects.filter(locale=sv_locale)[2]
    project.save()
    project.save_revision().publish()
    Project.objects.filter(pk=inventory["matkultur"].pk).update(live=False)

    snapshot.refresh_from_db()
    assert snapshot.data == stored
    after = client.get("/projekt/rapporter/2026-t2/")
    assert table_rows(after, "summary") == table_rows(before, "summary")
    assert table_rows(after, "funding") == table_rows(before, "funding")
    assert table_rows(after, "by_unit") == table_rows(before, "by_unit")
    # The live figures have moved on; the published ones have not.
    assert build_report(T2, sv_locale)["totals"]["active"] == 3
    with pytest.raises(ValueError, match="cannot be changed"):
        snapshot.save()


def test_reports_need_their_own_permissions(client, staff, inventory):
    staff(client, "inventory.change_project", "inventory.view_project")
    home = client.get("/admin/")
    reports = [url for _label, url in sidebar_menu(home).get("reports", ("", []))[1]]
    assert "/admin/reports/t1/" not in reports
    for url in ("/admin/reports/t1/?year=2026", "/admin/reports/t1/export/csv/"):
        assert refused(client.get(url)), url
    assert refused(publish(client, follow=False))
    assert not ReportSnapshot.objects.exists()


def test_viewing_reports_does_not_allow_publishing(client, staff, inventory):
    staff(client, "inventory.view_reportsnapshot")
    assert client.get("/admin/reports/t1/?year=2026").status_code == 200
    response = client.get("/admin/reports/t1/?year=2026")
    assert not soup(response).find("button", string="Publicera rapporten")
    assert refused(publish(client, follow=False))
    assert not ReportSnapshot.objects.exists()


def test_publishers_can_publish(client, staff, inventory):
    staff(client, "inventory.view_reportsnapshot", "inventory.publish_reportsnapshot")
    assert publish(client).status_code == 200
    assert ReportSnapshot.objects.filter(period_key="2026-T1").count() == 2


# --- Public pages ---------------------------------------------------------------


def test_report_list_and_detail_pages(admin_client, client, inventory):
    assert "Ingen rapport har publicerats än." in text(
        client.get("/projekt/rapporter/")
    )
    publish(admin_client, "t1")
    publish(admin_client, "t2")
    listing = client.get("/projekt/rapporter/")
    links = [(a.get_text(), a["href"]) for a in soup(listing).select(".report-list a")]
    assert links == [
        ("Tertial 2 2026 (jan–aug)", "/projekt/rapporter/2026-t2/"),
        ("Tertial 1 2026 (jan–apr)", "/projekt/rapporter/2026-t1/"),
    ]
    detail = client.get("/projekt/rapporter/2026-t2/")
    assert detail.status_code == 200
    assert soup(detail).h1.get_text() == "Tertial 2 2026 (jan–aug)"
    for table in soup(detail).find_all("table"):
        assert table.caption.get_text(strip=True)
        assert all(th.get("scope") in ("col", "row") for th in table.find_all("th"))
        wrap = table.parent
        assert wrap["tabindex"] == "0"
        assert wrap["aria-labelledby"] == table.caption["id"]
    assert table_rows(detail, "funding")[0] == [
        "EUR",
        "2",
        "160\xa0000",
        "128\xa0000",
        "32\xa0000",
    ]
    projects = client.get("/projekt/")
    assert soup(projects).find("a", href="/projekt/rapporter/")


def test_english_reports_are_in_english(
    admin_client, client, en_project_index, inventory
):
    publish(admin_client, "t1")
    detail = client.get("/en/projects/reports/2026-t1/")
    assert detail.status_code == 200
    assert soup(detail).h1.get_text() == "Tertial 1 2026 (jan–apr)"
    assert "Projects per responsible unit" in text(detail)


@pytest.mark.parametrize(
    "path",
    [
        "/projekt/rapporter/2026-t3/",
        "/projekt/rapporter/tertial/",
        "/projekt/rapporter/2026-b/",  # not published
        "/projekt/rapporter/1999-t1/",
    ],
)
def test_unknown_malformed_or_unpublished_reports_are_not_found(
    admin_client, client, inventory, path
):
    publish(admin_client, "t1")
    assert client.get(path).status_code == 404


def test_report_address_in_capitals_redirects(admin_client, client, inventory):
    publish(admin_client, "t1")
    response = client.get("/projekt/rapporter/2026-T1/")
    assert response.status_code == 302
    assert response["Location"] == "/projekt/rapporter/2026-t1/"


def test_reports_are_in_the_sitemap(admin_client, client, inventory):
    publish(admin_client, "t1")
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/projekt/rapporter/</loc>" in sitemap
    assert "/projekt/rapporter/2026-t1/</loc>" in sitemap


def test_a_project_may_not_take_the_reports_slug(make_project, project_index):
    with pytest.raises(ValidationError):
        make_project("Rapporter", slug="rapporter")


# --- The demo --------------------------------------------------------------------


def test_demo_publishes_two_tertial_reports_once(demo_site, client):
    assert sorted(
        ReportSnapshot.objects.values_list("period_key", "locale__language_code")
    ) == [("2026-T1", "en"), ("2026-T1", "sv"), ("2026-T2", "en"), ("2026-T2", "sv")]
    call_command("load_demo", stdout=io.StringIO())
    assert ReportSnapshot.objects.count() == 4
    listing = client.get("/projekt/rapporter/")
    assert [a.get_text() for a in soup(listing).select(".report-list a")] == [
        "Tertial 2 2026 (jan–aug)",
        "Tertial 1 2026 (jan–apr)",
    ]
    assert client.get("/en/projects/reports/2026-t2/").status_code == 200
    status = review_status(
        timezone.localdate(), demo_site["sv"].locale, ReportingSettings.load().cutoffs
    )
    waiting = [unit for unit in status["units"] if unit.awaiting]
    assert [unit.contact_email for unit in waiting] == [
        "kommunchefens-stab@example.org"
    ]


def test_report_permissions_can_be_given_to_a_group(admin_client):
    page = text(admin_client.get("/admin/groups/new/"))
    assert "Kan publicera rapporter" in page
