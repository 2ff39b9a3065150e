"""The host site's pages and its organisation settings."""

import math
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from inventory.models import Project, ProjectIndexPage
from partnerships.blocks import RICH_TEXT_FEATURES, ContentStreamBlock
from partnerships.cache import memoize
from partnerships.identifiers import normalise_organisation_number
from partnerships.models import OnePerLocaleMixin, StoryIndexPage, StoryPage
from partnerships.pictures import picture_specs, with_renditions
from website import theme

DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"

# The renditions of the start page's pictures, as its template's {% picture %} tags
# name them (same order), so that a listing can prefetch them in one query.
CARD_PICTURE = "format-{avif,webp,jpeg} fill-{400x225,800x450}"
HERO_PICTURE = "format-{avif,webp,jpeg} fill-{640x360,1280x720}"
LATEST_STORIES = 3
CURRENT_PROJECTS = 4


class EntryCardBlock(blocks.StructBlock):
    """A card on the start page that leads to one page of the site."""

    page = blocks.PageChooserBlock(label=_("page"))
    title = blocks.CharBlock(
        required=False,
        max_length=80,
        label=_("title"),
        help_text=_("Leave empty to use the page's title."),
    )
    text = blocks.TextBlock(
        required=False,
        max_length=240,
        label=_("text"),
        help_text=_(
            "One or two sentences about what the reader finds there. Leave empty "
            "to use the page's search description."
        ),
    )
    image = ImageBlock(required=False, label=_("image"))

    class Meta:
        icon = "link"
        label = _("Entry point")


@dataclass
class EntryCard:
    """An entry point as the start page shows it: a live page in the reader's
    language, with the title, text and image the editor chose."""

    page: Page
    title: str
    text: str
    image: object = None
    # What the editor wrote for this card, else the image's description; "" for an
    # image marked decorative.
    alt: str = ""


