"""The form page previews as Wagtail's form pages do: the form, the thank-you page."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_the_preview_modes_are_the_form_and_the_thank_you_page(interest_page):
    assert [mode for mode, _label in interest_page.preview_modes] == ["form", "landing"]


def test_the_form_preview_shows_the_empty_form(interest_page):
    response = interest_page.make_preview_request(preview_mode="form")
    assert response.status_code == 200
    page = BeautifulSoup(response.render().content, "html.parser")
    form = page.find("form", id="interest-form")
    assert form is not None
    assert form.find("input", attrs={"name": "form_token"})["value"]
    assert page.find(id="error-summary") is None
    # No project is chosen in a preview, and none is ever listed.
    assert form.find("select") is None
    assert form.find("input", attrs={"name": "project"}) is None


def test_the_landing_preview_shows_the_thank_you_text_without_a_reference(
    interest_page,
):
    response = interest_page.make_preview_request(preview_mode="landing")
    assert response.status_code == 200
    text = BeautifulSoup(response.render().content, "html.parser").get_text(" ")
    assert "Tack för er anmälan" in text
    assert "INT-" not in text
