"""The receipt each submitter is sent, and the privacy notice it points to.

The receipt goes the way the staff notification goes: queued for the real task
worker (``django_tasks_db``, run once with ``db_worker --batch``) after the commit,
or sent by ``housekeeping`` where no worker runs; to Django's test outbox.
"""

import importlib
import io
import re
import socket

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from inventory.interest import tasks
from inventory.interest.notifications import send_pending_notifications, send_receipt
from inventory.models import InterestSubmission
from tests.inventory.interest.test_tasks import DATABASE, run_worker

pytestmark = pytest.mark.django_db

FORM = "/anmal-intresse/"
EN_FORM = "/en/express-interest/"
SUBMITTER = "anna@example.org"
RECEIPT_TASK = "inventory.interest.tasks.send_interest_receipt"
# The Swedish "du" forms; the form addresses organisations as "ni".
DU_WORDS = re.compile(r"\b(du|dig|din|dina|ditt)\b", re.IGNORECASE)


# --- Helpers -----------------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def words(text):
    """``text`` with its runs of spaces and line breaks made one space; a no-break
    space (the Swedish thousands separator) is kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def main_text(response):
    """The words of the page's own content, without the site's header and footer."""
    return words(soup(response).find("main").get_text(" "))


def submit(interest_data, callbacks, url=FORM, client=None, **overrides):
    """Send the public form and commit; the response and the stored row."""
    client = client or Client()
    before = set(InterestSubmission.objects.values_list("pk", flat=True))
    with callbacks(execute=True):
        response = client.post(url, interest_data(**overrides))
    assert response.status_code == 303
    (pk,) = set(InterestSubmission.objects.values_list("pk", flat=True)) - before
    return response, InterestSubmission.objects.get(pk=pk)


def receipts(address=SUBMITTER):
    return [message for message in mail.outbox if message.to == [address]]


def housekeeping():
    call_command("housekeeping", stdout=io.StringIO())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mail_down(settings):
    """SMTP pointed at a local port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2