class HomePage(OnePerLocaleMixin, Page):
    """The start page of one language's site."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "website.ContentPage",
        "website.AccessibilityStatementPage",
        "partnerships.PolicyPage",
        "partnerships.PartnerIndexPage",
        "partnerships.StoryIndexPage",
        "inventory.ProjectIndexPage",
        "inventory.InterestFormPage",
    ]

    intro = models.TextField(
        _("introduction"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences shown large at the top of the start page."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entry_points = StreamField(
        [("card", EntryCardBlock())],
        blank=True,
        max_num=8,
        verbose_name=_("entry points"),
        help_text=_(
            "Cards below the introduction that lead to the most asked-for pages, "
            "e.g. the policy, the partners, the projects and the interest form."
        ),
    )
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("entry_points"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the page shows changes only when content is published (or at
        # midnight): kept under the page cache's scope, so a visitor with a query
        # string not seen before does not run the queries again.
        shown = memoize(request, "home-page", self._shown, self.pk)
        project_index = shown["project_index"]
        if project_index is not None:
            url = project_index.project_urls(request)
            for project in shown["current_projects"]:
                project.url = url(project.slug)
        context.update(shown)
        return context

    def _shown(self):
        """The start page's own content: hero image, entry cards, latest stories
        and current projects, with the renditions of every picture in one query."""
        # Wagtail asks the database for the private sections on each public(): once
        # here is enough for every list on the page.
        private = Page.objects.private_q()
        cards, sections, images = self._entry_points_and_sections(private)
        stories = self.latest_stories(private)
        card_images = [
            *(card.image for card in cards if card.image),
            *(story.image for story in stories if story.image),
        ]
        hero_image = images.get(self.hero_image_id)
        models.prefetch_related_objects(
            [*images.values(), *card_images],
            Prefetch(
                "renditions", queryset=with_renditions(CARD_PICTURE, HERO_PICTURE)
            ),
        )
        # A new image's renditions are made now, so that what is kept has them.
        for image in card_images:
            image.get_renditions(*picture_specs(CARD_PICTURE))
        if hero_image is not None:
            hero_image.get_renditions(*picture_specs(HERO_PICTURE))
        project_index = sections.get(ProjectIndexPage)
        return {
            "hero_image": hero_image,
            "entry_cards": cards,
            "latest_stories": stories,
            "story_index": sections.get(StoryIndexPage),
            "current_projects": []
            if project_index is None
            else self.current_projects(),
            "project_index": project_index,
        }

    def _entry_points_and_sections(self, private):
        """The entry cards whose page is live and public (each page in this page's
        language where it has a live translation), the story and project index
        pages of this language, and the images of the cards and the hero (without
        renditions: get_context fetches those for the whole page at once): in two
        queries, however many cards.

        The cards are read from the stream's stored values, so that their pages
        and translations come in one query rather than one per step.
        """
        chosen = [
            (block["value"], _image_value(block["value"].get("image")))
            for block in self.entry_points.raw_data
            if block["type"] == "card" and block["value"].get("page")
        ]
        chosen_pks = [value["page"] for value, _image in chosen]
        section_types = {
            ContentType.objects.get_for_model(model).pk: model
            for model in (StoryIndexPage, ProjectIndexPage)
        }
        pages = (
            Page.objects.live()
            .exclude(private)
            .filter(
                Q(pk__in=chosen_pks)
                | Q(
                    locale_id=self.locale_id,
                    translation_key__in=Page.objects.filter(pk__in=chosen_pks).values(
                        "translation_key"
                    ),
                )
                | Q(locale_id=self.locale_id, content_type_id__in=section_types)
            )
            .order_by("path")
        )
        by_pk, translated, sections = {}, {}, {}
        for page in pages:
            by_pk[page.pk] = page
            if page.locale_id == self.locale_id:
                translated[page.translation_key] = page
                model = section_types.get(page.content_type_id)
                if model is not None:
                    # Its own fields are not needed: its address and routes are.
                    sections.setdefault(model, page.specific_deferred)

        image_pks = {image_pk for _value, (image_pk, _alt) in chosen if image_pk}
        if self.hero_image_id:
            image_pks.add(self.hero_image_id)
        images = {}
        if image_pks:
            images = get_image_model().objects.in_bulk(image_pks)

        cards = []
        for value, (image_pk, alt) in chosen:
            page = by_pk.get(value["page"])
            if page is None:
                continue
            page = translated.get(page.translation_key, page)
            image = images.get(image_pk)
            cards.append(
                EntryCard(
                    page=page,
                    title=value.get("title") or page.title,
                    text=value.get("text") or page.search_description,
                    image=image,
                    alt=(image.description if alt is None else alt) if image else "",
                )
            )
        return cards, sections, images

    def latest_stories(self, private=None):
        """The newest live, public stories of this page's language, by their own
        date, with their images (get_context adds the renditions)."""
        if private is None:
            private = Page.objects.private_q()
        return list(
            StoryPage.objects.live()
            .exclude(private)
            .filter(locale_id=self.locale_id)
            .select_related("image")
            .order_by("-date", "-pk")[:LATEST_STORIES]
        )

    def current_projects(self):
        """A handful of the live, ongoing projects of this page's language, the most
        recently started first."""
        return list(
            Project.objects.live_in(self.locale_id)
            .filter(status=Project.Status.ONGOING)
            .select_related("unit")
            .order_by(models.F("start_date").desc(nulls_last=True), "sort_title")[
                :CURRENT_PROJECTS
            ]
        )


def _image_value(value):
    """(image pk, alt text) of a stored ImageBlock value: alt "" for a decorative
    image, None when the editor wrote none (the image's description is used)."""
    if isinstance(value, int):  # stored by an ImageChooserBlock
        return value, None
    if not isinstance(value, dict) or not value.get("image"):
        return None, None
    if value.get("decorative"):
        return value["image"], ""
    return value["image"], value.get("alt_text") or None


class ContentPage(Page):
    """A general page (about, contact and similar) built from content blocks."""

    parent_page_types = ["website.HomePage", "website.ContentPage"]
    subpage_types = ["website.ContentPage"]

    intro = models.TextField(
        _("introduction"),
        max_length=500,
        blank=True,
        help_text=_("A short lead paragraph, also used as the search result summary."),
    )
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class AccessibilityStatementPage(OnePerLocaleMixin, Page):
    """The accessibility statement that lag (2018:1937) requires, linked from every
    page footer."""

    class Compliance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    class Method(models.TextChoices):
        SELF = "self", _("self-assessment")
        THIRD_PARTY = "third_party", _("assessment by a third party")

    parent_page_types = ["website.HomePage"]
    subpage_types = []

    intro = models.TextField(
        _("introduction"),
        max_length=600,
        blank=True,
        help_text=_(
            "Which website the statement covers and who is responsible for it."
        ),
    )
    compliance_status = models.CharField(
        _("compliance status"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
        help_text=_("Compliance with WCAG 2.1 level AA (EN 301 549)."),
    )
    non_accessible_content = RichTextField(
        _("known accessibility problems"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_(
            "Content that is not accessible, and why. Leave empty only if none."
        ),
    )
    assessment_date = models.DateField(_("assessment date"))
    assessment_method = models.CharField(
        _("assessment method"),
        max_length=20,
        choices=Method.choices,
        default=Method.SELF,
    )
    statement_date = models.DateField(
        _("statement prepared"), help_text=_("When this statement was first written.")
    )
    feedback_email = models.EmailField(_("e-mail for reporting problems"))
    feedback_phone = models.CharField(_("phone for reporting problems"), max_length=40)
    feedback_text = RichTextField(
        _("how to report problems"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_(
            "How readers tell you about a problem or ask for content in another form."
        ),
    )
    enforcement_url = models.URLField(
        _("supervisory authority"),
        default=DIGG_REPORT_URL,
        help_text=_("Digg's page for reporting an inaccessible public website."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("compliance_status"),
                FieldPanel("non_accessible_content"),
            ],
            heading=_("Compliance"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("assessment_date"),
                FieldPanel("assessment_method"),
                FieldPanel("statement_date"),
            ],
            heading=_("Assessment"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Readers must be able to report problems and ask for content "
                        "in an accessible form."
                    )
                ),
                FieldPanel("feedback_email"),
                FieldPanel("feedback_phone"),
                FieldPanel("feedback_text"),
                FieldPanel("enforcement_url"),
            ],
            heading=_("Feedback and enforcement"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("non_accessible_content"),
    ]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")


def validate_hex_colour(value):
    """Accept a colour written as # and six hexadecimal digits."""
    if theme.normalise(value) is None:
        raise ValidationError(
            _("Enter a colour as # followed by six hexadecimal digits, e.g. #00507a."),
            code="invalid",
        )


def validate_organisation_number(value):
    """Accept a Swedish organisation number with or without hyphen or 16 prefix."""
    if normalise_organisation_number(value) is None:
        raise ValidationError(
            _("Enter a valid organisation number, e.g. 212000-1371."), code="invalid"
        )


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The municipality's contact facts, shown in the header and the footer."""

    name = models.CharField(
        _("organisation name"), max_length=120, default="Kungälvs kommun"
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=13,
        blank=True,
        validators=[validate_organisation_number],
    )
    street_address = models.CharField(_("street address"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    accessibility_statement = models.ForeignKey(
        "website.AccessibilityStatementPage",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from every page footer, in the reader's language."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown in the header beside the organisation's name, which screen "
            "readers read instead of the logo. At least 96 pixels high."
        ),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_(
            "The header, the menu, buttons and links, e.g. #00507a. White text "
            "must be readable on it. Leave empty for the default blue."
        ),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_(
            "Labels and highlights, e.g. #8a3b00. It must be readable on white. "
            "Leave empty for the default rust red."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("organisation_number")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("postal_code"),
                FieldPanel("city"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("accessibility_statement"),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("brand_colour"),
                FieldPanel("accent_colour"),
            ],
            heading=_("Logo and colours"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation")

    def clean(self):
        super().clean()
        normalised = normalise_organisation_number(self.organisation_number)
        if normalised:
            self.organisation_number = normalised
        errors = {}
        for name, message in (
            (
                "brand_colour",
                _(
                    "The brand colour %(colour)s has a contrast ratio of only "
                    "%(ratio)s:1 with %(surface)s. White text on it and links in it "
                    "need at least %(minimum)s:1 (WCAG 2.1 AA): choose a darker "
                    "colour."
                ),
            ),
            (
                "accent_colour",
                _(
                    "The accent colour %(colour)s has a contrast ratio of only "
                    "%(ratio)s:1 with %(surface)s. Text in it needs at least "
                    "%(minimum)s:1 (WCAG 2.1 AA): choose a darker colour."
                ),
            ),
        ):
            colour = theme.normalise(getattr(self, name))
            if colour is None:
                continue
            setattr(self, name, colour)
            ratio, surface = theme.weakest_contrast(colour)
            if ratio < theme.MINIMUM_CONTRAST:
                errors[name] = ValidationError(
                    message,
                    code="contrast",
                    params={
                        "colour": colour,
                        # Rounded down: a ratio just short of the minimum must not
                        # read as the minimum.
                        "ratio": number_format(math.floor(ratio * 100) / 100, 2),
                        "surface": SURFACE_NAMES[surface],
                        "minimum": number_format(theme.MINIMUM_CONTRAST, 1),
                    },
                )
        if errors:
            raise ValidationError(errors)

    def theme_stylesheet(self):
        """The stylesheet of the organisation's colours, or "" with none set."""
        return theme.stylesheet(self.brand_colour, self.accent_colour)

    def theme_version(self):
        return theme.version(self.theme_stylesheet())


SURFACE_NAMES = {
    theme.WHITE: _("white"),
    theme.WASH: _("the light grey background"),
}
