"""Editor comfort in the projects' admin: the slug made from the title, each row's
translation buttons, and country names in the editor's language."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_countries import countries
from django_countries.base import CountriesBase
from django_countries.data import COUNTRIES
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource

from inventory.models import Project
from partnerships.countries import COUNTRIES_OVERRIDE

pytestmark = pytest.mark.django_db

BASE = "/admin/snippets/inventory/project/"


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def new_project(terms, **fields):
    """The add form as an editor sends it: a title, no slug typed."""
    values = {
        "title": "Klimatanpassning längs kusten",
        "slug": "",
        "summary": "Kommunerna delar erfarenheter av stigande havsnivåer.",
        "status": "planned",
        "unit": terms["sv"]["units"][0].pk,
        "currency": "SEK",
        "partner_organisations": inline_formset([]),
        "results": inline_formset([]),
        "action-publish": "action-publish",
        **fields,
    }
    return nested_form_data(values)


def add(admin_client, terms, **fields):
    response = admin_client.post(BASE + "add/", new_project(terms, **fields))
    assert response.status_code == 302, response.context["form"].errors
    return Project.objects.latest("pk")


def row_links(response):
    """{project id: {link text: address}} for each row of the admin list."""
    rows = {}
    for row in soup(response).select("tbody tr"):
        title = row.select_one('td.title span[id^="snippet_"]')
        if title is not None:
            rows[int(title["id"].split("_")[1])] = {
                " ".join(link.get_text(" ", strip=True).split()): link["href"]
                for link in row.find_all("a", href=True)
            }
    return rows


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


# --- The slug from the title -------------------------------------------------------


def test_a_project_saved_without_a_slug_takes_it_from_the_title(
    admin_client, project_index, terms
):
    project = add(admin_client, terms)
    assert project.slug == "klimatanpassning-langs-kusten"
    assert project.live


def test_a_slug_made_from_the_title_is_unique_in_its_language(
    admin_client, project_index, en_project_index, terms
):
    first = add(admin_client, terms)
    second = add(admin_client, terms)
    reserved = add(admin_client, terms, title="Data")
    assert (first.slug, second.slug) == (
        "klimatanpassning-langs-kusten",
        "klimatanpassning-langs-kusten-2",
    )
    # "data" is the inventory's open data address.
    assert reserved.slug == "data-2"


def test_a_typed_slug_is_kept(admin_client, project_index, terms):
    project = add(admin_client, terms, slug="kustklimat")
    assert project.slug == "kustklimat"


def test_the_add_form_fills_the_slug_while_the_title_is_typed(admin_client):
    form = soup(admin_client.get(BASE + "add/"))
    title, slug = form.find("input", id="id_title"), form.find("input", id="id_slug")
    # Wagtail's title-to-slug sync, as on pages (TitleFieldPanel and SlugInput).
    assert "w-sync" in title["data-controller"].split()
    assert "keyup->w-sync#apply" in title["data-action"]
    assert title["data-w-sync-target-value"] == "#id_slug"
    assert slug["data-controller"] == "w-slug"
    assert "w-sync:apply->w-slug#urlify:prevent" in slug["data-action"]
    # In plain letters (ä becomes a), as the slug field takes.
    assert slug["data-w-slug-allow-unicode-value"] == "false"
    assert not slug.has_attr("required")


def test_a_published_projects_title_no_longer_moves_its_slug(
    admin_client, make_project
):
    project = make_project("Elevutbyte")
    form = soup(admin_client.get(f"{BASE}edit/{project.pk}/"))
    title = form.find("input", id="id_title")
    assert "w-sync#apply" not in title.get("data-action", "")


# --- Translate or sync, row by row -------------------------------------------------


def test_each_row_offers_translate_or_sync_as_the_project_needs(
    admin_client, make_project, en_project_index, en_locale
):
    translated = make_project("Elevutbyte")
    untranslated = make_project("Matkultur")
    submit = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["inventory", "project", translated.pk],
    )
    assert admin_client.post(submit, {"locales": [en_locale.pk]}).status_code == 302
    english = translated.get_translation(en_locale)
    actions = {"Översätt", "Synkronisera översatta fragment"}

    rows = row_links(admin_client.get(BASE))
    assert rows[untranslated.pk]["Översätt"] == reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["inventory", "project", untranslated.pk],
    )
    assert "Synkronisera översatta fragment" not in rows[untranslated.pk]
    # The site translates in wagtail-localize's "simple" mode: the English copy is
    # the editors' own, with nothing to sync, and nothing is left to translate.
    assert not actions & set(rows[translated.pk])
    assert not actions & set(rows[english.pk])

    # "Start synced translation", as the English copy's edit view offers it.
    edit = f"{BASE}edit/{english.pk}/"
    assert "localize-restart-translation" in admin_client.get(edit).text
    admin_client.post(edit, {"localize-restart-translation": "1"})
    source = TranslationSource.objects.get_for_instance(translated)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])

    rows = row_links(admin_client.get(BASE))
    assert rows[translated.pk]["Synkronisera översatta fragment"] == (
        f"{sync}?next={BASE.replace('/', '%2F')}"
    )
    assert "Översätt" not in rows[translated.pk]
    assert not actions & set(rows[english.pk])
    # Sync opens wagtail-localize's form, not an empty one.
    assert "publish_translations" in admin_client.get(sync).text


def test_the_rows_buttons_cost_the_same_queries_for_a_longer_list(
    admin_client, make_project
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(BASE).status_code == 200
        return len(captured)

    make_project()
    one = queries()
    for _ in range(4):
        make_project()
    assert queries() == one


# --- Country names -----------------------------------------------------------------


def country_choices(admin_client):
    """The country names a partner organisation's row offers, as shown."""
    form = soup(admin_client.get(BASE + "add/"))
    select = form.find(
        "select", attrs={"name": "partner_organisations-__prefix__-country"}
    )
    # Inside the inline panel's <template>, where get_text() leaves strings out.
    return {option.string for option in select.find_all("option")}


def test_swedish_editors_pick_countries_by_their_current_swedish_names(
    admin_client,
):
    # Needs the Swedish of partnerships/countries.py in the app's catalogue.
    names = country_choices(admin_client)
    assert {"Nordmakedonien", "Eswatini", "Brasilien", "Tyskland"} <= names
    assert not {"Makedonien", "Swaziland", "Brazil", "North Macedonia"} & names


def test_english_editors_keep_the_english_names(admin_client, admin_user):
    in_english(admin_user)
    names = country_choices(admin_client)
    assert {"North Macedonia", "Eswatini", "Brazil", "Germany"} <= names


def test_the_overrides_change_no_english_name():
    with translation.override("en"):
        for code, name in COUNTRIES_OVERRIDE.items():
            own = CountriesBase.COMMON_NAMES.get(code, COUNTRIES[code])
            assert str(name) == str(own), code
            assert countries.name(code) == str(own)
