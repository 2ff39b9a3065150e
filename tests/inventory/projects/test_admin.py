"""Editing projects in the admin: the menu, publishing, the list, search and export."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from inventory.models import Project
from partnerships.blocks import RICH_TEXT_FEATURES
from tests import builders as site
from tests.inventory import builders
from tests.shared import built_once

pytestmark = pytest.mark.django_db

D = datetime.date
BASE = "/admin/snippets/inventory/project/"


# --- Helpers -----------------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def page_text(response):
    return " ".join(soup(response).get_text(" ").split())


def listed(response):
    """The project titles in the admin list, in the order shown."""
    assert response.status_code == 200
    return [
        span.get_text(strip=True)
        for span in soup(response).select('td.title span[id^="snippet_"]')
    ]


def form_errors(response):
    """The errors of a refused admin form, for failure messages."""
    if response.context is None or "form" not in response.context:
        return response.status_code
    form = response.context["form"]
    return form.errors, [formset.errors for formset in form.formsets.values()]


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def sidebar_menu(response):
    """The admin's main menu as {name: (label, url or [(label, url) ...])}."""
    props = json.loads(soup(response).find(id="wagtail-sidebar-props").get_text())
    main = next(
        module
        for module in props["modules"]
        if module["_type"] == "wagtail.sidebar.MainMenuModule"
    )
    menu = {}
    for item in main["_args"][0]:
        attrs = item["_args"][0]
        if item["_type"] == "wagtail.sidebar.SubMenuItem":
            children = [
                (child["_args"][0]["label"], child["_args"][0]["url"])
                for child in item["_args"][1]
            ]
            menu[attrs["name"]] = (attrs["label"], children)
        else:
            menu[attrs["name"]] = (attrs["label"], attrs.get("url"))
    return menu


def project_form(terms, publish=True, **overrides):
    """The add/edit form as the editor fills it in, in Swedish."""
    sv = terms["sv"]
    fields = {
        "title": "Elevutbyte med Hiddenhausen",
        "slug": "elevutbyte-hiddenhausen",
        "summary": "Elever och lärare besöker varandras skolor.",
        "description": rich_text(
            "<p>Utbytet pågår i två läsår.</p>", features=RICH_TEXT_FEATURES
        ),
        "status": "ongoing",
        "unit": sv["units"][0].pk,
        "start_date": "2025-08-01",
        "end_date": "2027-06-30",
        "contact_role": "Rektor, Ytterbyskolan",
        "website": "https://elevutbyte.example.org/",
        "last_reviewed": "2026-09-15",
        "results": inline_formset([]),
        "partner_organisations": inline_formset(
            [
                {
                    "name": "Olof-Palme-Gesamtschule",
                    "country": "DE",
                    "city": "Hiddenhausen",
                    "role": "lead",
                },
                {
                    "name": "Gymnasium Enger",
                    "country": "DE",
                    "city": "",
                    "role": "partner",
                },
            ]
        ),
        "funding_programme": sv["programmes"][0].pk,
        "currency": "SEK",
        "total_budget": "450000",
        "eu_grant": "380000",
        "own_contribution": "70000",
        "keep_eu_id": "",
        "kohesio_id": "",
        "erasmus_id": "2025-1-SE01-KA122-SCH-000000001",
        "cordis_id": "",
        "go_live_at": "",
        "expire_at": "",
    }
    if publish:
        fields["action-publish"] = "action-publish"
    lists = {
        "priority_areas": [sv["areas"][0].pk, sv["areas"][1].pk],
        "dimensions": [sv["dimensions"][1].pk],
    }
    for name in ("priority_areas", "dimensions", "partner_municipalities"):
        if name in overrides:
            lists[name] = overrides.pop(name)
    fields.update(overrides)
    return {**nested_form_data(fields), **lists}


def in_a_week():
    later = timezone.localtime() + datetime.timedelta(days=7)
    return later.strftime("%Y-%m-%d %H:%M")


