"""A frontend cache (Varnish, a CDN) is purged by the page cache's rule: once per
committed change that a public page shows, with the whole site's URLs, and never for
work no public page shows.

A real HTTP server on a local port stands in for Varnish and records the PURGE
requests Wagtail's HTTP backend sends; the tasks run at once (the test settings'
immediate task backend), as a worker would run them.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from wagtail.models import Page

from inventory.models import Project
from partnerships import frontend_cache
from partnerships.models import PriorityArea, StoryPage
from website.models import OrganisationSettings

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.purges.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def varnish_stand_in():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purges = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def purges(settings, varnish_stand_in):
    """The PURGE requests sent during a test, as (host, path)."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{varnish_stand_in.server_port}",
        }
    }
    varnish_stand_in.purges.clear()
    return varnish_stand_in.purges


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def purged_paths(purges):
    return {path for _host, path in purges}


def sv_project():
    return Project.objects.get(
        slug="elevutbyte-hiddenhausen", locale__language_code="sv"
    )


def test_publishing_a_project_purges_the_whole_site_once(demo_site, purges, committed):
    with committed() as callbacks:
        project = sv_project()
        project.title = "Elevutbyte med Hiddenhausen och Enger"
        project.save_revision().publish()
    # One purge, however many rows the publish wrote.
    assert len(callbacks) >= 1
    paths = purged_paths(purges)
    assert len(purges) == len(paths)
    # The roots (Varnish bans everything under them: each project's page, every
    # filtered list and export) ...
    assert {"/", "/en/"} <= paths
    # ... and, for CDNs that purge exact URLs, the routable pages' paths, the
    # feeds, the sitemaps and the exports in both languages.
    assert {
        "/projekt/",
        "/projekt/feed/",
        "/projekt/coverage/",
        "/projekt/data/",
        "/projekt/rapporter/",
        "/projekt/export/csv/",
        "/projekt/export/json/",
        "/projekt/export/xlsx/",
        "/berattelser/rss/",
        "/sitemap.xml",
        "/en/sitemap.xml",
        "/en/projects/",
        "/en/projects/export/csv/",
    } <= paths
    assert {host for host, _path in purges} == {"localhost"}


@pytest.mark.parametrize(
    "change",
    [
        "unpublish a project",
        "delete a project",
        "rename a priority area",
        "move a page",
        "unpublish a page",
        "delete a page",
        "change the organisation settings",
    ],
)
def test_every_kind_of_change_purges(demo_site, purges, committed, change):
    with committed():
        if change == "unpublish a project":
            sv_project().unpublish()
        elif change == "delete a project":
            sv_project().delete()
        elif change == "rename a priority area":
            area = PriorityArea.objects.filter(locale__language_code="sv").first()
            area.name = "Omvärld och samverkan"
            area.save()
        elif change == "move a page":
            story = StoryPage.objects.get(slug="besok-i-hiddenhausen-2016")
            story.move(demo_site["sv"], pos="last-child")
        elif change == "unpublish a page":
            StoryPage.objects.get(slug="besok-i-hiddenhausen-2016").unpublish()
        elif change == "delete a page":
            Page.objects.get(url_path__endswith="/om-webbplatsen/").delete()
        else:
            organisation = OrganisationSettings.objects.get()
            organisation.phone = "0303-99 99 99"
            organisation.save()
    assert "/" in purged_paths(purges), change


def test_a_moved_page_is_purged_at_its_new_address(demo_site, purges, committed):
    story = StoryPage.objects.get(slug="besok-i-hiddenhausen-2016")
    with committed():
        story.move(demo_site["sv"], pos="last-child")
    assert "/besok-i-hiddenhausen-2016/" in purged_paths(purges)


def test_a_draft_or_a_rolled_back_change_purges_nothing(demo_site, purges, committed):
    with committed():
        project = sv_project()
        project.title = "Ett utkast"
        project.save_revision()
    assert purges == []
    with pytest.raises(RuntimeError), committed():
        with transaction.atomic():
            project.title = "Aldrig sparat"
            project.save_revision().publish()
            raise RuntimeError("the editor's request failed")
    assert purges == []
    # A later change still purges: nothing was left half-pending.
    with committed():
        sv_project().unpublish()
    assert "/" in purged_paths(purges)


def test_without_a_frontend_cache_nothing_is_queued(
    demo_site, settings, committed, varnish_stand_in
):
    settings.WAGTAILFRONTENDCACHE = {}
    varnish_stand_in.purges.clear()
    with committed() as callbacks:
        sv_project().unpublish()
    assert frontend_cache._enqueue_purge not in callbacks
    assert varnish_stand_in.purges == []


def test_cloudfront_is_purged_with_one_wildcard_per_site(demo_site, settings):
    settings.VANORT_FRONTEND_CACHE_WILDCARD = True
    assert frontend_cache.site_urls() == ["http://localhost/*"]
