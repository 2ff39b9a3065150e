"""Triage from the list and the dashboard: each row opens its submission, the newest
unhandled ones are on the dashboard, "Mine" finds one's own, and every value is
shown as the admin's reader reads it (local time, the admin's language, no "None").

The admin speaks Swedish unless a user chose English (``in_english``). Tests that
read Swedish text of strings added with the triage dashboard need those strings in
the catalogue: ``test_the_status_message_says_what_changed_in_swedish``.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from inventory.models import DisposalLog, InterestSubmission

pytestmark = pytest.mark.django_db

HOME = "/admin/"
PANEL = "inventory-new-submissions-section"
# 05:20 in Stockholm on a winter's day (CET, UTC+1).
WINTER_MORNING = datetime.datetime(2026, 1, 15, 4, 20, tzinfo=datetime.UTC)


def url(name, *args):
    return reverse(f"interest_submissions:{name}", args=args)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def words(node):
    """A node's text as a reader sees it, spaces (and no-break spaces) made one."""
    return " ".join(node.get_text(" ").split())


def main_text(response):
    return words(soup(response).find("main"))


def received(at, **fields):
    """A submission as if it had arrived at ``at``."""
    values = {
        "language": "sv",
        "organisation_type": "association",
        "organisation_name": "Ytterby Idrottsförening",
        "contact_name": "Anna Andersson",
        "email": "anna@example.org",
        "town": "Kungälv",
        **fields,
    }
    submission = InterestSubmission.objects.create(**values)
    InterestSubmission.objects.filter(pk=submission.pk).update(created_at=at)
    submission.refresh_from_db()
    return submission


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def other_triager(db):
    user = User.objects.create_user("kollega", "k@kommun.example", "losen-123")
    user.groups.add(Group.objects.get(name="Interest triage"))
    return user


@pytest.fixture
def editor(db):
    user = User.objects.create_user("redaktor", "r@kommun.example", "losen-123")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def panel(response):
    return soup(response).find(id=PANEL)


# --- The list ----------------------------------------------------------------------


def test_each_row_opens_its_submission_and_keeps_edit(client, triage_user):
    first = received(WINTER_MORNING, organisation_name="Förening Ett")
    second = received(WINTER_MORNING, organisation_name="Förening Två")
    page = soup(logged_in(client, triage_user).get(url("index")))
    for submission in (first, second):
        link = page.find(
            "a",
            string=lambda text, ref=submission.reference: text and text.strip() == ref,
        )
        assert link is not None, submission.reference
        assert link["href"] == url("inspect", submission.pk)
        assert client.get(link["href"]).status_code == 200
        row = link.find_parent("tr")
        hrefs = {a["href"] for a in row.find_all("a", href=True)}
        assert url("edit", submission.pk) in hrefs
        assert submission.organisation_name in words(row)


def test_the_list_shows_local_time_and_a_dash_for_nothing(client, triage_user):
    submission = received(WINTER_MORNING, project_title="")
    page = soup(logged_in(client, triage_user).get(url("index")))
    row = page.find("a", href=url("inspect", submission.pk)).find_parent("tr")
    cells = [words(cell) for cell in row.find_all("td")]
    assert "2026-01-15 05:20" in cells
    assert "—" in cells  # no project named
    assert "Ärendenummer" in words(row.find_parent("table").find("thead"))


# --- The dashboard -----------------------------------------------------------------


def test_the_dashboard_lists_the_newest_unhandled_with_their_ages(client, triage_user):
    now = timezone.now()
    newest = received(now - datetime.timedelta(hours=3), organisation_name="Nyast")
    older = received(
        now - datetime.timedelta(days=2, hours=1), organisation_name="Äldre"
    )
    for days in range(3, 8):  # five more, the oldest two not shown
        received(now - datetime.timedelta(days=days), organisation_name=f"Dag {days}")
    received(now, organisation_name="Redan hanterad", status="contacted")

    response = logged_in(client, triage_user).get(HOME)
    shown = panel(response)
    assert shown is not None
    rows = shown.find("tbody").find_all("tr")
    assert len(rows) == 5
    assert [words(row.th) for row in rows][:2] == [newest.reference, older.reference]
    assert rows[0].th.a["href"] == url("inspect", newest.pk)
    assert "Nyast" in words(rows[0])
    assert "förening" in words(rows[0])
    assert "3 timmar sedan" in words(rows[0])
    assert "2 dagar sedan" in words(rows[1])
    text = words(shown)
    assert "Redan hanterad" not in text
    assert "Dag 6" not in text and "Dag 7" not in text
    everything = shown.find("a", href=url("index") + "?status=new")
    assert everything is not None
    assert "7" in words(everything)
    listed = main_text(client.get(everything["href"]))
    assert "Dag 7" in listed
    assert "Redan hanterad" not in listed


