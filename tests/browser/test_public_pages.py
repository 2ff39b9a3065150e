"""The public site in a real browser: accessibility, languages, keyboard, small screens.

The pages come from the served site's own sitemaps (so new page types are covered as
soon as they are published), plus a search in each language and a 404 in each.
"""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import ConsoleLog

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}
SKIP_LINK_TEXT_EN = "Skip to main content"
# The Swedish wording is the translators' choice; it must at least be Swedish.
SKIP_LINK_WORD = {"sv": "innehåll", "en": "main content"}
HOME_PAGES = [pytest.param("/", "sv", id="sv"), pytest.param("/en/", "en", id="en")]
# Tabs loading side by side in the origin check.
ORIGIN_CHECK_TABS = 6

FOCUSED_ELEMENT_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    classes: el.className,
    href: el.getAttribute("href"),
    text: (el.innerText || el.textContent || "").trim(),
    inMainNav: el.closest(".main-nav__list") !== null,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
    onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
      && rect.top < window.innerHeight && rect.left < window.innerWidth,
    html: el.outerHTML.slice(0, 200),
  };
}"""

OVERFLOWING_ELEMENTS_JS = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && rect.right > width + 0.5) {
      const classes = typeof el.className === "string" && el.className.trim()
        ? "." + el.className.trim().split(/\\s+/).join(".") : "";
      found.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}`
        + ` (right edge at ${Math.round(rect.right)} px)`);
    }
  }
  return found.slice(0, 8);
}"""


def _open(page, site, public_page, problems):
    """Load a public page; note a wrong HTTP status. Returns whether it loaded."""
    response = page.goto(site.url(public_page.path))
    if response is None:
        problems.append(f"{public_page}: no response")
        return False
    if response.status != public_page.expected_status:
        expected = public_page.expected_status
        problems.append(f"{public_page}: HTTP {response.status}, expected {expected}")
        return False
    return True


def _fail_if(problems, heading):
    if problems:
        pytest.fail(f"{heading}\n" + "\n".join(problems), pytrace=False)


def _has_visible_focus_indicator(state):
    outline = state["outlineStyle"] != "none" and state["outlineWidth"] > 0
    shadow = bool(state["boxShadow"]) and state["boxShadow"] != "none"
    return outline or shadow


def _describe_violation(violation):
    lines = [
        f"  [{violation['id']}] impact={violation['impact']}: {violation['help']}",
        f"    {violation['helpUrl']}",
    ]
    for node in violation["nodes"]:
        target = " ".join(str(t) for t in node["target"])
        lines.append(f"    - target: {target}")
        lines.append(f"      html: {node['html'][:300]}")
        if node.get("failureSummary"):
            summary = node["failureSummary"].replace("\n", " / ")
            lines.append(f"      why: {summary[:400]}")
    return lines


# --- 1. axe-core ---------------------------------------------------------------------


def test_axe_finds_no_wcag_21_aa_violations(page, served_site, public_pages):
    axe = Axe()
    problems = []
    for public_page in public_pages:
        if not _open(page, served_site, public_page, problems):
            continue
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            problems.append(f"{public_page}: {len(violations)} axe violation(s)")
            for violation in violations:
                problems.extend(_describe_violation(violation))
    _fail_if(problems, "axe-core (WCAG 2.0/2.1 A and AA) found violations:")


# --- 2. Language and origin -----------------------------------------------------------


def test_every_page_declares_its_language(page, served_site, public_pages):
    problems = []
    for public_page in public_pages:
        if not _open(page, served_site, public_page, problems):
            continue
        lang = (page.locator("html").get_attribute("lang") or "").strip()
        if not lang:
            problems.append(f"{public_page}: <html> has no lang attribute")
        elif lang.split("-")[0].lower() != public_page.language:
            expected = public_page.language
            problems.append(
                f"{public_page}: <html lang={lang!r}>, expected {expected!r}"
            )
    _fail_if(problems, "Pages without the right <html lang>:")


def test_every_page_loads_only_from_its_own_origin(context, served_site, public_pages):
    """No third-party request, no broken subresource, no CSP violation, no JS error.

    Pages load in batches of tabs side by side: each is watched until the network
    has been idle for half a second (late requests count too), and those waits
    overlap."""
    own_prefix = served_site.origin + "/"
    problems = []

    def opened(public_page):
        page = context.new_page()
        watched = {"page": page, "public_page": public_page, "foreign": []}
        watched["broken"], watched["log"] = (
            [],
            ConsoleLog().watch(page, network_checked=True),
        )

        def on_request(request):
            if not (
                request.url.startswith(own_prefix) or request.url.startswith("data:")
            ):
                watched["foreign"].append(f"{request.resource_type} {request.url}")

        def on_response(response):
            is_page_itself = response.request.is_navigation_request()
            if response.status >= 400 and not is_page_itself:
                watched["broken"].append(f"HTTP {response.status} {response.url}")

        page.on("request", on_request)
        page.on("response", on_response)
        page.on(
            "requestfailed",
            lambda request: watched["broken"].append(
                f"failed ({request.failure}) {request.url}"
            ),
        )
        response = page.goto(served_site.url(public_page.path), wait_until="commit")
        if response is None:
            problems.append(f"{public_page}: no response")
        elif response.status != public_page.expected_status:
            problems.append(
                f"{public_page}: HTTP {response.status}, "
                f"expected {public_page.expected_status}"
            )
        else:
            return watched
        page.close()
        return None

    for start in range(0, len(public_pages), ORIGIN_CHECK_TABS):
        batch = [opened(p) for p in public_pages[start : start + ORIGIN_CHECK_TABS]]
        for watched in filter(None, batch):
            page, public_page = watched["page"], watched["public_page"]
            page.wait_for_load_state("networkidle")
            problems += [
                f"{public_page}: loads from another origin: {u}"
                for u in watched["foreign"]
            ]
            problems += [
                f"{public_page}: broken subresource: {u}" for u in watched["broken"]
            ]
            if not watched["log"].clean:
                problems.append(f"{public_page}:\n{watched['log'].report()}")
            page.close()
    _fail_if(problems, f"Pages that load something not from {served_site.origin}:")


