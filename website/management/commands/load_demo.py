"""Build the demo site. Idempotent: a second run finds everything in place."""

import datetime
import io

from django.apps import apps
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from inventory.models import (
    FundingProgramme,
    InterestFormPage,
    OrganisationalUnit,
    Project,
    ProjectIndexPage,
    ProjectPartner,
    ReportingSettings,
    ReportSnapshot,
)
from inventory.reports.figures import build_report
from partnerships.models import (
    PartnerIndexPage,
    PartnerPage,
    PartnerVisit,
    PolicyPage,
    PriorityArea,
    StoryIndexPage,
    StoryPage,
    SustainabilityDimension,
)
from partnerships.policy_text import POLICY, POLICY_LANGUAGE_META, POLICY_META
from website import demo, demo_interest, demo_inventory, demo_partnerships
from website.demo_translations import register_translation
from website.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    OrganisationSettings,
)


class Command(BaseCommand):
    help = (
        "Load the demo site: home, about, contact, accessibility statement, the "
        "policy, partner municipalities and stories."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        self.sv = Locale.objects.get_or_create(language_code="sv")[0]
        self.en = Locale.objects.get_or_create(language_code="en")[0]
        self.images = self.ensure_images()
        root = Page.get_first_root_node()
        hero = self._image_extra("hero_image", demo.HOME)
        home = self.ensure_swedish(
            root,
            HomePage,
            demo.HOME,
            existing=HomePage.objects.filter(locale=self.sv),
            extra=hero,
        )
        # Before the English home: Wagtail's placeholder page holds the slug "home".
        self.ensure_site_root(home)
        self.ensure_translation(root, home, demo.HOME, extra=hero)
        # About and contact are linked from the footer: the main menu holds the
        # content sections only.
        self.ensure_page(home, ContentPage, demo.ABOUT)
        self.ensure_page(home, ContentPage, demo.CONTACT)
        statement = self.ensure_page(home, AccessibilityStatementPage, demo.STATEMENT)
        self.ensure_partnerships(home)
        self.ensure_inventory(home)
        self.ensure_interest_form(home)
        self.ensure_entry_points(home)
        self.ensure_synced_translations()
        self.ensure_reports()
        self.ensure_settings(statement)
        self.stdout.write(self.style.SUCCESS("Demo site ready."))

    def ensure_page(self, parent, model, data, existing=None, menu=False, extra=None):
        """The Swedish page and its English translation, created if missing.

        ``data`` holds the fields per language and, under "common", those shared by
        both (dates, contact details). ``extra(language, page)`` fills in relations
        (inline rows, tags, links to other pages) before the page is saved.
        """
        page = self.ensure_swedish(parent, model, data, existing, menu, extra)
        self.ensure_translation(parent, page, data, menu, extra)
        return page

    def ensure_swedish(
        self, parent, model, data, existing=None, menu=False, extra=None
    ):
        if existing is None:
            existing = model.objects.child_of(parent).filter(slug=data["sv"]["slug"])
        page = existing.first()
        if page is None:
            shared = {**data.get("common", {}), "show_in_menus": menu}
            page = model(locale=self.sv, **shared, **data["sv"])
            if extra:
                extra("sv", page)
            page = self._publish(parent, page)
            self.stdout.write(f"Created {model._meta.verbose_name} “{page.title}”.")
        return page

    def ensure_translation(self, parent, page, data, menu=False, extra=None):
        if page.get_translation_or_none(self.en) is not None:
            return
        # A fresh page sharing the translation key, rather than copy_for_translation:
        # a copy would take the Swedish slug first and leave a redirect behind when
        # renamed.
        en_parent = parent if parent.is_root() else parent.get_translation(self.en)
        shared = {**data.get("common", {}), "show_in_menus": menu}
        translated = type(page)(
            locale=self.en, translation_key=page.translation_key, **shared, **data["en"]
        )
        if extra:
            extra("en", translated)
        self._publish(en_parent, translated)
        self.stdout.write(f"Translated “{page.title}” into English.")

    def ensure_images(self):
        """The demo's drawings, one copy per language described in that language,
        and the emblem: {(key, language): image}, with the emblem under "logo"."""
        image_model = get_image_model()
        images = {}
        for key, data in demo.IMAGES.items():
            drawing = None
            for language in ("sv", "en"):
                title, description = data[language]
                image = image_model.objects.filter(title=title).first()
                if image is None:
                    drawing = drawing or demo.paint(key)
                    x, y, width, height = data["focal_point"]
                    image = image_model(
                        title=title,
                        description=description,
                        focal_point_x=x,
                        focal_point_y=y,
                        focal_point_width=width,
                        focal_point_height=height,
                    )
                    image.file = ImageFile(
                        io.BytesIO(drawing), name=f"{key.replace('_', '-')}.jpg"
                    )
                    image.save()
                    self.stdout.write(f"Created image “{title}”.")
                images[key, language] = image
        logo = image_model.objects.filter(title=demo.LOGO["title"]).first()
        if logo is None:
            logo = image_model(**demo.LOGO)
            logo.file = ImageFile(io.BytesIO(demo.paint_logo()), name="emblem.png")
            logo.save()
            self.stdout.write(f"Created image “{logo.title}”.")
        images["logo"] = logo
        return images

    def _image_extra(self, field, data, then=None):
        """An ``extra`` that sets the page's image ``field`` to the language's copy
        of ``data["image"]``, then runs ``then``."""

        def extra(language, page):
            setattr(page, field, self.images[data["image"], language])
            if then:
                then(language, page)

        return extra

    def ensure_entry_points(self, home):
        """The start page's cards to the sections, in both languages, if it has
        none (an editor's cards are kept)."""
        for locale in (self.sv, self.en):
            localized = home.get_translation(locale)
            if localized.entry_points:
                continue
            cards = []
            for card in demo.ENTRY_POINTS:
                target = (
                    apps.get_model(card["page"])
                    .objects.live()
                    .filter(locale=locale)
                    .first()
                )
                title, text = card[locale.language_code]
                cards.append(
                    (
                        "card",
                        {"page": target, "title": title, "text": text, "image": None},
                    )
                )
            localized.entry_points = cards
            localized.save_revision().publish()
            self.stdout.write(f"Added entry points to “{localized.title}”.")

    def _publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def ensure_site_root(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=demo.ORGANISATION["name"],
            )
            return
        if site.root_page_id == home.id:
            return
        old_root = site.root_page
        site.root_page = home
        site.site_name = demo.ORGANISATION["name"]
        site.save()
        # Wagtail's own placeholder "Welcome" page is replaced, never real content.
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
        self.stdout.write("Pointed the default site at the home page.")

    def ensure_partnerships(self, home):
        """The policy, the partner municipalities and the stories that name them."""
        policy = {
            language: {
                **POLICY_LANGUAGE_META[language],
                "title": text["title"],
                "slug": text["slug"],
                "intro": text["intro"],
                "sections": [
                    ("section", {"heading": heading, "anchor": anchor, "body": body})
                    for heading, anchor, body in text["sections"]
                ],
            }
            for language, text in POLICY.items()
        }
        policy["common"] = POLICY_META
        self.ensure_page(home, PolicyPage, policy, menu=True)

        partner_index = self.ensure_page(
            home, PartnerIndexPage, demo_partnerships.PARTNER_INDEX, menu=True
        )
        for partner in demo_partnerships.PARTNERS:
            extra = self._image_extra("image", partner, self._partner_extra(partner))
            self.ensure_page(partner_index, PartnerPage, partner, extra=extra)

        story_index = self.ensure_page(
            home, StoryIndexPage, demo_partnerships.STORY_INDEX, menu=True
        )
        for story in demo_partnerships.STORIES:
            extra = self._image_extra("image", story, self._story_extra(story))
            self.ensure_page(story_index, StoryPage, story, extra=extra)

    @staticmethod
    def _partner_extra(partner):
        def extra(language, page):
            page.visits = [
                PartnerVisit(
                    date=visit["date"],
                    precision=visit["precision"],
                    direction=visit["direction"],
                    kind=visit["kind"],
                    title=visit[language][0],
                    summary=visit[language][1],
                )
                for visit in partner["visits"]
            ]
            page.cooperation_areas.add(
                *partner["tags" if language == "sv" else "tags_en"]
            )

        return extra

    def _story_extra(self, story):
        def extra(language, page):
            locale = self.sv if language == "sv" else self.en
            swedish = PartnerPage.objects.filter(slug__in=story["partners"])
            keys = swedish.values_list("translation_key", flat=True)
            page.related_partners = PartnerPage.objects.filter(
                translation_key__in=keys, locale=locale
            )
            page.tags.add(*story["tags"])

        return extra

    def ensure_inventory(self, home):
        """The public project index and example projects in both languages."""
        self.ensure_page(
            home, ProjectIndexPage, demo_inventory.PROJECT_INDEX, menu=True
        )
        for data in demo_inventory.PROJECTS:
            if Project.objects.filter(locale=self.sv, slug=data["sv"]["slug"]).exists():
                continue
            swedish = self._project(data, self.sv)
            self._project(data, self.en, translation_key=swedish.translation_key)
            self.stdout.write(f"Created project “{swedish.title}”.")

    def ensure_synced_translations(self):
        """The English pages and projects as wagtail-localize translations of the
        Swedish ones, once every link between them is in place: the admin then
        offers "Sync translated pages" on the Swedish and the translation editor on
        the English (see ``website.demo_translations``)."""
        pages = Page.objects.filter(locale=self.sv, depth__gt=1).specific()
        for original in [*pages, *Project.objects.filter(locale=self.sv)]:
            translated = original.get_translation_or_none(self.en)
            if translated is not None and register_translation(original, translated):
                self.stdout.write(f"Registered “{translated}” as a synced translation.")

    def ensure_interest_form(self, home):
        """The interest form, linked from the project list, projects and partners."""
        form_page = self.ensure_page(
            home, InterestFormPage, demo_interest.INTEREST_FORM, menu=True
        )
        for locale in (self.sv, self.en):
            localized_form = form_page.get_translation(locale)
            for index in [
                ProjectIndexPage.objects.get(locale=locale),
                PartnerIndexPage.objects.get(locale=locale),
            ]:
                if index.interest_page_id != localized_form.pk:
                    index.interest_page = localized_form
                    index.save_revision().publish()
                    self.stdout.write(f"Linked “{index.title}” to the interest form.")

    def _project(self, data, locale, translation_key=None):
        language = locale.language_code

        def nth(model, position):
            return model.objects.get(locale=locale, sort_order=position)

        project = Project(
            locale=locale,
            unit=nth(OrganisationalUnit, data["unit"]),
            funding_programme=nth(FundingProgramme, data["programme"]),
            **data["common"],
            **data[language],
        )
        if translation_key:
            project.translation_key = translation_key
        project.priority_areas = [nth(PriorityArea, n) for n in data["priority_areas"]]
        project.dimensions = [
            nth(SustainabilityDimension, n) for n in data["dimensions"]
        ]
        swedish_partners = PartnerPage.objects.filter(
            locale=self.sv, slug__in=data["partners"]
        ).values_list("translation_key", flat=True)
        project.partner_municipalities = PartnerPage.objects.filter(
            locale=locale, translation_key__in=swedish_partners
        )
        project.partner_organisations = [
            ProjectPartner(name=name, country=country, city=city, role=role)
            for name, country, city, role in data["organisations"]
        ]
        project.full_clean()
        project.save()
        project.save_revision().publish()
        return project

    def ensure_reports(self):
        """Published reports for the demo's past tertials, and a unit to remind."""
        contact = demo_inventory.REVIEW_CONTACT
        unit = OrganisationalUnit.objects.get(
            locale=self.sv, sort_order=contact["unit"]
        )
        if not unit.contact_email:
            unit.contact_email = contact["contact_email"]
            unit.save()
            self.stdout.write(f"Set the contact address of “{unit.name}”.")
        reporting = ReportingSettings.load()
        now = timezone.now()
        for key in demo_inventory.REPORTS:
            period = reporting.period(key)
            if not period.is_complete(timezone.localdate()):
                continue
            if ReportSnapshot.objects.filter(period_key=period.key).exists():
                continue
            published = timezone.make_aware(
                datetime.datetime.combine(
                    period.end
                    + datetime.timedelta(
                        days=demo_inventory.REPORT_PUBLISHED_AFTER_DAYS
                    ),
                    datetime.time(10),
                )
            )
            for locale in (self.sv, self.en):
                ReportSnapshot.objects.create(
                    period_key=period.key,
                    period_end=period.end,
                    locale=locale,
                    data=build_report(period, locale),
                    published_at=min(published, now),
                )
            self.stdout.write(f"Created report {period.key}.")

    def ensure_settings(self, statement):
        org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
        if org.organisation_number:
            return
        for name, value in demo.ORGANISATION.items():
            setattr(org, name, value)
        org.accessibility_statement = statement
        org.logo = self.images["logo"]
        org.save()
        self.stdout.write("Filled in the organisation settings.")
