"""Reviews before each cut-off: the dashboard, "mark as reviewed" and reminders."""

import datetime
import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from inventory.models import ReportingSettings, ReviewReminder
from inventory.reports.periods import last_cutoff, next_period
from inventory.reports.reminders import send_review_reminders

pytestmark = pytest.mark.django_db

D = datetime.date
SOON = D(2026, 8, 20)  # 11 days before the tertial 2 cut-off on 31 August


@pytest.fixture
def units(terms):
    first, second, third = terms["sv"]["units"][:3]
    first.contact_email = "bildning@example.org"
    first.save()
    second.contact_email = "samhalle@example.org"
    second.save()
    return first, second, third  # the third has no contact address


@pytest.fixture
def reviews(project_index, make_project, units):
    first, second, third = units
    return {
        "never": make_project("Aldrig granskat", unit=first, last_reviewed=None),
        "on_cutoff": make_project(
            "Granskat på brytdagen", unit=first, last_reviewed=D(2026, 4, 30)
        ),
        "fresh": make_project("Nyss granskat", unit=first, last_reviewed=D(2026, 5, 2)),
        "done": make_project(
            "Avslutat", unit=first, status="completed", last_reviewed=None
        ),
        "draft": make_project("Utkast", unit=first, live=False, last_reviewed=None),
        "second_ok": make_project("Granskat", unit=second, last_reviewed=D(2026, 6, 1)),
        "no_address": make_project("Utan adress", unit=third, last_reviewed=None),
    }


# --- Reminders ---------------------------------------------------------------------


def test_reminder_lists_the_projects_awaiting_review(reviews):
    assert send_review_reminders(today=SOON) == 1
    [message] = mail.outbox
    assert message.to == ["bildning@example.org"]
    assert message.subject == (
        "Projekt att granska före 2026-08-31 (Tertial 2 2026 (jan–aug))"
    )
    assert "Aldrig granskat" in message.body
    assert "Granskat på brytdagen" in message.body
    assert "Nyss granskat" not in message.body
    assert "Avslutat" not in message.body
    assert "Utkast" not in message.body
    assert f"/admin/snippets/inventory/project/edit/{reviews['never'].pk}/" in (
        message.body
    )
    assert "sedan 2026-04-30" in message.body


def test_reminders_go_once_per_unit_and_period(reviews):
    assert send_review_reminders(today=SOON) == 1
    assert send_review_reminders(today=SOON) == 0
    assert send_review_reminders(today=SOON + datetime.timedelta(days=5)) == 0
    assert len(mail.outbox) == 1
    # The next cut-off is a new period: new reminders, now to the second unit
    # too, whose review in June is older than the cut-off on 31 August.
    assert send_review_reminders(today=D(2026, 12, 20)) == 2
    assert len(mail.outbox) == 3
    assert "Bokslut 2026" in mail.outbox[1].subject
    assert sorted(message.to[0] for message in mail.outbox[1:]) == [
        "bildning@example.org",
        "samhalle@example.org",
    ]


def test_no_reminder_before_the_lead_time(reviews):
    assert send_review_reminders(today=D(2026, 8, 16)) == 0
    assert send_review_reminders(today=D(2026, 8, 17)) == 1  # 14 days before


def test_lead_time_is_a_setting(reviews):
    settings = ReportingSettings.load()
    settings.reminder_lead_days = 40
    settings.save()
    assert send_review_reminders(today=D(2026, 7, 25)) == 1


def test_a_failed_send_is_retried_on_the_next_run(reviews, monkeypatch):
    def fail(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", fail)
        assert send_review_reminders(today=SOON) == 0
    assert not ReviewReminder.objects.exists()
    assert send_review_reminders(today=SOON) == 1
    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.get().sent_at is not None


def test_a_claim_left_by_a_dead_process_is_taken_over(reviews, units):
    now = timezone.now()
    claim = ReviewReminder.objects.create(
        unit=units[0], period_key="2026-T2", claimed_at=now
    )
    # Another process is sending right now: leave it alone.
    assert send_review_reminders(today=SOON) == 0
    ReviewReminder.objects.filter(pk=claim.pk).update(
        claimed_at=now - datetime.timedelta(hours=2)
    )
    assert send_review_reminders(today=SOON) == 1
    assert send_review_reminders(today=SOON) == 0
    assert len(mail.outbox) == 1


# --- Dashboard -----------------------------------------------------------------------


def panel_rows(response):
    panel = BeautifulSoup(response.content, "html.parser").find(
        id="inventory-review-section"
    )
    rows = panel.find("table").tbody.find_all("tr")
    return {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row("td")]
        for row in rows
    }