def test_the_dashboard_in_english(client, triage_user):
    received(timezone.now() - datetime.timedelta(hours=3))
    response = logged_in(client, in_english(triage_user)).get(HOME)
    text = words(panel(response))
    assert "New interest submissions" in text
    assert "3 hours ago" in text
    assert "association" in text
    assert "Show the new submission (1)" in text


def test_the_dashboard_says_when_nothing_is_new(client, triage_user):
    received(timezone.now(), status="closed")
    response = logged_in(client, in_english(triage_user)).get(HOME)
    shown = panel(response)
    assert "No new submissions." in words(shown)
    assert shown.find("table") is None


def test_the_dashboard_shows_local_time(client, triage_user):
    submission = received(WINTER_MORNING)
    response = logged_in(client, triage_user).get(HOME)
    row = panel(response).find("a", href=url("inspect", submission.pk))
    assert "2026-01-15 05:20" in words(row.find_parent("tr"))


def test_no_panel_for_those_who_may_not_triage(client, editor):
    received(timezone.now(), organisation_name="Hemlig förening")
    response = logged_in(client, editor).get(HOME)
    assert response.status_code == 200
    assert panel(response) is None
    assert "Hemlig förening" not in response.content.decode()


# --- Mine --------------------------------------------------------------------------


def test_mine_lists_what_i_handled(client, triage_user, other_triager):
    mine = received(WINTER_MORNING, organisation_name="Min förening")
    theirs = received(WINTER_MORNING, organisation_name="Kollegans förening")
    received(WINTER_MORNING, organisation_name="Ingens förening")
    logged_in(client, triage_user).post(url("edit", mine.pk), {"status": "contacted"})
    colleague = logged_in(Client(), other_triager)
    colleague.post(url("edit", theirs.pk), {"status": "matched"})

    everything = main_text(client.get(url("index")))
    for name in ("Min förening", "Kollegans förening", "Ingens förening"):
        assert name in everything
    page = client.get(url("index"), {"handled_by": "me"})
    text = main_text(page)
    assert "Min förening" in text
    assert "Kollegans förening" not in text
    assert "Ingens förening" not in text
    assert "Kollegans förening" in main_text(
        colleague.get(url("index"), {"handled_by": "me"})
    )
    # The filter is offered in the list's filters, labelled in English too.
    english = soup(logged_in(client, in_english(triage_user)).get(url("index")))
    choice = english.find("input", attrs={"name": "handled_by", "value": "me"})
    assert choice is not None
    assert words(choice.find_parent("label")) == "Mine"


# --- What the inspect and edit views show ------------------------------------------


def test_the_inspect_view_shows_local_time_and_plain_words(client, triage_user):
    submission = received(WINTER_MORNING, has_no_organisation_number=False)
    response = logged_in(client, triage_user).get(url("inspect", submission.pk))
    listing = soup(response).find("main").find("dl")
    fields = {
        words(term): words(term.find_next_sibling("dd"))
        for term in listing.find_all("dt")
    }
    assert fields["Ärendenummer"] == submission.reference
    assert fields["Inkom"] == "15 januari 2026 05:20"
    assert fields["Saknar organisationsnummer"] == "Nej"
    assert fields["Handläggare"] == "—"
    assert fields["Avisering skickad"] == "—"
    assert fields["Prioriterade områden"] == "—"
    assert fields["Typ av organisation"] == "förening"
    assert fields["Status"] == "ny"
    text = words(listing)
    for raw in ("True", "False", "None", "Reference", "association"):
        assert raw not in text, raw


def test_the_inspect_view_names_the_handler_and_speaks_english(client, triage_user):
    submission = received(WINTER_MORNING, has_no_organisation_number=True)
    triage_user.first_name, triage_user.last_name = "Hanna", "Handläggare"
    triage_user.save()
    logged_in(client, triage_user).post(
        url("edit", submission.pk), {"status": "contacted"}
    )
    submission.refresh_from_db()
    assert submission.handled_by == triage_user
    response = logged_in(client, in_english(triage_user)).get(
        url("inspect", submission.pk)
    )
    listing = soup(response).find("main").find("dl")
    fields = {
        words(term): words(term.find_next_sibling("dd"))
        for term in listing.find_all("dt")
    }
    assert fields["Reference"] == submission.reference
    assert fields["Received"] == "15 January 2026, 05:20"
    assert fields["Has no organisation number"] == "Yes"
    assert fields["Handled by"] == "Hanna Handläggare"
    assert fields["Status"] == "contacted"


