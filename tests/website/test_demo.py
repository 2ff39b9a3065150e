"""The two commands behind ``make run``: load_demo and create_local_admin."""

import io
import re
import stat

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, Revision, Site

from website import demo
from website.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    OrganisationSettings,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "revisions": Revision.objects.count(),
        "redirects": Redirect.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "sites": Site.objects.count(),
        "settings": OrganisationSettings.objects.count(),
        "paths": sorted(Page.objects.values_list("url_path", flat=True)),
    }


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


# --- load_demo ---------------------------------------------------------------------


def test_running_load_demo_twice_changes_nothing(demo_site):
    before = snapshot()
    output = load_demo()
    assert snapshot() == before
    assert "Created" not in output
    assert "Translated" not in output
    assert "Demo site ready." in output


def test_load_demo_builds_the_site_in_both_languages(demo_site):
    assert HomePage.objects.count() == 2
    assert ContentPage.objects.filter(locale__language_code="sv").count() == 2
    assert ContentPage.objects.filter(locale__language_code="en").count() == 2
    assert AccessibilityStatementPage.objects.count() == 2
    assert all(page.live for page in Page.objects.filter(depth__gt=1))
    assert Redirect.objects.count() == 0


def test_the_site_root_is_the_swedish_home(demo_site):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == demo_site["sv"]
    assert site.site_name == "Kungälvs kommun"
    assert Site.objects.count() == 1


def test_wagtails_welcome_page_is_replaced(demo_site):
    assert (
        not Page.objects.filter(depth=2)
        .exclude(pk__in=[demo_site["sv"].pk, demo_site["en"].pk])
        .exists()
    )


def test_english_pages_are_translations_of_the_swedish_ones(demo_site):
    sv_home, en_home = demo_site["sv"], demo_site["en"]
    assert en_home.translation_key == sv_home.translation_key
    assert en_home.get_parent().is_root()
    swedish = {page.translation_key: page for page in sv_home.get_children()}
    english = {page.translation_key: page for page in en_home.get_children()}
    assert len(swedish) == 8
    assert swedish.keys() == english.keys()
    for key, sv_page in swedish.items():
        en_page = english[key]
        assert en_page.locale.language_code == "en"
        assert type(en_page.specific) is type(sv_page.specific)
        assert en_page.show_in_menus == sv_page.show_in_menus
        assert sv_page.get_translation(en_page.locale) == en_page
    assert {page.slug for page in english.values()} == {
        "about",
        "contact",
        "accessibility",
        "international-policy",
        "twin-towns",
        "stories",
        "projects",
        "express-interest",
    }


def test_statement_dates_and_contacts_are_shared_between_languages(demo_site):
    sv = AccessibilityStatementPage.objects.get(locale__language_code="sv")
    en = AccessibilityStatementPage.objects.get(locale__language_code="en")
    for name in demo.STATEMENT["common"]:
        assert getattr(sv, name) == getattr(en, name) == demo.STATEMENT["common"][name]


def test_organisation_settings_point_at_the_statement(demo_site):
    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    assert org.organisation_number == "212000-1371"
    assert org.accessibility_statement.locale.language_code == "sv"
    assert org.accessibility_statement.slug == "tillganglighet"


def test_load_demo_keeps_an_editors_changes(demo_site):
    about = ContentPage.objects.get(slug="om-webbplatsen")
    about.title = "Om oss"
    about.save_revision().publish()
    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    org.phone = "0303-99 99 99"
    org.save()
    load_demo()
    assert ContentPage.objects.get(slug="om-webbplatsen").title == "Om oss"
    org.refresh_from_db()
    assert org.phone == "0303-99 99 99"


def test_load_demo_restores_a_deleted_translation(demo_site):
    ContentPage.objects.get(slug="contact").delete()
    output = load_demo()
    assert "Translated" in output
    contact = ContentPage.objects.get(slug="contact")
    assert contact.live
    assert (
        contact.translation_key
        == ContentPage.objects.get(slug="kontakt").translation_key
    )


# --- create_local_admin ------------------------------------------------------------


def test_create_local_admin_refuses_without_debug(settings):
    assert settings.DEBUG is False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_local_admin", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def create_local_admin():
    out = io.StringIO()
    call_command("create_local_admin", stdout=out)
    match = re.search(r"user: (\S+)\s+password: (\S+)", out.getvalue())
    assert match, out.getvalue()
    return match.group(1), match.group(2), out.getvalue()


@pytest.fixture
def dev_settings(settings, tmp_path):
    settings.DEBUG = True
    settings.BASE_DIR = tmp_path
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    return settings


def test_create_local_admin_prints_a_login_that_works(client, dev_settings, tmp_path):
    username, password, output = create_local_admin()
    assert "http://127.0.0.1:8000/admin/" in output
    user = get_user_model().objects.get(username=username)
    assert user.is_superuser
    assert user.is_staff
    # The admin login's throttle (django-axes) needs the request of a login.
    login = RequestFactory().post("/admin/login/")
    assert authenticate(login, username=username, password=password) == user
    response = client.post(
        "/admin/login/", {"username": username, "password": password}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    # The password file lives under the project, readable only by its owner.
    password_file = tmp_path / "var" / "local-admin-password.txt"
    assert password_file.read_text().strip() == password
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600


def test_create_local_admin_twice_keeps_the_same_login(dev_settings):
    first = create_local_admin()
    second = create_local_admin()
    assert second[:2] == first[:2]
    assert get_user_model().objects.count() == 1


def test_create_local_admin_repairs_a_changed_password(dev_settings):
    username, old_password, _ = create_local_admin()
    user = get_user_model().objects.get(username=username)
    user.set_password("something-else-entirely-42")
    user.save()
    _, new_password, _ = create_local_admin()
    assert new_password != old_password
    login = RequestFactory().post("/admin/login/")
    assert authenticate(login, username=username, password=new_password) is not None
