"""Request every page the apps serve in a ``wagtail start`` site: the extension check.

``.ci/test-extension`` runs it from the site's folder, with the site's own Python,
after ``migrate`` and ``vanort_setup``. It adds one partner, one story and one
project, so that every page type of the apps is shown, then requests each page that
``vanort_setup`` created and their sub-pages (exports, feeds, the data dictionary, the
coverage matrix, published reports), sends the interest form, and opens the admin
views of the apps as a superuser. Every HTML page must be a 200 rendered inside the
site's own ``base.html`` (its stylesheet ``css/<project>.css``) with the app's own
stylesheet, which staticfiles must find. Exits non-zero on any failure, after trying
everything.
"""

import datetime
import os
import re
import sys
import traceback

sys.path.insert(0, os.getcwd())
PROJECT = os.environ.get("PROBE_PROJECT", "demohost")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"{PROJECT}.settings.dev")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.models import Site  # noqa: E402

from inventory.models import (  # noqa: E402
    InterestFormPage,
    InterestSubmission,
    OrganisationalUnit,
    Project,
    ProjectIndexPage,
)
from partnerships.models import (  # noqa: E402
    PartnerIndexPage,
    PartnerPage,
    PolicyPage,
    StoryIndexPage,
    StoryPage,
)

HOST_CSS = f"css/{PROJECT}.css"  # linked from the `wagtail start` base.html
APP_CSS = {
    "partnerships": "partnerships/css/partnerships.css",
    "inventory": "inventory/css/inventory.css",
}
SETUP_TYPES = [
    PolicyPage,
    PartnerIndexPage,
    StoryIndexPage,
    ProjectIndexPage,
    InterestFormPage,
]
failures = []


