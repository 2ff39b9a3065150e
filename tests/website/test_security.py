"""Security headers as a browser receives them."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/om-webbplatsen/", "/en/contact/", "/en/accessibility/"]
# Sources a policy may name without allowing another origin.
SAME_ORIGIN_SOURCES = {"'self'", "'none'", "data:", "blob:", "'unsafe-inline'"}


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_no_other_origin(directives):
    for name, sources in directives.items():
        for source in sources:
            assert source in SAME_ORIGIN_SOURCES, f"{name} allows {source}"


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_allow_nothing_from_another_origin(client, demo_site, url):
    response = client.get(url)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert_no_other_origin(directives)
    # The public site needs no inline script or style.
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_send_the_other_security_headers(client, demo_site, url):
    response = client.get(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "camera=()" in response.headers["Permissions-Policy"]


def third_party_resources(html):
    """URLs of things the browser loads by itself (not links) from another origin."""
    # <link rel="canonical|alternate"> names an address; the browser loads nothing.
    loaded = re.sub(r'<link\b[^>]*\srel="(?:canonical|alternate)"[^>]*>', "", html)
    resources = re.findall(
        r"<(?:img|script|link|iframe|source|video|audio)\b[^>]*"
        r'\s(?:src|href|srcset)="([^"]+)"',
        loaded,
    )
    return [
        url
        for url in resources
        if url.startswith(("http:", "https:", "//")) and "//testserver/" not in url
    ]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_do_nothing_their_policy_would_block(client, demo_site, url):
    """Inline script or style, or a third-party resource, would break under the
    page's own policy."""
    html = client.get(url).text
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), "inline script"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert third_party_resources(html) == []


def test_the_404_page_gets_the_public_policy_too(client, demo_site):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert policy(response)["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_hsts_on_a_secure_request(client, demo_site):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    hsts = response.headers["Strict-Transport-Security"]
    assert f"max-age={settings.SECURE_HSTS_SECONDS}" in hsts
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert "includeSubDomains" in hsts


def test_no_hsts_over_plain_http(client, demo_site):
    # Browsers ignore HSTS over HTTP; sending it there only misleads.
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_plain_http_redirects_to_https_when_ssl_redirect_is_on(
    client, demo_site, settings
):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/om-webbplatsen/")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/om-webbplatsen/"


def assert_admin_policy(response):
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == settings.CSP_ADMIN
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert_no_other_origin(directives)


def test_the_admin_login_page_gets_the_admin_policy(client):
    assert_admin_policy(client.get(reverse("wagtailadmin_login")))


def test_the_page_editor_gets_the_admin_policy(admin_client, demo_site):
    about = demo_site["sv"].get_children().get(slug="om-webbplatsen")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[about.id]))
    assert_admin_policy(response)


def test_the_admin_loads_nothing_from_another_origin(admin_client):
    """The admin policy blocks other origins, so anything the admin tries to load
    from elsewhere shows up broken to editors (and would leak data if allowed)."""
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert_admin_policy(response)
    assert third_party_resources(response.text) == []


def test_the_admin_login_page_is_not_cached_by_a_shared_cache(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert "public" not in response.headers.get("Cache-Control", "")


def test_logging_in_sets_http_only_same_site_cookies(client, django_user_model):
    django_user_model.objects.create_superuser(
        username="redaktor", email="redaktor@example.se", password="rätt-lösenord-123"
    )
    login_url = reverse("wagtailadmin_login")
    assert client.get(login_url).status_code == 200
    response = client.post(
        login_url, {"username": "redaktor", "password": "rätt-lösenord-123"}
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"]
