"""The public interest form: what a citizen sends, what is stored, what is refused.

Every test posts through Django's test client to the real page; the timing and volume
guards are off (``interest_settings``) except in the tests of those guards.
"""

import logging
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core import mail, signing
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from inventory.interest.forms import _TOKEN_SALT, issue_form_token
from inventory.interest.notifications import send_pending_notifications
from inventory.models import InterestSubmission
from partnerships.models import PriorityArea

pytestmark = pytest.mark.django_db

FORM = "/anmal-intresse/"
THANKS = "/anmal-intresse/thanks/"
EN_FORM = "/en/express-interest/"
REPO = Path(__file__).resolve().parents[3]


# --- Helpers -----------------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return " ".join(soup(response).get_text(" ").split())


def form_fields(response):
    """The values the re-shown form would send: {name: value or [values]}."""
    form = soup(response).find("form", id="interest-form")
    values = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name:
            continue
        if element.name == "textarea":
            # A browser drops the one line break that follows <textarea>.
            values[name] = element.get_text().removeprefix("\n")
        elif element.name == "select":
            chosen = element.find("option", selected=True)
            values[name] = chosen["value"] if chosen else ""
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                values.setdefault(name, []).append(element.get("value", "on"))
        else:
            values[name] = element.get("value", "")
    return values


def summary_targets(response):
    """The ids the error summary links to."""
    summary = soup(response).find(id="error-summary")
    assert summary is not None, "no error summary"
    return [link["href"].removeprefix("#") for link in summary.find_all("a")]


def assert_field_error(response, name):
    """The field is named in the summary, marked invalid and tied to its error."""
    page = soup(response)
    field_id = f"id_{name}"
    assert field_id in summary_targets(response)
    assert page.find(id=field_id) is not None, "the summary links to nothing"
    error = page.find(id=f"{field_id}_error")
    assert error is not None and error.get_text(strip=True)
    controls = page.find_all(["input", "select", "textarea"], attrs={"name": name})
    assert controls
    for control in controls:
        assert control.get("aria-invalid") == "true"
        assert f"{field_id}_error" in control.get("aria-describedby", "").split()


def chosen_project(response):
    """The text naming the project the form is about, or None."""
    chosen = soup(response).select_one("fieldset#id_project .form-project__chosen")
    return chosen.get_text(" ", strip=True) if chosen else None


def assert_project_error(response):
    """The project's error is in the summary, linked to the project's fieldset
    (named by its legend) that shows it."""
    page = soup(response)
    assert "id_project" in summary_targets(response)
    fieldset = page.find("fieldset", id="id_project")
    assert fieldset is not None, "the summary links to nothing"
    assert fieldset.legend.get_text(strip=True) in ("Projekt", "Project")
    error = fieldset.find(id="id_project_error")
    assert error is not None and error.get_text(strip=True)
    assert fieldset["aria-describedby"] == "id_project_error"


def posted(client, data, url=FORM, **extra):
    return client.post(url, data, **extra)


def thanks_reference(client, response):
    """Follow a 303 to the thank-you page; the reference number shown there."""
    assert response.status_code == 303, response.status_code
    assert response["Location"].startswith(THANKS)
    page = client.get(response["Location"])
    assert page.status_code == 200
    strong = soup(page).select_one("main strong, strong")
    return strong.get_text(strip=True) if strong else ""


@pytest.fixture
def project_with_unit(make_project, terms):
    unit = terms["sv"]["units"][0]
    unit.contact_email = "kultur@kommun.example"
    unit.save()
    return make_project("Vänskap över gränser", unit=unit)


# --- A valid submission, end to end ------------------------------------------------


def test_a_valid_form_is_stored_with_every_typed_column(
    interest_page, project_with_unit, add_partner, terms, django_assert_num_queries
):
    partner = add_partner("Hiddenhausen")
    areas = terms["sv"]["areas"][:2]
    client = Client(enforce_csrf_checks=True)
    # Come from the project's page: its link names the project.
    shown = client.get(FORM, {"project": project_with_unit.slug})
    assert shown.status_code == 200
    fields = form_fields(shown)
    assert fields["csrfmiddlewaretoken"] and fields["form_token"]
    assert fields["project"] == project_with_unit.slug

    response = client.post(
        FORM,
        {
            "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
            "form_token": fields["form_token"],
            "website": "",
            "organisation_type": "business",
            "organisation_name": "Marstrands Varv AB",
            "organisation_number": "16212000-1371",
            "contact_name": "Karin Olsson",
            "email": "karin@varvet.example",
            "phone": "+46 303 23 80 00",
            "town": "Marstrand",
            "priority_areas": [str(area.pk) for area in areas],
            "partners": [str(partner.pk)],
            "project": fields["project"],
            "message": "Vi kan ta emot praktikanter.\nHälsningar Karin",
        },
    )

    assert response.status_code == 303
    row = InterestSubmission.objects.get()
    assert row.page_id == interest_page.pk
    assert row.language == "sv"
    assert row.organisation_type == "business"
    assert row.organisation_name == "Marstrands Varv AB"
    assert row.organisation_number == "212000-1371"
    assert row.has_no_organisation_number is False
    assert row.contact_name == "Karin Olsson"
    assert row.email == "karin@varvet.example"
    assert row.phone == "+46303238000"
    assert row.town == "Marstrand"
    assert row.project == project_with_unit
    assert row.project_title == "Vänskap över gränser"
    assert row.message == "Vi kan ta emot praktikanter.\nHälsningar Karin"
    assert set(row.priority_areas.all()) == set(areas)
    assert list(row.partners.all()) == [partner]
    assert row.status == "new"
    assert row.handled_by is None
    assert row.internal_note == ""
    assert thanks_reference(client, response) == row.reference
    assert row.reference == f"INT-{row.created_at:%Y}-{row.pk}"


@pytest.mark.parametrize(
    ("number", "phone"),
    [
        ("16212000-1371", "0303-23 80 00"),
        ("2120001371", "+46 303 23 80 00"),
        (" 212000-1371 ", "0303238000"),
    ],
)
def test_organisation_number_and_phone_are_stored_in_one_form(
    client, interest_page, interest_data, number, phone
):
    response = posted(client, interest_data(organisation_number=number, phone=phone))
    assert response.status_code == 303
    row = InterestSubmission.objects.get()
    assert row.organisation_number == "212000-1371"
    assert row.phone == "+46303238000"


