"""The demo's English pages and projects are wagtail-localize translations of the
Swedish ones: editors get "sync" on the Swedish and the translation editor on the
English, and a sync keeps the demo's own English."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from inventory.models import Project
from partnerships.models import PartnerPage, PolicyPage
from partnerships.policy_text import POLICY
from website.demo_inventory import PROJECTS

pytestmark = pytest.mark.django_db

ENGLISH_PROJECT = PROJECTS[0]["en"]


@pytest.fixture
def en(demo_site):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def policy(demo_site):
    return PolicyPage.objects.get(locale__language_code="sv")


@pytest.fixture
def project(demo_site):
    return Project.objects.get(
        locale__language_code="sv", slug=PROJECTS[0]["sv"]["slug"]
    )


def text(response):
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_the_english_policy_and_project_are_synced_translations(en, policy, project):
    for original in (policy, project):
        source = TranslationSource.objects.get_for_instance(original)
        translation = source.translations.get(target_locale=en)
        assert translation.enabled
        assert source.get_translated_instance(en) == original.get_translation(en)
        # Every string already has its English: the demo's own.
        total, translated = translation.get_progress()
        assert total == translated > 0


def test_the_swedish_policy_page_offers_sync(admin_client, policy):
    source = TranslationSource.objects.get_for_instance(policy)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[policy.pk]))
    links = {
        " ".join(link.get_text(" ", strip=True).split()): link["href"].split("?")[0]
        for link in BeautifulSoup(page.content, "html.parser").find_all("a", href=True)
    }
    assert links["Synkronisera översatta sidor"] == sync


def test_the_english_policy_opens_in_the_translation_editor(admin_client, en, policy):
    english = policy.get_translation(en)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    editor = BeautifulSoup(response.content, "html.parser").find(
        class_="js-translation-editor"
    )
    assert editor is not None
    assert POLICY["en"]["intro"][:40] in editor["data-props"]


def test_the_demo_project_row_offers_sync(admin_client, project):
    source = TranslationSource.objects.get_for_instance(project)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    listing = admin_client.get("/admin/snippets/inventory/project/?locale=sv")
    assert f'href="{sync}?' in listing.text


def test_a_sync_keeps_the_demos_english(
    admin_client, client, en, policy, project, django_capture_on_commit_callbacks
):
    for original in (policy, project):
        source = TranslationSource.objects.get_for_instance(original)
        sync = reverse("wagtail_localize:update_translations", args=[source.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(sync, {"publish_translations": "on"})
        assert response.status_code == 302

    policy_page = text(client.get(policy.get_translation(en).url))
    assert POLICY["en"]["title"] in policy_page
    assert POLICY["en"]["intro"] in policy_page
    assert POLICY["en"]["sections"][1][0] in policy_page  # a section's heading
    english = Project.objects.get(pk=project.get_translation(en).pk)
    assert (english.title, english.slug, english.summary) == (
        ENGLISH_PROJECT["title"],
        ENGLISH_PROJECT["slug"],
        ENGLISH_PROJECT["summary"],
    )
    assert english.live
    assert ENGLISH_PROJECT["summary"] in text(
        client.get(f"/en/projects/{english.slug}/")
    )


def test_a_partner_page_stays_a_plain_translation(demo_site):
    # Its visits and tags are copied, not translated, by a sync: the English ones
    # would be lost, so the demo leaves the pair as it made it.
    for partner in PartnerPage.objects.filter(locale__language_code="sv"):
        assert TranslationSource.objects.get_for_instance_or_none(partner) is None


def test_a_second_load_demo_registers_nothing_again(demo_site):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Registered" not in out.getvalue()
