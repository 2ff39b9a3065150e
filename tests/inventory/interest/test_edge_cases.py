"""Edge cases found in review: Redis down, a changed resend, IPv6, exports, dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inventory.interest import ratelimit
from inventory.models import InterestSubmission, RateLimitCounter

FORM = "/anmal-intresse/"


def test_a_form_is_stored_when_redis_is_down(
    client, interest_page, interest_data, settings
):
    # Nothing listens on port 1: every Redis call fails with a connection error.
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.VANORT_RATE_LIMIT_CACHE = "ratelimit"
    settings.VANORT_INTEREST_RATE_LIMIT = 1
    response = client.post(FORM, interest_data())
    assert response.status_code == 303
    assert InterestSubmission.objects.count() == 1
    # The limit still holds, counted in the database meanwhile.
    assert RateLimitCounter.objects.get().count == 1
    assert client.post(FORM, interest_data(town="Ytterby")).status_code == 429
    assert InterestSubmission.objects.count() == 1


def test_a_changed_form_sent_with_the_same_token_is_refused(
    client, interest_page, interest_data
):
    first = interest_data()
    assert client.post(FORM, first).status_code == 303
    # The same form again (a double click): still one row.
    assert client.post(FORM, first).status_code == 303
    assert InterestSubmission.objects.count() == 1
    # Back, change the organisation, send: the browser kept the token.
    changed = {**first, "organisation_name": "Företaget B"}
    response = client.post(FORM, changed)
    assert response.status_code == 409
    names = list(InterestSubmission.objects.values_list("organisation_name", flat=True))
    assert names == ["Kungälvs Brukshundklubb"]


def test_one_ipv6_network_shares_a_limit(db):
    verdicts = [
        ratelimit.hit("test", f"2001:db8:1:2::{n}", limit=2, seconds=86400)
        for n in (1, 2, 3)
    ]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert ratelimit.hit("test", "2001:db8:1:3::1", limit=2, seconds=86400).allowed


def test_the_submission_export_costs_the_same_however_many_rows(
    admin_client, interest_page, interest_data
):
    def export_queries():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(
                "/admin/interest/submissions/", {"export": "csv"}
            )
            b"".join(response.streaming_content)
        return len(queries)

    admin_client.post(FORM, interest_data())
    export_queries()  # warm up
    before = export_queries()
    for n in range(20):
        admin_client.post(FORM, interest_data(town=f"Ort {n}"))
    assert InterestSubmission.objects.count() == 21
    assert export_queries() == before


def test_the_reference_carries_the_local_year(interest_page):
    submission = InterestSubmission.objects.create(
        page=interest_page,
        language="sv",
        organisation_type="association",
        organisation_name="Nyårsföreningen",
        contact_name="Nils",
        email="nils@example.org",
        town="Kungälv",
    )
    # 23:30 UTC on New Year's Eve is already 1 January in Sweden.
    InterestSubmission.objects.filter(pk=submission.pk).update(
        created_at=datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    submission.refresh_from_db()
    assert submission.reference == f"INT-2027-{submission.pk}"
    assert timezone.localtime(submission.created_at).year == 2027


def test_an_absurd_retention_period_is_refused(interest_page):
    interest_page.retention_months = 5000
    interest_page.retention_decision = "KS 2024/1"
    with pytest.raises(ValidationError) as raised:
        interest_page.full_clean()
    assert "retention_months" in raised.value.message_dict