def test_no_organisation_number_ticked_stores_the_flag(
    client, interest_page, interest_data
):
    response = posted(
        client,
        interest_data(
            organisation_number="", has_no_organisation_number="on", phone=""
        ),
    )
    assert response.status_code == 303
    row = InterestSubmission.objects.get()
    assert row.organisation_number == ""
    assert row.has_no_organisation_number is True
    assert row.phone == ""


def test_the_notification_goes_out_from_housekeeping_to_the_page_and_the_project_unit(
    client,
    interest_page,
    interest_data,
    project_with_unit,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = posted(
            client,
            interest_data(
                project=project_with_unit.slug,
                message="<b>Hej!</b> <script>alert('x')</script> & välkomna",
            ),
        )
    assert response.status_code == 303
    # No SMTP conversation inside the citizen's request, not even after commit.
    assert mail.outbox == [] and callbacks == []
    # The notification to the staff, then the receipt to the submitter.
    assert send_pending_notifications() == (2, 0, 0)

    row = InterestSubmission.objects.get()
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.to == [
        "registrator@kommun.example",
        "internationellt@kommun.example",
        "kultur@kommun.example",
    ]
    assert message.cc == [] and message.bcc == [] and message.reply_to == []
    assert row.reference in message.subject
    # Plain text: the message as typed, no HTML part, nothing escaped.
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])
    assert "<b>Hej!</b> <script>alert('x')</script> & välkomna" in message.body
    assert "&lt;" not in message.body and "&amp;" not in message.body
    assert "Kungälvs Brukshundklubb" in message.body
    assert "212000-1371" in message.body
    assert "+46303238000" in message.body
    assert f"/admin/interest/submissions/inspect/{row.pk}/" in message.body
    row.refresh_from_db()
    assert row.notified_at is not None
    assert row.notification_attempts == 1


def test_nothing_the_citizen_typed_goes_into_a_mail_header(
    client, interest_page, interest_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        posted(
            client,
            interest_data(
                organisation_name="Föreningen Bcc",
                contact_name="Eva Subject",
                email="eva@evil.example",
                town="Ytterby",
            ),
        )
        posted(
            client,
            interest_data(
                organisation_name="Helt annan förening",
                contact_name="Olle",
                email="olle@example.org",
            ),
        )
    first, second = InterestSubmission.objects.order_by("pk")
    send_pending_notifications()
    # Two notifications to the staff, then the two receipts (test_receipt.py).
    assert len(mail.outbox) == 4
    subjects = [message.subject for message in mail.outbox]
    # The same fixed text, differing only in the reference.
    assert subjects[0].replace(first.reference, "#") == subjects[1].replace(
        second.reference, "#"
    )
    headers = mail.outbox[0].message()
    header_text = " ".join(f"{key}: {value}" for key, value in headers.items())
    for typed in ("Bcc", "Subject", "evil.example", "Ytterby", "Eva"):
        assert typed not in header_text.replace("Subject:", "")
    assert headers["From"] == django_settings.DEFAULT_FROM_EMAIL


def test_the_english_form_stores_english_and_says_it_is_an_official_document(
    client, en_interest_page, interest_data
):
    shown = client.get(EN_FORM)
    assert shown.status_code == 200
    official = soup(shown).find(class_="official-document")
    assert "official document" in official.get_text()
    # Help texts follow the reader's language, even those with a number in them.
    # ... and each writes the thousands its own way (a no-break space in Swedish).
    swedish = soup(client.get(FORM)).find(id="id_message_helptext").get_text()
    assert swedish == "Frivilligt. Högst 4\xa0000 tecken."
    english = soup(shown).find(id="id_message_helptext").get_text()
    assert english == "Optional. At most 4,000 characters."
    response = posted(client, interest_data(), url=EN_FORM)
    assert response.status_code == 303
    assert response["Location"].startswith("/en/express-interest/thanks/")
    assert InterestSubmission.objects.get().language == "en"


def test_the_swedish_form_says_it_is_an_official_document(client, interest_page):
    shown = client.get(FORM)
    official = soup(shown).find(class_="official-document")
    assert official is not None
    assert "allmän handling" in official.get_text()


def test_an_empty_official_document_sentence_is_the_default_in_each_language(
    client, en_interest_page
):
    swedish = soup(client.get(FORM)).find(class_="official-document")
    assert " ".join(swedish.get_text().split()) == (
        "Det ni skickar till kommunen blir allmän handling."
    )
    english = soup(client.get(EN_FORM)).find(class_="official-document")
    assert " ".join(english.get_text().split()) == (
        "What you send to the municipality becomes an official document "
        "(allmän handling)."
    )
    # The Swedish term on the English page is marked as Swedish.
    assert english.find(lang="sv").get_text() == "allmän handling"


def test_the_form_texts_on_personal_data_come_from_each_page(
    client, interest_page, en_interest_page
):
    interest_page.public_record_notice = (
        "Allt ni skickar blir allmän handling hos nämnden."
    )
    interest_page.privacy_notice = "<p>Nämnden lämnar inte ut uppgifterna.</p>"
    interest_page.dpo_contact = "dataskydd@kommun.example"
    interest_page.save_revision().publish()
    page = soup(client.get(FORM))
    assert page.find(class_="official-document").get_text(strip=True) == (
        "Allt ni skickar blir allmän handling hos nämnden."
    )
    notice = page.find("section", class_="privacy-notice")
    assert "Nämnden lämnar inte ut uppgifterna." in notice.get_text()
    dpo = notice.find("dt", string="Dataskyddsombud").find_next_sibling("dd")
    assert dpo.get_text(strip=True) == "dataskydd@kommun.example"
    # The English page has its own texts: left empty, the notice is the general
    # one, and no other address stands in for the data protection officer's; the
    # staff inboxes that are notified are never published.
    english = soup(client.get(EN_FORM)).find("section", class_="privacy-notice")
    assert "Legal basis" in english.get_text()
    assert "lämnar" not in english.get_text()
    assert "dataskydd@" not in english.get_text()
    assert english.find("dt", string="Data protection officer") is None
    assert "registry@kommun.example" not in english.get_text()


# --- Bad input: a clear field error, nothing stored --------------------------------


BAD_INPUT = [
    ("organisation_name", {"organisation_name": "K" * 201}),
    ("contact_name", {"contact_name": "A" * 201}),
    ("town", {"town": "T" * 101}),
    ("email", {"email": "a" * 250 + "@example.org"}),
    ("message", {"message": "M" * 4001}),
    ("phone", {"phone": "0" * 31}),
    ("phone", {"phone": "12"}),
    ("organisation_name", {"organisation_name": "Klubb\x00en"}),
    ("message", {"message": "Hej\x00då"}),
    ("email", {"email": "anna\x00@example.org"}),
    ("email", {"email": "anna@example.org\r\nBcc: all@example.org"}),
    ("contact_name", {"contact_name": "Anna\r\nBcc: all@example.org"}),
    ("organisation_name", {"organisation_name": "Klubben\nSubject: hej"}),
    ("town", {"town": "Kungälv\rX"}),
    ("organisation_number", {"organisation_number": "212000-1372"}),
    ("organisation_number", {"organisation_number": ""}),
    (
        "has_no_organisation_number",
        {"organisation_number": "212000-1371", "has_no_organisation_number": "on"},
    ),
    ("organisation_type", {"organisation_type": "government"}),
    ("organisation_type", {"organisation_type": None}),
    ("priority_areas", {"priority_areas": ["999999"]}),
    ("partners", {"partners": ["not-a-number"]}),
    ("email", {"email": "inte en adress"}),
    # Out of range for a 64-bit id: SQLite raised OverflowError (a 500).
    ("partners", {"partners": ["9223372036854775808"]}),
    ("priority_areas", {"priority_areas": ["99999999999999999999999"]}),
    ("priority_areas", {"priority_areas": ["-1"]}),
    # Line breaks of every kind in one-line fields.
    ("organisation_name", {"organisation_name": "Klubben\x0bX"}),
    ("town", {"town": "Kungälv\x85Ytterby"}),
    ("contact_name", {"contact_name": "Anna\u2028Bcc: all@example.org"}),
    ("town", {"town": "Kungälv\u2029X"}),
    ("organisation_number", {"organisation_number": "811228-9874"}),
    ("organisation_number", {"organisation_number": "abc212000-1371xyz"}),
    ("organisation_number", {"organisation_number": "16811228-9874"}),
    ("email", {"email": "a" * 65 + "@example.org"}),
]


@pytest.mark.parametrize(
    ("field", "overrides"),
    BAD_INPUT,
    ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD_INPUT)],
)
def test_bad_input_is_a_clear_field_error_and_nothing_is_stored(
    client,
    interest_page,
    interest_data,
    field,
    overrides,
    django_capture_on_commit_callbacks,
    add_partner,
):
    add_partner("Hiddenhausen")  # so that there are partners to tick
    with django_capture_on_commit_callbacks(execute=True):
        response = posted(client, interest_data(**overrides))
    assert response.status_code == 400
    assert_field_error(response, field)
    assert InterestSubmission.objects.count() == 0
    assert mail.outbox == []
    # What was typed in the other fields is kept.
    if field != "town":
        assert form_fields(response)["town"] == "Kungälv"


