"""Interest submissions in the admin: who sees them, triage, export and deletion.

Wagtail answers a logged-in user without permission with a redirect to the dashboard
and an error message rather than a bare 403; ``refused`` accepts either.
"""

import csv
import io
import json
import zipfile

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from inventory.models import DisposalLog, InterestSubmission

pytestmark = pytest.mark.django_db

FORM = "/anmal-intresse/"
HOME = "/admin/"
INDEX = "interest_submissions:index"


# --- Helpers -----------------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def page_text(response):
    return " ".join(soup(response).get_text(" ").split())


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def url(name, *args):
    return reverse(f"interest_submissions:{name}", args=args)


def refused(response):
    """A 403, or Wagtail's redirect to the dashboard with "no permission"."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == HOME


def to_login(response):
    return response.status_code == 302 and response["Location"].startswith(
        "/admin/login/"
    )


def sidebar_urls(response):
    """Every URL in the admin's main menu."""
    props = json.loads(soup(response).find(id="wagtail-sidebar-props").get_text())
    urls = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), str):
                urls.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return urls


def submit(interest_data, **overrides):
    """Send the public form as a citizen does; the stored row."""
    before = set(InterestSubmission.objects.values_list("pk", flat=True))
    response = Client().post(FORM, interest_data(**overrides))
    assert response.status_code == 303
    (pk,) = set(InterestSubmission.objects.values_list("pk", flat=True)) - before
    return InterestSubmission.objects.get(pk=pk)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("redaktor", "r@kommun.example", "losen-123")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def admin_only_user(db):
    user = User.objects.create_user("bara-admin", "b@kommun.example", "losen-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def submission(interest_page, interest_data):
    return submit(
        interest_data,
        organisation_name="Ytterby Idrottsförening",
        message="<script>alert('x')</script><b>fet</b> & mer",
    )


def as_user(client, user):
    client.force_login(user)
    return client


# --- Who may see submissions -------------------------------------------------------


def test_the_triage_group_exists_with_its_permissions():
    group = Group.objects.get(name="Interest triage")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {
        "access_admin",
        "view_interestsubmission",
        "change_interestsubmission",
        "delete_interestsubmission",
        "view_disposallog",
    }


def test_anonymous_visitors_are_sent_to_the_login(client, submission):
    for target in (
        url("index"),
        url("index") + "?export=csv",
        url("inspect", submission.pk),
        url("edit", submission.pk),
        url("delete", submission.pk),
    ):
        assert to_login(client.get(target)), target
    assert to_login(client.post(url("delete", submission.pk)))
    assert InterestSubmission.objects.filter(pk=submission.pk).exists()


@pytest.mark.parametrize("who", ["editor", "admin_only_user"])
def test_editors_cannot_see_or_touch_submissions(client, submission, request, who):
    as_user(client, request.getfixturevalue(who))
    home = client.get(HOME)
    assert home.status_code == 200
    assert url("index") not in sidebar_urls(home)
    assert reverse("interest_disposals:index") not in sidebar_urls(home)
    for target in (
        url("index"),
        url("index") + "?export=csv",
        url("index") + "?export=xlsx",
        url("inspect", submission.pk),
        url("edit", submission.pk),
        url("delete", submission.pk),
        reverse("interest_disposals:index"),
    ):
        response = client.get(target)
        assert refused(response), (target, response.status_code)
        assert b"Ytterby" not in content(response)
    assert refused(client.post(url("edit", submission.pk), {"status": "closed"}))
    assert refused(client.post(url("delete", submission.pk)))
    submission.refresh_from_db()
    assert submission.status == "new"


def test_the_triage_group_has_the_menu(client, triage_user, submission):
    home = as_user(client, triage_user).get(HOME)
    urls = sidebar_urls(home)
    assert url("index") in urls
    assert reverse("interest_disposals:index") in urls


def test_the_triage_group_lists_and_inspects(client, triage_user, submission):
    as_user(client, triage_user)
    index = client.get(url("index"))
    assert index.status_code == 200
    assert "Ytterby Idrottsförening" in page_text(index)
    assert submission.reference in page_text(index)
    inspect = client.get(url("inspect", submission.pk))
    assert inspect.status_code == 200
    assert "Ytterby Idrottsförening" in page_text(inspect)
    assert "212000-1371" in page_text(inspect)
    assert "+46303238000" in page_text(inspect)


def test_markup_in_a_submission_is_shown_escaped(client, triage_user, submission):
    as_user(client, triage_user)
    assert InterestSubmission.objects.get().message == (
        "<script>alert('x')</script><b>fet</b> & mer"
    )
    for target in (url("inspect", submission.pk), url("edit", submission.pk)):
        response = client.get(target)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert(" not in html, target
        assert "<b>fet</b>" not in html, target
        assert "&lt;script&gt;alert(" in html, target
        assert "<script>alert('x')</script><b>fet</b> & mer" in page_text(response)


def test_the_triage_group_changes_the_status_and_is_recorded_as_handler(
    client, triage_user, submission
):
    as_user(client, triage_user)
    response = client.post(
        url("edit", submission.pk),
        {
            "status": "contacted",
            "internal_note": "Ringde Anna 12/3.",
            # The submission as sent is read-only, whatever is posted.
            "organisation_name": "Ändrat namn",
            "message": "Ändrat meddelande",
        },
    )
    assert response.status_code == 302, (
        response.context and response.context.get("form").errors
    )
    submission.refresh_from_db()
    assert submission.status == "contacted"
    assert submission.internal_note == "Ringde Anna 12/3."
    assert submission.handled_by == triage_user
    assert submission.organisation_name == "Ytterby Idrottsförening"
    assert submission.message.startswith("<script>")
    assert ModelLogEntry.objects.filter(
        action="wagtail.edit", object_id=str(submission.pk), user=triage_user
    ).exists()


def test_a_status_outside_the_list_is_refused(client, triage_user, submission):
    as_user(client, triage_user)
    response = client.post(url("edit", submission.pk), {"status": "archived"})
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    submission.refresh_from_db()
    assert submission.status == "new"
    assert submission.handled_by is None


def test_the_triage_group_deletes_and_the_deletion_is_logged(
    client, triage_user, submission
):
    as_user(client, triage_user)
    confirm = client.get(url("delete", submission.pk))
    assert confirm.status_code == 200
    response = client.post(url("delete", submission.pk))
    assert response.status_code == 302
    assert not InterestSubmission.objects.filter(pk=submission.pk).exists()
    entry = ModelLogEntry.objects.get(
        action="wagtail.delete", object_id=str(submission.pk)
    )
    assert entry.user == triage_user
    assert submission.reference in entry.label


def test_no_one_adds_submissions_in_the_admin(
    client, admin_user, triage_user, interest_page, interest_data
):
    try:
        add_url = url("add")
    except NoReverseMatch:
        add_url = None
    for user in (admin_user, triage_user):
        as_user(client, user)
        index = client.get(url("index"))
        assert index.status_code == 200
        if add_url is None:
            continue
        assert f'href="{add_url}"' not in index.content.decode()
        shown = client.get(add_url)
        assert shown.status_code in (403, 404) or refused(shown), shown.status_code
        posted = client.post(add_url, {"status": "new", "internal_note": "Påhittad"})
        assert posted.status_code in (403, 404) or refused(posted)
    assert InterestSubmission.objects.count() == 0


def test_the_disposal_log_is_read_only(client, admin_user, triage_user):
    log = DisposalLog.objects.create(
        form_title="Anmäl intresse",
        count=3,
        received_from="2023-01-01T00:00Z",
        received_until="2023-06-30T00:00Z",
        retention_months=24,
        decision="DHP KS 2024/12, avsnitt 3.4",
    )
    for user in (triage_user, admin_user):
        as_user(client, user)
        index = client.get(reverse("interest_disposals:index"))
        assert index.status_code == 200
        assert "DHP KS 2024/12, avsnitt 3.4" in page_text(index)
        for name in ("edit", "delete"):
            target = reverse(f"interest_disposals:{name}", args=[log.pk])
            response = client.post(target, {"decision": "Ändrat"})
            assert response.status_code in (403, 404) or refused(response), name
        added = client.post(reverse("interest_disposals:add"), {"decision": "Ny"})
        assert added.status_code in (403, 404) or refused(added)
    log.refresh_from_db()
    assert log.decision == "DHP KS 2024/12, avsnitt 3.4"
    assert DisposalLog.objects.count() == 1


# --- Export ------------------------------------------------------------------------

HOSTILE = {
    "organisation_name": '=HYPERLINK("http://evil.example","Klicka")',
    "contact_name": "@SUM(A1:A9)",
    "town": "-2+3",
    "message": "+46 ring mig",
}


@pytest.fixture
def hostile(interest_page, interest_data, make_project, terms, add_partner):
    project = make_project("Vänskap över gränser")
    partner = add_partner("Hiddenhausen")
    return submit(
        interest_data,
        project=project.slug,
        priority_areas=[str(terms["sv"]["areas"][0].pk)],
        partners=[str(partner.pk)],
        **HOSTILE,
    )


def csv_rows(response):
    assert response.status_code == 200
    assert "csv" in response["Content-Type"]
    text = content(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_export_neutralises_formulas(client, triage_user, hostile, terms):
    as_user(client, triage_user)
    rows = csv_rows(client.get(url("index"), {"export": "csv"}))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    cells = rows[1]
    assert cells[0] == hostile.reference
    assert "'" + HOSTILE["organisation_name"] in cells
    assert "'" + HOSTILE["contact_name"] in cells
    assert "'" + HOSTILE["town"] in cells
    assert "'" + HOSTILE["message"] in cells
    # An E.164 phone number is no formula: it is left as it is.
    assert "+46303238000" in cells
    assert "212000-1371" in cells
    assert "anna@example.org" in cells
    assert terms["sv"]["areas"][0].name in cells
    assert "Hiddenhausen" in cells
    assert "Vänskap över gränser" in cells
    for cell in cells:
        if cell != "+46303238000":
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert len(row) == len(cells)


def test_the_xlsx_export_keeps_formulas_as_text(client, triage_user, hostile):
    as_user(client, triage_user)
    response = client.get(url("index"), {"export": "xlsx"})
    assert response.status_code == 200
    data = content(response)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 1
    cells = {cell.value: cell for cell in rows[0]}
    assert rows[0][0].value == hostile.reference
    for typed in HOSTILE.values():
        assert typed in cells, typed
        assert cells[typed].data_type == "s", typed
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_the_export_follows_the_filter(
    client, triage_user, interest_page, interest_data
):
    first = submit(interest_data, organisation_name="Förening Ett")
    second = submit(interest_data, organisation_name="Förening Två")
    second.status = "closed"
    second.save()
    as_user(client, triage_user)
    rows = csv_rows(client.get(url("index"), {"export": "csv", "status": "new"}))
    assert [row[0] for row in rows[1:]] == [first.reference]


def test_the_list_and_export_show_every_submission(
    client, triage_user, interest_page, interest_data
):
    for n in range(3):
        submit(interest_data, organisation_name=f"Förening {n}")
    as_user(client, triage_user)
    index = client.get(url("index"))
    for n in range(3):
        assert f"Förening {n}" in page_text(index)
    rows = csv_rows(client.get(url("index"), {"export": "csv"}))
    assert sorted(row[3] for row in rows[1:]) == [f"Förening {n}" for n in range(3)]


# --- Search, history and cost ------------------------------------------------------


def test_the_list_can_be_searched(client, triage_user, interest_page, interest_data):
    submit(interest_data, organisation_name="Ytterby Idrottsförening", town="Ytterby")
    submit(interest_data, organisation_name="Marstrands Varv AB", town="Marstrand")
    as_user(client, triage_user)
    for query, expected in (
        ("Ytterby", "Ytterby Idrottsförening"),
        ("Marstrand", "Marstrands Varv AB"),
    ):
        response = client.get(url("index"), {"q": query})
        assert response.status_code == 200
        shown = page_text(response)
        assert expected in shown
        other = ({"Ytterby Idrottsförening", "Marstrands Varv AB"} - {expected}).pop()
        assert other not in shown


def test_editors_do_not_see_submissions_in_the_site_history(
    client, triage_user, editor, submission
):
    triage = as_user(Client(), triage_user)
    triage.post(url("delete", submission.pk))
    triage.get(HOME)  # shows the flash message about the deletion
    own = triage.get(reverse("wagtailadmin_reports:site_history"))
    assert "Ytterby" in page_text(own)
    history = as_user(client, editor).get(reverse("wagtailadmin_reports:site_history"))
    assert history.status_code == 200
    assert "Ytterby" not in page_text(history)


def test_the_list_costs_the_same_however_many_submissions_it_shows(
    client, triage_user, interest_page, interest_data, terms, add_partner
):
    partner = add_partner("Hiddenhausen")
    areas = [str(area.pk) for area in terms["sv"]["areas"][:2]]

    def add(count):
        for _ in range(count):
            submit(interest_data, priority_areas=areas, partners=[str(partner.pk)])

    def cost():
        as_user(client, triage_user).get(url("index"))  # warm-up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("index"))
        assert response.status_code == 200
        return len(queries.captured_queries)

    add(2)
    before = cost()
    add(15)
    assert cost() == before
