"""Wagtail's admin in a real browser: the editor views load cleanly for every page type.

"Cleanly" means no uncaught exception, no console error and no Content-Security-Policy
violation (the admin has its own, less strict policy; anything it still blocks is a
broken feature, so it is reported here).
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SITE_LANGUAGE = "sv"  # the default site's home page is the Swedish one
API_PAGES = "/admin/api/main/pages/"
API_LIMIT = 20  # the most Wagtail's admin API hands out per request
ORGANISATION_SETTINGS = "/admin/settings/website/organisationsettings/"
READY = re.compile(r"(^|\s)ready(\s|$)")


def _log_in(page, site):
    page.goto(site.url("/admin/login/"))
    page.locator("#id_username").fill(site.admin_username)
    page.locator("#id_password").fill(site.admin_password)
    form = page.locator("form").filter(has=page.locator("#id_password"))
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    assert urlsplit(page.url).path == "/admin/", (
        f"Logging in as {site.admin_username!r} led to {page.url}, not the dashboard"
    )


def _open(page, site, path):
    """Open an admin view and wait until Wagtail's scripts have set it up."""
    response = page.goto(site.url(path))
    assert response is not None and response.ok, (
        f"{path} answered HTTP {response.status if response else '(nothing)'}"
    )
    _settle(page, path)


def _settle(page, path):
    page.wait_for_load_state("networkidle")
    expect(
        page.locator("body"), f"{path}: Wagtail's admin JS did not start"
    ).to_have_class(READY)


def _assert_clean(console_log, where):
    if not console_log.clean:
        pytest.fail(f"{where}:\n{console_log.report()}", pytrace=False)


@pytest.fixture(scope="module")
def admin_storage_state(browser, served_site):
    """Cookies of a logged-in superuser, logged in once through the login form."""
    context = browser.new_context()
    try:
        _log_in(context.new_page(), served_site)
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def admin_page(browser, admin_storage_state):
    context = browser.new_context(
        storage_state=admin_storage_state, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def demo_page_ids(browser, admin_storage_state, served_site):
    """Ids of the home page and of one page of each demo type under it, read from the
    admin API that the explorer itself uses (no ORM in the test process)."""
    context = browser.new_context(storage_state=admin_storage_state)
    try:
        items, offset = [], 0
        while True:
            response = context.request.get(
                served_site.url(f"{API_PAGES}?limit={API_LIMIT}&offset={offset}")
            )
            assert response.ok, f"{API_PAGES} answered HTTP {response.status}"
            data = response.json()
            items += data["items"]
            offset += API_LIMIT
            if offset >= data["meta"]["total_count"]:
                break
    finally:
        context.close()

    def find(page_type, parent=None):
        for item in items:
            meta = item["meta"]
            if meta["type"] != page_type or meta.get("locale") != SITE_LANGUAGE:
                continue
            if parent is None or (meta.get("parent") or {}).get("id") == parent:
                return item["id"]
        pytest.fail(
            f"The demo has no {SITE_LANGUAGE} {page_type} (under page {parent})"
        )

    home = find("website.HomePage")
    return {
        "home": home,
        "children": [
            i["id"] for i in items if (i["meta"].get("parent") or {}).get("id") == home
        ],
        **{page_type: find(page_type) for page_type in EDITED_PAGE_TYPES},
    }


def test_login_form_leads_to_the_dashboard(page, served_site, console_log):
    console_log.watch(page)
    _log_in(page, served_site)
    page.wait_for_load_state("networkidle")
    expect(page.locator("body")).to_have_class(READY)
    _assert_clean(console_log, "Login and dashboard")


def test_page_explorer_lists_the_home_page_and_its_children(
    admin_page, served_site, demo_page_ids, console_log
):
    console_log.watch(admin_page)
    home = demo_page_ids["home"]
    _open(admin_page, served_site, "/admin/pages/")
    expect(admin_page.locator(f'a[href="/admin/pages/{home}/edit/"]')).to_be_visible()

    with admin_page.expect_navigation():
        admin_page.locator(f'table.listing a[href="/admin/pages/{home}/"]').click()
    _settle(admin_page, f"/admin/pages/{home}/")
    assert urlsplit(admin_page.url).path == f"/admin/pages/{home}/", admin_page.url
    assert demo_page_ids["children"], (
        "The home page has no child pages in the admin API"
    )
    for child in demo_page_ids["children"]:
        expect(
            admin_page.locator(f'a[href="/admin/pages/{child}/edit/"]'),
            f"The explorer of page {home} does not list page {child}",
        ).to_be_visible()
    _assert_clean(console_log, "Page explorer")


EDITED_PAGE_TYPES = [
    "website.ContentPage",
    "website.AccessibilityStatementPage",
    "partnerships.PolicyPage",
    "partnerships.PartnerIndexPage",
    "partnerships.PartnerPage",
    "partnerships.StoryIndexPage",
    "partnerships.StoryPage",
]


@pytest.mark.parametrize(
    "view",
    [
        "edit home page",
        *(f"edit {page_type}" for page_type in EDITED_PAGE_TYPES),
        "add website.ContentPage under the home page",
    ],
)
def test_page_editor_loads_with_title_field(
    admin_page, served_site, demo_page_ids, console_log, view
):
    console_log.watch(admin_page)
    home = demo_page_ids["home"]
    if view == "edit home page":
        path = f"/admin/pages/{home}/edit/"
    elif view.startswith("add "):
        path = f"/admin/pages/add/website/contentpage/{home}/"
    else:
        path = f"/admin/pages/{demo_page_ids[view.removeprefix('edit ')]}/edit/"
    _open(admin_page, served_site, path)
    expect(admin_page.locator("#id_title"), f"{path}: no title field").to_be_visible()
    _assert_clean(console_log, f"{view} ({path})")


def test_organisation_settings_edit_view(admin_page, served_site, console_log):
    console_log.watch(admin_page)
    _open(admin_page, served_site, "/admin/")
    menu_link = admin_page.locator(f'a[href="{ORGANISATION_SETTINGS}"]')
    expect(
        menu_link, "The admin menu has no Settings → Organisation item"
    ).to_have_count(1)

    _open(admin_page, served_site, ORGANISATION_SETTINGS)
    assert re.fullmatch(
        rf"{ORGANISATION_SETTINGS}\d+/", urlsplit(admin_page.url).path
    ), f"Settings → Organisation led to {admin_page.url}"
    expect(admin_page.locator("#id_name")).to_have_value("Kungälvs kommun")
    expect(admin_page.locator("#id_organisation_number")).to_be_visible()
    _assert_clean(console_log, f"Settings → Organisation ({admin_page.url})")
