"""Create the apps' pages in a real site: ``manage.py vanort_setup``.

Under the default site's root page, in every configured language, it makes sure there
is a live policy page (starting from the adopted text), a partner index, a story index,
a project index and an interest form, and that both index pages link to the form.
A page that is already there, in that language anywhere under the site's root, is left
as it is, so a second run creates nothing. Lives in ``inventory`` because only the
inventory knows both apps.

With ``--site-address`` it also gives the default site the hostname and port of
WAGTAILADMIN_BASE_URL, if the site still has the ``localhost:80`` that Wagtail's first
migration gives it: every absolute link (sitemap, feeds, open data, canonical and
share links) is built from the site's address, and ``localhost`` is dead anywhere but
on the server itself.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from wagtail.coreutils import (
    find_available_slug,
    get_content_languages,
    get_supported_content_language_variant,
)
from wagtail.models import Locale, Site

from inventory.models import InterestFormPage, ProjectIndexPage
from partnerships.models import PartnerIndexPage, PolicyPage, StoryIndexPage
from partnerships.policy_text import policy_language, policy_page_fields

# The starting text of each page, in Swedish and in English (every other language).
PAGES = {
    PartnerIndexPage: {
        "sv": {
            "title": "Vänorter och partnerskap",
            "slug": "vanorter",
            "intro": "Kommunens vänorter och partnerkommuner.",
        },
        "en": {
            "title": "Twin towns and partnerships",
            "slug": "twin-towns",
            "intro": "The municipality's twin towns and partner municipalities.",
        },
    },
    StoryIndexPage: {
        "sv": {
            "title": "Berättelser och nyheter",
            "slug": "berattelser",
            "intro": "Nyheter om partnerskapen och berättelser från utbyten och besök.",
        },
        "en": {
            "title": "Stories and news",
            "slug": "stories",
            "intro": (
                "News about the partnerships, and stories from exchanges and visits."
            ),
        },
    },
    ProjectIndexPage: {
        "sv": {
            "title": "Internationella projekt",
            "slug": "projekt",
            "intro": (
                "Förteckningen över kommunens internationella projekt, som policyn "
                "säger ska inventeras löpande och göras tillgänglig på hemsidan."
            ),
        },
        "en": {
            "title": "International projects",
            "slug": "projects",
            "intro": (
                "The inventory of the municipality's international projects, which "
                "the policy says is to be kept continuously and published on the "
                "website."
            ),
        },
    },
    InterestFormPage: {
        "sv": {
            "title": "Anmäl intresse",
            "slug": "anmal-intresse",
            "intro": (
                "<p>Kommunens föreningar och företagare ska bjudas in till det "
                "internationella utvecklingsarbetet. Berätta vad ni är intresserade "
                "av – ett projekt, en vänort eller ett av policyns prioriterade "
                "områden – så hör vi av oss.</p>"
            ),
            "thank_you_text": (
                "<p>Tack för er intresseanmälan! Vi har tagit emot den och hör av "
                "oss.</p>"
            ),
        },
        "en": {
            "title": "Express interest",
            "slug": "express-interest",
            "intro": (
                "<p>The municipality's associations and businesses are invited to "
                "take part in its international development work. Tell us what "
                "interests you – a project, a twin town or one of the policy's "
                "priority areas – and we will be in touch.</p>"
            ),
            "thank_you_text": (
                "<p>Thank you for expressing interest! We have received your form "
                "and will be in touch.</p>"
            ),
        },
    },
}

# In the order they are added under each language's root (and shown in menus).
SECTION_PAGES = [
    PolicyPage,
    PartnerIndexPage,
    StoryIndexPage,
    ProjectIndexPage,
    InterestFormPage,
]
# The address Wagtail's first migration gives the default site.
WAGTAIL_DEFAULT_ADDRESS = ("localhost", 80)
IN_MENUS = {PolicyPage, PartnerIndexPage, StoryIndexPage, ProjectIndexPage}
LINKED_TO_FORM = [PartnerIndexPage, ProjectIndexPage]


def label(model):
    """The page type's name in English, whatever language is active."""
    with translation.override(None):
        return str(model._meta.verbose_name)


def page_fields(model, language_code):
    """The starting fields of ``model`` in a language (Swedish, or else English)."""
    if model is PolicyPage:
        return policy_page_fields(language_code)
    return dict(PAGES[model][policy_language(language_code)])


