"""The site search over everything public: pages, the projects the public list shows,
published reports and the partners' facts, each kind under a heading with its count,
and the editors' recommended results first."""

import datetime
import itertools

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.users.models import UserProfile

from inventory.models import ProjectIndexPage
from inventory.reports.figures import build_report
from inventory.reports.models import (
    ProjectResult,
    ReportingSettings,
    ReportSnapshot,
    SectorNarrative,
)
from partnerships.models import PartnerPage
from tests import builders
from tests.inventory.builders import project_maker
from website.models import ContentPage

pytestmark = pytest.mark.django_db

_fresh = itertools.count()


def search(client, query, language="sv", **params):
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def group(page, kind):
    return page.find("section", class_=f"search-group--{kind}")


def links(page, kind):
    section = group(page, kind)
    if section is None:
        return []
    return [h3.a["href"] for h3 in section.find("ol").find_all("h3")]


def heading(page, kind):
    return " ".join(group(page, kind).h2.get_text().split())


def sv_index():
    return ProjectIndexPage.objects.get(locale__language_code="sv")


def report_url(index, key):
    with translation.override(index.locale.language_code):
        return index.url + index.reverse_subpage("report", kwargs={"key": key})


def publish_report(key, language="sv"):
    """Publish the report for ``key`` in ``language`` as the coordinator does."""
    locale = builders.en_locale() if language == "en" else builders.sv_locale()
    period = ReportingSettings.load().period(key)
    return ReportSnapshot.objects.create(
        period_key=period.key,
        period_end=period.end,
        locale=locale,
        data=build_report(period, locale),
        published_at=timezone.now(),
    )


# --- Projects ----------------------------------------------------------------------


def test_a_project_is_found_by_a_word_of_its_title(client, demo_site):
    page = search(client, "Klimatanpassning")
    assert links(page, "projects") == ["/projekt/klimatanpassning-kusten/"]
    assert client.get("/projekt/klimatanpassning-kusten/").status_code == 200


def test_a_project_is_found_by_its_funding_programme(client, demo_site):
    page = search(client, "Erasmus")
    assert links(page, "projects") == ["/projekt/elevutbyte-hiddenhausen/"]
    item = group(page, "projects").find("li")
    details = item.find(class_="search-results__details").get_text()
    assert details == "Pågående · Erasmus+"


def test_a_project_is_found_by_its_priority_area(client, demo_site):
    # "Omvärldsbevakning" is a priority area of two demo projects, and the title of
    # one of them.
    found = links(search(client, "Omvärldsbevakning"), "projects")
    assert sorted(found) == [
        "/projekt/klimatanpassning-kusten/",
        "/projekt/omvarldsbevakning-eu/",
    ]


def test_a_swedish_definite_form_finds_the_base_form(client, demo_site):
    # PostgreSQL's Swedish stemmer leaves "klimatet" whole, SQLite does not stem.
    make = project_maker()
    make("Havsnivåer", summary="Kommunen anpassar sig till ett förändrat klimat.")
    assert links(search(client, "klimatet"), "projects") == ["/projekt/havsnivaer/"]
    assert links(search(client, "förändrat klimatet"), "projects") == [
        "/projekt/havsnivaer/"
    ]


def test_english_search_finds_the_english_projects(client, demo_site):
    page = search(client, "climate", "en")
    assert links(page, "projects") == ["/en/projects/coastal-climate-adaptation/"]
    assert links(search(client, "climate"), "projects") == []


def test_the_partner_and_its_project_are_found_by_the_partners_name(client, demo_site):
    page = search(client, "Hiddenhausen")
    assert "/vanorter/hiddenhausen/" in links(page, "pages")
    assert links(page, "projects") == ["/projekt/elevutbyte-hiddenhausen/"]


def test_each_kind_has_a_heading_with_its_count(client, demo_site):
    page = search(client, "Hiddenhausen")
    pages = len(links(page, "pages"))
    assert heading(page, "pages") == f"Sidor ({pages})"
    assert heading(page, "projects") == "Projekt (1)"
    assert group(page, "reports") is None  # no report names Hiddenhausen
    total = pages + 1
    assert f"{total} träffar" in page.find(class_="search-count").get_text()
    english = search(client, "Hiddenhausen", "en")
    assert heading(english, "projects") == "Projects (1)"