# --- Fixtures ----------------------------------------------------------------------


@pytest.fixture
def hiddenhausen(add_partner):
    return add_partner("Hiddenhausen", country="DE")


@built_once
def inventory():
    """Projects that differ in every way the admin filters look at, built once for
    the tests that read them."""
    builders.project_index()
    make_project, terms = builders.project_maker(), builders.terms()
    sv, en = terms["sv"], terms["en"]
    long_ago = timezone.localdate() - datetime.timedelta(days=800)
    return {
        "elevutbyte": make_project(
            "Elevutbyte",
            status="ongoing",
            start_date=D(2025, 8, 1),
            end_date=D(2027, 6, 30),
            unit=sv["units"][0],
            erasmus_id="2025-1-SE01-KA122-SCH-000000001",
            partner_organisations=[("Olof-Palme-Gesamtschule", "DE")],
        ),
        "matkultur": make_project(
            "Matkultur",
            status="planned",
            start_date=D(2027, 3, 1),
            end_date=D(2028, 2, 29),
            unit=sv["units"][1],
            last_reviewed=None,
            partner_municipalities=[site.partner("Perano", country="IT")],
        ),
        "klimat": make_project(
            "Klimatanpassning",
            status="completed",
            start_date=D(2021, 1, 1),
            end_date=D(2024, 12, 31),
            unit=sv["units"][1],
            last_reviewed=None,
            partner_organisations=[
                ("Exempelkommun A", "NO"),
                ("Exempelkommun B", "DK"),
            ],
        ),
        "omvarld": make_project(
            "Omvärldsbevakning",
            status="ongoing",
            start_date=D(2024, 9, 1),
            end_date=None,
            unit=sv["units"][3],
            last_reviewed=long_ago,
        ),
        "utkast": make_project(
            "Utkast",
            live=False,
            status="planned",
            unit=sv["units"][0],
            partner_municipalities=[site.partner("Hiddenhausen", country="DE")],
        ),
        "english": make_project(
            "Pupil exchange",
            locale=site.en_locale(),
            unit=en["units"][0],
            partner_organisations=[("Olof-Palme-Gesamtschule", "DE")],
        ),
    }


