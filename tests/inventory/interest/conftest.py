"""Builders for the interest form room: the English form and a valid submission.

The Swedish form (``interest_page``) lives one level up, since the project pages link
to it and the export tests post to it.
"""

import pytest

from inventory.interest.forms import issue_form_token
from inventory.models import InterestFormPage


@pytest.fixture
def en_interest_page(interest_page, en_home, en_locale, publish_page):
    """The English interest form at /en/express-interest/."""
    return publish_page(
        en_home,
        InterestFormPage(
            title="Express interest",
            slug="express-interest",
            locale=en_locale,
            translation_key=interest_page.translation_key,
            thank_you_text="<p>Thank you for your interest.</p>",
            notification_recipients="registry@kommun.example",
        ),
    )


@pytest.fixture
def linked_project_index(project_index, interest_page):
    """The Swedish project list at /projekt/, whose "take part" links lead to the
    Swedish form (as ``vanort_setup`` links them)."""
    project_index.interest_page = interest_page
    project_index.save_revision().publish()
    return project_index


@pytest.fixture
def interest_data():
    """The fields of a valid interest form as a browser posts them, with a token.

    Keyword arguments replace fields; a value of None leaves the field out.
    """

    def data(**overrides):
        values = {
            "form_token": issue_form_token(),
            "website": "",
            "organisation_type": "association",
            "organisation_name": "Kungälvs Brukshundklubb",
            "organisation_number": "212000-1371",
            "contact_name": "Anna Andersson",
            "email": "anna@example.org",
            "phone": "0303-23 80 00",
            "town": "Kungälv",
            "message": "Vi vill gärna vara med.",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    return data
