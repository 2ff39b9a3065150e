"""The report to the municipal executive board: results per project and period, the
units' commentaries, the frozen published report and its DOCX."""

import datetime
import io
from decimal import Decimal

import docx
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from wagtail.test.utils.form_data import inline_formset

from inventory.models import Project, ReportSnapshot
from inventory.reports.figures import build_report
from inventory.reports.models import ProjectResult, SectorNarrative
from inventory.reports.periods import ReportingPeriod
from tests.inventory.projects.test_admin import BASE, form_errors, project_form

pytestmark = pytest.mark.django_db

D = datetime.date
T2 = ReportingPeriod(2026, "T2")
ADMIN_REPORT = "/admin/reports/t2/?year=2026"
RESULT = "Tjugo elever har bott hos värdfamiljer i Hiddenhausen."
COMMENTARY = "Sektorn har under perioden byggt upp två nya partnerskap."
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return " ".join(soup(response).get_text(" ").split())


def publish_with_results(project, **results):
    """Give the project results per period key ("2026-T2") and publish it, as the
    editor's form does: the results travel in the project's revision."""
    project.results = [
        ProjectResult(period_key=key.replace("_", "-"), text=value)
        for key, value in results.items()
    ]
    project.save_revision().publish()
    project.refresh_from_db()
    return project


@pytest.fixture
def board(project_index, en_project_index, make_project, terms, en_locale):
    """Two units' projects in tertial 2 2026, one of them translated to English."""
    sv, en = terms["sv"], terms["en"]
    exchange = make_project(
        "Elevutbyte",
        start_date=D(2025, 8, 1),
        end_date=D(2027, 6, 30),
        unit=sv["units"][0],
        funding_programme=sv["programmes"][0],
        currency="SEK",
        total_budget=Decimal(450000),
        eu_grant=Decimal(380000),
        sector_contact="Karin Lärare",
        sector_contact_email="karin.larare@kommun.example",
    )
    food = make_project(
        "Matkultur",
        start_date=D(2026, 3, 1),
        end_date=D(2026, 6, 30),
        unit=sv["units"][1],
        currency="EUR",
        total_budget=Decimal(60000),
    )
    make_project("Inställt", status="cancelled", unit=sv["units"][0])
    make_project("Framtid", start_date=D(2026, 9, 1), unit=sv["units"][0])
    english = make_project(
        "Pupil exchange",
        locale=en_locale,
        translation_key=exchange.translation_key,
        start_date=D(2025, 8, 1),
        end_date=D(2027, 6, 30),
        unit=en["units"][0],
    )
    publish_with_results(exchange, **{"2026_T2": RESULT, "2026_T1": "Förberedelser."})
    publish_with_results(english, **{"2026_T2": "Twenty pupils stayed with hosts."})
    return {"exchange": exchange, "food": food, "english": english, **sv}


def unit_section(response, name):
    """The admin report's section for the unit called ``name``."""
    for section in soup(response).select("#units section"):
        if section.h3.get_text(strip=True) == name:
            return section
    raise AssertionError(f"No section for {name}")


def publish_report(admin_client):
    response = admin_client.post(
        "/admin/reports/t2/publish/", {"year": 2026}, follow=True
    )
    assert ReportSnapshot.objects.filter(period_key="2026-T2").count() == 2
    return response


def open_docx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    return docx.Document(io.BytesIO(response.content))


def docx_text(document):
    """Every paragraph of the document, tables included, one per line."""
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


# --- Results in the project's revisions ---------------------------------------------


def test_a_result_is_reported_once_its_project_is_published(board, sv_locale):
    food = board["food"]
    food.results = [ProjectResult(period_key="2026-T2", text="Ett recepthäfte.")]
    food.save_revision()  # a draft, e.g. waiting in the workflow

    def reported():
        sectors = build_report(T2, sv_locale)["sectors"]
        return {
            project["title"]: project["result"]
            for sector in sectors
            for project in sector["projects"]
        }

    assert reported() == {"Elevutbyte": RESULT, "Matkultur": ""}
    food.latest_revision.publish()
    assert reported() == {"Elevutbyte": RESULT, "Matkultur": "Ett recepthäfte."}