def test_dashboard_counts_projects_awaiting_review_per_unit(
    admin_client, project_index, make_project, terms
):
    unit = terms["sv"]["units"][3]
    today = timezone.localdate()
    cutoff = last_cutoff(today)
    for title, reviewed in [
        ("Aldrig", None),
        ("På brytdagen", cutoff),
        ("Dagen efter", cutoff + datetime.timedelta(days=1)),
        ("I dag", today),
    ]:
        make_project(title, unit=unit, last_reviewed=reviewed)
    make_project("Klart", unit=unit, status="completed", last_reviewed=None)
    response = admin_client.get("/admin/")
    rows = panel_rows(response)
    assert rows[unit.name] == ["4", "2"]
    assert rows[terms["sv"]["units"][0].name] == ["0", "0"]
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    assert f"sedan {cutoff.day} " in text
    assert f"Nästa brytdatum: {next_period(today).end.day} " in text


def test_dashboard_costs_the_same_with_more_projects(
    admin_client, reviews, make_project, terms
):
    admin_client.get("/admin/")
    with CaptureQueriesContext(connection) as before:
        admin_client.get("/admin/")
    for number in range(20):
        make_project(
            f"Fler {number}",
            unit=terms["sv"]["units"][4],
            last_reviewed=None if number % 2 else timezone.localdate(),
        )
    with CaptureQueriesContext(connection) as after:
        response = admin_client.get("/admin/")
    assert panel_rows(response)[terms["sv"]["units"][4].name] == ["20", "10"]
    assert len(after.captured_queries) == len(before.captured_queries)


# --- Mark as reviewed -------------------------------------------------------------

BULK = "/admin/bulk/inventory/project/mark_reviewed/"
LIST = "/admin/snippets/inventory/project/"


def test_mark_reviewed_sets_the_date_without_a_new_revision(admin_client, reviews):
    project = reviews["never"]
    revisions = project.revisions.count()
    published = project.last_published_at
    url = f"{BULK}?next={LIST}&id={project.pk}&id={reviews['on_cutoff'].pk}"
    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    assert "Aldrig granskat" in confirm.content.decode()
    response = admin_client.post(url, follow=True)
    assert response.status_code == 200
    assert "2 projekt markerade som granskade." in response.content.decode()
    project.refresh_from_db()
    assert project.last_reviewed == timezone.localdate()
    assert project.revisions.count() == revisions
    assert project.last_published_at == published
    assert project.live and not project.has_unpublished_changes
    assert ModelLogEntry.objects.filter(
        action="inventory.mark_reviewed", object_id=str(project.pk)
    ).exists()
    # The editor opens the latest revision: it must show the new date, or the
    # next publish would quietly undo the review.
    edit = admin_client.get(f"/admin/snippets/inventory/project/edit/{project.pk}/")
    field = BeautifulSoup(edit.content, "html.parser").find(
        "input", attrs={"name": "last_reviewed"}
    )
    assert field["value"] == timezone.localdate().isoformat()


def test_mark_reviewed_needs_the_right_to_edit(client, reviews, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("lasare", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_project"),
    )
    client.force_login(user)
    project = reviews["never"]
    client.post(f"{BULK}?id={project.pk}")
    project.refresh_from_db()
    assert project.last_reviewed is None


# --- The command ------------------------------------------------------------------


@pytest.fixture
def report_projects(project_index, make_project, terms):
    make_project("Elevutbyte", start_date=D(2026, 2, 1), currency="SEK")
    make_project("Matkultur", start_date=D(2025, 2, 1), currency="EUR")


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("inventory_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_writes_json_csv_and_xlsx(report_projects, tmp_path):
    out, err = run("--period", "2026-T2", "--format", "json")
    data = json.loads(out)
    assert data["totals"]["active"] == 2
    assert data["totals"]["started"] == 1
    assert "2026-T2" in err
    target = tmp_path / "rapport.csv"
    _out, err = run("--period", "2026-t2", "--format", "csv", "--output", str(target))
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("Tertial 2 2026 (jan–aug)")
    assert "Aktiva under perioden,2" in text
    assert f"Wrote {target}" in err
    target = tmp_path / "rapport.xlsx"
    run("--period", "2026-T2", "--format", "xlsx", "--output", str(target))
    workbook = openpyxl.load_workbook(target)
    assert workbook["Sammanfattning"]["A4"].value == "Aktiva under perioden"
    assert workbook["Sammanfattning"]["B4"].value == 2


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-T3", "är ingen rapportperiod"),
        ("tertial", "är ingen rapportperiod"),
        ("3026-B", "mellan 2000 och 2999"),
        (f"{datetime.date.today().year + 1}-T1", "has not started yet"),
    ],
)
def test_command_refuses_bad_periods_clearly(db, period, message):
    with pytest.raises(CommandError, match=message):
        run("--period", period, "--format", "json")


def test_command_needs_a_file_for_xlsx(db):
    with pytest.raises(CommandError, match="--output"):
        run("--period", "2026-T1", "--format", "xlsx")


def test_command_marks_an_unfinished_period_as_preliminary(report_projects):
    year = timezone.localdate().year
    _out, err = run("--period", f"{year}-B", "--format", "json")
    assert "preliminary" in err
