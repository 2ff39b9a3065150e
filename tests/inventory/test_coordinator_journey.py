"""The international coordinator's day in the admin, in Swedish and in English, as a
member of the coordinator group (not a superuser): triage a new submission from the
dashboard and the list, write a unit's commentary, publish the tertial report with its
results and take it to the board as DOCX."""

import pytest
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from inventory.models import InterestSubmission
from tests.inventory.reports import test_board_report
from tests.inventory.reports.test_board_report import (
    ADMIN_REPORT,
    COMMENTARY,
    RESULT,
    docx_text,
    open_docx,
    publish_report,
    publish_with_results,
    soup,
    text,
)

pytestmark = pytest.mark.django_db
board = test_board_report.board  # the fixture: two units' projects in 2026-T2

COORDINATOR = "Internationell samordnare"
WORDS = {
    "sv": {"status": "Intresseanmälan", "docx": "Uppföljning av internationella"},
    "en": {"status": "Interest submission", "docx": "Follow-up of international"},
}


@pytest.fixture(params=["sv", "en"])
def coordinator(request, client, django_user_model):
    user = django_user_model.objects.create_user(
        "samordnare", "samordnare@kommun.example", "lösenord-för-test-1"
    )
    user.groups.add(Group.objects.get(name=COORDINATOR))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = request.param
    profile.save()
    client.force_login(user)
    return client, request.param


def test_the_coordinator_triages_and_takes_the_report_to_the_board(
    coordinator, board, interest_page
):
    client, language = coordinator
    submission = InterestSubmission.objects.create(
        page=interest_page,
        language="sv",
        organisation_type="association",
        organisation_name="Kungälvs vänortsförening",
        contact_name="Åsa Öberg",
        email="asa@example.org",
        town="Kungälv",
        message="Vi vill delta i elevutbytet.",
    )

    # The dashboard names the new submission; the list's row opens it.
    dashboard = text(client.get("/admin/"))
    assert submission.reference in dashboard
    listing = soup(client.get("/admin/interest/submissions/"))
    link = listing.find("a", string=lambda s: s and submission.reference in s)
    assert link is not None
    opened = client.get(link["href"])
    assert opened.status_code == 200
    assert "Kungälvs vänortsförening" in text(opened)

    # A status change, with a message in the coordinator's language.
    edit_url = f"/admin/interest/submissions/edit/{submission.pk}/"
    assert client.get(edit_url).status_code == 200
    data = {"status": "contacted", "internal_note": "Ringt upp."}
    done = client.post(edit_url, data, follow=True)
    assert WORDS[language]["status"] in text(done)
    assert submission.reference in text(done)
    submission.refresh_from_db()
    assert submission.status == "contacted"

    # The tertial report: a result, a commentary, published, as DOCX.
    publish_with_results(board["exchange"], **{"2026_T2": RESULT})
    unit = board["units"][0]
    response = client.post(ADMIN_REPORT, {f"commentary-{unit.pk}": COMMENTARY})
    assert response.status_code == 302
    publish_report(client)
    document = docx_text(
        open_docx(client.get("/admin/reports/t2/export/docx/?year=2026"))
    )
    assert WORDS[language]["docx"] in document
    assert RESULT in document
    assert COMMENTARY in document
