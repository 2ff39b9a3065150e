"""The start page, the header and the project list's filters in a real browser: the
menu on one line on a laptop, a short header on a phone, the results before the
filters on a small screen, and no axe violations at either width."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
SMALL = {"width": 320, "height": 640}
HOMES = ["/", "/en/"]

MENU_LINE_JS = """() => {
  const list = document.querySelector(".main-nav__list");
  const items = [...list.children];
  return {
    tops: items.map((item) => item.offsetTop),
    texts: items.map((item) => item.textContent.trim()),
    overflow: list.scrollWidth - list.clientWidth,
    pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""

FOCUSED_JS = "() => document.activeElement && document.activeElement.tagName"


@pytest.fixture
def open_page(browser):
    """``open_page(path, viewport)``: a page of the served site at that size."""
    contexts = []

    def open_(site, path, viewport):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(site.url(path))
        assert response is not None and response.status == 200, path
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", [*HOMES, "/projekt/", "/en/twin-towns/"])
def test_the_main_menu_fits_one_line_on_a_laptop(open_page, served_site, path):
    page = open_page(served_site, path, LAPTOP)
    menu = page.evaluate(MENU_LINE_JS)
    assert len(menu["tops"]) == 5, menu["texts"]
    assert len(set(menu["tops"])) == 1, f"{path}: the menu wraps: {menu}"
    assert menu["overflow"] <= 0, f"{path}: the menu is wider than its bar: {menu}"
    assert menu["pageOverflow"] <= 0, f"{path}: the page scrolls sideways: {menu}"


@pytest.mark.parametrize("path", HOMES)
def test_a_phone_s_header_is_at_most_120_pixels_tall(open_page, served_site, path):
    page = open_page(served_site, path, PHONE)
    height = page.locator("header.site-header").bounding_box()["height"]
    assert height <= 120, f"{path}: the header is {height} px tall on a phone"
    expect(page.locator(".site-header__logo")).to_be_visible()
    expect(page.locator(".main-nav__toggle")).to_be_visible()


def test_a_phone_s_search_opens_behind_its_button(open_page, served_site):
    page = open_page(served_site, "/", PHONE)
    toggle = page.locator(".site-header__search-toggle")
    field = page.locator("#site-search-q")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_accessible_name("Sök")
    expect(field).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(field).to_be_visible()
    expect(field).to_be_focused()
    page.keyboard.press("Escape")
    expect(field).to_be_hidden()
    expect(toggle).to_be_focused()
    page.set_viewport_size(LAPTOP)
    expect(toggle).to_be_hidden()
    expect(field).to_be_visible()


def test_a_small_screen_shows_the_count_first_and_folds_the_filters(
    open_page, served_site
):
    page = open_page(served_site, "/projekt/", SMALL)
    count = page.locator("main .results-count")
    disclosure = page.locator("main details.filters-disclosure")
    summary = disclosure.locator("summary")
    first_filter = disclosure.locator("select, input").first
    expect(count).to_have_text("4 projekt")
    assert count.bounding_box()["y"] < summary.bounding_box()["y"]
    assert disclosure.evaluate("element => element.open") is False
    expect(first_filter).to_be_hidden()
    # The list comes soon after the summary, not after eleven filters.
    first_project = page.locator("main table a").first
    assert first_project.bounding_box()["y"] < 2 * SMALL["height"]

    # The keyboard reaches the summary and opens it.
    for _press in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_JS) == "SUMMARY":
            break
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    assert disclosure.evaluate("element => element.open") is True
    expect(first_filter).to_be_visible()
    page.keyboard.press("Enter")
    assert disclosure.evaluate("element => element.open") is False


def test_a_laptop_shows_the_filters_open(open_page, served_site):
    page = open_page(served_site, "/en/projects/?status=ongoing", LAPTOP)
    disclosure = page.locator("main details.filters-disclosure")
    assert disclosure.evaluate("element => element.open") is True
    expect(disclosure.locator("summary")).to_have_text("Filter (1 active)")
    expect(page.locator("main .results-count")).to_have_text("2 projects")
    expect(disclosure.locator("select, input").first).to_be_visible()


@pytest.mark.parametrize(
    ("path", "more_stories", "more_projects"),
    [
        ("/", "/berattelser/", "/projekt/?status=ongoing"),
        ("/en/", "/en/stories/", "/en/projects/?status=ongoing"),
    ],
)
def test_the_start_page_shows_cards_stories_and_projects(
    open_page, served_site, path, more_stories, more_projects
):
    page = open_page(served_site, path, LAPTOP)
    expect(page.locator(".entry-card")).to_have_count(4)
    for card in page.locator(".entry-card h3 a").all():
        expect(card).to_be_visible()
    stories = page.locator("#latest-stories-heading + .teaser-list > li")
    expect(stories).to_have_count(3)
    projects = page.locator("#current-projects-heading + .teaser-list > li")
    expect(projects).to_have_count(2)
    main = page.locator("main")
    expect(
        main.locator(f'.home-section__more a[href="{more_stories}"]')
    ).to_be_visible()
    expect(main.locator(f'a[href="{more_projects}"]')).to_be_visible()

    # Chromium reads AVIF: the pictures load as AVIF, at a width for the screen.
    for image in page.locator("main picture img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('main picture img')]"
        ".every((img) => img.complete)"
    )
    pictures = page.evaluate(
        "() => [...document.querySelectorAll('main picture img')].map((img) =>"
        " ({src: img.currentSrc, width: img.naturalWidth, alt: img.alt}))"
    )
    assert len(pictures) == 4  # the hero and three stories
    for picture in pictures:
        assert picture["src"].endswith(".avif"), picture
        assert picture["width"] > 0, picture
        assert picture["alt"], picture


def test_a_card_is_one_link_the_whole_card_leads_to(open_page, served_site):
    page = open_page(served_site, "/", LAPTOP)
    card = page.locator(".entry-card").nth(2)
    box = card.bounding_box()
    with page.expect_navigation():
        # Beside the heading, on the card's text.
        page.mouse.click(box["x"] + box["width"] - 10, box["y"] + box["height"] - 10)
    assert page.url.endswith("/projekt/")


@pytest.mark.parametrize("viewport", [SMALL, LAPTOP], ids=["320px", "1280px"])
@pytest.mark.parametrize("path", ["/", "/en/", "/projekt/", "/berattelser/"])
def test_axe_finds_nothing_on_the_start_page_and_the_lists(
    open_page, served_site, path, viewport
):
    page = open_page(served_site, path, viewport)
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, "\n".join(
        f"[{violation['id']}] {violation['help']}: "
        + "; ".join(node["html"][:200] for node in violation["nodes"])
        for violation in violations
    )
