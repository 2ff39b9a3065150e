"""The interest form in a real browser: its empty, invalid and thank-you states.

Each state has zero axe violations; an invalid form moves focus to an error summary
whose links lead to the fields, with and without JavaScript.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_public_pages import (
    AXE_OPTIONS,
    NARROW,
    OVERFLOWING_ELEMENTS_JS,
    _describe_violation,
)

pytestmark = pytest.mark.browser

FORMS = [
    pytest.param("/anmal-intresse/", "sv", id="sv"),
    pytest.param("/en/express-interest/", "en", id="en"),
]


def _assert_no_axe_violations(page, state):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    lines = [line for v in violations for line in _describe_violation(v)]
    assert not violations, f"axe found violations on the {state} form:\n" + "\n".join(
        lines
    )


def _send(page):
    with page.expect_navigation():
        page.locator("#interest-form button[type=submit]").click()


def _fill_valid(page):
    page.locator("#id_organisation_type_0").check()
    page.locator("#id_organisation_name").fill("Ytterby idrottsförening")
    page.locator("#id_has_no_organisation_number").check()
    page.locator("#id_town").fill("Kungälv")
    page.locator("#id_contact_name").fill("Anna Andersson")
    page.locator("#id_email").fill("anna@example.org")
    page.locator("#id_phone").fill("0303-23 80 00")
    page.locator("#id_priority_areas_0").check()
    page.locator("#id_message").fill("Vi vill gärna vara med i ungdomsutbytet.")


@pytest.mark.parametrize(("path", "language"), FORMS)
def test_empty_form_has_no_axe_violations(page, served_site, path, language):
    response = page.goto(served_site.url(path))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    _assert_no_axe_violations(page, "empty")


@pytest.mark.parametrize(("path", "language"), FORMS)
def test_invalid_form_focuses_an_error_summary_linking_to_each_field(
    page, served_site, path, language
):
    page.goto(served_site.url(path))
    page.locator("#id_organisation_number").fill("212000-1372")
    _send(page)

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.title().startswith("Fel:" if language == "sv" else "Error:")
    links = summary.locator("a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "#id_organisation_number" in targets
    assert "#id_organisation_name" in targets
    for target in targets:
        assert page.locator(target).count() == 1, f"{target} leads nowhere"

    number = page.locator("#id_organisation_number")
    assert number.get_attribute("aria-invalid") == "true"
    described = number.get_attribute("aria-describedby").split()
    assert "id_organisation_number_error" in described
    error_text = page.locator("#id_organisation_number_error").inner_text()
    assert "212000-1371" in error_text  # the example of a valid number
    assert number.input_value() == "212000-1372"  # what was typed is kept

    summary.locator("a[href='#id_organisation_name']").click()
    assert page.evaluate("document.activeElement.id") == "id_organisation_name"
    _assert_no_axe_violations(page, "invalid")


def test_invalid_form_works_without_javascript(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site.url("/anmal-intresse/"))
        _send(page)
        summary = page.locator("#error-summary")
        assert summary.is_visible()
        assert summary.get_attribute("autofocus") is not None
        assert summary.locator("a[href='#id_email']").count() == 1
    finally:
        context.close()


def test_invalid_form_fits_a_320_pixel_screen(browser, served_site):
    context = browser.new_context(viewport=NARROW)
    try:
        page = context.new_page()
        page.goto(served_site.url("/anmal-intresse/"))
        _send(page)
        assert page.locator("#error-summary").is_visible()
        assert page.evaluate(OVERFLOWING_ELEMENTS_JS) == []
    finally:
        context.close()


@pytest.mark.parametrize(("path", "language"), FORMS)
def test_valid_form_leads_to_a_thank_you_page_with_a_reference(
    page, served_site, path, language
):
    page.goto(served_site.url(path))
    _fill_valid(page)
    _send(page)

    assert "/thanks/" in page.url
    heading = page.locator("main h1").inner_text()
    assert heading == ("Tack" if language == "sv" else "Thank you")
    assert "INT-" in page.locator("main").inner_text()
    _assert_no_axe_violations(page, "thank-you")

    # Reloading the thank-you page sends nothing again: it is a plain GET.
    response = page.reload()
    assert response.status == 200
    assert response.request.method == "GET"


def test_project_page_link_names_the_project_in_the_form(page, served_site):
    page.goto(served_site.url("/projekt/"))
    first = page.locator("table.project-table tbody th a").first
    title = first.inner_text()
    first.click()
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    with page.expect_navigation():
        page.locator("main .cta a.button").click()
    assert page.url.endswith(f"/anmal-intresse/?project={slug}")

    # Fixed text in a group that assistive technology names, and no list.
    group = page.get_by_role("group", name="Projekt")
    assert group.locator(".form-project__chosen").inner_text() == (
        f"Ni anmäler intresse för projektet: {title}"
    )
    assert page.locator("#interest-form input[name=project]").input_value() == slug
    assert page.locator("#interest-form select").count() == 0
    _assert_no_axe_violations(page, "project")

    _fill_valid(page)
    _send(page)
    assert "/thanks/" in page.url
    assert "INT-" in page.locator("main").inner_text()


def test_the_project_can_be_changed_from_the_form(page, served_site):
    page.goto(served_site.url("/projekt/"))
    page.locator("table.project-table tbody th a").first.click()
    with page.expect_navigation():
        page.locator("main .cta a.button").click()

    without = page.get_by_role(
        "link", name="Anmäl intresse utan något särskilt projekt"
    )
    with page.expect_navigation():
        without.click()
    assert page.url.endswith("/anmal-intresse/")
    assert page.locator("#interest-form input[name=project]").count() == 0
    hint = page.locator("#interest-form .form-project__hint")
    assert "Gäller ert intresse ett särskilt projekt?" in hint.inner_text()

    with page.expect_navigation():
        hint.get_by_role("link", name="projektförteckningen").click()
    assert page.url.endswith("/projekt/")


def test_a_project_gone_before_sending_is_an_error_a_person_can_act_on(
    page, served_site
):
    page.goto(served_site.url("/projekt/"))
    page.locator("table.project-table tbody th a").first.click()
    with page.expect_navigation():
        page.locator("main .cta a.button").click()
    # As if the project were unpublished while the form was open.
    page.locator("#interest-form input[name=project]").evaluate(
        "input => { input.value = 'finns-inte'; }"
    )
    _fill_valid(page)
    _send(page)

    summary = page.locator("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.locator("a[href='#id_project']").count() == 1
    group = page.get_by_role("group", name="Projekt")
    assert "Projektet kunde inte hittas" in group.inner_text()
    assert page.locator("#id_town").input_value() == "Kungälv"  # answers kept
    _assert_no_axe_violations(page, "unknown project")

    # The form now names no project, as the error says: sent again, it goes through.
    assert page.locator("#interest-form input[name=project]").count() == 0
    _send(page)
    assert "/thanks/" in page.url