def test_the_editor_adds_results_in_the_project_form(admin_client, board, terms):
    edit = admin_client.get(f"{BASE}edit/{board['food'].pk}/")
    # The empty row the "Add result" button copies (a <template>).
    chooser = soup(edit).find("select", attrs={"name": "results-__prefix__-period_key"})
    options = [str(option.string) for option in chooser.find_all("option")]
    assert "Tertial 2 2026" in options
    assert "Bokslut 2026" in options

    results = [
        {"period_key": "2026-T2", "text": "Ett recepthäfte\r\nmed\u200b tolv recept. "},
        {"period_key": "2026-B", "text": "Slutrapport inlämnad."},
    ]
    response = admin_client.post(
        BASE + "add/",
        project_form(terms, results=inline_formset(results)),
    )
    assert response.status_code == 302, form_errors(response)
    project = Project.objects.get(slug="elevutbyte-hiddenhausen")
    assert list(project.results.values_list("period_key", "text")) == [
        ("2026-T2", "Ett recepthäfte\nmed tolv recept."),
        ("2026-B", "Slutrapport inlämnad."),
    ]


def test_one_result_per_period_and_only_real_periods(admin_client, board, terms):
    twice = [
        {"period_key": "2026-T2", "text": "Ett."},
        {"period_key": "2026-T2", "text": "Två."},
    ]
    response = admin_client.post(
        BASE + "add/",
        project_form(terms, results=inline_formset(twice)),
    )
    assert response.status_code == 200
    assert not Project.objects.filter(slug="elevutbyte-hiddenhausen").exists()
    unknown = [{"period_key": "2026-T3", "text": "Ett."}]
    response = admin_client.post(
        BASE + "add/",
        project_form(terms, results=inline_formset(unknown)),
    )
    assert response.status_code == 200
    assert not Project.objects.filter(slug="elevutbyte-hiddenhausen").exists()


def test_deleting_a_project_deletes_its_results(board):
    board["exchange"].delete()
    assert not ProjectResult.objects.filter(text=RESULT).exists()


# --- The admin report: projects per unit, commentaries -------------------------------


def test_the_admin_report_lists_the_projects_per_unit_with_their_results(
    admin_client, board
):
    response = admin_client.get(ADMIN_REPORT)
    assert response.status_code == 200
    first = unit_section(response, board["units"][0].name)
    assert [h4.get_text(strip=True) for h4 in first.find_all("h4")] == ["Elevutbyte"]
    assert RESULT in first.get_text()
    assert "Förberedelser." not in first.get_text()  # tertial 1's result
    # Who to ask, and where to edit the project.
    assert "Karin Lärare" in first.get_text()
    assert first.find("a", href="mailto:karin.larare@kommun.example")
    assert first.h4.a["href"] == f"{BASE}edit/{board['exchange'].pk}/"
    second = unit_section(response, board["units"][1].name)
    assert [h4.get_text(strip=True) for h4 in second.find_all("h4")] == ["Matkultur"]
    assert second.select(".board-project__result.help-warning")
    # Cancelled projects and projects that start later are not in the period.
    assert "Inställt" not in text(response)
    assert "Framtid" not in text(response)