def test_a_personal_identity_number_gets_its_own_explanation(
    client, interest_page, interest_data
):
    response = posted(
        client,
        interest_data(organisation_type="business", organisation_number="811228-9874"),
    )
    assert response.status_code == 400
    assert_field_error(response, "organisation_number")
    error = soup(response).find(id="id_organisation_number_error").get_text(" ")
    assert "personnummer" in error
    assert "saknar organisationsnummer" in error
    assert InterestSubmission.objects.count() == 0


def test_an_email_with_a_64_character_local_part_is_accepted(
    client, interest_page, interest_data
):
    response = posted(client, interest_data(email="a" * 64 + "@example.org"))
    assert response.status_code == 303
    assert InterestSubmission.objects.get().email == "a" * 64 + "@example.org"


def test_invisible_and_control_characters_are_not_stored(
    client, interest_page, interest_data
):
    response = posted(
        client,
        interest_data(
            organisation_name="\ufeffKlubben\u202e \u200bAB\x07",
            contact_name="Anna\u2066 Andersson\u2069\x1b",
            town="Kung\u00adälv\t",
            organisation_number="\u200b212000-1371",
            message="Rad ett\u2028Rad två\r\nRad tre\x85Rad fyra\x0b\x07\x1b\ufeff",
        ),
    )
    assert response.status_code == 303
    row = InterestSubmission.objects.get()
    assert row.organisation_name == "Klubben AB"
    assert row.contact_name == "Anna Andersson"
    assert row.town == "Kungälv"
    assert row.organisation_number == "212000-1371"
    assert row.message == "Rad ett\nRad två\nRad tre\nRad fyra"


def test_emoji_and_joined_scripts_are_kept(client, interest_page, interest_data):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    message = f"Hej {family} {persian}\tslut"
    response = posted(client, interest_data(message=message))
    assert response.status_code == 303
    assert InterestSubmission.objects.get().message == message


def test_the_english_form_takes_only_english_projects(
    client, en_interest_page, interest_data, make_project, en_locale
):
    swedish = make_project("Svenskt projekt")
    english = make_project("English project", locale=en_locale)
    shown = client.get(EN_FORM, {"project": english.slug})
    assert chosen_project(shown) == (
        "You are expressing interest in the project: English project"
    )
    assert form_fields(shown)["project"] == english.slug
    assert soup(client.get(EN_FORM, {"project": swedish.slug})).find(id="form-notice")

    response = posted(client, interest_data(project=swedish.slug), url=EN_FORM)
    assert response.status_code == 400
    assert_project_error(response)
    assert "another language" in text(response)
    assert InterestSubmission.objects.count() == 0
    response = posted(client, interest_data(project=english.slug), url=EN_FORM)
    assert response.status_code == 303
    assert InterestSubmission.objects.get().project == english