class Command(BaseCommand):
    help = (
        "Create, under the default site's root page and in every configured "
        "language, the policy page (with the adopted text), the partner index, the "
        "story index, the project index and the interest form, all published, and "
        "link the index pages to the form. Pages already there are left as they "
        "are: a second run creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-address",
            action="store_true",
            help=(
                "Give the default site the hostname and port of "
                "WAGTAILADMIN_BASE_URL if it still has Wagtail's localhost:80, so "
                "that absolute links (sitemap, feeds, open data) work."
            ),
        )

    def handle(self, *args, site_address=False, **options):
        self.created = self.linked = 0
        self.problems = []
        with transaction.atomic():
            site = (
                Site.objects.filter(is_default_site=True)
                .select_related("root_page")
                .first()
            )
            if site is None:
                raise CommandError(
                    "There is no default site. Create one under Settings → Sites "
                    "(or run `migrate`, which creates Wagtail's first site)."
                )
            if site_address:
                self.set_site_address(site)
            root = site.root_page.specific
            self.say(
                f"Default site {site.hostname}:{site.port}, root page "
                f"“{root.title}” ({root.locale.language_code})."
            )
            sources = {}
            for locale in self.content_locales(root):
                self.say(f"[{locale.language_code}]")
                localized_root = self.localized_root(root, locale)
                pages = {}
                for model in SECTION_PAGES:
                    pages[model] = self.ensure_page(
                        localized_root, model, locale, sources.get(model)
                    )
                    sources.setdefault(model, pages[model])
                self.link_to_form(pages)
        if self.created or self.linked:
            self.say(
                self.style.SUCCESS(
                    f"Done: created {self.created} page(s), set {self.linked} "
                    "link(s) to the interest form."
                )
            )
        else:
            self.say(self.style.SUCCESS("Done: created nothing, every page was there."))
        if self.problems:
            raise CommandError("; ".join(self.problems))

    def set_site_address(self, site):
        """The hostname and port of WAGTAILADMIN_BASE_URL for ``site``, unless
        someone has already given it an address of its own."""
        base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CommandError(
                "--site-address needs WAGTAILADMIN_BASE_URL to be the site's "
                f"address, such as https://www.example.se (it is “{base_url}”)."
            )
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            raise CommandError(
                f"WAGTAILADMIN_BASE_URL has an invalid port: {error}"
            ) from error
        address = (parts.hostname, port)
        if (site.hostname, site.port) == address:
            self.say(f"The default site's address is {site.root_url}.")
            return
        if (site.hostname, site.port) != WAGTAIL_DEFAULT_ADDRESS:
            self.say(
                f"Left the default site's address {site.hostname}:{site.port} as "
                f"it is (WAGTAILADMIN_BASE_URL says {base_url}): change it under "
                "Settings → Sites if it is wrong."
            )
            return
        site.hostname, site.port = address
        site.save(update_fields=["hostname", "port"])
        self.say(f"Set the default site's address to {site.root_url}.")

    def say(self, message):
        """Print a line at once: a run on a large tree takes a while."""
        self.stdout.write(message)
        self.stdout.flush()

    def content_locales(self, root):
        """The root's language first, then every other configured content language
        when Wagtail's internationalisation is on; each as a Locale, created if
        missing."""
        codes = [root.locale.language_code]
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        if default not in codes:
            codes.append(default)
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            codes += [code for code in get_content_languages() if code not in codes]
        locales = []
        for code in codes:
            locale, created = Locale.objects.get_or_create(language_code=code)
            if created:
                self.say(f"Created the locale “{code}”.")
            locales.append(locale)
        return locales

    def localized_root(self, root, locale):
        """The site root's translation into ``locale``, copied and published if
        missing (as Wagtail's "Translate" does, beside the root)."""
        if root.locale_id == locale.pk:
            return root
        translation = root.get_translation_or_none(locale)
        if translation is not None:
            self.say(f"  found the root page “{translation.title}”")
            return translation.specific
        translation = root.copy_for_translation(locale)
        translation.save_revision().publish()
        translation.refresh_from_db()
        self.created += 1
        self.say(
            f"  created the root page “{translation.title}” (a copy of "
            f"“{root.title}”, to translate)"
        )
        return translation

    def ensure_page(self, localized_root, model, locale, source):
        """The ``model`` page of this language, found or created under the root."""
        name = label(model)
        page = self.find(localized_root, model, locale, source)
        if page is not None:
            state = "" if page.live else " — a draft: publish it in the admin"
            self.say(
                f"  found {name} “{page.title}” at {self.path(localized_root, page)}"
                f"{state}"
            )
            return page
        if not model.can_create_at(localized_root):
            self.problems.append(
                f"a {name} cannot be added under “{localized_root.title}” "
                f"({locale.language_code}): its page type does not allow it"
            )
            self.say(self.style.ERROR(f"  cannot add {name} here"))
            return None
        fields = page_fields(model, locale.language_code)
        fields["slug"] = find_available_slug(localized_root, fields["slug"])
        page = model(locale=locale, show_in_menus=model in IN_MENUS, **fields)
        if source is not None:
            page.translation_key = source.translation_key
        localized_root.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        self.created += 1
        self.say(
            f"  created {name} “{page.title}” at {self.path(localized_root, page)}"
        )
        return page

    @staticmethod
    def find(localized_root, model, locale, source):
        if source is not None:
            translation = source.get_translation_or_none(locale)
            if translation is not None:
                return translation
        pages = model.objects.filter(locale=locale)
        if model is not PolicyPage:
            # One policy per language in the whole tree (OnePerLocaleMixin).
            pages = pages.descendant_of(localized_root)
        return pages.order_by("path").first()

    @staticmethod
    def path(localized_root, page):
        """Where the page is, from its language's root (its tree path elsewhere)."""
        if page.url_path.startswith(localized_root.url_path):
            return page.url_path[len(localized_root.url_path) - 1 :]
        return page.url_path

    def link_to_form(self, pages):
        """Point each index page's "take part" link at this language's form, unless
        an editor has set it, or the page has a draft that publishing would lose."""
        form = pages.get(InterestFormPage)
        if form is None:
            return
        for model in LINKED_TO_FORM:
            index = pages.get(model)
            if index is None or index.interest_page_id is not None:
                continue
            if index.has_unpublished_changes:
                self.say(f"  left “{index.title}” unlinked: it has unpublished changes")
                continue
            index.interest_page = form
            index.save_revision().publish()
            self.linked += 1
            self.say(f"  linked “{index.title}” to “{form.title}”")
