"""Build the demo site. Idempotent: a second run finds everything in place."""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site

from website import demo
from website.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    OrganisationSettings,
)


class Command(BaseCommand):
    help = "Load the demo site (home, about, contact, accessibility statement)."

    @transaction.atomic
    def handle(self, *args, **options):
        self.sv = Locale.objects.get_or_create(language_code="sv")[0]
        self.en = Locale.objects.get_or_create(language_code="en")[0]
        home = self.ensure_home()
        self.ensure_page(home, ContentPage, demo.ABOUT, menu=True)
        self.ensure_page(home, ContentPage, demo.CONTACT, menu=True)
        statement = self.ensure_page(
            home,
            AccessibilityStatementPage,
            demo.STATEMENT,
            common=demo.STATEMENT["common"],
        )
        self.ensure_settings(statement)
        self.stdout.write(self.style.SUCCESS("Demo site ready."))

    def ensure_home(self):
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.filter(locale=self.sv).first()
        if home is None:
            root = Page.get_first_root_node()
            fields = self._fields(demo.HOME["sv"])
            home = root.add_child(instance=HomePage(locale=self.sv, **fields))
            home.save_revision().publish()
            self.stdout.write(f"Created home page “{home.title}”.")
        if site is None:
            site = Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True
            )
        if site.root_page_id != home.id:
            old_root = site.root_page
            site.root_page = home
            site.site_name = demo.ORGANISATION["name"]
            site.save()
            # Wagtail's own placeholder "Welcome" page is replaced, never real content.
            if type(old_root.specific) is Page and not old_root.get_children().exists():
                old_root.delete()
            self.stdout.write("Pointed the default site at the home page.")
        self._ensure_translation(home, demo.HOME["en"])
        return home

    def ensure_page(self, parent, model, data, common=None, menu=False):
        page = model.objects.child_of(parent).filter(slug=data["sv"]["slug"]).first()
        if page is None:
            fields = {
                **(common or {}),
                **self._fields(data["sv"]),
                "show_in_menus": menu,
            }
            page = parent.add_child(instance=model(**fields))
            page.save_revision().publish()
            self.stdout.write(f"Created {model._meta.verbose_name} “{page.title}”.")
        self._ensure_translation(page, data["en"])
        return page

    def _ensure_translation(self, page, data):
        if page.get_translation_or_none(self.en) is not None:
            return
        # A fresh page sharing the translation key, rather than copy_for_translation:
        # a copy would take the Swedish slug first and leave a redirect behind.
        parent = page.get_parent()
        if not parent.is_root():
            parent = parent.get_translation(self.en)
        specific = page.specific
        fields = {
            name: getattr(specific, name)
            for name in ("show_in_menus", *self._shared_fields(specific))
        }
        translated = type(specific)(
            locale=self.en, translation_key=page.translation_key, **fields, **data
        )
        parent.add_child(instance=translated)
        translated.save_revision().publish()
        self.stdout.write(f"Translated “{page.title}” into English.")

    def ensure_settings(self, statement):
        site = Site.objects.get(is_default_site=True)
        org = OrganisationSettings.for_site(site)
        if org.organisation_number:
            return
        for name, value in demo.ORGANISATION.items():
            setattr(org, name, value)
        org.accessibility_statement = statement
        org.save()
        self.stdout.write("Filled in the organisation settings.")

    @staticmethod
    def _fields(data):
        return dict(data)

    @staticmethod
    def _shared_fields(page):
        """Fields that are the same in every language (dates, contact details)."""
        return [name for name in demo.STATEMENT["common"] if hasattr(page, name)]
