"""The data migration that moved the form texts from the settings onto the pages."""

import importlib
from types import SimpleNamespace

from django.apps import apps as django_apps
from wagtail.models import Site

from inventory.models import InterestFormPage

moved = importlib.import_module("website.migrations.0003_interest_page_notices")


class HistoricalApps:
    """The app registry the migration sees: the settings as they were before it."""

    def __init__(self, *settings_rows):
        self.rows = settings_rows

    def get_model(self, app_label, model_name):
        if (app_label, model_name) == ("website", "OrganisationSettings"):
            return SimpleNamespace(objects=SimpleNamespace(all=lambda: self.rows))
        return django_apps.get_model(app_label, model_name)


def old_settings(**fields):
    values = {
        "site_id": Site.objects.get(is_default_site=True).pk,
        "public_record_notice": "Det du skickar till kommunen blir allmän handling.",
        "public_record_notice_en": "Forms sent to us are official documents.",
        "privacy_notice": "<p>Kommunen behandlar uppgifterna.</p>",
        "privacy_notice_en": "",
        "dpo_contact": "dataskydd@kommun.example",
    }
    values.update(fields)
    return SimpleNamespace(**values)


def test_each_language_s_form_page_gets_what_it_showed_before(demo_site):
    moved.copy_to_pages(HistoricalApps(old_settings()), None)
    sv = InterestFormPage.objects.get(locale__language_code="sv")
    en = InterestFormPage.objects.get(locale__language_code="en")
    # The default sentence is left empty, so the page keeps the translated default.
    assert sv.public_record_notice == ""
    assert en.public_record_notice == "Forms sent to us are official documents."
    # No English privacy notice: the English form showed the Swedish one.
    assert (
        sv.privacy_notice
        == en.privacy_notice
        == ("<p>Kommunen behandlar uppgifterna.</p>")
    )
    assert sv.dpo_contact == en.dpo_contact == "dataskydd@kommun.example"


def test_the_next_publish_from_the_editor_keeps_the_moved_texts(demo_site):
    moved.copy_to_pages(HistoricalApps(old_settings()), None)
    en = InterestFormPage.objects.get(locale__language_code="en")
    # The editor opens the latest revision, and publishing it writes it to the page.
    draft = en.get_latest_revision_as_object()
    assert draft.public_record_notice == "Forms sent to us are official documents."
    draft.save_revision().publish()
    en.refresh_from_db()
    assert en.public_record_notice == "Forms sent to us are official documents."
    assert en.dpo_contact == "dataskydd@kommun.example"


def test_nothing_is_copied_without_settings(demo_site):
    before = list(InterestFormPage.objects.values_list("privacy_notice", flat=True))
    moved.copy_to_pages(HistoricalApps(), None)
    after = list(InterestFormPage.objects.values_list("privacy_notice", flat=True))
    assert after == before