@pytest.fixture
def editor_without_rights(client, django_user_model):
    """Staff who may open the admin, and nothing more."""
    user = django_user_model.objects.create_user(
        "redaktor", password="hemligt-losenord", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(user)
    return client


# --- The menu ----------------------------------------------------------------------


def test_the_international_menu_holds_projects_and_their_terms(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    label, items = sidebar_menu(response)["international"]
    assert label == "Internationellt"
    assert items == [
        ("Projekt", "/admin/snippets/inventory/project/"),
        ("Organisatoriska enheter", "/admin/snippets/inventory/organisationalunit/"),
        ("Finansieringsprogram", "/admin/snippets/inventory/fundingprogramme/"),
        ("Prioriterade områden", "/admin/snippets/partnerships/priorityarea/"),
        (
            "Hållbarhetsdimensioner",
            "/admin/snippets/partnerships/sustainabilitydimension/",
        ),
    ]
    for _label, url in items:
        assert admin_client.get(url).status_code == 200, url


def test_the_term_lists_show_the_seeded_terms(admin_client):
    units = page_text(admin_client.get("/admin/snippets/inventory/organisationalunit/"))
    assert "Sektor bildning och lärande" in units
    assert "Education and Learning Sector" in units
    programmes = page_text(
        admin_client.get("/admin/snippets/inventory/fundingprogramme/")
    )
    assert "38 finansieringsprogram" in programmes
    assert "Europeiska solidaritetskåren" in programmes
    assert "European Solidarity Corps" in programmes


# --- Creating and publishing -------------------------------------------------------


def test_editor_creates_and_publishes_a_project_with_partners(
    admin_client, client, project_index, terms, hiddenhausen, sv_locale
):
    response = admin_client.post(
        BASE + "add/",
        project_form(terms, partner_municipalities=[hiddenhausen.pk]),
    )
    assert response.status_code == 302, form_errors(response)

    project = Project.objects.get(slug="elevutbyte-hiddenhausen")
    assert project.live
    assert project.locale == sv_locale
    assert project.title == "Elevutbyte med Hiddenhausen"
    assert project.status == Project.Status.ONGOING
    assert project.unit == terms["sv"]["units"][0]
    assert (project.start_date, project.end_date) == (D(2025, 8, 1), D(2027, 6, 30))
    assert project.funding_programme.name == "Erasmus+"
    assert project.total_budget == 450000
    assert "Utbytet pågår i två läsår." in project.description
    assert list(project.priority_areas.all()) == terms["sv"]["areas"][:2]
    assert list(project.dimensions.all()) == [terms["sv"]["dimensions"][1]]
    assert list(project.partner_municipalities.all()) == [hiddenhausen]
    assert [
        (partner.name, partner.country.code, partner.city, partner.role)
        for partner in project.partner_organisations.all()
    ] == [
        ("Olof-Palme-Gesamtschule", "DE", "Hiddenhausen", "lead"),
        ("Gymnasium Enger", "DE", "", "partner"),
    ]
    assert project.live_revision is not None
    assert project.last_published_at is not None

    public = client.get("/projekt/elevutbyte-hiddenhausen/")
    assert public.status_code == 200
    text = page_text(public)
    assert "Olof-Palme-Gesamtschule, Hiddenhausen (Tyskland) – huvudpartner" in text
    assert "Hiddenhausen (Tyskland)" in text
    assert "Elevutbyte med Hiddenhausen" in page_text(client.get("/projekt/"))


def test_an_english_project_is_created_in_english(
    admin_client, client, en_project_index, terms, en_locale
):
    form = project_form(
        terms,
        title="Pupil exchange",
        slug="elevutbyte-hiddenhausen",
        unit=terms["en"]["units"][0].pk,
        funding_programme=terms["en"]["programmes"][0].pk,
        priority_areas=[terms["en"]["areas"][0].pk],
        dimensions=[],
    )
    response = admin_client.post(BASE + "add/?locale=en", form)
    assert response.status_code == 302, form_errors(response)
    project = Project.objects.get(title="Pupil exchange")
    assert project.locale == en_locale
    assert client.get("/en/projects/elevutbyte-hiddenhausen/").status_code == 200
    assert client.get("/projekt/elevutbyte-hiddenhausen/").status_code == 404


def test_a_swedish_project_cannot_take_an_english_priority_area(
    admin_client, client, project_index, terms
):
    """The add form lists the priority areas of both languages. A Swedish project
    tagged with an English one could never be found by the Swedish filters, and its
    page would name the area in English."""
    english_area = terms["en"]["areas"][0]
    response = admin_client.post(
        BASE + "add/", project_form(terms, priority_areas=[english_area.pk])
    )
    assert response.status_code == 200, "saved with an English priority area"
    assert "priority_areas" in response.context["form"].errors
    assert not Project.objects.exists()


def test_saving_a_draft_keeps_the_project_off_the_site(
    admin_client, client, project_index, terms
):
    response = admin_client.post(BASE + "add/", project_form(terms, publish=False))
    assert response.status_code == 302, form_errors(response)
    project = Project.objects.get(slug="elevutbyte-hiddenhausen")
    assert not project.live
    assert project.has_unpublished_changes
    assert client.get("/projekt/elevutbyte-hiddenhausen/").status_code == 404
    assert "Elevutbyte med Hiddenhausen" not in page_text(client.get("/projekt/"))
    # The editor still finds the draft in the admin list.
    assert listed(admin_client.get(BASE)) == ["Elevutbyte med Hiddenhausen"]


def test_a_draft_edit_of_a_live_project_waits_for_publishing(
    admin_client, client, project_index, terms
):
    admin_client.post(BASE + "add/", project_form(terms))
    project = Project.objects.get(slug="elevutbyte-hiddenhausen")
    edit = f"{BASE}edit/{project.pk}/"

    draft = project_form(terms, publish=False, title="Elevutbyte (utkast)")
    assert admin_client.post(edit, draft).status_code == 302
    public = page_text(client.get("/projekt/elevutbyte-hiddenhausen/"))
    assert "Elevutbyte med Hiddenhausen" in public
    assert "Elevutbyte (utkast)" not in public

    published = admin_client.post(edit, project_form(terms, title="Nytt namn"))
    assert published.status_code == 302, form_errors(published)
    public = page_text(client.get("/projekt/elevutbyte-hiddenhausen/"))
    assert "Nytt namn" in public


def test_unpublishing_takes_the_project_off_the_site(
    admin_client, client, project_index, make_project
):
    project = make_project("Elevutbyte", slug="elevutbyte")
    assert client.get("/projekt/elevutbyte/").status_code == 200
    url = f"{BASE}unpublish/{project.pk}/"
    assert admin_client.get(url).status_code == 200  # the confirmation
    response = admin_client.post(url)
    assert response.status_code == 302
    project.refresh_from_db()
    assert not project.live
    assert client.get("/projekt/elevutbyte/").status_code == 404
    assert "Elevutbyte" not in page_text(client.get("/projekt/"))


def test_a_project_scheduled_for_later_stays_off_the_site(
    admin_client, client, project_index, terms
):
    response = admin_client.post(
        BASE + "add/", project_form(terms, go_live_at=in_a_week())
    )
    assert response.status_code == 302, form_errors(response)
    project = Project.objects.get(slug="elevutbyte-hiddenhausen")
    assert not project.live
    assert project.go_live_at > timezone.now()
    assert project.scheduled_revision is not None
    assert client.get("/projekt/elevutbyte-hiddenhausen/").status_code == 404
    assert "Elevutbyte med Hiddenhausen" not in page_text(client.get("/projekt/"))


def test_scheduling_a_live_project_keeps_the_live_version_until_then(
    admin_client, client, project_index, terms
):
    admin_client.post(BASE + "add/", project_form(terms))
    project = Project.objects.get(slug="elevutbyte-hiddenhausen")
    changed = project_form(terms, title="Nytt namn", go_live_at=in_a_week())
    assert admin_client.post(f"{BASE}edit/{project.pk}/", changed).status_code == 302
    project.refresh_from_db()
    assert project.live
    public = page_text(client.get("/projekt/elevutbyte-hiddenhausen/"))
    assert "Elevutbyte med Hiddenhausen" in public
    assert "Nytt namn" not in public


# --- Validation in the form --------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"start_date": "2025-08-01", "end_date": "2025-07-31"},
            "end_date",
            "Slutdatumet ligger före startdatumet.",
        ),
        (
            {"total_budget": "100000", "eu_grant": "100001"},
            "eu_grant",
            "EU-bidraget är större än den totala budgeten.",
        ),
        (
            {"slug": "upptagen"},
            "slug",
            "Ett annat projekt på det här språket använder redan den här sluggen.",
        ),
    ],
)
def test_the_edit_form_shows_what_is_wrong(
    admin_client, make_project, terms, overrides, field, message
):
    make_project("Upptagen", slug="upptagen")
    project = make_project("Elevutbyte", slug="elevutbyte-hiddenhausen")
    response = admin_client.post(
        f"{BASE}edit/{project.pk}/", project_form(terms, **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in page_text(response)
    project.refresh_from_db()
    assert project.title == "Elevutbyte"
    assert project.latest_revision.content["title"] == "Elevutbyte"


def test_the_add_form_refuses_a_project_ending_before_it_starts(admin_client, terms):
    response = admin_client.post(
        BASE + "add/", project_form(terms, end_date="2020-01-01")
    )
    assert response.status_code == 200
    assert "Slutdatumet ligger före startdatumet." in page_text(response)
    assert not Project.objects.exists()


# --- The list: filters, search, export ---------------------------------------------


def test_the_list_shows_every_project_with_its_status(admin_client, inventory):
    response = admin_client.get(BASE)
    assert listed(response) == [
        "Matkultur",
        "Elevutbyte",
        "Pupil exchange",
        "Utkast",
        "Omvärldsbevakning",
        "Klimatanpassning",
    ]
    row = soup(response).find(id=f"snippet_{inventory['klimat'].pk}_title")
    cells = [td.get_text(strip=True) for td in row.find_parent("tr").find_all("td")]
    assert cells[2:6] == [
        "avslutat",
        "Sektor samhälle och utveckling",
        "1 januari 2021",
        "31 december 2024",
    ]


def test_the_list_filters_narrow_the_list(admin_client, inventory, terms):
    sv = terms["sv"]
    cases = [
        ({"status": "ongoing"}, {"Elevutbyte", "Omvärldsbevakning", "Pupil exchange"}),
        ({"status": "completed"}, {"Klimatanpassning"}),
        ({"review_overdue": "true"}, {"Matkultur", "Omvärldsbevakning"}),
        (
            {"review_overdue": "false"},
            {"Elevutbyte", "Klimatanpassning", "Utkast", "Pupil exchange"},
        ),
        (
            {"year": "2025"},
            {"Elevutbyte", "Omvärldsbevakning", "Utkast", "Pupil exchange"},
        ),
        ({"year": "2022"}, {"Klimatanpassning"}),
        ({"partner_country": "DE"}, {"Elevutbyte", "Utkast", "Pupil exchange"}),
        ({"partner_country": "IT"}, {"Matkultur"}),
        ({"partner_country": "NO"}, {"Klimatanpassning"}),
        ({"unit": sv["units"][1].pk}, {"Matkultur", "Klimatanpassning"}),
        ({"unit": sv["units"][5].pk}, set()),
        # The language, as Wagtail's own links give it (e.g. after saving).
        ({"locale": "en"}, {"Pupil exchange"}),
        ({"locale": "sv", "status": "completed"}, {"Klimatanpassning"}),
        ({"status": "ongoing", "unit": sv["units"][0].pk}, {"Elevutbyte"}),
        ({"year": "2026", "review_overdue": "true"}, {"Omvärldsbevakning"}),
    ]
    wrong = []
    for query, expected in cases:
        shown = listed(admin_client.get(BASE, query))
        if sorted(shown) != sorted(expected):
            wrong.append((query, shown))
    assert wrong == []


def test_every_choice_of_the_language_filter_opens(admin_client, inventory):
    """The language filter offered on the list narrows it, like the others."""
    page = soup(admin_client.get(BASE))
    choices = [
        option["value"]
        for option in page.select('[name="locale"] option, input[name="locale"]')
        if option.get("value")
    ]
    assert len(choices) == 2
    for choice in choices:
        response = admin_client.get(BASE, {"locale": choice})
        assert response.status_code == 200, choice
        assert len(listed(response)) in (1, 5), choice


def test_search_finds_projects_by_title(admin_client, inventory):
    assert listed(admin_client.get(BASE, {"q": "Matkultur"})) == ["Matkultur"]
    assert listed(admin_client.get(BASE, {"q": "matkult"})) == ["Matkultur"]
    assert listed(admin_client.get(BASE, {"q": "KA122"})) == ["Elevutbyte"]
    assert listed(admin_client.get(BASE, {"q": "finns inte"})) == []


def test_search_and_filters_combine(admin_client, inventory):
    # Every summary starts with "Om".
    assert len(listed(admin_client.get(BASE, {"q": "Om"}))) == 6
    shown = listed(admin_client.get(BASE, {"q": "Om", "status": "completed"}))
    assert shown == ["Klimatanpassning"]


def test_the_csv_export_holds_exactly_the_filtered_rows(admin_client, inventory):
    response = admin_client.get(BASE, {"status": "ongoing", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="projekt.csv"' in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    assert header[:4] == ["Rubrik", "Slug", "Status", "Ansvarig enhet"]
    assert len(header) == 13
    assert sorted(row[0] for row in body) == [
        "Elevutbyte",
        "Omvärldsbevakning",
        "Pupil exchange",
    ]
    elevutbyte = next(row for row in body if row[0] == "Elevutbyte")
    assert elevutbyte[1] == "elevutbyte"
    assert elevutbyte[3] == "Sektor bildning och lärande"
    assert elevutbyte[4:6] == ["2025-08-01", "2027-06-30"]
    # Words a reader understands, not the stored codes.
    assert elevutbyte[2] == "pågående"
    assert elevutbyte[-1] == "ja"


def test_the_csv_export_of_the_whole_list_holds_every_project(admin_client, inventory):
    response = admin_client.get(BASE, {"export": "csv"})
    body = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))[1:]
    assert sorted(row[0] for row in body) == sorted(
        project.title for project in inventory.values()
    )


def test_the_xlsx_export_opens_and_holds_the_filtered_rows(
    admin_client, inventory, terms
):
    unit = terms["sv"]["units"][1]
    response = admin_client.get(BASE, {"unit": unit.pk, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="projekt.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)), read_only=True)
    table = list(workbook.active.iter_rows(values_only=True))
    assert table[0][:2] == ("Rubrik", "Slug")
    assert sorted(row[0] for row in table[1:]) == ["Klimatanpassning", "Matkultur"]
    klimat = next(row for row in table[1:] if row[0] == "Klimatanpassning")
    assert klimat[3] == "Sektor samhälle och utveckling"


# --- Inspect, history and permissions ----------------------------------------------


def test_the_inspect_view_shows_the_project(admin_client, inventory):
    project = inventory["elevutbyte"]
    response = admin_client.get(f"{BASE}inspect/{project.pk}/")
    assert response.status_code == 200
    shown = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in soup(response).find_all("dt")
    }
    assert shown["Rubrik"] == "Elevutbyte"
    assert shown["Status"] == "pågående"
    assert shown["Ansvarig enhet"] == "Sektor bildning och lärande"
    assert shown["Startdatum"] == "1 augusti 2025"
    assert shown["Erasmus+-projektnummer"] == "2025-1-SE01-KA122-SCH-000000001"


def test_the_history_view_lists_creation_and_publication(
    admin_client, project_index, terms
):
    admin_client.post(BASE + "add/", project_form(terms))
    project = Project.objects.get(slug="elevutbyte-hiddenhausen")
    response = admin_client.get(f"{BASE}history/{project.pk}/")
    assert response.status_code == 200
    entries = [
        [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in soup(response).select("table tbody tr")
    ]
    assert [(entry[0].split()[0], entry[1]) for entry in entries] == [
        ("Publicerad", "admin"),
        ("Skapad", "admin"),
    ]


def test_staff_without_permissions_cannot_open_the_projects(
    editor_without_rights, inventory
):
    home = editor_without_rights.get("/admin/")
    assert home.status_code == 200
    assert "international" not in sidebar_menu(home)
    for url in (
        BASE,
        BASE + "add/",
        f"{BASE}edit/{inventory['elevutbyte'].pk}/",
        BASE + "?export=csv",
    ):
        response = editor_without_rights.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == "/admin/", url
        assert b"Elevutbyte" not in content(response), url
    response = editor_without_rights.post(
        f"{BASE}unpublish/{inventory['elevutbyte'].pk}/"
    )
    assert response.status_code in (302, 403)
    inventory["elevutbyte"].refresh_from_db()
    assert inventory["elevutbyte"].live