def test_markup_typed_in_the_form_is_shown_back_escaped(
    client, interest_page, interest_data
):
    response = posted(
        client,
        interest_data(
            organisation_number="212000-1372",
            message="<script>alert('hej')</script><img src=x onerror=alert(1)>",
            organisation_name='"><script>alert(2)</script>',
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;hej&#x27;)&lt;/script&gt;" in html
    values = form_fields(response)
    assert (
        values["message"] == "<script>alert('hej')</script><img src=x onerror=alert(1)>"
    )
    assert values["organisation_name"] == '"><script>alert(2)</script>'


def test_markup_in_the_message_is_stored_as_typed(client, interest_page, interest_data):
    typed = '<p onclick="x()">Hej &amp; välkomna</p>\n<script>alert(1)</script>'
    assert posted(client, interest_data(message=typed)).status_code == 303
    assert InterestSubmission.objects.get().message == typed


def test_every_error_is_listed_once_in_the_summary(client, interest_page):
    response = posted(client, {"form_token": issue_form_token()})
    assert response.status_code == 400
    targets = summary_targets(response)
    for required in (
        "organisation_type",
        "organisation_name",
        "organisation_number",
        "contact_name",
        "email",
        "town",
    ):
        assert f"id_{required}" in targets
        assert_field_error(response, required)
    assert len(targets) == len(set(targets))
    assert InterestSubmission.objects.count() == 0


# --- Links into the form: ?project= and ?partner= ----------------------------------


def test_a_project_link_shows_the_project_as_text_with_ways_to_change_it(
    client, linked_project_index, make_project
):
    project = make_project("Ungdomsutbyte Hiddenhausen")
    make_project("Annat projekt")
    response = client.get(FORM, {"project": project.slug})
    assert response.status_code == 200
    assert soup(response).find(id="form-notice") is None
    assert chosen_project(response) == (
        "Ni anmäler intresse för projektet: Ungdomsutbyte Hiddenhausen"
    )
    # Sent as the project's slug in a hidden field; no other project is offered.
    assert form_fields(response)["project"] == project.slug
    assert soup(response).find("select") is None
    assert "Annat projekt" not in text(response)
    fieldset = soup(response).find("fieldset", id="id_project")
    assert fieldset["aria-describedby"] == "id_project_chosen"
    links = {a.get_text(" ", strip=True): a["href"] for a in fieldset.find_all("a")}
    assert links == {
        "Anmäl intresse utan något särskilt projekt": FORM,
        "Välj ett annat projekt i projektförteckningen": "/projekt/",
    }


def test_without_a_project_link_the_form_points_to_the_project_list(
    client, linked_project_index, make_project
):
    make_project("Ungdomsutbyte Hiddenhausen")
    response = client.get(FORM)
    page = soup(response)
    assert page.find("select") is None
    assert page.find(id="id_project") is None
    assert "project" not in form_fields(response)
    assert "Ungdomsutbyte Hiddenhausen" not in text(response)
    hint = page.find(class_="form-project__hint")
    assert hint.get_text(" ", strip=True) == (
        "Gäller ert intresse ett särskilt projekt? Leta upp det i "
        "projektförteckningen och använd länken ”Anmäl intresse” på projektets sida."
    )
    assert [a["href"] for a in hint.find_all("a")] == ["/projekt/"]


def test_the_english_form_points_to_the_english_project_list(
    client, en_interest_page, linked_project_index, en_project_index, make_project
):
    # The English list links to the Swedish form: its links lead to the English one.
    en_project_index.interest_page = linked_project_index.interest_page
    en_project_index.save_revision().publish()
    hint = soup(client.get(EN_FORM)).find(class_="form-project__hint")
    assert "Is your interest about a specific project?" in hint.get_text(" ")
    assert [a["href"] for a in hint.find_all("a")] == ["/en/projects/"]


def test_a_project_list_that_does_not_lead_here_is_not_offered(
    client, interest_page, project_index, make_project
):
    project = make_project("Ungdomsutbyte Hiddenhausen")
    # Its projects' "take part" links go nowhere (or elsewhere): no pointer to it.
    assert soup(client.get(FORM)).find(class_="form-project__hint") is None
    fieldset = soup(client.get(FORM, {"project": project.slug})).find(id="id_project")
    assert [a["href"] for a in fieldset.find_all("a")] == [FORM]


def test_a_project_list_visitors_cannot_read_is_not_offered(
    client, linked_project_index
):
    PageViewRestriction.objects.create(
        page=linked_project_index, restriction_type=PageViewRestriction.LOGIN
    )
    assert soup(client.get(FORM)).find(class_="form-project__hint") is None


def test_an_unknown_project_link_says_so_and_preselects_nothing(
    client, interest_page, make_project
):
    make_project("Ungdomsutbyte Hiddenhausen")
    response = client.get(FORM, {"project": "finns-inte"})
    assert response.status_code == 200
    notice = soup(response).find(id="form-notice")
    assert notice.get_text(" ", strip=True) == (
        "Projektet ni kom från kunde inte hittas: det kan ha tagits bort. Ni kan "
        "ändå skicka formuläret, utan något särskilt projekt."
    )
    assert "project" not in form_fields(response)
    assert chosen_project(response) is None


def test_a_valid_project_slug_is_stored_with_its_title(
    client, interest_page, interest_data, make_project
):
    project = make_project("Ungdomsutbyte Hiddenhausen")
    response = posted(client, interest_data(project=project.slug))
    assert response.status_code == 303
    row = InterestSubmission.objects.get()
    assert row.project == project
    assert row.project_title == "Ungdomsutbyte Hiddenhausen"


@pytest.mark.parametrize(
    "slug",
    ["finns-inte", "finns\x00inte", "hemligt-utkast", "english-project", "a" * 300],
    ids=["unknown", "nul", "draft", "other-language", "too-long"],
)
def test_an_unknown_project_is_a_clear_error_and_the_answers_are_kept(
    client, linked_project_index, interest_data, make_project, en_locale, slug
):
    make_project("Hemligt utkast", live=False)
    make_project("English project", locale=en_locale)
    response = posted(client, interest_data(project=slug, town="Ytterby"))
    assert response.status_code == 400
    assert_project_error(response)
    error = soup(response).find(id="id_project_error").get_text(" ", strip=True)
    assert error.startswith("Projektet kunde inte hittas")
    fieldset = soup(response).find("fieldset", id="id_project")
    assert [a["href"] for a in fieldset.find_all("a")] == ["/projekt/"]
    values = form_fields(response)
    assert values["town"] == "Ytterby"
    assert values["organisation_name"] == "Kungälvs Brukshundklubb"
    assert InterestSubmission.objects.count() == 0
    # The re-shown form names no project, as the error says: sent again, it goes
    # through without one.
    assert "project" not in values
    values.pop("website", None)
    assert posted(client, values).status_code == 303
    row = InterestSubmission.objects.get()
    assert row.project is None and row.project_title == ""
    assert row.town == "Ytterby"


def test_a_valid_project_stays_chosen_when_another_field_is_wrong(
    client, interest_page, interest_data, make_project
):
    project = make_project("Ungdomsutbyte Hiddenhausen")
    response = posted(
        client, interest_data(project=project.slug, organisation_number="1")
    )
    assert response.status_code == 400
    assert chosen_project(response) == (
        "Ni anmäler intresse för projektet: Ungdomsutbyte Hiddenhausen"
    )
    assert form_fields(response)["project"] == project.slug
    assert "id_project" not in summary_targets(response)


def test_a_draft_project_cannot_be_preselected(client, interest_page, make_project):
    draft = make_project("Hemligt utkast", live=False)
    response = client.get(FORM, {"project": draft.slug})
    assert response.status_code == 200
    assert soup(response).find(id="form-notice") is not None
    assert draft.slug not in response.content.decode()


def test_a_partner_link_preselects_the_partner(client, interest_page, add_partner):
    partner = add_partner("Hiddenhausen")
    add_partner("Perano", country="IT")
    response = client.get(FORM, {"partner": partner.slug})
    assert response.status_code == 200
    assert form_fields(response)["partners"] == [str(partner.pk)]


def test_a_partner_visitors_cannot_read_is_neither_offered_nor_accepted(
    client, interest_page, interest_data, add_partner
):
    shown_partner = add_partner("Hiddenhausen")
    hidden_partner = add_partner("Perano", country="IT")
    PageViewRestriction.objects.create(
        page=hidden_partner, restriction_type=PageViewRestriction.LOGIN
    )
    offered = soup(client.get(FORM)).find_all("input", attrs={"name": "partners"})
    assert [box["value"] for box in offered] == [str(shown_partner.pk)]
    response = posted(client, interest_data(partners=[str(hidden_partner.pk)]))
    assert response.status_code == 400
    assert_field_error(response, "partners")
    assert InterestSubmission.objects.count() == 0


@pytest.mark.parametrize(
    "query", ["?partner=finns-inte", "?project=%00", "?partner=%00"]
)
def test_odd_links_still_show_the_form(client, interest_page, add_partner, query):
    add_partner("Hiddenhausen")
    response = client.get(FORM + query)
    assert response.status_code == 200
    assert form_fields(response).get("partners") is None
    assert "project" not in form_fields(response)


def first_link(client, url, prefix):
    """The first link on the page at ``url`` that starts with ``prefix``."""
    response = client.get(url)
    assert response.status_code == 200, url
    link = soup(response).find(
        "a", href=lambda href: href and href.startswith(prefix) and href != prefix
    )
    return link["href"] if link else None


@pytest.mark.parametrize(
    ("projects", "partners", "form"),
    [
        ("/projekt/", "/vanorter/", "/anmal-intresse/"),
        ("/en/projects/", "/en/twin-towns/", "/en/express-interest/"),
    ],
    ids=["sv", "en"],
)
def test_the_demo_links_projects_and_partners_to_the_form(
    client, demo_site, projects, partners, form
):
    assert client.get(form).status_code == 200
    index = client.get(projects)
    assert soup(index).find("a", href=form) is not None, "no link on the index"
    # And back: the form points to the list to choose a project from.
    hint = soup(client.get(form)).find(class_="form-project__hint")
    assert hint is not None and hint.find("a", href=projects) is not None

    project_page = first_link(client, projects, projects)
    link = first_link(client, project_page, form + "?project=")
    assert link is not None, f"no link to the form on {project_page}"
    shown = client.get(link)
    assert form_fields(shown)["project"] == link.split("=", 1)[1]
    assert chosen_project(shown)
    assert soup(shown).find(id="form-notice") is None

    partner_page = first_link(client, partners, partners)
    link = first_link(client, partner_page, form + "?partner=")
    assert link is not None, f"no link to the form on {partner_page}"
    assert len(form_fields(client.get(link))["partners"]) == 1


# --- Methods, CSRF and size --------------------------------------------------------


def csrf_client():
    client = Client(enforce_csrf_checks=True)
    shown = client.get(FORM)
    return client, form_fields(shown)["csrfmiddlewaretoken"]


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused_without_a_csrf_token(interest_page, method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(FORM)
    assert response.status_code == 403
    assert InterestSubmission.objects.count() == 0


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
@pytest.mark.parametrize("url", [FORM, THANKS])
def test_other_methods_with_a_csrf_token_are_not_allowed(interest_page, method, url):
    client, token = csrf_client()
    response = getattr(client, method)(url, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 405
    allowed = {m.strip() for m in response["Allow"].split(",")}
    assert {"GET", "HEAD"} <= allowed <= {"GET", "HEAD", "OPTIONS", "POST"}
    assert InterestSubmission.objects.count() == 0


def test_options_advertises_only_the_methods_the_form_accepts(interest_page):
    response = Client(enforce_csrf_checks=True).options(FORM)
    assert response.status_code in (200, 204, 405)
    allowed = {method.strip() for method in response["Allow"].split(",")}
    assert allowed - {"OPTIONS"} == {"GET", "HEAD", "POST"}, response["Allow"]
    assert InterestSubmission.objects.count() == 0


def test_a_post_without_the_csrf_token_gets_the_friendly_page(
    interest_page, interest_data
):
    client = Client(enforce_csrf_checks=True)
    client.get(FORM)
    response = client.post(FORM, interest_data())
    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]
    assert "CSRF verification failed" not in response.content.decode()
    assert InterestSubmission.objects.count() == 0


def test_a_post_with_the_csrf_token_passes(interest_page, interest_data):
    client, token = csrf_client()
    response = client.post(FORM, interest_data(csrfmiddlewaretoken=token))
    assert response.status_code == 303
    assert InterestSubmission.objects.count() == 1


@pytest.mark.parametrize("megabytes", [3, 6])
def test_a_huge_body_is_refused_with_a_4xx(interest_page, interest_data, megabytes):
    client, token = csrf_client()
    response = client.post(
        FORM,
        interest_data(
            csrfmiddlewaretoken=token, message="x" * (megabytes * 1024 * 1024)
        ),
    )
    assert response.status_code in (400, 413)
    assert InterestSubmission.objects.count() == 0


def test_a_huge_body_without_a_csrf_token_is_refused_too(interest_page, interest_data):
    client = Client(enforce_csrf_checks=True)
    response = client.post(FORM, interest_data(message="x" * (3 * 1024 * 1024)))
    assert 400 <= response.status_code < 500
    assert InterestSubmission.objects.count() == 0


# --- The form token ----------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_token",
    [
        "forged",
        issue_form_token()[:-3] + "abc",
        signing.dumps({"id": uuid.uuid4().hex, "at": 0}, salt="another-salt"),
    ],
    ids=["garbage", "tampered", "other-salt"],
)
def test_a_forged_token_is_refused_with_a_fresh_token_and_the_answers_kept(
    client, interest_page, interest_data, bad_token
):
    response = posted(client, interest_data(form_token=bad_token, town="Ytterby"))
    assert response.status_code == 400
    assert soup(response).find(id="error-summary") is not None
    values = form_fields(response)
    assert values["town"] == "Ytterby"
    assert values["organisation_name"] == "Kungälvs Brukshundklubb"
    assert values["form_token"] != bad_token
    assert InterestSubmission.objects.count() == 0
    # The re-shown form goes through as it is.
    values.pop("website", None)
    again = posted(client, values)
    assert again.status_code == 303
    assert InterestSubmission.objects.get().town == "Ytterby"


def test_a_missing_token_is_refused_with_a_fresh_token_and_the_answers_kept(
    client, interest_page, interest_data
):
    response = posted(client, interest_data(form_token=None, town="Ytterby"))
    assert response.status_code == 400
    values = form_fields(response)
    assert values["town"] == "Ytterby"
    assert values["form_token"]
    assert InterestSubmission.objects.count() == 0
    assert posted(client, values).status_code == 303
    assert InterestSubmission.objects.count() == 1


def test_the_error_for_a_missing_token_leads_somewhere_a_person_can_act(
    client, interest_page, interest_data
):
    """The summary must not point at the hidden token input with a bare "required"."""
    response = posted(client, interest_data(form_token=None))
    assert response.status_code == 400
    page = soup(response)
    for target in summary_targets(response):
        element = page.find(id=target)
        assert element is not None
        assert element.get("type") != "hidden", (
            f"the error summary links to the hidden input #{target}"
        )


def test_a_person_who_resends_after_a_refused_token_is_not_taken_for_a_program(
    client, interest_page, interest_data, settings
):
    """The re-shown form gets a fresh token; sending it at once must still count.

    Whoever filled in the whole form and is told to "check your answers and send it
    again" may well click Send within the minimum fill time of the re-shown page.
    """
    settings.VANORT_INTEREST_MIN_FILL_SECONDS = 3  # the default
    response = posted(client, interest_data(form_token="forged"))
    assert response.status_code == 400
    again = posted(client, form_fields(response))
    assert again.status_code == 303
    assert InterestSubmission.objects.count() == 1, (
        "the resent form was thanked for but silently dropped as automated"
    )


# --- Post/redirect/get and repeated posts ------------------------------------------


def test_post_redirect_get(client, interest_page, interest_data):
    response = posted(client, interest_data())
    assert response.status_code == 303
    row = InterestSubmission.objects.get()
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Tack för er anmälan, vi hör av oss." in text(thanks)
    assert row.reference in text(thanks)


def test_the_thank_you_page_without_a_reference_shows_none(client, interest_page):
    for url in (THANKS, THANKS + "?ref=forged", THANKS + "?ref=" + signing.dumps(1)):
        response = client.get(url)
        assert response.status_code == 200
        assert "Tack för er anmälan" in text(response)
        assert "INT-" not in text(response)


def test_a_post_to_the_thank_you_page_is_not_accepted(
    client, interest_page, interest_data
):
    response = client.post(THANKS, interest_data())
    assert response.status_code == 405
    assert InterestSubmission.objects.count() == 0


def test_the_same_form_sent_twice_is_stored_once(
    client, interest_page, interest_data, django_capture_on_commit_callbacks
):
    data = interest_data()
    with django_capture_on_commit_callbacks(execute=True):
        first = posted(client, data)
        second = posted(client, data)
    row = InterestSubmission.objects.get()
    assert thanks_reference(client, first) == row.reference
    assert thanks_reference(client, second) == row.reference
    send_pending_notifications()
    # One notification to the staff, one receipt to the submitter.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@example.org",
        "registrator@kommun.example",
    ]


def test_a_token_is_used_once_and_a_changed_resend_is_refused_with_its_answers(
    client, interest_page, interest_data, settings
):
    """Back, change an answer, send: the browser kept the token. The changed form is
    not taken on the old token, but the citizen is told so and can send it anew."""
    settings.VANORT_INTEREST_MIN_FILL_SECONDS = 3
    token = issue_form_token(backdate=10)
    first = posted(client, interest_data(form_token=token, town="Kungälv"))
    reference = thanks_reference(client, first)
    response = posted(client, interest_data(form_token=token, town="Ytterby"))
    assert response.status_code == 409
    assert reference in text(response)
    assert "har redan skickats" in text(response)
    assert list(InterestSubmission.objects.values_list("town", flat=True)) == [
        "Kungälv"
    ]
    resend = form_fields(response)
    assert resend["town"] == "Ytterby", "the changed answers are kept"
    assert resend["form_token"] != token
    # The new token is fresh: sent at once, the citizen is asked to confirm ...
    confirm = posted(client, resend)
    assert confirm.status_code == 200
    assert InterestSubmission.objects.count() == 1
    # ... and confirming stores the changed answers as a new submission.
    assert posted(client, form_fields(confirm)).status_code == 303
    towns = sorted(InterestSubmission.objects.values_list("town", flat=True))
    assert towns == ["Kungälv", "Ytterby"]


def test_a_token_older_than_a_day_is_refused_with_the_answers_kept(
    client, interest_page, interest_data
):
    stale = issue_form_token(
        backdate=django_settings.VANORT_INTEREST_TOKEN_MAX_AGE + 60
    )
    response = posted(client, interest_data(form_token=stale, town="Ytterby"))
    assert response.status_code == 400
    assert "för länge" in text(response)
    assert InterestSubmission.objects.count() == 0
    again = form_fields(response)
    assert again["town"] == "Ytterby" and again["form_token"] != stale
    assert posted(client, again).status_code == 303
    assert InterestSubmission.objects.count() == 1


# --- Honeypot and minimum fill time ------------------------------------------------


def test_a_filled_honeypot_is_thanked_but_nothing_is_kept(
    client, interest_page, interest_data, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.WARNING, logger="inventory"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = posted(client, interest_data(website="http://spam.example"))
    assert response.status_code == 303
    assert response["Location"].startswith(THANKS)
    assert client.get(response["Location"]).status_code == 200
    assert InterestSubmission.objects.count() == 0
    assert mail.outbox == []
    assert any(
        record.levelno == logging.WARNING and "automated" in record.getMessage()
        for record in caplog.records
    )


def test_a_form_sent_faster_than_the_fill_time_is_shown_again_to_confirm(
    client, interest_page, interest_data, settings
):
    """Autofill makes a person as fast as a program: never thanked and dropped."""
    settings.VANORT_INTEREST_MIN_FILL_SECONDS = 3  # the default
    response = posted(client, interest_data(form_token=issue_form_token()))
    assert response.status_code == 200
    assert "INT-" not in text(response) and "Tack" not in text(response)
    assert "skickades mycket snabbt" in text(response)
    assert InterestSubmission.objects.count() == 0
    confirmed = posted(client, form_fields(response))
    assert confirmed.status_code == 303
    row = InterestSubmission.objects.get()
    assert thanks_reference(client, confirmed) == row.reference
    assert row.organisation_name == "Kungälvs Brukshundklubb"


def test_an_empty_form_sent_quickly_shows_the_errors(client, interest_page, settings):
    settings.VANORT_INTEREST_MIN_FILL_SECONDS = 3
    response = posted(client, {"form_token": issue_form_token(), "website": ""})
    assert response.status_code == 400
    assert "Tack" not in text(response)
    assert_field_error(response, "organisation_name")
    assert InterestSubmission.objects.count() == 0


def test_a_form_sent_after_the_fill_time_is_kept(
    client, interest_page, interest_data, settings
):
    settings.VANORT_INTEREST_MIN_FILL_SECONDS = 3
    # A form shown ten seconds ago, as the page would have issued it then.
    shown_earlier = signing.dumps(
        {"id": uuid.uuid4().hex, "at": int(time.time()) - 10}, salt=_TOKEN_SALT
    )
    response = posted(client, interest_data(form_token=shown_earlier))
    assert response.status_code == 303
    assert InterestSubmission.objects.count() == 1


def test_the_fill_time_is_counted_from_when_the_form_was_shown(
    client, interest_page, interest_data, settings
):
    # Sent at once after the page was shown: asked to confirm (a margin of 30 s, so
    # a slow machine still counts as quick).
    settings.VANORT_INTEREST_MIN_FILL_SECONDS = 30
    token = form_fields(client.get(FORM))["form_token"]
    assert posted(client, interest_data(form_token=token)).status_code == 200
    assert InterestSubmission.objects.count() == 0
    # Sent a moment after it was shown: kept.
    settings.VANORT_INTEREST_MIN_FILL_SECONDS = 1
    token = form_fields(client.get(FORM))["form_token"]
    time.sleep(1.1)
    assert posted(client, interest_data(form_token=token)).status_code == 303
    assert InterestSubmission.objects.count() == 1


# --- Rate limit ---------------------------------------------------------------------


def test_the_third_form_from_one_client_is_told_to_wait(
    client, interest_page, interest_data, settings
):
    settings.VANORT_INTEREST_RATE_LIMIT = 2
    for town in ("Kungälv", "Ytterby"):
        assert posted(client, interest_data(town=town)).status_code == 303
    response = posted(client, interest_data(town="Marstrand", message="Tredje"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert int(response["Retry-After"]) <= settings.VANORT_INTEREST_RATE_WINDOW + 1
    values = form_fields(response)
    assert values["town"] == "Marstrand"
    assert values["message"] == "Tredje"
    assert soup(response).find(id="form-notice") is not None
    assert InterestSubmission.objects.count() == 2


def test_another_client_behind_the_trusted_proxy_is_not_limited(
    client, interest_page, interest_data, settings
):
    settings.VANORT_INTEREST_RATE_LIMIT = 2
    settings.VANORT_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.VANORT_TRUSTED_PROXY_COUNT = 1
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for _ in range(2):
        assert posted(client, interest_data(), **first).status_code == 303
    assert posted(client, interest_data(), **first).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert posted(client, interest_data(), **other).status_code == 303
    # A client cannot pose as another by prepending addresses to the chain.
    spoofed = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    assert posted(client, interest_data(), **spoofed).status_code == 429
    assert InterestSubmission.objects.count() == 3


def test_with_two_proxies_the_client_is_the_second_address_from_the_right(
    client, interest_page, interest_data, settings
):
    settings.VANORT_INTEREST_RATE_LIMIT = 1
    settings.VANORT_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.VANORT_TRUSTED_PROXY_COUNT = 2

    def send(chain):
        return posted(client, interest_data(), HTTP_X_FORWARDED_FOR=chain).status_code

    assert send("203.0.113.7, 10.0.0.2") == 303
    assert send("198.51.100.9, 203.0.113.7, 10.0.0.2") == 429
    assert send("203.0.113.8, 10.0.0.2") == 303
    assert InterestSubmission.objects.count() == 2


def test_the_forwarded_header_is_ignored_without_a_trusted_proxy(
    client, interest_page, interest_data, settings
):
    settings.VANORT_INTEREST_RATE_LIMIT = 2
    settings.VANORT_TRUSTED_PROXY_HEADER = ""
    statuses = [
        posted(
            client, interest_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(1, 5)
    ]
    assert statuses == [303, 303, 429, 429]
    assert InterestSubmission.objects.count() == 2


def test_the_limit_holds_with_a_cache_as_the_counter(
    client, interest_page, interest_data, settings
):
    settings.VANORT_INTEREST_RATE_LIMIT = 2
    settings.VANORT_RATE_LIMIT_CACHE = "default"
    # The process-wide cache outlives the test: an address no other test uses.
    address = {"REMOTE_ADDR": f"192.0.2.{uuid.uuid4().int % 250 + 1}"}
    statuses = [
        posted(client, interest_data(), **address).status_code for _ in range(3)
    ]
    assert statuses == [303, 303, 429]
    assert InterestSubmission.objects.count() == 2


def test_refused_forms_do_not_use_up_the_limit(
    client, interest_page, interest_data, settings
):
    settings.VANORT_INTEREST_RATE_LIMIT = 2
    for _ in range(3):
        posted(client, interest_data(organisation_number="212000-1372"))
    statuses = [posted(client, interest_data()).status_code for _ in range(2)]
    assert statuses == [303, 303]


_HIT_SCRIPT = """
import pathlib, sys, time
import django
django.setup()
from inventory.interest.ratelimit import hit
barrier, me = pathlib.Path(sys.argv[1]), sys.argv[2]
limit, hits = int(sys.argv[3]), int(sys.argv[4])
(barrier / me).touch()
deadline = time.time() + 60
while len(list(barrier.iterdir())) < 2 and time.time() < deadline:
    time.sleep(0.01)
allowed = sum(
    hit("interest", "192.0.2.1", limit=limit, seconds=3600).allowed
    for _ in range(hits)
)
sys.stdout.write(str(allowed))
"""


def test_the_limit_is_shared_by_separate_processes(tmp_path):
    """Two worker processes on one database allow the limit in total, not each."""
    database = tmp_path / "shared.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "PYTHONPATH": str(REPO),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "inventory", "-v0"],
        cwd=REPO,
        env=env,
        check=True,
        timeout=300,
    )
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    limit, hits_each = 4, 6
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _HIT_SCRIPT, str(barrier), name, str(limit)]
            + [str(hits_each)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("worker-1", "worker-2")
    ]
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        allowed.append(int(out.strip()))
    assert sum(allowed) == limit
    # Every hit was counted once: none lost to a race between the processes.
    with sqlite3.connect(database) as db:
        counted = db.execute("SELECT SUM(count) FROM inventory_ratelimitcounter")
        assert counted.fetchone()[0] == 2 * hits_each


# --- Query count ---------------------------------------------------------------------


def count_queries(client, url, data=None, status=200):
    """The queries of one request, after a warm-up: GET, or POST ``data()``."""

    def request():
        return client.get(url) if data is None else client.post(url, data())

    assert request().status_code == status  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == status
    return len(queries.captured_queries), response


# The form names one project at most and lists none, so its cost does not grow with
# the inventory (10,000 projects once made it 190 times as slow as a bare page).
QUERY_BUDGET = 12


@pytest.fixture
def production_page_cache(settings):
    """The page cache switched on, as in production: the pieces every page repeats
    (menus, settings) come from it, and the form's own queries are what is left."""
    settings.VANORT_PAGE_CACHE = "pages"
    caches["pages"].clear()


@pytest.mark.parametrize("query", ["", "?project=forsta-projektet"])
def test_the_form_costs_the_same_however_many_choices_it_offers(
    client,
    linked_project_index,
    make_project,
    add_partner,
    sv_locale,
    production_page_cache,
    django_capture_on_commit_callbacks,
    query,
):
    make_project("Första projektet")
    add_partner("Hiddenhausen")
    before, shown = count_queries(client, FORM + query)
    choices_before = len(soup(shown).find_all("input", type="checkbox"))
    # Committed, as an editor's changes are: the page cache then offers them.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(30):
            make_project(f"Projekt nummer {n}")
        for n in range(20):
            add_partner(f"Vänort {n}", country="DE")
            PriorityArea.objects.create(
                name=f"Område {n}", locale=sv_locale, sort_order=50 + n
            )
    after, grown = count_queries(client, FORM + query)
    assert len(soup(grown).find_all("input", type="checkbox")) == choices_before + 40
    assert "Projekt nummer" not in text(grown)
    assert after == before <= QUERY_BUDGET


@pytest.mark.parametrize("project", ["forsta-projektet", "finns-inte"])
def test_a_refused_form_costs_the_same_however_many_projects_there_are(
    client,
    linked_project_index,
    interest_data,
    make_project,
    production_page_cache,
    project,
):
    make_project("Första projektet")

    def refused():
        return interest_data(project=project, organisation_number="212000-1372")

    before, _shown = count_queries(client, FORM, refused, status=400)
    for n in range(30):
        make_project(f"Projekt nummer {n}")
    after, _shown = count_queries(client, FORM, refused, status=400)
    assert after == before <= QUERY_BUDGET


# --- No cache keeps the form ---------------------------------------------------------


def assert_never_cached(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, response.get("Cache-Control")


def test_no_shared_or_page_cache_keeps_the_form_or_the_thanks(
    client, interest_page, interest_data, make_project
):
    """Each form carries its own token and CSRF token; the thanks, a reference."""
    project = make_project("Ungdomsutbyte Hiddenhausen")
    for response in (
        client.get(FORM),
        client.head(FORM),
        client.get(FORM, {"project": project.slug}),
        client.get(FORM, {"project": "finns-inte"}),
        posted(client, interest_data(organisation_number="1")),
        posted(client, interest_data(form_token="forged")),
        client.put(FORM),
        client.get(THANKS),
        client.post(THANKS),
    ):
        assert_never_cached(response)
    sent = posted(client, interest_data(project=project.slug))
    assert sent.status_code == 303
    assert_never_cached(sent)
    thanks = client.get(sent["Location"])
    assert thanks.status_code == 200 and "INT-" in text(thanks)
    assert_never_cached(thanks)


# --- A mail server that is down ------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_server_that_is_down_does_not_lose_the_form(
    client, interest_page, interest_data, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    with django_capture_on_commit_callbacks(execute=True):
        response = posted(client, interest_data())
    assert response.status_code == 303
    row = InterestSubmission.objects.get()
    assert thanks_reference(client, response) == row.reference
    # The notification and the receipt both wait for the next run.
    assert send_pending_notifications() == (0, 2, 0)
    row.refresh_from_db()
    assert row.notified_at is None
    assert row.notification_attempts == 1
    assert "ConnectionRefusedError" in row.notification_error
