"""The page cache for anonymous visitors: what it keeps, what it never keeps, the
headers other caches read, and that no page is stale after a change.

Each change below is made as an editor makes it and committed (the generation is
renewed when the transaction commits); then every page that shows the content is
asked for again, and must show the change on that very request.
"""

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.images.models import Image, Rendition
from wagtail.models import Locale, Page, PageViewRestriction, Revision, Site

from inventory.models import Project, ReportSnapshot
from inventory.reports.figures import mark_reviewed
from partnerships import cache as page_cache_module
from partnerships.models import (
    PartnerPage,
    PartnerVisit,
    PriorityArea,
    StoryPage,
    SustainabilityDimension,
)
from tests.inventory.builders import project_maker
from website.models import OrganisationSettings

pytestmark = pytest.mark.django_db

PROJECT = "/projekt/elevutbyte-hiddenhausen/"
PARTNER = "/vanorter/hiddenhausen/"
# Every kind of page that shows a project: list, detail, exports, feed, coverage
# and sitemap.
PROJECT_PAGES = [
    "/projekt/",
    "/projekt/?status=ongoing",
    PROJECT,
    "/projekt/export/csv/",
    "/projekt/export/json/",
    "/projekt/feed/",
    "/projekt/coverage/",
    "/sitemap-projects.xml",
]


