"""The policy page: where section pages go, editing, rendering and its review."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from partnerships.blocks import RICH_TEXT_FEATURES
from partnerships.models import (
    PartnerIndexPage,
    PartnerPage,
    PolicyPage,
    PriorityArea,
    StoryIndexPage,
    StoryPage,
    SustainabilityDimension,
)
from partnerships.terms import ReviewStatus, review_status
from website.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db

D = datetime.date
ADOPTED = D(2019, 12, 5)  # the demo policy, never reviewed since

PRIORITY_AREAS_SV = [
    "Utveckling av kommunens egen verksamhet",
    "Samhällsutveckling och socioekonomiska kunskapsinvesteringar",
    "Tillväxt och näringslivsutveckling",
    "Omvärldsbevakning",
]
DIMENSIONS_SV = ["Ekologisk utveckling", "Social utveckling", "Ekonomisk utveckling"]
PRIORITY_AREAS_EN = [
    "Development of the municipality's own operations",
    "Community development and socio-economic knowledge investments",
    "Growth and business development",
    "Horizon scanning",
]
DIMENSIONS_EN = ["Ecological development", "Social development", "Economic development"]


def policy(locale, **overrides):
    fields = {
        "title": "Internationell policy",
        "slug": "internationell-policy",
        "locale": locale,
        "sections": [
            (
                "section",
                {"heading": "Vision", "anchor": "vision", "body": "<p>Gott liv.</p>"},
            )
        ],
        "registration_number": "KS2019/1537",
        "decision_body": "Kommunfullmäktige",
        "decision_minute": "KF § 311/2019",
        "decision_date": ADOPTED,
        "document_owner": "Kommunsekreterare",
    }
    fields.update(overrides)
    return PolicyPage(**fields)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response):
    return soup(response).main.get_text(" ", strip=True)


# --- Where section pages go --------------------------------------------------------


@pytest.mark.parametrize("model", [PolicyPage, PartnerIndexPage, StoryIndexPage])
def test_section_pages_go_under_a_home_page_only(model, sv_home, publish_page):
    root = Page.get_first_root_node()
    about = publish_page(sv_home, ContentPage(title="Om oss", slug="om-oss"))
    assert model.can_create_at(sv_home)
    assert not model.can_create_at(root)
    assert not model.can_create_at(about)


def test_the_admin_refuses_a_policy_page_at_the_tree_root(admin_client, sv_locale):
    root = Page.get_first_root_node()
    url = reverse(
        "wagtailadmin_pages:add", args=("partnerships", "policypage", root.id)
    )
    assert admin_client.get(url).status_code == 302
    assert not PolicyPage.objects.exists()


def test_the_policy_page_has_no_subpages(sv_home, publish_page):
    page = publish_page(sv_home, policy(sv_home.locale))
    assert PolicyPage.allowed_subpage_models() == []
    for model in (ContentPage, PolicyPage, PartnerPage, StoryPage, HomePage):
        assert not model.can_create_at(page)


def test_only_one_policy_page_per_language(sv_home, publish_page):
    publish_page(sv_home, policy(sv_home.locale))
    second = policy(sv_home.locale, title="Policy 2", slug="policy-2")
    # Saving runs full_clean(), which refuses the second page with this message.
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            sv_home.add_child(instance=second)
        # The message is put together when it is read: in English, too.
        assert refused.value.messages == [
            "Only one “policy page” is allowed per language."
        ]
    assert PolicyPage.objects.count() == 1


def test_an_english_translation_of_the_policy_is_allowed(
    sv_home, en_locale, publish_page
):
    swedish = publish_page(sv_home, policy(sv_home.locale))
    en_home = publish_page(
        Page.get_first_root_node(),
        HomePage(
            title="Home",
            slug="home-en",
            locale=en_locale,
            translation_key=sv_home.translation_key,
        ),
    )
    english = policy(
        en_locale,
        title="International Policy",
        slug="international-policy",
        translation_key=swedish.translation_key,
    )
    publish_page(en_home, english)  # saving runs full_clean()
    assert swedish.get_translation(en_locale).specific == english
    assert PolicyPage.objects.count() == 2


# --- Editing in the admin ----------------------------------------------------------


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=(model._meta.app_label, model._meta.model_name, parent.id),
    )


def section(heading, anchor, html):
    return (
        "section",
        {
            "heading": heading,
            "anchor": anchor,
            "body": rich_text(html, features=RICH_TEXT_FEATURES),
        },
    )


def policy_form(sections, **overrides):
    fields = {
        "title": "Internationell policy",
        "slug": "internationell-policy",
        "intro": "Det internationella arbetet ska bidra till ett hållbart samhälle.",
        "sections": streamfield(sections),
        "registration_number": "KS2019/1537",
        "decision_minute": "KF § 311/2019",
        "decision_body": "Kommunfullmäktige",
        "decision_date": "2019-12-05",
        "document_owner": "Kommunsekreterare",
        "last_review_date": "",
        "adopted_document": "",
        "action-publish": "action-publish",
    }
    fields.update(overrides)
    return nested_form_data(fields)


def page_text(response):
    return soup(response).get_text(" ", strip=True)


def test_editor_creates_the_policy_page_with_sections(
    client, admin_client, site_home, test_document
):
    response = admin_client.post(
        add_url(PolicyPage, site_home),
        policy_form(
            [
                section("Vision", "vision", "<p>Gott att leva för <b>alla</b>.</p>"),
                section("Uppföljning", "uppfoljning", "<p>Varje mandatperiod.</p>"),
            ],
            adopted_document=str(test_document.id),
        ),
    )
    assert response.status_code == 302, page_text(response)

    page = PolicyPage.objects.get(slug="internationell-policy")
    assert page.live
    assert page.locale == site_home.locale
    assert [block.block_type for block in page.sections] == ["section", "section"]
    first, second = (block.value for block in page.sections)
    assert first["heading"] == "Vision"
    assert first.anchor_id() == "vision"
    assert "<b>alla</b>" in first["body"].source
    assert second["anchor"] == "uppfoljning"
    assert page.registration_number == "KS2019/1537"
    assert page.decision_minute == "KF § 311/2019"
    assert page.decision_body == "Kommunfullmäktige"
    assert page.decision_date == ADOPTED
    assert page.document_owner == "Kommunsekreterare"
    assert page.last_review_date is None
    assert page.reviewed_on == ADOPTED
    assert page.adopted_document == test_document

    public = soup(client.get("/internationell-policy/"))
    toc = [a["href"] for a in public.find("nav", class_="toc").find_all("a")]
    assert toc == ["#vision", "#uppfoljning"]
    assert public.find("h2", id="uppfoljning").get_text() == "Uppföljning"
    assert public.find("a", href=test_document.url)


@pytest.mark.parametrize("anchor", ["min rubrik", "Vision", "vision-", "å-ä"])
def test_an_invalid_section_anchor_is_refused(admin_client, sv_home, anchor):
    response = admin_client.post(
        add_url(PolicyPage, sv_home),
        policy_form([section("Vision", anchor, "<p>Text.</p>")]),
    )
    assert response.status_code == 200
    assert not PolicyPage.objects.exists()
    assert "sections" in response.context["form"].errors
    # The editor is told what an anchor may contain (the message sits in the
    # stream's JSON, where non-ASCII letters are escaped).
    assert "bara gemena bokst" in response.text


def test_a_policy_without_sections_or_registration_number_is_refused(
    admin_client, sv_home
):
    response = admin_client.post(
        add_url(PolicyPage, sv_home), policy_form([], registration_number="")
    )
    assert response.status_code == 200
    assert {"sections", "registration_number"} <= set(response.context["form"].errors)
    assert not PolicyPage.objects.exists()


# --- The taxonomy seeded by the migration ------------------------------------------


@pytest.mark.parametrize(
    ("model", "swedish", "english"),
    [
        (PriorityArea, PRIORITY_AREAS_SV, PRIORITY_AREAS_EN),
        (SustainabilityDimension, DIMENSIONS_SV, DIMENSIONS_EN),
    ],
)
def test_the_taxonomy_is_seeded_in_both_languages(
    model, swedish, english, sv_locale, en_locale
):
    sv_items = list(model.objects.filter(locale=sv_locale))
    en_items = list(model.objects.filter(locale=en_locale))
    assert [item.name for item in sv_items] == swedish
    assert [item.name for item in en_items] == english
    # Each English item is the translation of the Swedish one in the same place.
    assert [item.translation_key for item in sv_items] == [
        item.translation_key for item in en_items
    ]
    assert len({item.translation_key for item in sv_items}) == len(swedish)
    for sv_item, en_item in zip(sv_items, en_items, strict=True):
        assert sv_item.get_translation(en_locale) == en_item


# --- The demo policy as readers see it ---------------------------------------------


def expected_review():
    return review_status(ADOPTED, timezone.localdate())


@pytest.mark.parametrize(
    ("language", "url", "title", "areas", "dimensions"),
    [
        (
            "sv",
            "/internationell-policy/",
            "Internationell policy",
            PRIORITY_AREAS_SV,
            DIMENSIONS_SV,
        ),
        (
            "en",
            "/en/international-policy/",
            "International Policy",
            PRIORITY_AREAS_EN,
            DIMENSIONS_EN,
        ),
    ],
)
def test_the_policy_page_shows_contents_facts_review_and_taxonomy(
    client, demo_site, language, url, title, areas, dimensions
):
    response = client.get(url)
    assert response.status_code == 200
    page = soup(response)
    main = page.main
    assert main.h1.get_text() == title

    # The table of contents links to every section, and every link lands.
    policy_page = PolicyPage.objects.get(locale__language_code=language)
    anchors = [block.value["anchor"] for block in policy_page.sections]
    assert len(anchors) == 8
    toc = main.find("nav", class_="toc")
    assert [a["href"] for a in toc.find_all("a")] == [f"#{a}" for a in anchors]
    for anchor, block in zip(anchors, policy_page.sections, strict=True):
        target = main.find(id=anchor)
        assert target is not None, anchor
        assert target.get_text() == block.value["heading"]
    assert main.find("h2", id="vision")

    facts = main.find("aside", class_="policy-facts").get_text(" ", strip=True)
    assert "KS2019/1537" in facts
    assert "KF § 311/2019" in facts
    with translation.override(language):
        adopted = date_format(ADOPTED, "DATE_FORMAT")
        review = expected_review()
        due = date_format(review.due_by, "DATE_FORMAT")
    assert adopted in facts
    if language == "sv":
        assert "5 december 2019" in facts
        assert "Kommunfullmäktige" in facts

    notice = main.find("p", class_="review")
    assert f"review--{review.status}" in notice["class"]
    notice_text = notice.get_text(" ", strip=True)
    assert review.term.council_label in notice_text
    assert review.term.board_label in notice_text
    assert due in notice_text

    taxonomy = main.find("section", class_="policy-taxonomy")
    lists = taxonomy.find_all(class_="taxonomy-list")
    assert [li.get_text() for li in lists[0].find_all("li")] == areas
    assert [li.get_text() for li in lists[1].find_all("li")] == dimensions


def test_the_notice_names_the_missed_term_on_a_fixed_day():
    """On 26 November 2026 the 2022–2026 term has ended without a review."""
    review = policy(None).review(D(2026, 11, 26))
    with translation.override("sv"):
        notice = render_to_string(
            "partnerships/includes/review_notice.html", {"review": review}
        )
    text = " ".join(BeautifulSoup(notice, "html.parser").get_text().split())
    assert text == (
        "Översynen är försenad. Policyn ska ses över varje mandatperiod. Den skulle "
        "ha setts över under mandatperioden 2022–2026 (2023–2026), senast "
        "14 oktober 2026."
    )


def test_the_review_rule_on_a_fixed_day():
    page = policy(None)
    review = page.review(D(2026, 11, 26))
    assert review.status == ReviewStatus.OVERDUE
    assert (review.term.council_label, review.term.board_label) == (
        "2022–2026",
        "2023–2026",
    )
    assert review.due_by == D(2026, 10, 14)
    # Before the new council took office, the same policy was merely due.
    assert page.review(D(2026, 10, 14)).status == ReviewStatus.DUE


def test_a_recently_reviewed_policy_is_current():
    page = policy(None, last_review_date=D(2026, 11, 2))
    assert page.reviewed_on == D(2026, 11, 2)
    review = page.review(D(2026, 11, 26))
    assert review.status == ReviewStatus.CURRENT
    assert review.term.council_label == "2030–2034"
    assert review.due_by == D(2034, 10, 14)


def test_a_policy_reviewed_today_says_so_on_the_page(client, site_home, publish_page):
    today = timezone.localdate()
    publish_page(site_home, policy(site_home.locale, last_review_date=today))
    response = client.get("/internationell-policy/")
    main = soup(response).main
    notice = main.find("p", class_="review")
    assert "review--current" in notice["class"]
    assert "Översedd under den här mandatperioden" in notice.get_text()
    facts = main.find("aside", class_="policy-facts").get_text(" ", strip=True)
    with translation.override("sv"):
        assert date_format(today, "DATE_FORMAT") in facts
    assert "Inte översedd sedan den antogs" not in facts