def test_only_the_projects_the_public_list_shows_are_found(client, demo_site):
    make = project_maker()
    make("Vattenrening i skärgården", summary="Om vattenrening.")
    make("Vattenrening utkast", summary="Om vattenrening.", live=False)
    make(
        "Water treatment",
        summary="Om vattenrening.",
        locale=builders.en_locale(),
        slug="water-treatment",
    )
    assert links(search(client, "vattenrening"), "projects") == [
        "/projekt/vattenrening-i-skargarden/"
    ]
    assert links(search(client, "vattenrening", "en"), "projects") == [
        "/en/projects/water-treatment/"
    ]


def test_no_project_is_found_when_the_project_list_is_not_public(client, demo_site):
    PageViewRestriction.objects.create(
        page=sv_index(), restriction_type=PageViewRestriction.LOGIN
    )
    page = search(client, "Klimatanpassning")
    assert group(page, "projects") is None
    assert "0 träffar" in page.find(class_="search-count").get_text()


def test_more_than_five_projects_link_to_all_of_them_a_page_at_a_time(
    client, demo_site
):
    make = project_maker()
    for number in range(12):
        make(f"Vattenprojekt {number}", summary="Om vattenrening i kommunen.")
    page = search(client, "vattenrening")
    assert len(links(page, "projects")) == 5
    assert heading(page, "projects") == "Projekt (12)"
    more = group(page, "projects").find(class_="search-group__more").a
    assert "12" in more.get_text()

    first = BeautifulSoup(client.get(more["href"]).content, "html.parser")
    assert group(first, "pages") is None
    assert len(links(first, "projects")) == 10
    next_link = first.find("nav", class_="pagination").find("a", rel="next")
    second = BeautifulSoup(
        client.get(reverse("search") + next_link["href"]).content, "html.parser"
    )
    assert len(links(second, "projects")) == 2
    assert group(second, "projects").ol["start"] == "11"
    assert set(links(first, "projects")).isdisjoint(links(second, "projects"))
    back = group(second, "projects").find(class_="search-group__more").a
    assert back["href"] == "/sok/?q=vattenrening"


# --- Partners ----------------------------------------------------------------------


def test_a_partner_is_found_by_its_country_in_the_page_language(client, demo_site):
    assert "/vanorter/hiddenhausen/" in links(search(client, "Tyskland"), "pages")
    assert "/en/twin-towns/hiddenhausen/" in links(
        search(client, "Germany", "en"), "pages"
    )
    assert "/en/twin-towns/hiddenhausen/" not in links(
        search(client, "Tyskland", "en"), "pages"
    )


def test_a_partner_is_found_by_its_official_name_region_and_cooperation_areas(
    client, demo_site
):
    partner = builders.partner(
        "Exempelby",
        official_name="Exempelbys landskommun",
        region="Exempelregionen",
        country="FI",
        tags=["brandskydd"],
    )
    partner.save_revision().publish()  # as an editor publishes it
    for word in ("landskommun", "Exempelregionen", "brandskydd", "Finland"):
        assert links(search(client, word), "pages") == ["/vanorter/exempelby/"], word


# --- Reports -----------------------------------------------------------------------


def test_a_report_is_found_by_its_commentary_and_its_projects_results(
    client, demo_site
):
    project = sv_index().projects().get(slug="elevutbyte-hiddenhausen")
    ProjectResult.objects.create(
        project=project,
        period_key="2025-B",
        text="Fyrtio elever deltog i skolutbytet under hösten.",
    )
    SectorNarrative.objects.create(
        period_key="2025-B",
        unit=project.unit,
        text="Sektorn stärkte sitt språkstöd inför utbytena.",
    )
    publish_report("2025-B")
    url = report_url(sv_index(), "2025-b")
    for word in ("skolutbytet", "språkstöd", "Bokslut"):
        page = search(client, word)
        assert links(page, "reports") == [url], word
    response = client.get(url)
    assert response.status_code == 200
    assert "språkstöd" in response.content.decode()


def test_a_report_is_found_by_its_title_in_its_own_language(client, demo_site):
    page = search(client, "Tertial")
    index = sv_index()
    assert sorted(links(page, "reports")) == sorted(
        [report_url(index, "2026-t2"), report_url(index, "2026-t1")]
    )
    assert heading(page, "reports") == "Rapporter (2)"
    english = search(client, "Tertial", "en")
    en_index = ProjectIndexPage.objects.get(locale__language_code="en")
    assert sorted(links(english, "reports")) == sorted(
        [report_url(en_index, "2026-t2"), report_url(en_index, "2026-t1")]
    )