@pytest.fixture
def page_cache(settings):
    settings.VANORT_PAGE_CACHE = "pages"
    caches["pages"].clear()
    return caches["pages"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose changes are committed, as an editor's request commits them:
    the callbacks waiting for the commit run when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response, body(response)


def cached_everywhere(client, urls):
    """Ask for each page twice: the second answer must come from the cache."""
    for url in urls:
        fetch(client, url)
        response, _text = fetch(client, url)
        assert response["X-Cache"] == "hit", url


def publish(obj):
    obj.save_revision().publish()


# --- What is kept, and the headers ------------------------------------------------


def test_an_anonymous_visitor_gets_the_page_from_the_cache_without_queries(
    client, demo_site, page_cache, django_assert_num_queries
):
    first, text = fetch(client, "/projekt/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        again, cached_text = fetch(client, "/projekt/")
    assert again["X-Cache"] == "hit"
    assert cached_text == text
    assert "Elevutbyte med Hiddenhausen" in cached_text


def test_cacheable_pages_tell_browsers_to_revalidate_and_shared_caches_to_keep(
    client, demo_site, page_cache, settings
):
    settings.VANORT_PAGE_CACHE_SHARED_MAX_AGE = 120
    for expected in ("miss", "hit"):
        response, _text = fetch(client, "/vanorter/")
        assert response["X-Cache"] == expected
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"max-age=0", "s-maxage=120"}
        assert "Cookie" in response["Vary"]
        assert response["ETag"]
        assert response["Last-Modified"]


def test_a_browser_that_has_the_page_gets_304(client, demo_site, page_cache):
    response, _text = fetch(client, "/vanorter/")
    not_modified = client.get("/vanorter/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    since = client.get("/vanorter/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_a_browser_with_an_old_copy_gets_the_new_page_after_a_change(
    client, demo_site, page_cache, committed
):
    response, _text = fetch(client, PARTNER)
    partner = PartnerPage.objects.get(
        url_path__endswith="/hiddenhausen/", locale__language_code="sv"
    )
    with committed():
        partner.region = "Kreis Herford (ändrad)"
        publish(partner)
    fresh = client.get(PARTNER, HTTP_IF_NONE_MATCH=response["ETag"])
    assert fresh.status_code == 200
    assert "Kreis Herford (ändrad)" in body(fresh)


def test_the_key_is_the_whole_address_and_the_language(client, demo_site, page_cache):
    _r, all_projects = fetch(client, "/projekt/")
    _r, completed = fetch(client, "/projekt/?status=completed")
    assert all_projects != completed
    _r, english = fetch(client, "/en/projects/")
    assert '<html lang="en">' in english and '<html lang="sv">' in all_projects
    response, again = fetch(client, "/projekt/?status=completed")
    assert response["X-Cache"] == "hit" and again == completed


def test_each_filter_shows_its_own_choices_and_errors(client, demo_site, page_cache):
    """The filter form is kept per filters asked for: a page with other filters,
    or ignored ones, never shows another's."""
    for number, (query, selected) in enumerate(
        [
            ("status=ongoing", 'value="ongoing" selected'),
            ("status=completed", 'value="completed" selected'),
            ("status=ongoing", 'value="ongoing" selected'),
        ]
    ):
        text = fetch(client, f"/projekt/?{query}&visit={number}")[1]
        assert selected in text, query
        assert "filter-errors" not in text
    text = fetch(client, "/projekt/?status=bogus")[1]
    assert "filter-errors" in text
    assert "filter-errors" not in fetch(client, "/projekt/?visit=9")[1]


def test_a_head_request_is_answered_from_the_cached_page(
    client, demo_site, page_cache, django_assert_num_queries
):
    fetch(client, "/vanorter/")
    with django_assert_num_queries(0):
        response = client.head("/vanorter/")
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"


def test_large_exports_are_kept_in_parts_and_served_whole(
    client, demo_site, page_cache, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(page_cache_module.PageCacheMiddleware, "CHUNK_BYTES", 200)
    first, text = fetch(client, "/projekt/export/json/")
    assert first["X-Cache"] == "miss" and first.streaming
    with django_assert_num_queries(0):
        again, cached = fetch(client, "/projekt/export/json/")
    assert again["X-Cache"] == "hit"
    assert cached == text
    assert len(json.loads(cached)["projects"]) == 4
    assert again["Content-Disposition"] == first["Content-Disposition"]


def test_an_export_whose_part_the_cache_dropped_is_made_again(
    client, demo_site, page_cache, monkeypatch
):
    monkeypatch.setattr(page_cache_module.PageCacheMiddleware, "CHUNK_BYTES", 200)
    _r, text = fetch(client, "/projekt/export/csv/")
    # The first part, as the cache stores it (":1:" + key).
    part = next(key for key in page_cache._cache if key.endswith(":0"))
    page_cache.delete(part.removeprefix(":1:"))
    response, again = fetch(client, "/projekt/export/csv/")
    assert response["X-Cache"] == "miss"
    assert again == text


def test_an_export_the_visitor_broke_off_is_not_kept(rf, page_cache, monkeypatch):
    from django.http import StreamingHttpResponse

    monkeypatch.setattr(page_cache_module.PageCacheMiddleware, "CHUNK_BYTES", 10)

    def export(request):
        response = StreamingHttpResponse(f"rad {n}\n" for n in range(100))
        response.page_cache = True
        return response

    middleware = page_cache_module.PageCacheMiddleware(export)
    response = middleware(rf.get("/export/"))
    assert response["X-Cache"] == "miss"
    parts = iter(response.streaming_content)
    next(parts)  # the first part only, then the connection is gone
    response.close()
    assert middleware(rf.get("/export/"))["X-Cache"] == "miss"
    whole = middleware(rf.get("/export/"))
    assert b"".join(whole.streaming_content).count(b"rad") == 100
    again = middleware(rf.get("/export/"))
    assert again["X-Cache"] == "hit"
    assert b"".join(again.streaming_content).count(b"rad") == 100


# --- What is never kept ------------------------------------------------------------


def test_logged_in_editors_never_get_or_fill_the_cache(
    client, admin_client, demo_site, page_cache
):
    fetch(client, "/vanorter/")
    response, text = fetch(admin_client, "/vanorter/")
    assert response["X-Cache"] == "skip"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    # The editor's page (with Wagtail's user bar) never reaches visitors.
    assert "wagtail-userbar" in text
    assert "wagtail-userbar" not in fetch(client, "/vanorter/")[1]


def test_forms_with_a_token_are_never_kept(client, demo_site, page_cache):
    for _attempt in range(2):
        response, text = fetch(client, "/anmal-intresse/")
        assert response["X-Cache"] == "skip"
        assert "no-store" in response["Cache-Control"]
        assert "csrfmiddlewaretoken" in text


def test_errors_and_posts_are_never_kept(client, demo_site, page_cache):
    for _attempt in range(2):
        missing = client.get("/projekt/finns-inte/")
        assert missing.status_code == 404
        assert missing["X-Cache"] == "skip"
        assert "no-store" in missing["Cache-Control"]
    posted = client.post("/sok/", {"q": "skola"})
    assert posted["X-Cache"] == "skip"


def test_a_visitor_who_filled_in_a_form_still_gets_cached_pages(
    client, demo_site, page_cache
):
    """The CSRF cookie the interest form leaves is not a session: the pages kept
    hold no token, so they are as good for this visitor as for any other."""
    fetch(client, "/vanorter/")
    client.cookies["csrftoken"] = "a" * 32
    assert fetch(client, "/vanorter/")[0]["X-Cache"] == "hit"


def test_a_visitor_with_a_message_waiting_gets_the_page_rendered(
    client, demo_site, page_cache
):
    fetch(client, "/vanorter/")
    client.cookies["messages"] = "anything"
    response = client.get("/vanorter/")
    assert response["X-Cache"] == "skip"


def test_a_response_that_sets_a_cookie_is_not_kept(rf, page_cache):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    middleware = page_cache_module.PageCacheMiddleware(view)
    for _attempt in range(2):
        response = middleware(rf.get("/any/"))
        assert response["X-Cache"] == "skip"


def test_a_preview_of_a_draft_never_reaches_visitors(
    client, admin_user, rf, demo_site, page_cache
):
    """A preview renders the draft through the whole stack, with its pieces (the
    partner's timeline): none of it may be kept for visitors."""
    fetch(client, PARTNER)
    partner = PartnerPage.objects.get(
        url_path__endswith="/hiddenhausen/", locale__language_code="sv"
    )
    partner.visits.add(
        PartnerVisit(date=datetime.date(2026, 5, 1), title="Hemligt utkastbesök")
    )
    original = rf.get("/admin/")
    original.user = admin_user
    preview = partner.make_preview_request(original, partner.default_preview_mode)
    assert "Hemligt utkastbesök" in preview.content.decode()
    # Another URL of the same page (a new page cache entry), built from the pieces.
    assert "Hemligt utkastbesök" not in fetch(client, PARTNER + "?fresh=1")[1]


def test_previews_are_never_kept(admin_client, demo_site, page_cache):
    partner = PartnerPage.objects.get(
        url_path__endswith="/hiddenhausen/", locale__language_code="sv"
    )
    url = f"/admin/pages/{partner.pk}/edit/preview/"
    response = admin_client.get(url)
    assert response["X-Cache"] == "skip"


# --- No page is stale after a change ----------------------------------------------


def sv_project():
    return Project.objects.get(
        slug="elevutbyte-hiddenhausen", locale__language_code="sv"
    )


def test_publishing_a_project_shows_it_on_every_page_at_once(
    client, demo_site, page_cache, committed
):
    cached_everywhere(client, PROJECT_PAGES)
    project = sv_project()
    with committed():
        project.title = "Elevutbyte med Hiddenhausen och Enger"
        publish(project)
    for url in PROJECT_PAGES:
        response, text = fetch(client, url)
        assert response["X-Cache"] == "miss", url
        # Coverage shows counts, the sitemap addresses: no titles.
        if url not in ("/projekt/coverage/", "/sitemap-projects.xml"):
            assert "Hiddenhausen och Enger" in text, url


def test_a_new_project_counts_in_the_coverage_and_the_list_at_once(
    client, demo_site, page_cache, committed
):
    urls = ["/projekt/", "/projekt/coverage/", "/projekt/feed/"]
    cached_everywhere(client, urls)
    before = fetch(client, "/projekt/coverage/")[1]
    with committed():
        project_maker()(
            "Vänortsdagar 2027",
            priority_areas=PriorityArea.objects.filter(name="Omvärldsbevakning"),
            dimensions=SustainabilityDimension.objects.filter(
                locale__language_code="sv"
            )[:1],
        )
    assert fetch(client, "/projekt/coverage/")[1] != before
    for url in ["/projekt/", "/projekt/feed/"]:
        assert "Vänortsdagar 2027" in fetch(client, url)[1], url


def test_a_saved_draft_changes_nothing_and_is_not_shown(
    client, demo_site, page_cache, committed
):
    cached_everywhere(client, [PROJECT])
    project = sv_project()
    generation = page_cache_module.generation(page_cache)
    with committed():
        project.title = "Ett utkast"
        project.save_revision()
    assert page_cache_module.generation(page_cache) == generation
    response, text = fetch(client, PROJECT)
    assert response["X-Cache"] == "hit"
    assert "Ett utkast" not in text


def test_unpublishing_a_project_removes_it_everywhere(
    client, demo_site, page_cache, committed
):
    cached_everywhere(client, PROJECT_PAGES)
    with committed():
        sv_project().unpublish()
    assert client.get(PROJECT).status_code == 404
    for url in [
        "/projekt/",
        "/projekt/export/csv/",
        "/projekt/feed/",
        "/sitemap-projects.xml",
        PARTNER,
    ]:
        assert "elevutbyte-hiddenhausen" not in fetch(client, url)[1], url


def test_deleting_a_project_removes_it_everywhere(
    client, demo_site, page_cache, committed
):
    cached_everywhere(client, PROJECT_PAGES)
    with committed():
        sv_project().delete()
    assert client.get(PROJECT).status_code == 404
    assert (
        "Elevutbyte med Hiddenhausen" not in fetch(client, "/projekt/export/json/")[1]
    )


def test_marking_projects_reviewed_updates_the_exports(
    client, demo_site, page_cache, committed
):
    cached_everywhere(client, ["/projekt/export/json/"])
    day = datetime.date(2026, 11, 2)
    with committed():
        mark_reviewed([sv_project()], day)
    records = json.loads(fetch(client, "/projekt/export/json/")[1])["projects"]
    reviewed = {r["title"]: r["last_reviewed"] for r in records}
    assert reviewed["Elevutbyte med Hiddenhausen"] == "2026-11-02"


def test_renaming_a_priority_area_shows_everywhere(
    client, demo_site, page_cache, committed
):
    urls = ["/projekt/", PROJECT, "/projekt/coverage/", "/projekt/export/csv/"]
    cached_everywhere(client, urls)
    area = PriorityArea.objects.get(name="Omvärldsbevakning")
    with committed():
        area.name = "Omvärldsbevakning och analys"
        area.save()
    for url in ["/projekt/", "/projekt/coverage/", "/projekt/export/csv/"]:
        assert "Omvärldsbevakning och analys" in fetch(client, url)[1], url


def test_publishing_a_partner_shows_on_its_page_the_index_and_projects(
    client, demo_site, page_cache, committed
):
    urls = [
        PARTNER,
        "/vanorter/",
        PROJECT,
        "/projekt/export/csv/",
        "/sitemap-pages.xml",
    ]
    cached_everywhere(client, urls)
    partner = PartnerPage.objects.get(
        url_path__endswith="/hiddenhausen/", locale__language_code="sv"
    )
    with committed():
        partner.title = "Hiddenhausen (Tyskland)"
        publish(partner)
    for url in [PARTNER, "/vanorter/", PROJECT, "/projekt/export/csv/"]:
        assert "Hiddenhausen (Tyskland)" in fetch(client, url)[1], url


def test_publishing_a_story_shows_in_the_index_feeds_and_partner_timeline(
    client, demo_site, page_cache, committed
):
    story_url = "/berattelser/besok-i-hiddenhausen-2016/"
    urls = [
        story_url,
        "/berattelser/",
        "/berattelser/rss/",
        "/berattelser/atom/",
        PARTNER,
        "/",
    ]
    cached_everywhere(client, urls)
    story = StoryPage.objects.get(slug="besok-i-hiddenhausen-2016")
    with committed():
        story.title = "Kungälv besöker Hiddenhausen igen"
        publish(story)
    for url in [
        story_url,
        "/berattelser/",
        "/berattelser/rss/",
        "/berattelser/atom/",
        PARTNER,
    ]:
        assert "Kungälv besöker Hiddenhausen igen" in fetch(client, url)[1], url


def test_a_new_story_shows_on_the_start_page_at_once(
    client, demo_site, page_cache, committed, add_story
):
    """The start page's lists are kept under the scope too: a new address of it
    (a query string not seen before) shows the story as well."""
    cached_everywhere(client, ["/"])
    fetch(client, "/?e=1")
    with committed():
        add_story("Vänortsträff i dag", timezone.localdate())
    for url in ("/", "/?e=1", "/?e=2"):
        assert "Vänortsträff i dag" in fetch(client, url)[1], url


def test_moving_a_page_changes_its_address_at_once(
    client, demo_site, page_cache, committed
):
    cached_everywhere(client, ["/berattelser/", "/sitemap-pages.xml"])
    story = StoryPage.objects.get(slug="besok-i-hiddenhausen-2016")
    home = demo_site["sv"]
    with committed():
        story.move(home, pos="last-child")
    assert "/besok-i-hiddenhausen-2016/" in fetch(client, "/sitemap-pages.xml")[1]
    assert (
        "/berattelser/besok-i-hiddenhausen-2016/"
        not in fetch(client, "/sitemap-pages.xml")[1]
    )
    assert "Kungälv på besök i Hiddenhausen" not in fetch(client, "/berattelser/")[1]


def test_deleting_a_page_removes_it_from_menus_and_sitemap(
    client, demo_site, page_cache, committed
):
    cached_everywhere(client, ["/", "/sitemap-pages.xml"])
    with committed():
        Page.objects.get(url_path__endswith="/om-webbplatsen/").delete()
    assert "/om-webbplatsen/" not in fetch(client, "/sitemap-pages.xml")[1]
    assert 'href="/om-webbplatsen/"' not in fetch(client, "/")[1]


def test_changing_the_organisation_settings_shows_on_every_page(
    client, demo_site, page_cache, committed
):
    urls = ["/", "/projekt/", PROJECT, "/vanorter/", "/projekt/coverage/"]
    cached_everywhere(client, urls)
    organisation = OrganisationSettings.objects.get()
    with committed():
        organisation.phone = "0303-99 99 99"
        organisation.save()
    for url in urls:
        assert "0303-99 99 99" in fetch(client, url)[1], url


def test_publishing_a_report_lists_it_at_once(client, demo_site, page_cache, committed):
    urls = ["/projekt/rapporter/", "/sitemap-pages.xml"]
    cached_everywhere(client, urls)
    published = ReportSnapshot.objects.filter(locale__language_code="sv").first()
    with committed():
        ReportSnapshot.objects.create(
            period_key="2019-T1",
            period_end=datetime.date(2019, 4, 30),
            locale=published.locale,
            data=published.data,
            published_at=published.published_at,
        )
    for url in urls:
        assert "2019" in fetch(client, url)[1], url


# --- Routing kept with the scope ---------------------------------------------------


def routing_queries(captured):
    """The queries that walk the page tree (a child by its slug) or read the view
    restrictions of a page and its ancestors (by their ids)."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if '"wagtailcore_page"."slug" = ' in query["sql"]
        or '"wagtailcore_pageviewrestriction"."page_id" IN' in query["sql"]
    ]


@pytest.mark.parametrize(
    "url", ["/projekt/elevutbyte-hiddenhausen/", "/vanorter/hiddenhausen/", "/en/"]
)
def test_a_new_query_string_does_not_walk_the_page_tree_again(
    client, demo_site, page_cache, url
):
    """A crawler's new address of a page routed before: the page, its sub-page
    and its restrictions come from the scope, and it is still the same page."""
    first = fetch(client, url + "?a=1")[1]
    with CaptureQueriesContext(connection) as captured:
        response, text = fetch(client, url + "?a=2")
    assert response["X-Cache"] == "miss"
    assert routing_queries(captured) == []
    assert text.split("<main", 1)[1] == first.split("<main", 1)[1]


def test_each_sub_page_of_a_routable_page_is_routed_for_itself(
    client, demo_site, page_cache
):
    fetch(client, "/projekt/elevutbyte-hiddenhausen/")
    fetch(client, "/projekt/coverage/")
    assert (
        "Elevutbyte med Hiddenhausen"
        in fetch(client, "/projekt/elevutbyte-hiddenhausen/?b=1")[1]
    )
    assert (
        "Elevutbyte med Hiddenhausen"
        not in fetch(client, "/projekt/coverage/?b=1")[1].split("<h1", 1)[1][:300]
    )
    assert client.get("/projekt/finns-inte/").status_code == 404
    assert client.get("/projekt/finns-inte/?b=1").status_code == 404


def test_a_view_restriction_applies_at_once_to_a_page_routed_before(
    client, demo_site, page_cache, committed
):
    cached_everywhere(client, [PARTNER])
    fetch(client, PARTNER + "?c=1")
    with committed():
        PageViewRestriction.objects.create(
            page=PartnerPage.objects.get(
                slug="hiddenhausen", locale__language_code="sv"
            ),
            restriction_type=PageViewRestriction.LOGIN,
        )
    for url in (PARTNER, PARTNER + "?c=1", PARTNER + "?c=2"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailcore_login")), url


def test_unpublishing_a_page_routed_before_makes_it_not_found(
    client, demo_site, page_cache, committed
):
    fetch(client, PARTNER + "?d=1")
    with committed():
        PartnerPage.objects.get(
            slug="hiddenhausen", locale__language_code="sv"
        ).unpublish()
    assert client.get(PARTNER + "?d=2").status_code == 404


def test_a_change_is_not_shown_before_it_is_committed(
    client, demo_site, page_cache, django_capture_on_commit_callbacks
):
    cached_everywhere(client, [PROJECT])
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        project = sv_project()
        project.title = "Inte sparad än"
        publish(project)
        # Another visitor, during the editor's transaction: the old page, still
        # consistent with what the database has committed.
        assert fetch(client, PROJECT)[0]["X-Cache"] == "hit"
    assert page_cache_module.bump in waiting


def test_a_change_made_in_another_process_reaches_this_one(
    tmp_path, settings, demo_site, client
):
    """The generation lives in the shared cache: a publish in one worker process
    (here: a separate Python process renewing it) makes every process miss."""
    location = str(tmp_path / "pages")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": location,
        },
    }
    settings.VANORT_PAGE_CACHE = "pages"
    fetch(client, "/vanorter/")
    assert fetch(client, "/vanorter/")[0]["X-Cache"] == "hit"
    script = (
        "import django, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'website.settings.test'\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        "settings.CACHES['pages'] = {'BACKEND': "
        "'django.core.cache.backends.filebased.FileBasedCache', "
        f"'LOCATION': {location!r}}}\n"
        "settings.VANORT_PAGE_CACHE = 'pages'\n"
        "from partnerships.cache import bump\n"
        "bump()\n"
    )
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", script], cwd=root, check=True)
    assert fetch(client, "/vanorter/")[0]["X-Cache"] == "miss"


# --- What does not renew the generation --------------------------------------------


def test_visitors_and_editors_at_work_leave_the_cache_alone(
    client, admin_client, demo_site, page_cache, committed, test_image
):
    """Rendering (image renditions), an interest form, a draft and a lock are
    writes no public page shows: the cache stays as it is."""
    generation = page_cache_module.generation(page_cache)
    with committed():
        test_image.get_rendition("fill-100x100")
        project = sv_project()
        project.save_revision()
        project.locked = True
        project.save(update_fields=["locked"])
        fetch(client, "/")
    assert page_cache_module.generation(page_cache) == generation


def test_the_models_that_leave_the_cache_alone_are_these():
    from django.apps import apps

    not_shown = {
        model._meta.label
        for model in apps.get_models()
        if not page_cache_module.is_shown(model)
        and model._meta.app_label.startswith(("inventory", "partnerships", "website"))
    }
    assert not_shown == {
        "inventory.InterestSubmission",
        "inventory.RateLimitCounter",
        "inventory.DisposalLog",
        "inventory.JobLock",
        "inventory.ReviewReminder",
    }
    assert not page_cache_module.is_shown(Revision)
    assert not page_cache_module.is_shown(Rendition)
    # What pages show, from the apps and from Wagtail: a change renews the scope.
    for model in (
        Project,
        PriorityArea,
        PartnerPage,
        StoryPage,
        OrganisationSettings,
        ReportSnapshot,
        Page,
        Site,
        Locale,
        PageViewRestriction,
        Image,
        Document,
        Tag,
    ):
        assert page_cache_module.is_shown(model), model


def test_a_new_day_or_a_new_release_renders_afresh(
    client, demo_site, page_cache, settings, monkeypatch
):
    fetch(client, "/projekt/")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache_module.timezone, "localdate", lambda: tomorrow)
    response = fetch(client, "/projekt/")[0]
    assert response["X-Cache"] == "miss"
    # Statuses may change at midnight: the page is as new as the day.
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    assert response["Last-Modified"] == http_date(midnight.timestamp())
    settings.VANORT_PAGE_CACHE_RELEASE = "next-release"
    page_cache_module.release.cache_clear()
    try:
        assert fetch(client, "/projekt/")[0]["X-Cache"] == "miss"
    finally:
        page_cache_module.release.cache_clear()


def test_a_cache_that_is_down_serves_pages_uncached(
    client, demo_site, page_cache, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(page_cache, "get", broken)
    response, text = fetch(client, "/vanorter/")
    assert response["X-Cache"] == "skip"
    assert "Hiddenhausen" in text


def test_a_view_restriction_takes_a_story_and_a_partner_off_the_lists_at_once(
    client, demo_site, page_cache, committed
):
    story = StoryPage.objects.live().filter(locale__language_code="sv").first()
    partner = PartnerPage.objects.get(slug="hiddenhausen", locale__language_code="sv")
    stories, partners = "/berattelser/", "/vanorter/"
    assert story.title in fetch(client, stories + "?r=1")[1]
    assert f">{partner.title}</option>" in fetch(client, stories + "?r=1")[1]
    assert f">{partner.title}</a>" in fetch(client, partners + "?r=1")[1]
    with committed():
        restrictions = [
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
            for page in (story, partner)
        ]
    story_list = fetch(client, stories + "?r=2")[1]
    assert story.title not in story_list
    assert f">{partner.title}</option>" not in story_list
    assert f">{partner.title}</a>" not in fetch(client, partners + "?r=2")[1]
    with committed():
        for restriction in restrictions:
            restriction.delete()
    assert story.title in fetch(client, stories + "?r=3")[1]
    assert f">{partner.title}</a>" in fetch(client, partners + "?r=3")[1]


def test_a_recommended_result_shows_on_the_next_search_and_goes_with_its_promotion(
    client, demo_site, page_cache, committed
):
    assert "Gemeinde Hiddenhausen" not in fetch(client, "/sok/?q=hiddenhausen")[1]
    with committed():
        promotion = SearchPromotion.objects.create(
            query=Query.get("hiddenhausen"),
            external_link_url="https://www.hiddenhausen.de/",
            external_link_text="Gemeinde Hiddenhausen",
        )
    assert "Gemeinde Hiddenhausen" in fetch(client, "/sok/?q=Hiddenhausen")[1]
    with committed():
        promotion.delete()
    assert "Gemeinde Hiddenhausen" not in fetch(client, "/sok/?q=HIDDENHAUSEN")[1]


def card_pictures(text):
    """{card title: its picture's first source} of a list page."""
    cards = BeautifulSoup(text, "html.parser").select("li.card")
    return {
        card.find(class_="card__title").get_text(strip=True): card.find("source")[
            "srcset"
        ]
        for card in cards
        if card.find("picture")
    }


def test_a_card_picture_follows_its_image_at_once(
    client, demo_site, page_cache, committed
):
    before = card_pictures(fetch(client, "/berattelser/?k=1")[1])
    story = (
        StoryPage.objects.live()
        .filter(locale__language_code="sv", image__isnull=False)
        .order_by("-date", "-pk")
        .first()
    )
    assert story.title in before
    with committed():
        image = story.image
        image.focal_point_x, image.focal_point_y = 10, 10
        image.focal_point_width = image.focal_point_height = 20
        image.save()
    after = card_pictures(fetch(client, "/berattelser/?k=2")[1])
    assert after[story.title] != before[story.title]
    # The cards of other images are as they were.
    others = set(
        StoryPage.objects.live()
        .filter(locale__language_code="sv", title__in=before)
        .exclude(image=image)
        .values_list("title", flat=True)
    )
    assert others
    assert {title: after[title] for title in others} == {
        title: before[title] for title in others
    }