def say(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def check(label, request, *, status=200, app=None, content_type=None, contains=()):
    """Make a request and check what came back; ``app`` names the app whose HTML
    page it is (then it must render inside the host's base.html)."""
    try:
        response = request()
    except Exception as error:  # a template or view error: report it, go on
        failures.append(label)
        frames = traceback.format_exception(error)
        say(f"  FAIL {label}: {type(error).__name__}: {error}")
        say("       " + "       ".join(frames[-3:]).rstrip())
        return None
    problems = []
    if response.status_code != status:
        problems.append(f"HTTP {response.status_code}, expected {status}")
    body = body_of(response) if response.status_code < 300 else ""
    if content_type and not response.get("Content-Type", "").startswith(content_type):
        problems.append(f"Content-Type {response.get('Content-Type')!r}")
    if app and response.status_code == 200:
        if HOST_CSS not in body:
            problems.append(f"not inside the host's base.html (no {HOST_CSS})")
        if APP_CSS[app] not in body:
            problems.append(f"no link to {APP_CSS[app]}")
        if "TemplateDoesNotExist" in body or "TemplateSyntaxError" in body:
            problems.append("a template error in the page")
    for text in contains:
        if text not in body:
            problems.append(f"{text!r} missing")
    if problems:
        failures.append(label)
        say(f"  FAIL {label}: " + "; ".join(problems))
    else:
        say(f"  ok   {label} ({response.status_code})")
    response.probe_body = body
    return response


def get(client, url, **expect):
    return check(f"GET {url}", lambda: client.get(url), **expect)


def form_fields(html):
    """The hidden inputs of the first form on a page (the token, the honeypot)."""
    form = re.search(r"<form\b.*?</form>", html, re.S)
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", form.group(0) if form else ""):
        name = re.search(r'\bname="([^"]+)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        kind = re.search(r'\btype="([^"]+)"', tag)
        if name and kind and kind.group(1) == "hidden":
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def add_once(parent, page):
    """Publish ``page`` under ``parent`` unless a run before did (KEEP=1 reruns)."""
    existing = type(page).objects.child_of(parent).filter(slug=page.slug).first()
    if existing is not None:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def main():
    site = Site.objects.get(is_default_site=True)
    say(f"Site root: “{site.root_page.title}”")
    say(
        "wagtail-localize installed: "
        + ("yes" if apps.is_installed("wagtail_localize") else "no")
    )
    for app, path in APP_CSS.items():
        if not finders.find(path):
            failures.append(f"static {path}")
            say(f"  FAIL staticfiles cannot find {path} ({app})")

    roots = [site.root_page, *site.root_page.get_translations()]
    say(f"Languages: {', '.join(root.locale.language_code for root in roots)}")
    pages = {}
    for model in SETUP_TYPES:
        found = list(model.objects.live().filter(locale__in=[r.locale for r in roots]))
        if len(found) != len(roots):
            failures.append(f"{model.__name__} count")
            say(f"  FAIL {len(found)} live {model.__name__}, expected {len(roots)}")
        pages[model] = found

    client = Client()
    say("Pages vanort_setup created:")
    for root in roots:
        get(client, root.get_url())
    for policy in pages[PolicyPage]:
        get(client, policy.get_url(), app="partnerships", contains=["KS2019/1537"])
    for index in pages[PartnerIndexPage]:
        partner = add_once(
            index,
            PartnerPage(
                title="Probeby",
                slug="probeby",
                official_name="Probeby kommun",
                country="NO",
                since=2001,
                locale=index.locale,
            ),
        )
        get(client, index.get_url(), app="partnerships", contains=["Probeby"])
        get(client, index.get_url() + "?status=active", app="partnerships")
        get(client, partner.get_url(), app="partnerships")
    for index in pages[StoryIndexPage]:
        story = add_once(
            index,
            StoryPage(
                title="A probe story",
                slug="a-probe-story",
                intro="Written by the extension check.",
                date=datetime.date.today(),
                locale=index.locale,
            ),
        )
        get(client, index.get_url(), app="partnerships", contains=["A probe story"])
        get(client, story.get_url(), app="partnerships")
        get(client, index.get_url() + "rss/", content_type="application/rss+xml")
        get(client, index.get_url() + "atom/", content_type="application/atom+xml")
    for index in pages[ProjectIndexPage]:
        project = Project(
            title="Probe project",
            slug="probe-project",
            summary="Made by the extension check.",
            status="ongoing",
            start_date=datetime.date.today().replace(month=1, day=1),
            unit=OrganisationalUnit.objects.filter(locale=index.locale).first(),
            locale=index.locale,
        )
        if not Project.objects.filter(locale=index.locale, slug=project.slug).exists():
            project.save()
            project.save_revision().publish()
        url = index.get_url()
        get(client, url, app="inventory", contains=["Probe project"])
        get(client, url + "?q=probe&status=ongoing", app="inventory")
        get(client, url + "probe-project/", app="inventory")
        get(client, url + "data/", app="inventory")
        get(client, url + "coverage/", app="inventory")
        get(client, url + index.reverse_subpage("reports"), app="inventory")
        get(client, url + "feed/", content_type="application/atom+xml")
        get(
            client,
            url + "export/csv/",
            content_type="text/csv",
            contains=["Probe project"],
        )
        get(client, url + "export/xlsx/", content_type="application/vnd.openxml")
        get(client, url + "export/json/", content_type="application/json")
    get(client, "/sitemap.xml", contains=["sitemap-pages.xml", "sitemap-projects.xml"])
    get(
        client,
        "/sitemap-pages.xml",
        contains=[p.full_url for p in pages[PolicyPage]],
    )
    get(client, "/sitemap-projects.xml", contains=["probe-project"])

    say("The interest form:")
    for form_page in pages[InterestFormPage]:
        url = form_page.get_url()
        shown = get(client, url, app="inventory")
        if shown is None or shown.status_code != 200:
            continue
        before = InterestSubmission.objects.count()
        data = {
            **form_fields(shown.probe_body),
            "organisation_type": "association",
            "organisation_name": "Probe Association",
            "organisation_number": "212000-1371",
            "contact_name": "Anna Andersson",
            "email": "anna@example.org",
            "phone": "0303-23 80 00",
            "town": "Kungälv",
            "message": "We would like to take part.",
        }
        # A form sent at once is shown again to confirm; the check does not wait.
        with override_settings(VANORT_INTEREST_MIN_FILL_SECONDS=0):
            sent = check(
                f"POST {url}", lambda u=url, d=data: client.post(u, d), status=303
            )
        if sent is not None and sent.status_code == 303:
            get(client, sent["Location"], app="inventory")
        if InterestSubmission.objects.count() != before + 1:
            failures.append(f"stored {url}")
            say("  FAIL the submission was not stored")

    say("The admin, as a superuser:")
    users = get_user_model().objects
    admin = users.filter(username="probe").first() or users.create_superuser(
        "probe", "probe@example.org", "probe-password"
    )
    client.force_login(admin)
    get(client, reverse("wagtailadmin_home"))
    for model in SETUP_TYPES:
        for page in pages[model]:
            get(client, reverse("wagtailadmin_pages:edit", args=[page.pk]))
    parent = pages[ProjectIndexPage][0].get_parent()
    get(client, reverse("wagtailadmin_explore", args=[parent.pk]))
    projects = Project.snippet_viewset
    get(client, reverse(projects.get_url_name("list")))
    for project in Project.objects.all():
        get(client, reverse(projects.get_url_name("edit"), args=[project.pk]))
    get(client, reverse("inventory_reports:report", args=["t1"]))
    get(client, reverse("interest_submissions:index"))

    say()
    if failures:
        say(f"{len(failures)} check(s) failed: {', '.join(failures)}")
        return 1
    say("Every page rendered inside the host's base.html.")
    return 0


if __name__ == "__main__":
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        sys.exit(main())