def test_the_edit_view_shows_the_submission_in_plain_words(client, triage_user):
    submission = received(WINTER_MORNING)
    response = logged_in(client, triage_user).get(url("edit", submission.pk))
    form = soup(response).find("main").find("form")
    text = words(form)
    assert "Inkom 15 januari 2026 05:20" in text
    assert "Prioriterade områden —" in text
    assert "Partnerkommuner —" in text
    for raw in ("True", "False", "None"):
        assert raw not in text, raw


def test_the_disposal_log_shows_local_time(client, triage_user):
    log = DisposalLog.objects.create(
        form_title="Anmäl intresse",
        count=3,
        received_from=WINTER_MORNING,
        received_until=WINTER_MORNING,
        retention_months=24,
        decision="DHP KS 2024/12",
    )
    response = logged_in(client, triage_user).get(
        reverse("interest_disposals:inspect", args=[log.pk])
    )
    text = words(soup(response).find("main").find("dl"))
    assert "Inkomna från 15 januari 2026 05:20" in text
    assert "Exporterade till —" in text


# --- The message after a status change ---------------------------------------------


def change_status(client, submission, status):
    response = client.post(url("edit", submission.pk), {"status": status}, follow=True)
    assert response.status_code == 200
    return words(soup(response).find(class_="messages"))


def test_the_status_message_says_what_changed(client, triage_user):
    submission = received(WINTER_MORNING)
    logged_in(client, in_english(triage_user))
    message = change_status(client, submission, "closed")
    assert message.startswith(
        f"Interest submission {submission.reference} is now marked as closed."
    )
    assert "'" not in message
    assert message.count("nterest submission") == 1


def test_the_status_message_says_what_changed_in_swedish(client, triage_user):
    """Needs the Swedish of the new message in the catalogue."""
    submission = received(WINTER_MORNING)
    message = change_status(logged_in(client, triage_user), submission, "closed")
    assert message.startswith(
        f"Intresseanmälan {submission.reference} är nu markerad som avslutad."
    )
    assert "'" not in message


# --- Exports -----------------------------------------------------------------------


def test_the_exports_give_local_time_without_a_zone(client, triage_user):
    received(WINTER_MORNING)
    logged_in(client, triage_user)
    response = client.get(url("index"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    assert dict(zip(header, row, strict=True))["Inkom"] == "2026-01-15 05:20:00"
    response = client.get(url("index"), {"export": "xlsx"})
    data = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, row = list(sheet.iter_rows(values_only=True))
    value = dict(zip(header, row, strict=True))["Inkom"]
    assert value == datetime.datetime(2026, 1, 15, 5, 20)


# --- Units the review reminders cannot reach ---------------------------------------


@pytest.fixture
def units_with_projects(project_index, make_project, terms):
    reached, unreached, idle = terms["sv"]["units"][:3]
    reached.contact_email = "bildning@example.org"
    reached.save()
    make_project("Med adress", unit=reached, last_reviewed=None)
    make_project("Utan adress", unit=unreached, last_reviewed=None)
    return reached, unreached, idle  # the idle unit has no address and no projects


def unreached_list(response):
    return soup(response).find(id="inventory-review-without-address")


def test_the_review_panel_names_units_without_an_address(
    admin_client, units_with_projects
):
    reached, unreached, idle = units_with_projects
    listed = unreached_list(admin_client.get(HOME))
    assert listed is not None
    names = [words(item) for item in listed.find_all("li")]
    assert unreached.name in names
    assert reached.name not in names
    assert idle.name not in names
    link = listed.find("a", string=unreached.name)
    edit = reverse(
        "wagtailsnippets_inventory_organisationalunit:edit", args=[unreached.pk]
    )
    assert link["href"] == edit
    assert admin_client.get(edit).status_code == 200


def test_the_unit_links_are_for_those_who_may_edit_units(client, units_with_projects):
    _reached, unreached, _idle = units_with_projects
    user = User.objects.create_user("projektledare", "p@kommun.example", "losen-123")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_project"])
    )
    listed = unreached_list(logged_in(client, user).get(HOME))
    assert [words(item) for item in listed.find_all("li")] == [unreached.name]
    assert listed.find("a") is None