def test_a_report_in_the_other_language_is_not_found(client, demo_site):
    SectorNarrative.objects.create(
        period_key="2025-B",
        unit=sv_index().projects().first().unit,
        text="Ett ord som bara finns här: kustskyddsvallen.",
    )
    publish_report("2025-B", "en")
    assert links(search(client, "kustskyddsvallen", "en"), "reports")
    assert links(search(client, "kustskyddsvallen"), "reports") == []


# --- Recommended results (search promotions) ---------------------------------------


def promote(query, **fields):
    return SearchPromotion.objects.create(query=Query.get(query), **fields)


def test_recommended_results_come_first_and_say_so(client, demo_site):
    about = Page.objects.get(
        url_path__endswith="/om-webbplatsen/", locale__language_code="sv"
    )
    promote(
        "hiddenhausen", page=about, description="Om vårt vänortsarbete.", sort_order=0
    )
    promote(
        "hiddenhausen",
        external_link_url="https://www.hiddenhausen.de/",
        external_link_text="Gemeinde Hiddenhausen",
        sort_order=1,
    )
    page = search(client, "Hiddenhausen")  # the editor's term in other letter case
    first = page.find("section", class_="search-group")
    assert "search-group--recommended" in first["class"]
    assert heading(page, "recommended").endswith("(2)")
    assert links(page, "recommended") == [
        "/om-webbplatsen/",
        "https://www.hiddenhausen.de/",
    ]
    assert "Om vårt vänortsarbete." in group(page, "recommended").get_text()
    # Shown once, as recommended.
    assert "/om-webbplatsen/" not in links(page, "pages")
    assert "/vanorter/hiddenhausen/" in links(page, "pages")


def test_a_recommended_page_is_shown_only_in_its_language_and_while_public(
    client, demo_site
):
    about = Page.objects.get(
        url_path__endswith="/om-webbplatsen/", locale__language_code="sv"
    )
    promote("perano", page=about)
    assert links(search(client, "Perano", "en"), "recommended") == []
    assert links(search(client, "Perano"), "recommended") == ["/om-webbplatsen/"]
    about.unpublish()
    assert links(search(client, "Perano"), "recommended") == []


# --- Cost and robustness -----------------------------------------------------------


def count_queries(client, url):
    """The queries of a search as a visitor meets it, the pieces every page repeats
    cached (as in production)."""
    client.get(f"{url}&warm={next(_fresh)}")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{url}&cold={next(_fresh)}")
    assert response.status_code == 200
    return len(captured.captured_queries)


def add_matches(count, start):
    """``count`` more pages, projects and reports that mention "vattenrening"."""
    make = project_maker()
    parent = builders.site_home()
    for number in range(start, start + count):
        make(f"Vattenprojekt {number}", summary="Om vattenrening.")
        builders.publish(
            parent,
            ContentPage(
                title=f"Vattenrening {number}",
                slug=f"vattenrening-{number}",
                body=[("paragraph", "<p>Om vattenrening.</p>")],
            ),
        )


def test_the_number_of_queries_does_not_grow_with_the_results(
    client, demo_site, settings
):
    settings.VANORT_PAGE_CACHE = "pages"
    caches["pages"].clear()
    url = "/sok/?q=vattenrening"
    add_matches(1, 0)
    SectorNarrative.objects.create(
        period_key="2025-B",
        unit=sv_index().projects().first().unit,
        text="Arbetet med vattenrening fortsatte.",
    )
    publish_report("2025-B")
    before = count_queries(client, url)
    add_matches(20, 1)
    for key in ("2025-T1", "2025-T2"):
        SectorNarrative.objects.create(
            period_key=key,
            unit=sv_index().projects().first().unit,
            text="Arbetet med vattenrening fortsatte.",
        )
        publish_report(key)
    caches["pages"].clear()
    after = count_queries(client, url)
    assert before <= 12
    assert after == before
    page = search(client, "vattenrening")
    assert heading(page, "projects") == "Projekt (21)"
    assert heading(page, "reports") == "Rapporter (3)"


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": "a\x00b"},
        {"q": '"'},
        {"q": "'"},
        {"q": '"Hiddenhausen'},
        {"q": "x" * 10_000},
        {"q": "å" * 10_000},
        {"q": "* ( ) : ^ - + NEAR AND OR NOT"},
        {"q": "Hiddenhausen", "page": "abc"},
        {"q": "Hiddenhausen", "page": "-1"},
        {"q": "Hiddenhausen", "type": "projects", "page": "9223372036854775808"},
        {"q": "Hiddenhausen", "type": "<script>"},
        {"q": "", "type": "projects"},
    ],
)
def test_hostile_input_is_answered_not_an_error(client, demo_site, params):
    response = client.get("/sok/", params)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("form", role="search")
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


