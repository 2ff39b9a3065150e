"""Every admin view of the apps, rendered in Swedish, and in English: no fragment of the
other language, and no raw value (True, False, None) where a reader expects words.

The views are found, not listed: every viewset Wagtail has registered for a model of
``partnerships``, ``inventory`` or ``website`` (snippets, model viewsets, settings),
with its index, add, edit, inspect, history, usage and delete views for the first
object, plus the reports, the dashboard and the settings menu.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.users.models import UserProfile

from inventory.reports.admin_views import URL_KINDS

pytestmark = pytest.mark.django_db

APPS = {"inventory", "partnerships", "website"}
OBJECT_VIEWS = {"edit", "inspect", "history", "usage", "delete", "copy"}
# Model viewsets name their list "index", snippets "list".
VIEWS = ["index", "list", "add", *sorted(OBJECT_VIEWS)]
# What the Swedish admin showed in English or out of date, and raw values.
ENGLISH_IN_SWEDISH = [
    "updated and published",
    "There are no",
    "to display",
    "Reference",
    "Australia",
    "Brazil",
    "Canada",
    "Egypt",
    "Makedonien",
    "Swaziland",
]
SWEDISH_IN_ENGLISH = ["uppdaterad", "Det finns inga", "Referens", "gallringslogg"]
RAW = re.compile(r"(?<![\w-])(True|False|None)(?![\w-])")


def admin_urls():
    """(url, description) of every admin view of the apps' models."""
    urls = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        if model is None or model._meta.app_label not in APPS:
            continue
        instance = model._default_manager.order_by("pk").first()
        for view in VIEWS:
            try:
                name = viewset.get_url_name(view)
            except (AttributeError, KeyError):
                continue
            args = []
            if view in OBJECT_VIEWS:
                if instance is None:
                    continue
                args = [instance.pk]
            try:
                urls.append((reverse(name, args=args), f"{model.__name__} {view}"))
            except NoReverseMatch:
                continue
    urls += [
        (reverse("wagtailadmin_home"), "dashboard"),
        (settings_url("website", "organisationsettings"), "organisation settings"),
        (settings_url("inventory", "reportingsettings"), "reporting settings"),
    ]
    urls += [
        (reverse("inventory_reports:report", args=[kind]), f"report {kind}")
        for kind in URL_KINDS
    ]
    return urls


def settings_url(app_label, model_name):
    return reverse("wagtailsettings:edit", args=[app_label, model_name])


def visible_text(response):
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    return soup.get_text(" ", strip=True)


@pytest.fixture
def editor_in(admin_user):
    def switch(language):
        profile = UserProfile.get_for_user(admin_user)
        profile.preferred_language = language
        profile.save()
        return admin_user

    return switch


@pytest.mark.parametrize(
    ("language", "fragments"), [("sv", ENGLISH_IN_SWEDISH), ("en", SWEDISH_IN_ENGLISH)]
)
def test_every_admin_view_speaks_one_language(
    client, demo_site, editor_in, language, fragments
):
    client.force_login(editor_in(language))
    found = []
    urls = admin_urls()
    assert len(urls) > 30
    for url, what in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, (what, url, response.status_code)
        text = visible_text(response)
        found += [(what, url, f) for f in fragments if re.search(rf"\b{f}\b", text)]
        found += [(what, url, raw) for raw in RAW.findall(text)]
    assert not found, "\n".join(f"{what} {url}: {f}" for what, url, f in found)
