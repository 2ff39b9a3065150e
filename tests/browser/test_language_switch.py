"""Switching language in a real browser: from a filtered Swedish project list and
from a Swedish project page, the switcher lands on the same list, filters and
project in English, where axe finds nothing to fault."""

from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_public_pages import AXE_OPTIONS, _describe_violation

pytestmark = pytest.mark.browser


def _switch_to_english(page):
    with page.expect_navigation():
        page.locator("nav.language-switcher a[hreflang=en]").click()


def _assert_no_axe_violations(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    lines = [line for v in violations for line in _describe_violation(v)]
    assert not violations, f"axe found violations on {page.url}:\n" + "\n".join(lines)


def _selected(page, name):
    """The value and text of the option chosen in the filter ``name``."""
    option = page.locator(f"select[name={name}] option:checked")
    return option.get_attribute("value"), option.inner_text().strip()


def test_a_filtered_swedish_list_switches_to_the_same_english_list(page, served_site):
    page.goto(served_site.url("/projekt/"))
    page.locator("select[name=status]").select_option("ongoing")
    page.locator("select[name=unit]").select_option(label="Sektor bildning och lärande")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    swedish_unit, _label = _selected(page, "unit")
    assert page.locator("table.project-table tbody th").all_inner_texts() == [
        "Elevutbyte med Hiddenhausen"
    ]

    _switch_to_english(page)

    address = urlsplit(page.url)
    assert address.path == "/en/projects/"
    assert page.locator("html").get_attribute("lang") == "en"
    english_unit, label = _selected(page, "unit")
    assert label == "Education and Learning Sector"
    assert english_unit != swedish_unit
    assert parse_qs(address.query) == {
        "status": ["ongoing"],
        "unit": [english_unit],
        "sort": ["-start_date"],  # the form sends the order it shows
    }
    assert _selected(page, "status")[0] == "ongoing"
    assert page.locator("table.project-table tbody th").all_inner_texts() == [
        "Pupil exchange with Hiddenhausen"
    ]
    _assert_no_axe_violations(page)


def test_a_swedish_project_page_switches_to_the_english_project(page, served_site):
    page.goto(served_site.url("/projekt/elevutbyte-hiddenhausen/"))

    _switch_to_english(page)

    assert urlsplit(page.url).path == "/en/projects/pupil-exchange-hiddenhausen/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").inner_text() == "Pupil exchange with Hiddenhausen"
    assert page.locator("nav.language-switcher a").inner_text() == "Svenska"
    _assert_no_axe_violations(page)
