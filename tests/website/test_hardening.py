"""Hardening (issue 13): search with control characters, form bodies in another
character set, and the admin login's throttle."""

import datetime

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "rätt-lösenord-123"


def page_text(response):
    return " ".join(
        BeautifulSoup(response.content, "html.parser").get_text(" ").split()
    )


def search_box(response):
    page = BeautifulSoup(response.content, "html.parser")
    return page.find("input", id="search-q")["value"]


def result_links(response):
    results = BeautifulSoup(response.content, "html.parser").find(
        "ol", class_="search-results"
    )
    return [h3.a["href"] for h3 in results.find_all("h3")] if results else []


# --- Search --------------------------------------------------------------------------


def test_a_nul_alone_is_an_empty_search_not_an_error(client, demo_site):
    response = client.get("/sok/?q=%00")
    assert response.status_code == 200
    assert search_box(response) == ""
    assert "0 träffar" not in page_text(response)
    assert BeautifulSoup(response.content, "html.parser").find("form", role="search")


def test_a_nul_inside_an_english_query_is_dropped(client, demo_site):
    response = client.get("/en/search/?q=a%00b")
    assert response.status_code == 200
    assert search_box(response) == "ab"
    assert "results for “ab”" in page_text(response)


def test_a_word_with_a_nul_in_it_finds_what_the_word_finds(client, demo_site):
    plain = client.get("/sok/", {"q": "Kungälvs"})
    broken = client.get("/sok/?q=Kung%00%C3%A4lvs")
    assert broken.status_code == 200
    assert search_box(broken) == "Kungälvs"
    assert result_links(broken) == result_links(plain) != []


@pytest.mark.parametrize("escaped", ["%07", "%0B", "%1B", "%7F", "%C2%85", "%09%0A"])
def test_other_control_characters_in_the_query_are_not_an_error(
    client, demo_site, escaped
):
    response = client.get(f"/sok/?q=policy{escaped}vänort")
    assert response.status_code == 200
    spaces = ("%0B", "%C2%85", "%09%0A")  # whitespace, unlike BEL, ESC or DEL
    expected = "policy vänort" if escaped in spaces else "policyvänort"
    assert search_box(response) == expected


# --- Form bodies in another character set ----------------------------------------


def post_form(url, body, content_type, **extra):
    """POST ``body`` (bytes, as a client sends them) with CSRF checks on, the way a
    browser does: the form is fetched first for its CSRF cookie."""
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    token = client.cookies["csrftoken"].value
    if content_type.startswith("multipart/"):
        body = body.replace(b"{token}", token.encode())
    else:
        body = b"csrfmiddlewaretoken=" + token.encode() + b"&" + body
    return client, client.generic("POST", url, body, content_type=content_type, **extra)


LATIN_1 = "application/x-www-form-urlencoded; charset=iso-8859-1"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        username="åsa", email="asa@kommun.example", password=PASSWORD
    )


def test_the_interest_form_in_latin_1_is_refused_with_a_clear_message(demo_site):
    body = b"organisation_name=Kung%E4lvs+IF&message=Hej+d%E4r&town=Kung\xe4lv"
    _client, response = post_form("/anmal-intresse/", body, LATIN_1)
    assert response.status_code == 400
    text = page_text(response)
    assert "Formuläret kunde inte läsas" in text
    assert "UTF-8" in text


def test_the_english_interest_form_says_so_in_english(demo_site):
    _client, response = post_form("/en/express-interest/", b"town=K%E4", LATIN_1)
    assert response.status_code == 400
    assert "The form could not be read" in page_text(response)


