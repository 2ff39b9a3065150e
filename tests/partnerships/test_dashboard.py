"""The "International work" panel on the admin's home page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from partnerships.models import PartnerPage, PartnerVisit, PolicyPage
from partnerships.terms import ReviewStatus, review_status

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
LAST_MONTH = TODAY - datetime.timedelta(days=31)
THREE_YEARS_AGO = TODAY - datetime.timedelta(days=3 * 365)
STATUS_TEXT = {
    ReviewStatus.OVERDUE: "översynen är försenad",
    ReviewStatus.DUE: "dags för översyn",
    ReviewStatus.CURRENT: "översedd under den här mandatperioden",
}


def sv_date(day):
    with translation.override("sv"):
        return date_format(day, "DATE_FORMAT")


def panel(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").find(
        "section", id="partnerships-section"
    )
    assert section is not None, "no International work panel"
    return section


def panel_text(section):
    return " ".join(section.get_text(" ").split())


def quiet_list(section):
    """The partners listed as quiet, as {title: the line's text}."""
    heading = section.find("h3")
    assert (
        heading.get_text() == "Partnerkommuner utan registrerad aktivitet på 24 månader"
    )
    listing = heading.find_next_sibling("ul")
    if listing is None:
        return {}
    return {
        li.a.get_text(): " ".join(li.get_text(" ").split())
        for li in listing.find_all("li")
    }


def visits(*days):
    return [
        PartnerVisit(date=day, direction="in", title=f"Besök {day}") for day in days
    ]


@pytest.fixture
def partners(add_partner, add_story):
    pages = {
        "recent": add_partner("Nyligen", visits=visits(THREE_YEARS_AGO, LAST_MONTH)),
        "quiet": add_partner("Tyst", visits=visits(THREE_YEARS_AGO)),
        "never": add_partner("Aldrig"),
        "storied": add_partner("Berättad", visits=visits(THREE_YEARS_AGO)),
        "drafted": add_partner("Utkastad", visits=visits(THREE_YEARS_AGO)),
        "draft": add_partner("Opublicerad", live=False),
    }
    add_story("Publicerad", LAST_MONTH, [pages["storied"]])
    add_story("Ej publicerad", LAST_MONTH, [pages["drafted"]], live=False)
    return pages


def test_the_panel_lists_partners_without_activity_in_24_months(admin_client, partners):
    section = panel(admin_client)
    assert section.find(id="partnerships-heading").get_text(strip=True) == (
        "Internationellt arbete"
    )
    quiet = quiet_list(section)
    # Alphabetical; a visit last month or a published story keeps a partner off.
    assert list(quiet) == ["Aldrig", "Tyst", "Utkastad"]
    assert quiet["Tyst"] == f"Tyst – senaste aktivitet {sv_date(THREE_YEARS_AGO)}"
    assert quiet["Aldrig"] == "Aldrig – ingen registrerad aktivitet"
    # A draft story is no activity: the older visit is what counts.
    assert (
        quiet["Utkastad"] == f"Utkastad – senaste aktivitet {sv_date(THREE_YEARS_AGO)}"
    )
    links = {a.get_text(): a["href"] for a in section.find("ul").find_all("a")}
    assert links["Tyst"] == reverse(
        "wagtailadmin_pages:edit", args=[partners["quiet"].id]
    )


def test_a_visit_today_takes_a_partner_off_the_list(admin_client, partners):
    assert "Tyst" in quiet_list(panel(admin_client))
    PartnerVisit.objects.create(
        page=partners["quiet"], date=TODAY, direction="out", title="Återbesök"
    )
    assert "Tyst" not in quiet_list(panel(admin_client))


def test_when_every_partner_is_active_the_panel_says_so(admin_client, add_partner):
    add_partner("Nyligen", visits=visits(LAST_MONTH))
    section = panel(admin_client)
    assert quiet_list(section) == {}
    assert "Alla partnerkommuner har registrerad aktivitet under de senaste 24 " in (
        panel_text(section)
    )


def test_the_panel_shows_the_policy_review_status(admin_client, sv_home):
    reviewed = TODAY
    policy = PolicyPage(
        title="Internationell policy",
        slug="internationell-policy",
        sections=[("section", {"heading": "Vision", "anchor": "vision", "body": ""})],
        registration_number="KS2019/1537",
        decision_body="Kommunfullmäktige",
        decision_minute="KF § 311/2019",
        decision_date=D(2019, 12, 5),
        document_owner="Kommunsekreterare",
        last_review_date=reviewed,
    )
    sv_home.add_child(instance=policy)
    section = panel(admin_client)
    review = review_status(reviewed, TODAY)
    assert review.status == ReviewStatus.CURRENT
    line = " ".join(section.find("p").get_text(" ").split())
    assert line == (
        f"Internationell policy : översedd under den här mandatperioden "
        f"(mandatperioden {review.term.council_label} / {review.term.board_label}, "
        f"senast {sv_date(review.due_by)})"
    )
    assert section.find("p").a["href"] == reverse(
        "wagtailadmin_pages:edit", args=[policy.id]
    )


def test_the_panel_says_when_there_is_no_policy(admin_client, sv_home):
    assert "Ingen policysida har publicerats ännu." in panel_text(panel(admin_client))


def test_the_panel_on_the_demo_site(admin_client, demo_site):
    section = panel(admin_client)
    review = review_status(D(2019, 12, 5), TODAY)
    policy_line = " ".join(section.find("p").get_text(" ").split())
    assert policy_line.startswith("Internationell policy :")
    assert STATUS_TEXT[review.status] in policy_line
    assert f"{review.term.council_label} / {review.term.board_label}" in policy_line
    assert sv_date(review.due_by) in policy_line
    # Only the Swedish policy and partners: the dashboard follows the default
    # language.
    assert "International Policy" not in panel_text(section)
    assert quiet_list(section) == {
        "Hiddenhausen": "Hiddenhausen – senaste aktivitet 1 juni 2016",
        "Perano": "Perano – senaste aktivitet 1 november 2013",
    }


# --- PartnerPage.without_activity_since --------------------------------------------


def test_without_activity_since_finds_the_quiet_partners(
    partners, sv_locale, django_assert_num_queries
):
    since = TODAY - datetime.timedelta(days=730)
    with django_assert_num_queries(1):
        quiet = PartnerPage.without_activity_since(since, sv_locale)
    assert [partner.title for partner in quiet] == ["Aldrig", "Tyst", "Utkastad"]
    dates = {partner.title: partner.last_activity_date for partner in quiet}
    assert dates == {
        "Aldrig": None,
        "Tyst": THREE_YEARS_AGO,
        "Utkastad": THREE_YEARS_AGO,
    }


def test_activity_on_the_day_itself_counts(partners, sv_locale):
    quiet = PartnerPage.without_activity_since(THREE_YEARS_AGO, sv_locale)
    assert [partner.title for partner in quiet] == ["Aldrig"]
    later = THREE_YEARS_AGO + datetime.timedelta(days=1)
    quiet = PartnerPage.without_activity_since(later, sv_locale)
    assert [partner.title for partner in quiet] == ["Aldrig", "Tyst", "Utkastad"]


def test_without_activity_since_keeps_to_one_language(
    partners, en_partner_index, add_partner, sv_locale, en_locale
):
    add_partner("Quiet", index=en_partner_index, locale=en_locale)
    since = TODAY - datetime.timedelta(days=730)
    english = PartnerPage.without_activity_since(since, en_locale)
    assert [partner.title for partner in english] == ["Quiet"]
    swedish = PartnerPage.without_activity_since(since, sv_locale)
    assert "Quiet" not in [partner.title for partner in swedish]
