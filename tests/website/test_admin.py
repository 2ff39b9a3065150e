"""Editors building and translating the site through Wagtail's admin."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail_localize.models import Translation

from partnerships.blocks import RICH_TEXT_FEATURES
from website.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    OrganisationSettings,
)

pytestmark = pytest.mark.django_db


def add_url(model, parent, **query):
    url = reverse(
        "wagtailadmin_pages:add",
        args=(model._meta.app_label, model._meta.model_name, parent.id),
    )
    return f"{url}?{urlencode(query)}" if query else url


def publish(fields):
    return nested_form_data({**fields, "action-publish": "action-publish"})


def text(html):
    return rich_text(html, features=RICH_TEXT_FEATURES)


def error_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def statement_form(**overrides):
    fields = {
        "title": "Tillgänglighetsredogörelse",
        "slug": "tillganglighet",
        "intro": "Kungälvs kommun står bakom webbplatsen.",
        "compliance_status": "partial",
        "non_accessible_content": text("<ul><li>Äldre PDF-filer.</li></ul>"),
        "assessment_date": "2026-11-02",
        "assessment_method": "self",
        "statement_date": "2026-11-01",
        "feedback_email": "kommunen@kungalv.se",
        "feedback_phone": "0303-23 80 00",
        "feedback_text": text("<p>Hör av dig.</p>"),
        "enforcement_url": "https://www.digg.se/tdosanmalan",
    }
    fields.update(overrides)
    return publish(fields)


# --- Creating each page type -------------------------------------------------------


def test_editor_creates_a_home_page_at_the_top(admin_client, sv_locale):
    root = Page.get_first_root_node()
    response = admin_client.post(
        add_url(HomePage, root, locale="sv"),
        publish(
            {
                "title": "Internationellt samarbete",
                "slug": "hem",
                "intro": "Kungälv samarbetar internationellt.",
                "entry_points": streamfield([]),
                "body": streamfield(
                    [("heading", {"text": "Välkommen", "level": "h2", "anchor": ""})]
                ),
            }
        ),
    )
    assert response.status_code == 302
    home = HomePage.objects.get(slug="hem")
    assert home.live
    assert home.locale == sv_locale
    assert home.intro == "Kungälv samarbetar internationellt."
    assert [block.block_type for block in home.body] == ["heading"]


def test_editor_cannot_add_a_second_home_page_in_the_same_language(
    admin_client, sv_home
):
    root = Page.get_first_root_node()
    response = admin_client.post(
        add_url(HomePage, root, locale="sv"),
        publish(
            {
                "title": "Hem igen",
                "slug": "hem-igen",
                "entry_points": streamfield([]),
                "body": streamfield([]),
            }
        ),
    )
    assert response.status_code == 200  # the form again, with the error
    assert HomePage.objects.count() == 1
    assert not Page.objects.filter(slug="hem-igen").exists()


def test_editor_creates_a_content_page_with_every_kind_of_block(
    client, admin_client, demo_site, test_image, test_document
):
    home = demo_site["sv"]
    contact = home.get_children().get(slug="kontakt")
    posted = [
        ("heading", {"text": "Utbyten med vänorterna", "level": "h2", "anchor": ""}),
        ("paragraph", text("<p>Elever från <b>Kungälv</b> besöker Hiddenhausen.</p>")),
        ("quote", {"quote": "Ett minne för livet.", "attribution": "En elev"}),
        (
            "fact_box",
            {
                "title": "Fakta om utbytet",
                "body": rich_text(
                    "<ul><li>30 elever</li></ul>", features=["bold", "link", "ul"]
                ),
            },
        ),
        (
            "call_to_action",
            {"page": str(contact.id), "label": "Hör av dig", "text": "Vill du delta?"},
        ),
        (
            "table",
            {
                "caption": "Utbyten per år",
                "column": {
                    "count": "2",
                    "0": {"type": "text", "order": "0", "heading": "År", "deleted": ""},
                    "1": {
                        "type": "number",
                        "order": "1",
                        "heading": "Elever",
                        "deleted": "",
                    },
                },
                "row": {
                    "count": "1",
                    "0": {"order": "0", "deleted": ""},
                },
                "cell": {"0": {"0": "2025", "1": "30"}},
            },
        ),
        (
            "image",
            {
                "image": {
                    "image": str(test_image.id),
                    "alt_text": "Elever framför rådhuset i Hiddenhausen",
                },
                "caption": "Besöket 2025",
                "credit": "Foto: Kungälvs kommun",
            },
        ),
        ("document", {"document": str(test_document.id), "label": "Programmet"}),
    ]
    response = admin_client.post(
        add_url(ContentPage, home),
        publish(
            {
                "title": "Utbyten",
                "slug": "utbyten",
                "intro": "Så går ett utbyte till.",
                "body": streamfield(posted),
            }
        ),
    )
    assert response.status_code == 302, error_text(response)

    page = ContentPage.objects.get(slug="utbyten")
    assert page.live
    assert page.get_parent().specific == home
    # A block name the page does not know would be dropped without a word.
    assert [block.block_type for block in page.body] == [name for name, _ in posted]
    blocks = {block.block_type: block.value for block in page.body}
    assert blocks["heading"]["text"] == "Utbyten med vänorterna"
    assert "Hiddenhausen" in blocks["paragraph"].source
    assert blocks["quote"]["attribution"] == "En elev"
    assert blocks["call_to_action"]["page"].specific == contact.specific
    assert blocks["table"].caption == "Utbyten per år"
    assert blocks["image"]["image"].id == test_image.id
    assert blocks["document"]["document"] == test_document

    public = BeautifulSoup(client.get("/utbyten/").content, "html.parser").main
    assert public.find("h2", id="utbyten-med-vanorterna")
    assert public.find("b").get_text() == "Kungälv"
    assert public.blockquote.get_text(strip=True) == "Ett minne för livet."
    assert public.find("aside", class_="fact-box")["aria-label"] == "Fakta om utbytet"
    assert public.find("a", class_="button")["href"] == "/kontakt/"
    assert public.find("a", class_="button").get_text() == "Hör av dig"
    assert public.find("caption").get_text() == "Utbyten per år"
    assert [td.get_text(strip=True) for td in public.find_all("td")] == ["2025", "30"]
    img = public.find("img")
    assert img["alt"] == "Elever framför rådhuset i Hiddenhausen"
    figure = public.find("figure", class_="figure")
    assert figure.img == img
    assert "Besöket 2025" in figure.figcaption.get_text()
    assert "Foto: Kungälvs kommun" in figure.figcaption.get_text()
    assert public.find("a", href=test_document.url).get_text() == "Programmet"


def test_an_image_without_alt_text_is_refused(admin_client, demo_site, test_image):
    response = admin_client.post(
        add_url(ContentPage, demo_site["sv"]),
        publish(
            {
                "title": "Bildsida",
                "slug": "bildsida",
                "body": streamfield(
                    [
                        (
                            "image",
                            {
                                "image": {"image": str(test_image.id), "alt_text": ""},
                                "caption": "",
                                "credit": "",
                            },
                        )
                    ]
                ),
            }
        ),
    )
    assert response.status_code == 200
    assert not ContentPage.objects.filter(slug="bildsida").exists()


def test_an_invalid_heading_anchor_is_refused(admin_client, demo_site):
    response = admin_client.post(
        add_url(ContentPage, demo_site["sv"]),
        publish(
            {
                "title": "Ankare",
                "slug": "ankare",
                "body": streamfield(
                    [
                        (
                            "heading",
                            {"text": "Rubrik", "level": "h2", "anchor": "Mitt Ankare!"},
                        )
                    ]
                ),
            }
        ),
    )
    assert response.status_code == 200
    assert not ContentPage.objects.filter(slug="ankare").exists()
    assert "body" in response.context["form"].errors
    # The editor is told what would work instead.
    assert "mitt-ankare" in response.text


def test_editor_creates_an_accessibility_statement(admin_client, sv_home):
    response = admin_client.post(
        add_url(AccessibilityStatementPage, sv_home), statement_form()
    )
    assert response.status_code == 302, error_text(response)
    statement = AccessibilityStatementPage.objects.get()
    assert statement.live
    assert statement.locale == sv_home.locale
    assert str(statement.assessment_date) == "2026-11-02"
    assert str(statement.statement_date) == "2026-11-01"
    assert statement.feedback_phone == "0303-23 80 00"
    assert "Äldre PDF-filer." in statement.non_accessible_content


def test_a_statement_without_contact_details_is_refused(admin_client, sv_home):
    response = admin_client.post(
        add_url(AccessibilityStatementPage, sv_home),
        statement_form(feedback_email="", feedback_phone=""),
    )
    assert response.status_code == 200
    assert not AccessibilityStatementPage.objects.exists()


def test_editor_cannot_add_a_second_statement_in_the_same_language(
    admin_client, demo_site
):
    response = admin_client.post(
        add_url(AccessibilityStatementPage, demo_site["sv"]),
        statement_form(slug="tillganglighet-2"),
    )
    assert response.status_code == 200
    assert (
        AccessibilityStatementPage.objects.filter(locale__language_code="sv").count()
        == 1
    )


@pytest.mark.parametrize(
    ("model", "parent_slug"),
    [
        (HomePage, "om-webbplatsen"),
        (AccessibilityStatementPage, "om-webbplatsen"),
        (ContentPage, "tillganglighet"),
    ],
)
def test_editor_cannot_add_a_page_type_in_the_wrong_place(
    admin_client, demo_site, model, parent_slug
):
    parent = demo_site["sv"].get_children().get(slug=parent_slug)
    before = Page.objects.count()
    refused = admin_client.get(add_url(model, parent))
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    response = admin_client.post(
        add_url(model, parent), publish({"title": "Fel", "slug": "fel"})
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert Page.objects.count() == before


def test_adding_under_a_content_page_goes_straight_to_a_content_page(
    admin_client, demo_site
):
    about = demo_site["sv"].get_children().get(slug="om-webbplatsen")
    response = admin_client.get(
        reverse("wagtailadmin_pages:add_subpage", args=[about.id])
    )
    assert response.status_code == 302
    assert response["Location"] == add_url(ContentPage, about)


def test_adding_under_the_home_page_offers_content_and_statement(
    admin_client, demo_site
):
    home = demo_site["sv"]
    response = admin_client.get(
        reverse("wagtailadmin_pages:add_subpage", args=[home.id])
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    offered = {a["href"] for a in page.find_all("a", href=True)}
    assert add_url(ContentPage, home) in offered
    assert add_url(AccessibilityStatementPage, home) in offered
    assert add_url(HomePage, home) not in offered


# --- Organisation settings ---------------------------------------------------------


def settings_form(**overrides):
    fields = {
        "name": "Kungälvs kommun",
        "organisation_number": "212000-1371",
        "street_address": "Ytterbyvägen 1",
        "postal_code": "442 81",
        "city": "Kungälv",
        "phone": "0303-23 80 00",
        "email": "kommunen@kungalv.se",
        "accessibility_statement": "",
    }
    fields.update(overrides)
    return fields


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse(
        "wagtailsettings:edit", args=["website", "organisationsettings", site.pk]
    )


def test_settings_refuse_an_invalid_organisation_number(admin_client, demo_site):
    response = admin_client.post(
        settings_url(), settings_form(organisation_number="212000-1372")
    )
    assert response.status_code == 200
    assert "212000-1371" in error_text(response)
    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    assert org.organisation_number == "212000-1371"  # unchanged


def test_settings_store_the_organisation_number_normalised(client, admin_client, db):
    response = admin_client.post(
        settings_url(), settings_form(organisation_number="162120001371")
    )
    assert response.status_code == 302
    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    assert org.organisation_number == "212000-1371"


# --- Translating with wagtail-localize ---------------------------------------------


@pytest.fixture
def twin_towns(demo_site, publish_page):
    """A Swedish page that has no English translation yet."""
    return publish_page(
        demo_site["sv"],
        ContentPage(
            title="Vänorter",
            slug="vanortsutbyte",
            intro="Kungälvs vänorter i Europa.",
            body=[("paragraph", "<p>Hiddenhausen i Tyskland.</p>")],
        ),
    )


def submit_translation(admin_client, page, locale):
    url = reverse("wagtail_localize:submit_page_translation", args=[page.id])
    return admin_client.post(url, {"locales": [locale.id]})


def test_translate_page_form_offers_english(admin_client, twin_towns, en_locale):
    url = reverse("wagtail_localize:submit_page_translation", args=[twin_towns.id])
    response = admin_client.get(url)
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser")
    offered = [
        box["value"] for box in form.find_all("input", attrs={"name": "locales"})
    ]
    assert offered == [str(en_locale.id)]


def test_submitting_a_translation_creates_the_english_page(
    admin_client, twin_towns, en_locale, demo_site
):
    response = submit_translation(admin_client, twin_towns, en_locale)
    assert response.status_code == 302
    english = twin_towns.get_translation(en_locale).specific
    assert english.translation_key == twin_towns.translation_key
    assert english.get_parent().specific == demo_site["en"]
    assert english.title == "Vänorter"  # not yet translated
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[english.id])
    assert admin_client.get(response["Location"]).status_code == 200


def test_a_synced_translation_opens_in_the_translation_editor_and_publishes(
    client, admin_client, twin_towns, en_locale, django_capture_on_commit_callbacks
):
    submit_translation(admin_client, twin_towns, en_locale)
    english = twin_towns.get_translation(en_locale)
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.id])

    # "Start synced translation", as the editor's action menu offers it.
    response = admin_client.post(edit_url, {"localize-restart-translation": "1"})
    assert response.status_code == 302
    translation = Translation.objects.get(
        source__object_id=twin_towns.translation_key, target_locale=en_locale
    )
    assert translation.enabled

    response = admin_client.get(edit_url)
    assert response.status_code == 200
    editor = BeautifulSoup(response.content, "html.parser").find(
        class_="js-translation-editor"
    )
    assert editor is not None
    assert "Hiddenhausen i Tyskland." in editor["data-props"]

    # Translate every string, then publish from the translation editor.
    english_text = {
        "Vänorter": "Twin towns",
        "vanortsutbyte": "twin-town-exchange",
        "Kungälvs vänorter i Europa.": "Kungälv's twin towns in Europe.",
        "Hiddenhausen i Tyskland.": "Hiddenhausen in Germany.",
    }
    for segment in translation.source.stringsegment_set.select_related("string"):
        url = reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.id, segment.id],
        )
        response = admin_client.put(
            url,
            urlencode({"value": english_text[segment.string.data]}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in {200, 201}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(edit_url, {"action": "publish"})
    assert response.status_code == 302

    english = ContentPage.objects.get(pk=english.pk)
    assert english.live
    assert english.title == "Twin towns"
    public = client.get("/en/twin-town-exchange/")
    assert public.status_code == 200
    assert "Hiddenhausen in Germany." in public.text
    # And the language switcher now pairs the two pages.
    assert 'href="/en/twin-town-exchange/"' in client.get("/vanortsutbyte/").text


@pytest.mark.filterwarnings("ignore::django.core.paginator.UnorderedObjectListWarning")
def test_translation_report_opens(admin_client, twin_towns, en_locale):
    submit_translation(admin_client, twin_towns, en_locale)
    response = admin_client.get(reverse("wagtail_localize:translations_report"))
    assert response.status_code == 200


def test_the_page_explorer_offers_translation(admin_client, twin_towns):
    response = admin_client.get(reverse("wagtailadmin_explore", args=[twin_towns.id]))
    assert response.status_code == 200
    url = reverse("wagtail_localize:submit_page_translation", args=[twin_towns.id])
    assert url in response.text
