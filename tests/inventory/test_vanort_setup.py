"""``manage.py vanort_setup``: the apps' pages in every language of a real site."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, PageLogEntry, Revision, Site

from inventory.models import InterestFormPage, ProjectIndexPage
from partnerships.models import PartnerIndexPage, PolicyPage, StoryIndexPage

SECTION_TYPES = [
    PolicyPage,
    PartnerIndexPage,
    StoryIndexPage,
    ProjectIndexPage,
    InterestFormPage,
]


def setup(**options):
    out = io.StringIO()
    call_command("vanort_setup", stdout=out, **options)
    return out.getvalue()


def site_root():
    return Site.objects.get(is_default_site=True).root_page


@pytest.mark.django_db
def test_creates_each_page_live_in_both_languages(site_home, client):
    output = setup()

    sv_root = site_root()
    en_root = sv_root.get_translations().get()
    assert en_root.live and en_root.locale.language_code == "en"
    for model in SECTION_TYPES:
        sv = model.objects.child_of(sv_root).get()
        en = model.objects.child_of(en_root).get()
        assert (sv.locale.language_code, en.locale.language_code) == ("sv", "en")
        assert sv.live and en.live and not sv.has_unpublished_changes
        assert sv.translation_key == en.translation_key
        assert client.get(sv.url).status_code == 200, sv.url
        assert client.get(en.url).status_code == 200, en.url
    for root in (sv_root, en_root):
        form = InterestFormPage.objects.child_of(root).get()
        for model in (PartnerIndexPage, ProjectIndexPage):
            assert model.objects.child_of(root).get().interest_page_id == form.pk
    policy = PolicyPage.objects.child_of(sv_root).get()
    assert policy.title == "Internationell policy"
    assert policy.registration_number == "KS2019/1537"
    assert [s.value["anchor"] for s in policy.sections][:2] == ["vision", "mal"]
    en_policy = PolicyPage.objects.child_of(en_root).get()
    assert en_policy.title == "International Policy"
    assert en_policy.decision_body == "Municipal Council"
    assert "created policy page “Internationell policy”" in output
    assert "created the root page" in output
    assert "Done: created 11 page(s)" in output


@pytest.mark.django_db
def test_a_second_run_creates_nothing(site_home):
    setup()
    counts = (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )

    output = setup()

    assert (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    ) == counts
    assert "  created" not in output and "linked" not in output
    assert output.count("  found ") == 2 * len(SECTION_TYPES) + 1  # + the en root
    assert "Done: created nothing, every page was there." in output


@pytest.mark.django_db
def test_one_language_without_wagtail_i18n(site_home, settings):
    settings.WAGTAIL_I18N_ENABLED = False

    output = setup()

    for model in SECTION_TYPES:
        page = model.objects.get()
        assert page.live and page.locale.language_code == "sv"
    assert site_home.get_translations().count() == 0
    assert "[en]" not in output


@pytest.mark.django_db
def test_finds_pages_an_editor_made_and_links_them(project_index, en_home):
    assert project_index.interest_page is None

    setup()

    sv_form = InterestFormPage.objects.get(locale=project_index.locale)
    project_index.refresh_from_db()
    assert ProjectIndexPage.objects.count() == 2  # the editor's and its translation
    assert project_index.interest_page_id == sv_form.pk
    en_index = ProjectIndexPage.objects.child_of(en_home).get()
    assert en_index.translation_key == project_index.translation_key
    assert en_index.interest_page.specific.locale == en_home.locale


@pytest.mark.django_db
def test_leaves_the_demo_site_as_it_is(demo_site):
    pages = Page.objects.count()

    output = setup()

    assert Page.objects.count() == pages
    assert "Done: created nothing, every page was there." in output


# --- The site's address ------------------------------------------------------------


def default_site():
    return Site.objects.get(is_default_site=True)


@pytest.mark.django_db
def test_site_address_comes_from_the_admin_base_url(site_home, client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    assert (default_site().hostname, default_site().port) == ("localhost", 80)

    output = setup(site_address=True)

    site = default_site()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert "Set the default site's address to http://127.0.0.1:8000." in output
    # The absolute links now lead back to the site.
    feed = client.get("/berattelser/rss/", HTTP_HOST="127.0.0.1:8000")
    assert b"<link>http://127.0.0.1:8000/berattelser/</link>" in feed.content
    assert b"http://localhost" not in feed.content


@pytest.mark.django_db
def test_an_https_address_gets_port_443(site_home, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://www.kungalv.se"

    setup(site_address=True)

    site = default_site()
    assert (site.hostname, site.port, site.root_url) == (
        "www.kungalv.se",
        443,
        "https://www.kungalv.se",
    )


@pytest.mark.django_db
def test_an_address_set_in_the_admin_is_left_alone(site_home, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    Site.objects.filter(is_default_site=True).update(
        hostname="www.kungalv.se", port=443
    )

    output = setup(site_address=True)

    assert (default_site().hostname, default_site().port) == ("www.kungalv.se", 443)
    assert "Left the default site's address www.kungalv.se:443 as it is" in output


@pytest.mark.django_db
def test_without_the_option_the_address_is_left_alone(site_home, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"

    setup()

    assert (default_site().hostname, default_site().port) == ("localhost", 80)


@pytest.mark.django_db
@pytest.mark.parametrize("base_url", ["", "127.0.0.1:8000", "ftp://example.se"])
def test_a_base_url_that_is_no_address_is_refused(site_home, settings, base_url):
    settings.WAGTAILADMIN_BASE_URL = base_url

    with pytest.raises(CommandError, match="WAGTAILADMIN_BASE_URL"):
        setup(site_address=True)

    assert (default_site().hostname, default_site().port) == ("localhost", 80)