@pytest.mark.parametrize(
    "charset", ["iso-8859-1", "latin-1", "windows-1252", "foo", "", "utf-16", "utf-7"]
)
def test_the_admin_login_refuses_a_charset_it_cannot_read(editor, charset):
    body = f"username=%C3%A5sa&password={PASSWORD}".encode()
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    client, response = post_form(LOGIN, body, content_type)
    assert response.status_code == 400
    assert "Formuläret kunde inte läsas" in page_text(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", "UTF_8"])
def test_the_admin_login_reads_utf_8_under_any_name(editor, charset):
    body = "username=åsa&password=rätt-lösenord-123".encode()
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    client, response = post_form(LOGIN, body, content_type)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(editor.pk)


def multipart(fields, charset):
    lines = []
    for name, value in fields.items():
        lines += [
            b"--grans",
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            value.encode(charset) if isinstance(value, str) else value,
        ]
    return b"\r\n".join([*lines, b"--grans--", b""])


def test_a_multipart_login_in_latin_1_is_read_correctly(editor):
    body = multipart(
        {"csrfmiddlewaretoken": b"{token}", "username": "åsa", "password": PASSWORD},
        "iso-8859-1",
    )
    content_type = "multipart/form-data; boundary=grans; charset=iso-8859-1"
    client, response = post_form(LOGIN, body, content_type)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_multipart_form_with_an_unknown_charset_is_refused(editor):
    body = multipart({"csrfmiddlewaretoken": b"{token}", "username": "åsa"}, "utf-8")
    content_type = "multipart/form-data; boundary=grans; charset=foo"
    _client, response = post_form(LOGIN, body, content_type)
    assert response.status_code == 400


# --- The admin login's throttle ------------------------------------------------------


def login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def second_editor(db):
    return get_user_model().objects.create_superuser(
        username="bertil", email="bertil@kommun.example", password=PASSWORD
    )


def lock_out(client, username="åsa", **extra):
    responses = [login(client, username, "fel-lösenord", **extra) for _ in range(5)]
    for response in responses[:4]:
        assert response.status_code == 200
        assert "lösenord matchade inte" in page_text(response)
    return responses[-1]


def assert_locked_out(response):
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    text = page_text(response)
    assert "För många misslyckade inloggningsförsök" in text
    assert "pausad i 15 minuter" in text


def test_five_wrong_passwords_lock_out_even_the_right_one(client, editor):
    assert_locked_out(lock_out(client))
    response = login(client, "åsa", PASSWORD)
    assert_locked_out(response)
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302  # back to the login


def test_another_account_from_the_same_client_can_still_log_in(
    client, editor, second_editor
):
    lock_out(client)
    response = login(client, "bertil", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_same_account_from_another_address_can_still_log_in(client, editor):
    lock_out(client, REMOTE_ADDR="198.51.100.7")
    response = login(client, "åsa", PASSWORD, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302
    assert logged_in(client)


def test_the_lock_ends_after_fifteen_minutes(client, editor):
    lock_out(client)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=16)
    )
    response = login(client, "åsa", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_a_successful_login_starts_the_count_again(client, editor):
    for _ in range(4):
        login(client, "åsa", "fel-lösenord")
    assert login(client, "åsa", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "åsa", "fel-lösenord").status_code == 200
    assert login(client, "åsa", PASSWORD).status_code == 302


def test_the_client_is_told_apart_by_the_trusted_proxy_header(client, editor, settings):
    settings.VANORT_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.VANORT_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    lock_out(client, headers={"x-forwarded-for": "203.0.113.5"}, **proxy)
    # The same proxy, another client behind it: not locked out.
    response = login(
        client, "åsa", PASSWORD, headers={"x-forwarded-for": "203.0.113.6"}, **proxy
    )
    assert response.status_code == 302
    # A forged address in front of the proxy's own entry changes nothing.
    client.logout()
    response = login(
        client,
        "åsa",
        PASSWORD,
        headers={"x-forwarded-for": "192.0.2.1, 203.0.113.5"},
        **proxy,
    )
    assert_locked_out(response)


def test_an_ipv6_client_is_throttled_per_64_network(client, editor):
    lock_out(client, REMOTE_ADDR="2001:db8:1:2::10")
    response = login(client, "åsa", PASSWORD, REMOTE_ADDR="2001:db8:1:2:ffff::1")
    assert_locked_out(response)
    response = login(client, "åsa", PASSWORD, REMOTE_ADDR="2001:db8:1:3::10")
    assert response.status_code == 302


def test_the_django_admin_is_no_second_login_page(client, editor):
    for url in ("/django-admin/", "/django-admin/login/"):
        assert client.get(url).status_code == 404
    response = client.post(
        "/django-admin/login/", {"username": "åsa", "password": PASSWORD}
    )
    assert response.status_code == 404
    assert not logged_in(client)