def test_the_coordinator_writes_a_commentary_per_unit_and_language(
    admin_client, board, terms
):
    unit, english_unit = board["units"][0], terms["en"]["units"][0]
    page = admin_client.get(ADMIN_REPORT)
    section = unit_section(page, unit.name)
    assert section.find("textarea", attrs={"name": f"commentary-{unit.pk}"})
    assert section.find("textarea", attrs={"name": f"commentary-{english_unit.pk}"})

    response = admin_client.post(
        ADMIN_REPORT,
        {
            f"commentary-{unit.pk}": f"  {COMMENTARY}\r\n",
            f"commentary-{english_unit.pk}": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == ADMIN_REPORT + "#units"
    narrative = SectorNarrative.objects.get()
    assert (narrative.unit, narrative.period_key) == (unit, "2026-T2")
    assert narrative.text == COMMENTARY
    shown = unit_section(admin_client.get(ADMIN_REPORT), unit.name)
    assert (
        shown.find("textarea", attrs={"name": f"commentary-{unit.pk}"}).get_text(
            strip=True
        )
        == COMMENTARY
    )

    # Emptying the box removes the commentary.
    admin_client.post(ADMIN_REPORT, {f"commentary-{unit.pk}": ""})
    assert not SectorNarrative.objects.exists()


def test_a_commentary_too_long_is_refused_and_kept_in_the_box(admin_client, board):
    unit = board["units"][0]
    long = "Ord " * 800
    response = admin_client.post(ADMIN_REPORT, {f"commentary-{unit.pk}": long})
    assert response.status_code == 200
    box = unit_section(response, unit.name).find(
        "textarea", attrs={"name": f"commentary-{unit.pk}"}
    )
    assert box.get_text().strip() == long.strip()
    assert not SectorNarrative.objects.exists()


def test_only_those_who_publish_write_commentaries(client, board, django_user_model):
    user = django_user_model.objects.create_user("lasare", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_reportsnapshot"])
    )
    client.force_login(user)
    page = client.get(ADMIN_REPORT)
    assert page.status_code == 200
    assert not soup(page).find("textarea")
    assert RESULT in text(page)
    unit = board["units"][0]
    client.post(ADMIN_REPORT, {f"commentary-{unit.pk}": COMMENTARY})
    assert not SectorNarrative.objects.exists()


# --- Publishing freezes --------------------------------------------------------------


def test_publishing_freezes_projects_results_and_commentaries(
    admin_client, client, board
):
    unit = board["units"][0]
    admin_client.post(ADMIN_REPORT, {f"commentary-{unit.pk}": COMMENTARY})
    publish_report(admin_client)
    page = client.get("/projekt/rapporter/2026-t2/")
    assert page.status_code == 200
    assert COMMENTARY in text(page)
    assert RESULT in text(page)
    before_docx = docx_text(open_docx(client.get("/projekt/rapporter/2026-t2/docx/")))
    assert RESULT in before_docx

    # Later edits: a new result published with the project, a changed commentary.
    publish_with_results(board["exchange"], **{"2026_T2": "Ett helt annat resultat."})
    SectorNarrative.objects.filter(unit=unit).update(text="Ändrad efteråt.")
    refused = admin_client.post(
        ADMIN_REPORT, {f"commentary-{unit.pk}": "Försök igen."}, follow=True
    )
    assert "Försök igen." not in text(refused)
    assert SectorNarrative.objects.get().text == "Ändrad efteråt."

    after = client.get("/projekt/rapporter/2026-t2/")
    assert RESULT in text(after) and COMMENTARY in text(after)
    assert "Ett helt annat resultat." not in text(after)
    assert "Ändrad efteråt." not in text(after)
    after_docx = docx_text(open_docx(client.get("/projekt/rapporter/2026-t2/docx/")))
    assert after_docx == before_docx
    # The admin shows the published report too, without text boxes.
    admin_page = admin_client.get(ADMIN_REPORT)
    assert not soup(admin_page).find("textarea")
    assert COMMENTARY in text(admin_page) and RESULT in text(admin_page)
    assert "Ett helt annat resultat." not in text(admin_page)


def test_a_report_published_before_results_were_listed_still_shows(
    client, board, sv_locale
):
    data = build_report(T2, sv_locale)
    del data["sectors"]
    ReportSnapshot.objects.create(
        period_key="2026-T2",
        period_end=T2.end,
        locale=sv_locale,
        data=data,
        published_at=datetime.datetime(2026, 9, 10, tzinfo=datetime.UTC),
    )
    page = client.get("/projekt/rapporter/2026-t2/")
    assert page.status_code == 200
    assert not soup(page).select(".report-sectors")
    assert open_docx(client.get("/projekt/rapporter/2026-t2/docx/")).tables


# --- The public report: projects, DOCX, print ----------------------------------------


def test_the_public_report_lists_the_units_projects_and_results(
    admin_client, client, board
):
    publish_report(admin_client)
    page = client.get("/projekt/rapporter/2026-t2/")
    sections = soup(page).select(".report-sector")
    assert [section.h3.get_text(strip=True) for section in sections] == [
        board["units"][0].name,
        board["units"][1].name,
    ]
    exchange = sections[0].select_one(".report-project")
    assert exchange.h4.get_text(strip=True) == "Elevutbyte"
    facts = exchange.get_text(" ", strip=True)
    assert "Pågående" in facts
    assert "Erasmus+" in facts and "450\xa0000 SEK" in facts
    assert RESULT in facts
    # The contact person is for the admin only.
    assert "Karin" not in text(page)
    links = {
        a.get_text(strip=True): a["href"] for a in soup(page).select(".report__files a")
    }
    assert links["Word (DOCX)"] == "/projekt/rapporter/2026-t2/docx/"
    assert links["Excel (XLSX)"] == "/projekt/rapporter/2026-t2/xlsx/"
    assert client.get(links["CSV"]).status_code == 200
    assert client.get("/projekt/rapporter/2026-t2/pdf/").status_code == 404
    assert client.get("/projekt/rapporter/2026-b/docx/").status_code == 404


def test_the_docx_is_in_swedish_at_the_swedish_address(admin_client, client, board):
    unit = board["units"][0]
    admin_client.post(ADMIN_REPORT, {f"commentary-{unit.pk}": COMMENTARY})
    publish_report(admin_client)
    response = client.get("/projekt/rapporter/2026-t2/docx/")
    assert response["Content-Disposition"] == (
        'attachment; filename="rapport-2026-T2.docx"'
    )
    document = open_docx(response)
    headings = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert headings == ["Uppföljning av internationella projekt, tertial 2 2026"]
    assert document.paragraphs[0].text == "Kungälvs kommun"
    body = docx_text(document)
    assert "Projekt per ansvarig enhet" in body  # a figures table
    assert COMMENTARY in body
    assert RESULT in body
    assert "Inget resultat rapporterat" in body  # Matkultur
    assert "Karin" not in body
    level_two = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert unit.name in level_two


def test_the_docx_is_in_english_at_the_english_address(
    admin_client, client, board, terms
):
    english_unit = terms["en"]["units"][0]
    admin_client.post(
        ADMIN_REPORT,
        {
            f"commentary-{board['units'][0].pk}": COMMENTARY,
            f"commentary-{english_unit.pk}": "Two new partnerships.",
        },
    )
    publish_report(admin_client)
    document = open_docx(client.get("/en/projects/reports/2026-t2/docx/"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert headings == ["Follow-up of international projects, tertial 2 2026"]
    body = docx_text(document)
    assert "Projects per responsible unit" in body
    assert "Two new partnerships." in body and COMMENTARY not in body
    assert "Twenty pupils stayed with hosts." in body
    assert document.core_properties.language == "en"


def test_an_untranslated_commentary_is_shown_in_its_own_language(
    admin_client, client, board
):
    admin_client.post(ADMIN_REPORT, {f"commentary-{board['units'][0].pk}": COMMENTARY})
    publish_report(admin_client)
    page = client.get("/en/projects/reports/2026-t2/")
    commentary = soup(page).select_one(".report-sector__commentary")
    assert commentary["lang"] == "sv"
    assert COMMENTARY in commentary.get_text()


def test_the_admin_offers_the_docx_beside_the_spreadsheets(admin_client, board):
    page = admin_client.get(ADMIN_REPORT)
    labels = [a.get_text(strip=True) for a in soup(page).select("a.button-small")]
    assert labels[:3] == ["Word (DOCX)", "Excel (XLSX)", "CSV"]
    document = open_docx(admin_client.get("/admin/reports/t2/export/docx/?year=2026"))
    body = docx_text(document)
    assert "Inte publicerad än." in body
    assert RESULT in body


def test_a_file_address_in_capitals_redirects(admin_client, client, board):
    publish_report(admin_client)
    response = client.get("/projekt/rapporter/2026-T2/docx/")
    assert response.status_code == 302
    assert response["Location"] == "/projekt/rapporter/2026-t2/docx/"