# --- 3. Keyboard ----------------------------------------------------------------------


@pytest.mark.parametrize(("home_path", "language"), HOME_PAGES)
def test_skip_link_is_first_and_moves_focus_to_main(
    page, served_site, home_path, language
):
    page.goto(served_site.url(home_path))
    page.keyboard.press("Tab")
    state = page.evaluate(FOCUSED_ELEMENT_JS)
    assert state is not None, f"{home_path}: the first Tab focused nothing"
    assert state["href"] == "#main", (
        f"{home_path}: the first Tab focused {state['html']}, not the skip link"
    )
    text = state["text"]
    is_english = text == SKIP_LINK_TEXT_EN
    assert SKIP_LINK_WORD[language] in text.lower() and is_english == (
        language == "en"
    ), f"{home_path}: the skip link reads {text!r}; expected " + (
        repr(SKIP_LINK_TEXT_EN) if language == "en" else "a Swedish translation of it"
    )
    assert state["onScreen"], f"{home_path}: the focused skip link is not on screen"
    assert _has_visible_focus_indicator(state), (
        f"{home_path}: the focused skip link has no visible focus indicator: {state}"
    )

    page.keyboard.press("Enter")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.id]"
    )
    assert focused == ["MAIN", "main"], (
        f"{home_path}: Enter on the skip link focused {focused}, not <main id=main>"
    )


@pytest.mark.parametrize(("home_path", "language"), HOME_PAGES)
def test_tab_reaches_every_main_navigation_link_with_visible_focus(
    page, served_site, home_path, language
):
    page.goto(served_site.url(home_path))
    nav_links = page.locator(".main-nav__list a")
    expected = [
        nav_links.nth(i).get_attribute("href") for i in range(nav_links.count())
    ]
    assert len(expected) >= 2, f"{home_path}: the main navigation has {expected}"

    reached, problems = [], []
    max_presses = 40
    for _press in range(max_presses):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED_ELEMENT_JS)
        if state is None:
            break
        if not _has_visible_focus_indicator(state):
            problems.append(
                f"no visible focus indicator (outline-style {state['outlineStyle']}, "
                f"outline-width {state['outlineWidth']}px, box-shadow "
                f"{state['boxShadow']}) on {state['html']}"
            )
        if not state["onScreen"]:
            problems.append(f"focused element is off screen: {state['html']}")
        if state["inMainNav"]:
            reached.append(state["href"])
        if reached == expected:
            break
    assert reached == expected, (
        f"{home_path}: tabbing reached main-navigation links {reached}, "
        f"expected {expected} in order (within {max_presses} presses)"
    )
    _fail_if(problems, f"{home_path}: focus problems while tabbing:")


# --- 4. Small screens -----------------------------------------------------------------


def test_no_horizontal_scrolling_at_320px(browser, served_site, public_pages):
    context = browser.new_context(viewport=NARROW)
    problems = []
    try:
        page = context.new_page()
        for public_page in public_pages:
            if not _open(page, served_site, public_page, problems):
                continue
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                wide = page.evaluate(OVERFLOWING_ELEMENTS_JS)
                problems.append(
                    f"{public_page}: scrollWidth {width} px > {NARROW['width']} px; "
                    f"too wide: {', '.join(wide) or '(not found)'}"
                )
    finally:
        context.close()
    _fail_if(problems, f"Pages that scroll sideways at {NARROW['width']} px:")


@pytest.mark.parametrize(("home_path", "language"), HOME_PAGES)
def test_menu_toggle_opens_and_closes_main_navigation_at_narrow_width(
    browser, served_site, home_path, language
):
    context = browser.new_context(viewport=NARROW)
    try:
        page = context.new_page()
        page.goto(served_site.url(home_path))
        toggle = page.locator(".main-nav__toggle")
        links = page.locator(".main-nav__list a")
        assert links.count() >= 2, f"{home_path}: the main navigation has no links"

        expect(toggle, f"{home_path}: the menu button is not visible").to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        for link in links.all():
            expect(link, f"{home_path}: a link shows in the closed menu").to_be_hidden()

        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        for link in links.all():
            expect(
                link, f"{home_path}: a link is hidden in the open menu"
            ).to_be_visible()

        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        for link in links.all():
            expect(
                link, f"{home_path}: a link shows in the re-closed menu"
            ).to_be_hidden()

        page.set_viewport_size(WIDE)
        expect(
            toggle, f"{home_path}: the menu button shows on a wide screen"
        ).to_be_hidden()
        for link in links.all():
            expect(
                link, f"{home_path}: a link is hidden on a wide screen"
            ).to_be_visible()
    finally:
        context.close()


# --- 5. Language switcher -------------------------------------------------------------


def test_language_switcher_leads_to_the_english_translation(page, served_site):
    page.goto(served_site.url("/om-webbplatsen/"))
    link = page.locator("nav.language-switcher").get_by_role("link", name="English")
    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path == "/en/about/", f"Landed on {page.url}"
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_language_switcher_leads_back_to_the_swedish_original(page, served_site):
    page.goto(served_site.url("/en/about/"))
    link = page.locator('nav.language-switcher a[hreflang="sv"]')
    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path == "/om-webbplatsen/", f"Landed on {page.url}"
    expect(page.locator("html")).to_have_attribute("lang", "sv")