def mail_up(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def receipt_tasks():
    return DBTaskResult.objects.filter(task_path=RECEIPT_TASK)


@pytest.fixture
def swedish_form(interest_page):
    """The Swedish form with its contact, controller, next steps and retention."""
    interest_page.controller = "Kommunstyrelsen, Kungälvs kommun"
    interest_page.contact_email = "internationellt@kommun.example"
    interest_page.contact_phone = "0303-23 80 00"
    interest_page.dpo_contact = "dataskyddsombud@kommun.example"
    interest_page.next_steps = (
        "Kommunens internationella samordnare läser er anmälan och hör av sig "
        "inom två veckor."
    )
    interest_page.retention_months = 12
    interest_page.retention_decision = "DHP KS 2024/12, avsnitt 3.4"
    interest_page.full_clean()
    interest_page.save_revision().publish()
    return interest_page


# --- The receipt -------------------------------------------------------------------


def test_a_swedish_form_gets_one_receipt_in_swedish(
    swedish_form, interest_data, django_capture_on_commit_callbacks
):
    response, row = submit(interest_data, django_capture_on_commit_callbacks)
    assert receipts() == [], "nothing is sent in the citizen's request"
    housekeeping()

    (receipt,) = receipts()
    assert receipt.subject == (
        f"Vi har tagit emot er intresseanmälan – {row.reference}"
    )
    assert receipt.reply_to == ["internationellt@kommun.example"]
    assert receipt.cc == [] and receipt.bcc == []
    # Plain text, as the staff notification is.
    assert receipt.content_subtype == "plain"
    assert not getattr(receipt, "alternatives", [])
    body = receipt.body
    assert row.reference in body
    assert "Vad händer nu?" in body
    assert "samordnare läser er anmälan och hör av sig inom två veckor" in body
    assert "Kommunstyrelsen, Kungälvs kommun" in body
    assert "E-post: internationellt@kommun.example" in body
    assert "Telefon: 0303-23 80 00" in body
    assert "uppgift av allmänt intresse" in body
    assert "rätt att invända mot behandlingen" in body
    assert "12 månader" in body
    assert "Integritetsskyddsmyndigheten (IMY)" in body
    assert "Läs mer: http://localhost/anmal-intresse/#privacy-notice" in body
    assert not DU_WORDS.search(body), DU_WORDS.search(body)
    # Nothing the citizen typed is repeated to an address anyone could have typed.
    assert "Brukshundklubb" not in body and "Vi vill gärna" not in body

    row.refresh_from_db()
    assert row.receipt_sent_at is not None and row.receipt_attempts == 1
    # The landing page says so, beside the reference.
    landing = Client().get(response["Location"])
    assert row.reference in main_text(landing)
    assert "Ett kvitto med ärendenumret är på väg" in main_text(landing)

    housekeeping()
    assert send_receipt(row.pk) == "skipped"
    assert len(receipts()) == 1


def test_an_english_form_gets_its_receipt_in_english(
    en_interest_page, interest_data, django_capture_on_commit_callbacks
):
    _response, row = submit(
        interest_data, django_capture_on_commit_callbacks, url=EN_FORM
    )
    assert send_pending_notifications() == (2, 0, 0)
    (receipt,) = receipts()
    assert receipt.subject == f"We have received your interest form – {row.reference}"
    body = receipt.body
    assert body.startswith("Hello,")
    assert f"its reference number is {row.reference}" in body
    # The page sets no next steps nor contact: the general sentence, and no staff
    # inbox given out in its place.
    assert "What happens next" in body
    assert "usually within two weeks" in body
    assert "registry@kommun.example" not in body
    assert receipt.reply_to == []
    assert "task in the public interest" in body
    assert "right to object to the processing" in body
    assert "Swedish Authority for Privacy Protection" in body
    assert "Read more: http://localhost/en/express-interest/#privacy-notice" in body
    assert "Vi har" not in body and "Ni " not in body


# --- The task worker ---------------------------------------------------------------


def test_the_worker_sends_the_receipt_once_however_often_the_task_runs(
    interest_page, interest_data, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    _response, row = submit(interest_data, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    (task,) = receipt_tasks()
    assert task.args_kwargs == {"args": [row.pk], "kwargs": {}}

    run_worker()
    assert len(receipts()) == 1
    task.refresh_from_db()
    assert task.return_value == "sent"

    # The same task run again (a retry, a second worker): nothing more is sent.
    tasks.send_interest_receipt.enqueue(row.pk)
    run_worker()
    assert sorted(task.return_value for task in receipt_tasks()) == [
        "sent",
        "skipped",
    ]
    housekeeping()
    assert len(receipts()) == 1


def test_with_the_mail_server_down_the_form_is_kept_and_the_receipt_sent_later(
    interest_page, interest_data, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    mail_down(settings)
    client = Client()
    response, row = submit(
        interest_data, django_capture_on_commit_callbacks, client=client
    )
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    assert row.reference in main_text(landing)

    run_worker()  # both tasks fail, and say so; nothing is lost
    assert mail.outbox == []
    assert receipt_tasks().get().return_value == "failed"
    row.refresh_from_db()
    assert row.receipt_sent_at is None and row.receipt_claimed_at is None
    assert row.receipt_attempts == 1
    assert "ConnectionRefusedError" in row.receipt_error
    with pytest.raises(CommandError):
        housekeeping()  # still down: the run says so, and keeps the receipt

    mail_up(settings)
    tasks.send_interest_receipt.enqueue(row.pk)  # a retried task
    run_worker()
    assert len(receipts()) == 1
    assert row.reference in receipts()[0].subject
    housekeeping()  # sends the staff notification left pending, not the receipt
    assert len(receipts()) == 1
    row.refresh_from_db()
    assert row.receipt_sent_at is not None and row.receipt_error == ""
    assert row.notified_at is not None


# --- Hostile addresses -------------------------------------------------------------


HOSTILE_ADDRESSES = [
    "anna@example.org\r\nBcc: all@example.org",
    "anna@example.org\nCc: all@example.org",
    "anna@example.org, all@example.org",
    "anna@example.org; all@example.org",
    "Anna <anna@example.org>",
    '"anna@example.org" all@example.org',
    "anna@example.org%0d%0aBcc:all@example.org",
    "anna@exa mple.org",
]


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES)
def test_a_hostile_address_is_a_form_error_and_nothing_is_sent(
    interest_page, interest_data, address
):
    response = Client().post(FORM, interest_data(email=address))
    # The form again, its answers kept, the address marked: not a bare error page.
    assert response.status_code == 400
    page = soup(response)
    assert page.find("form", id="interest-form") is not None
    assert page.find(id="id_email")["aria-invalid"] == "true"
    assert page.find(id="id_email_error").get_text(strip=True)
    assert not InterestSubmission.objects.exists()
    housekeeping()
    assert mail.outbox == []


def test_a_stored_address_that_is_not_one_address_is_never_sent_to(
    interest_page, interest_data, django_capture_on_commit_callbacks
):
    _response, row = submit(interest_data, django_capture_on_commit_callbacks)
    # Changed after it was stored (an import, a database edit): still refused.
    InterestSubmission.objects.filter(pk=row.pk).update(
        email="anna@example.org\nBcc: all@example.org"
    )
    assert send_receipt(row.pk) == "skipped"
    assert receipts() == [] and receipts("all@example.org") == []
    row.refresh_from_db()
    assert row.receipt_sent_at is None and not row.receipt_due
    assert "not a valid e-mail address" in row.receipt_error
    housekeeping()
    assert all(SUBMITTER not in message.to for message in mail.outbox)


# --- The privacy notice ------------------------------------------------------------


def notice(response):
    section = soup(response).find("section", id="privacy-notice")
    assert section is not None
    return {
        dt.get_text(strip=True): words(dt.find_next_sibling("dd").get_text())
        for dt in section.find_all("dt")
    }, section


def test_the_swedish_privacy_notice_states_what_the_law_asks(client, swedish_form):
    facts, section = notice(client.get(FORM))
    assert section.h2.get_text(strip=True) == "Så hanterar vi era personuppgifter"
    assert facts["Personuppgiftsansvarig"] == "Kommunstyrelsen, Kungälvs kommun"
    assert "intresseanmälan" in facts["Ändamål"]
    assert "allmänt intresse" in facts["Rättslig grund"]
    assert "12 månader" in facts["Hur länge vi sparar uppgifterna"]
    rights = facts["Era rättigheter"]
    for right in ("invända", "tillgång", "rättade", "raderade", "begränsad"):
        assert right in rights
    assert "internationellt@kommun.example" in rights
    assert facts["Dataskyddsombud"] == "dataskyddsombud@kommun.example"
    assert "Integritetsskyddsmyndigheten (IMY)" in facts["Klagomål"]
    assert section.find("a", href="https://www.imy.se/").get_text() == "imy.se"
    assert not DU_WORDS.search(section.get_text(" "))


def test_the_english_privacy_notice_states_what_the_law_asks(
    client, swedish_form, en_interest_page
):
    en_interest_page.retention_months = 24
    en_interest_page.retention_decision = "DHP KS 2024/12, section 3.4"
    en_interest_page.dpo_contact = "dpo@kommun.example"
    en_interest_page.save_revision().publish()
    facts, section = notice(client.get(EN_FORM))
    assert section.h2.get_text(strip=True) == "How we handle your personal data"
    assert facts["Controller"] == "The municipality"
    assert "task in the public interest" in facts["Legal basis"]
    assert "24 months" in facts["How long we keep the data"]
    for right in ("object", "access", "rectified", "erased", "restricted"):
        assert right in facts["Your rights"]
    assert facts["Data protection officer"] == "dpo@kommun.example"
    assert "Swedish Authority for Privacy Protection" in facts["Complaints"]
    assert section.find("a", href="https://www.imy.se/") is not None


@pytest.mark.parametrize(
    ("months", "swedish"),
    [(1, "1 månad"), (18, "18 månader"), (1200, "1\xa0200 månader")],
)
def test_the_retention_period_is_the_page_s_own_in_words(
    client, swedish_form, months, swedish
):
    swedish_form.retention_months = months
    swedish_form.save_revision().publish()
    facts, _section = notice(client.get(FORM))
    assert (
        f"i {swedish} från att den kom in" in facts["Hur länge vi sparar uppgifterna"]
    )


def test_without_a_retention_decision_the_notice_names_the_records_plan(
    client, interest_page
):
    facts, _section = notice(client.get(FORM))
    assert "dokumenthanteringsplan" in facts["Hur länge vi sparar uppgifterna"]
    assert "månad" not in facts["Hur länge vi sparar uppgifterna"]


def test_the_demo_form_says_everything_in_the_page_s_language(client, demo_site):
    for url, language in ((FORM, "sv"), (EN_FORM, "en")):
        response = client.get(url)
        assert response.status_code == 200
        facts, section = notice(response)
        assert section.find_parent(lang=True)["lang"] == language
        officer = "Dataskyddsombud" if language == "sv" else "Data protection officer"
        assert facts[officer] == "dataskyddsombud@kommun.example"
    english, _section = notice(client.get(EN_FORM))
    assert "36 months" in english["How long we keep the data"]
    swedish, _section = notice(client.get(FORM))
    assert "36 månader" in swedish["Hur länge vi sparar uppgifterna"]
    assert not DU_WORDS.search(main_text(client.get(FORM)))


def test_a_swedish_officer_line_left_on_an_english_page_is_put_into_english(
    interest_page, en_interest_page
):
    """What website's migration 0003 did to existing sites, undone by 0013."""
    migration = importlib.import_module("inventory.migrations.0013_interest_receipts")
    for page in (interest_page, en_interest_page):
        page.dpo_contact = migration.SWEDISH_DPO
        page.save_revision().publish()
    migration.dpo_in_the_page_language(apps, None)
    interest_page.refresh_from_db()
    en_interest_page.refresh_from_db()
    assert interest_page.dpo_contact == migration.SWEDISH_DPO
    assert en_interest_page.dpo_contact == migration.ENGLISH_DPO
    latest = en_interest_page.get_latest_revision_as_object()
    assert latest.dpo_contact == migration.ENGLISH_DPO


# --- One form of address: "ni" -----------------------------------------------------


def test_the_swedish_form_and_its_answers_address_organisations_as_ni(
    swedish_form, interest_data, django_capture_on_commit_callbacks
):
    client = Client()
    shown = main_text(client.get(FORM))
    assert "Er organisation" in shown
    assert "Så hanterar vi era personuppgifter" in shown
    assert "Högst 4\xa0000 tecken" in shown
    # Every error the form can give at once, and the notices it re-shows with.
    refused = client.post(
        FORM,
        interest_data(
            organisation_number="212000-1371",
            has_no_organisation_number="on",
            email="inte en adress",
            form_token="forged",
        ),
    )
    assert refused.status_code == 400
    refused_text = main_text(refused)
    assert "Ni har angett ett organisationsnummer" in refused_text
    response, row = submit(interest_data, django_capture_on_commit_callbacks)
    landing = main_text(client.get(response["Location"]))
    assert f"Ert ärendenummer är {row.reference}" in landing
    housekeeping()
    (receipt,) = receipts()
    for text in (shown, refused_text, landing, receipt.subject, receipt.body):
        found = DU_WORDS.search(text)
        assert found is None, text[max(0, found.start() - 60) : found.end() + 20]