# --- The editors' side -------------------------------------------------------------


def test_the_recommended_results_admin_speaks_swedish(client, demo_site, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "sv"
    profile.save()
    client.force_login(admin_user)
    promote("hiddenhausen", page=PartnerPage.objects.first())
    index = client.get(reverse("wagtailsearchpromotions:index"))
    assert index.status_code == 200
    assert "Hiddenhausen" in index.content.decode()
    add = client.get(reverse("wagtailsearchpromotions:add"))
    assert add.status_code == 200
    # With the form of each result as the editor adds it (a script template).
    html = add.content.decode()
    for swedish in (
        "Med rekommenderade sökresultat",
        "Lägg till ett rekommenderat resultat",
        "Rekommenderat sökresultat",
        "Välj en sida på webbplatsen att rekommendera",
        "Eller rekommendera en extern länk",
    ):
        assert swedish in html
    for english in ("Promoted search results are", "recommended result", "Choose an"):
        assert english not in html


def test_the_search_page_speaks_swedish(client, demo_site):
    """The words the search page brought with it, in Swedish (from the catalogue)."""
    about = Page.objects.get(
        url_path__endswith="/om-webbplatsen/", locale__language_code="sv"
    )
    promote("vattenrening", page=about)
    make = project_maker()
    for number in range(6):
        make(f"Vattenprojekt {number}", summary="Om vattenrening.")
    report = publish_report("2025-B")
    ReportSnapshot.objects.filter(pk=report.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2026, 1, 14, 10))
    )
    page = search(client, "Bokslut")
    details = group(page, "reports").find(class_="search-results__details")
    assert details.get_text() == "Publicerad 14 januari 2026"
    page = search(client, "vattenrening")
    assert heading(page, "recommended") == "Rekommenderat (1)"
    more = group(page, "projects").find(class_="search-group__more").a
    assert more.get_text() == "Alla 6 projekt som matchar"
    projects = BeautifulSoup(client.get(more["href"]).content, "html.parser")
    back = group(projects, "projects").find(class_="search-group__more").a
    assert back.get_text() == "Alla träffar för ”vattenrening”"
    nothing = search(client, "qwxzyv")
    assert "Kontrollera stavningen" in nothing.find("main").get_text()


@pytest.mark.parametrize(
    ("group_name", "status"),
    [("Internationell samordnare", 200), ("Sektorsredaktör", 302)],
)
def test_the_coordinators_set_the_promoted_results(
    client, demo_site, group_name, status
):
    """The coordinators keep "Premierade sökresultat"; a sector's editor does not."""
    user = User.objects.create_user("redaktor", "redaktor@kommun.example")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    response = client.get(reverse("wagtailsearchpromotions:index"))
    assert response.status_code == status
    if status == 200:
        assert "Premierade sökresultat" in response.text


def test_a_rich_text_introduction_is_summarised_as_text(client, demo_site):
    """The interest form's introduction is rich text: the result shows its words,
    not its markup."""
    page = search(client, "intresse")
    assert "/anmal-intresse/" in links(page, "pages")
    summaries = " ".join(p.get_text() for p in group(page, "pages").find_all("p"))
    assert "<p>" not in summaries
    assert "&lt;" not in str(group(page, "pages"))


def test_search_engines_do_not_keep_result_pages(client, demo_site):
    results = BeautifulSoup(client.get("/sok/?q=utbyte").text, "html.parser")
    assert (
        results.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    )
    empty = BeautifulSoup(client.get("/sok/").text, "html.parser")
    assert empty.find("meta", attrs={"name": "robots"}) is None
