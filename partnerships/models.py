"""The policy, partner municipalities, and twinning stories and news."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin, get_page_models
from wagtail.search import index

from partnerships import views
from partnerships.blocks import RICH_TEXT_FEATURES, ContentStreamBlock
from partnerships.cache import memoize
from partnerships.conf import setting
from partnerships.feeds import StoryAtomFeed, StoryRssFeed
from partnerships.terms import review_status


class OnePerLocaleMixin:
    """Page types of which each language has at most one (home, policy, statement)."""

    def clean(self):
        super().clean()
        siblings = type(self).objects.filter(locale_id=self.locale_id)
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        if self.locale_id and siblings.exists():
            raise ValidationError(
                _("Only one “%(type)s” is allowed per language.")
                % {"type": self._meta.verbose_name}
            )


class BaseTemplateMixin:
    """Pages whose templates extend the host's base template: ``base_template`` in
    their context is the VANORT_BASE_TEMPLATE setting ("base.html" by default)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = setting("BASE_TEMPLATE")
        return context


class InterestLinkMixin:
    """Pages with an ``interest_page`` field: where their "take part" link leads."""

    def interest_link(self):
        """The interest page in the reader's language if it is live there, else the
        chosen page if that is live, else None (then no link is shown)."""
        if self.interest_page is None:
            return None
        page = self.interest_page.localized
        return page if page.live else None

    def interest_url(self, request):
        """The address of ``interest_link()``, or "" (kept with the page cache)."""

        def build():
            page = self.interest_link()
            return page.get_url(request) if page is not None else ""

        return memoize(request, "interest-url", build, self.pk)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["interest_url"] = self.interest_url(request)
        return context


class NotAtRootMixin:
    """Section pages belong under a language's home page, never at the tree root.

    Said without naming the host's home page type, so the app stays reusable.
    """

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not parent.is_root()


# --- The policy's taxonomy ---------------------------------------------------------


class PolicyTerm(TranslatableMixin, models.Model):
    """A named item of the policy's taxonomy, in one language."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class PriorityArea(PolicyTerm):
    """One of the policy's four priority areas (prioriterade områden)."""

    class Meta(PolicyTerm.Meta):
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")


class SustainabilityDimension(PolicyTerm):
    """One of the policy's three sustainability dimensions."""

    class Meta(PolicyTerm.Meta):
        verbose_name = _("sustainability dimension")
        verbose_name_plural = _("sustainability dimensions")


# --- Policy page -------------------------------------------------------------------


class PolicySectionValue(blocks.StructValue):
    def anchor_id(self):
        return self.get("anchor")


class PolicySectionBlock(blocks.StructBlock):
    """One section of the policy: a heading with a stable anchor, and its text."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    anchor = blocks.RegexBlock(
        regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        label=_("Anchor"),
        max_length=80,
        help_text=_(
            "Lower-case letters, digits and hyphens. Keep it unchanged once "
            "published: links to this section use it."
        ),
        error_messages={
            "invalid": _("Use only lower-case letters, digits and hyphens."),
        },
    )
    body = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Section")
        template = "partnerships/blocks/policy_section_block.html"
        value_class = PolicySectionValue
        preview_value = {
            "heading": "Vänort och partnerskap",
            "anchor": "vanort-och-partnerskap",
            "body": "<p>Kommunens föreningar och företagare skall bjudas in till "
            "utvecklingsarbetet.</p>",
        }
        description = _("A section of the policy with its own anchor.")


class PolicyPage(BaseTemplateMixin, OnePerLocaleMixin, NotAtRootMixin, Page):
    """The adopted policy as structured sections, with its document metadata."""

    subpage_types = []

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    sections = StreamField(
        [("section", PolicySectionBlock())], verbose_name=_("sections")
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=40,
        help_text=_("The diarienummer, e.g. KS2019/1537."),
    )
    decision_body = models.CharField(
        _("decided by"), max_length=120, help_text=_("e.g. Kommunfullmäktige.")
    )
    decision_minute = models.CharField(
        _("minute"), max_length=40, help_text=_("The paragraph, e.g. KF § 311/2019.")
    )
    decision_date = models.DateField(_("decision date"))
    document_owner = models.CharField(_("document owner"), max_length=120)
    last_review_date = models.DateField(
        _("last review"),
        null=True,
        blank=True,
        help_text=_("Empty if the policy has not been reviewed since its adoption."),
    )
    adopted_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("adopted text (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("sections"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_number"), FieldPanel("decision_minute")]
                ),
                FieldRowPanel(
                    [FieldPanel("decision_body"), FieldPanel("decision_date")]
                ),
                FieldRowPanel(
                    [FieldPanel("document_owner"), FieldPanel("last_review_date")]
                ),
                FieldPanel("adopted_document"),
            ],
            heading=_("Document"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("sections"),
        index.SearchField("registration_number"),
    ]

    class Meta:
        verbose_name = _("policy page")
        verbose_name_plural = _("policy pages")

    @property
    def reviewed_on(self):
        """The last review, or the adoption if it has never been reviewed."""
        return self.last_review_date or self.decision_date

    def review(self, today=None):
        """The review status under the rule "review every term of office"."""
        return review_status(self.reviewed_on, today or timezone.localdate())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["review"] = self.review()
        context["priority_areas"] = PriorityArea.objects.filter(locale=self.locale)
        context["dimensions"] = SustainabilityDimension.objects.filter(
            locale=self.locale
        )
        return context


# --- Partner municipalities --------------------------------------------------------


class PartnerIndexPage(
    BaseTemplateMixin, InterestLinkMixin, NotAtRootMixin, RoutablePageMixin, Page
):
    """The list of partner municipalities, with filters and a map."""

    subpage_types = ["partnerships.PartnerPage"]

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    interest_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page for expressing interest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            'Where each partner\'s "take part" link leads, e.g. the interest form.'
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("interest_page"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("partner index page")
        verbose_name_plural = _("partner index pages")

    def partners(self, private=None):
        """The live partners visitors may see; ``private`` is the ``Q`` of the
        pages they may not (``partnerships.cache.private_pages_q``), if known."""
        partners = PartnerPage.objects.child_of(self).live()
        partners = partners.public() if private is None else partners.exclude(private)
        return partners.select_related("image").order_by("title")

    @path("")
    def index_route(self, request):
        return views.partner_index(request, self)


def published_projects(page):
    """The published projects in ``page``'s language that link to it (a partner or
    a story), or none when no app links projects to pages.

    partnerships may not import the inventory (tests/test_layering.py), so the
    projects come through the reverse accessor ``projects`` that the inventory's
    Project adds to PartnerPage and StoryPage, and the rule for a published
    project is the project queryset's own ``live_in``, looked up by name: it stays
    written once, in the inventory.
    """
    if page.pk is None:  # the preview of a page not yet saved
        return []
    manager = getattr(page, "projects", None)
    if manager is None or not hasattr(manager, "live_in"):
        return []
    return list(
        manager.live_in(page.locale_id)
        .order_by(models.F("end_date").desc(nulls_first=True), "title")
        .only("title", "slug", "status", "start_date", "end_date")
    )


# The statuses of the inventory's projects that are over (inventory.Project.Status).
PAST_PROJECT_STATUSES = ("completed", "cancelled")


def project_links(page, request):
    """``published_projects(page)`` as plain dicts (title, url, status, current),
    current projects first; each links to its page under the live project index
    in ``page``'s language, found as the page type that says how to address a
    project (a ``project_urls`` method), again without naming the inventory."""
    projects = published_projects(page)
    if not projects:
        return []
    index_types = [m for m in get_page_models() if hasattr(m, "project_urls")]
    index_page = (
        Page.objects.live()
        .public()
        .filter(locale_id=page.locale_id)
        .type(*index_types)
        .specific()
        .first()
        if index_types
        else None
    )
    url = index_page.project_urls(request) if index_page else None
    return [
        {
            "title": project.title,
            "url": url(project.slug) if url else "",
            "status": str(project.get_status_display()),
            # By the project's status, as the inventory keeps it: a cancelled
            # project with no end date is past, a planned one is current.
            "current": project.status not in PAST_PROJECT_STATUSES,
        }
        for project in projects
    ]


class PartnerCooperationArea(TaggedItemBase):
    content_object = ParentalKey(
        "partnerships.PartnerPage",
        on_delete=models.CASCADE,
        related_name="cooperation_area_items",
    )


class PartnerPage(BaseTemplateMixin, NotAtRootMixin, Page):
    """One partner municipality: facts, a visit log and an activity timeline."""

    class Relationship(models.TextChoices):
        TWIN_TOWN = "twin_town", _("twin town")
        PARTNERSHIP = "partnership", _("partnership")
        NETWORK = "network", _("network")
        PROJECT_PARTNER = "project_partner", _("project partner")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        DORMANT = "dormant", _("dormant")
        ENDED = "ended", _("ended")

    parent_page_types = ["partnerships.PartnerIndexPage"]
    subpage_types = []

    official_name = models.CharField(
        _("official name"),
        max_length=200,
        help_text=_("e.g. Comune di Perano. The page title is the short name."),
    )
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_("Decimal degrees between −90 and 90, e.g. 52.16."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(-180)),
            MaxValueValidator(Decimal(180)),
        ],
        help_text=_("Decimal degrees between −180 and 180, e.g. 8.62."),
    )
    relationship = models.CharField(
        _("relationship"),
        max_length=20,
        choices=Relationship.choices,
        default=Relationship.TWIN_TOWN,
    )
    since = models.PositiveSmallIntegerField(
        _("since (year)"),
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    cooperation_areas = ClusterTaggableManager(
        through=PartnerCooperationArea,
        blank=True,
        verbose_name=_("cooperation areas"),
        help_text=_("e.g. culture, school, elderly care."),
    )
    website = models.URLField(_("official website"), blank=True)
    contact_role = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("A role, not a person's name, e.g. 'Kommunsekreterare'."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("official_name"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("relationship"),
                        FieldPanel("since"),
                        FieldPanel("status"),
                    ]
                ),
                FieldPanel("cooperation_areas"),
                FieldPanel("website"),
                FieldPanel("contact_role"),
            ],
            heading=_("Partnership"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("visits", heading=_("Visits and exchanges"), label=_("Visit")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("official_name"),
        index.SearchField("region"),
        index.SearchField("country_name"),
        index.RelatedFields("cooperation_areas", [index.SearchField("name")]),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    def country_name(self):
        """The country's name in the page's language (indexed for the site
        search, whatever language the editor who published it uses)."""
        with translation.override(self.locale.language_code):
            return str(self.country.name)

    class Meta:
        verbose_name = _("partner page")
        verbose_name_plural = _("partner pages")

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Give both latitude and longitude, or neither."),
            )

    @classmethod
    def without_activity_since(cls, since, locale):
        """Live partners in ``locale`` with no visit or live story since ``since``.

        One query, whatever the number of partners, visits and stories.
        """
        partners = (
            cls.objects.live()
            .filter(locale=locale)
            .annotate(
                last_visit=models.Max("visits__date"),
                last_visit_precision=models.Subquery(
                    PartnerVisit.objects.filter(page=models.OuterRef("pk"))
                    .order_by("-date")
                    .values("precision")[:1]
                ),
                last_story=models.Max(
                    "stories__date", filter=models.Q(stories__live=True)
                ),
            )
            .order_by("title")
        )
        quiet = []
        for partner in partners:
            latest = None
            if partner.last_visit and (
                not partner.last_story or partner.last_visit > partner.last_story
            ):
                latest = TimelineEntry(
                    partner.last_visit,
                    "",
                    "",
                    "",
                    precision=partner.last_visit_precision,
                )
            elif partner.last_story:
                latest = TimelineEntry(partner.last_story, "", "", "")
            partner.latest_activity = latest
            partner.last_activity_date = latest.date if latest else None
            if latest is None or latest.date < since:
                quiet.append(partner)
        return quiet

    @cached_property
    def timeline(self):
        """Visits and the stories that name this partner, newest first."""
        entries = [TimelineEntry.from_visit(visit) for visit in self.visits.all()]
        stories = (
            StoryPage.objects.live()
            .public()
            .filter(related_partners=self)
            .order_by("-date")
        )
        entries += [TimelineEntry.from_story(story) for story in stories]
        return sorted(entries, key=lambda entry: entry.date, reverse=True)

    @property
    def last_activity(self):
        """The newest timeline entry (its date carries its known precision)."""
        return self.timeline[0] if self.timeline else None

    def activity_since(self, since):
        return sum(1 for entry in self.timeline if entry.date >= since)

    def get_context(self, request, *args, **kwargs):
        # Built once per change for every visitor (visits, stories and their
        # privacy), kept with the page cache.
        self.__dict__["timeline"] = memoize(
            request, "partner-timeline", lambda: self.timeline, self.pk
        )
        context = super().get_context(request, *args, **kwargs)
        year_ago = timezone.localdate() - datetime.timedelta(days=365)
        context["recent_activity"] = self.activity_since(year_ago)

        def build():
            index_page = (
                PartnerIndexPage.objects.parent_of(self)
                .select_related("interest_page")
                .first()
            )
            return index_page.interest_url(request) if index_page else ""

        context["interest_url"] = memoize(
            request, "partner-interest-url", build, self.pk
        )
        projects = memoize(
            request, "partner-projects", lambda: project_links(self, request), self.pk
        )
        context["current_projects"] = [p for p in projects if p["current"]]
        context["past_projects"] = [p for p in projects if not p["current"]]
        return context


class PartnerVisit(Orderable):
    """A visit or exchange with a partner municipality."""

    class Direction(models.TextChoices):
        INCOMING = "in", _("to us")
        OUTGOING = "out", _("to the partner")

    class Precision(models.TextChoices):
        DAY = "day", _("exact day")
        MONTH = "month", _("month only")
        YEAR = "year", _("year only")

    class Kind(models.TextChoices):
        VISIT = "visit", _("visit")
        EXCHANGE = "exchange", _("exchange")
        MEETING = "meeting", _("meeting")
        DIGITAL = "digital", _("digital meeting")

    page = ParentalKey(PartnerPage, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("date known to"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("For older visits whose exact day is not recorded."),
    )
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices
    )
    kind = models.CharField(
        _("type"), max_length=10, choices=Kind.choices, default=Kind.VISIT
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("precision")]),
        FieldRowPanel([FieldPanel("direction"), FieldPanel("kind")]),
        FieldPanel("title"),
        FieldPanel("summary"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("visit or exchange")
        verbose_name_plural = _("visits and exchanges")


@dataclass(frozen=True)
class TimelineEntry:
    """One dated item on a partner's timeline: a visit or a story."""

    date: datetime.date
    title: str
    summary: str
    label: str
    url: str = ""
    precision: str = "day"

    @property
    def date_format(self):
        """A Django date format that claims no more precision than is known."""
        return {"month": "YEAR_MONTH_FORMAT", "year": "Y"}.get(
            self.precision, "DATE_FORMAT"
        )

    @classmethod
    def from_visit(cls, visit):
        label = f"{visit.get_kind_display()} ({visit.get_direction_display()})"
        return cls(
            visit.date,
            visit.title,
            visit.summary,
            label.capitalize(),
            precision=visit.precision,
        )

    @classmethod
    def from_story(cls, story):
        return cls(
            story.date,
            story.title,
            story.intro,
            str(story.get_kind_display()).capitalize(),
            story.url,
        )


# --- Stories and news --------------------------------------------------------------


class StoryIndexPage(BaseTemplateMixin, NotAtRootMixin, RoutablePageMixin, Page):
    """Twinning stories and partnership news, with filters and feeds."""

    subpage_types = ["partnerships.StoryPage"]
    per_page = 10
    # The filters whose values are ids of translatable rows: the language switcher
    # gives them in the other language.
    translatable_filters = {"partner": PartnerPage}

    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("story index page")
        verbose_name_plural = _("story index pages")

    def stories(self, private=None):
        """The live stories visitors may see, newest first; ``private`` as for
        ``PartnerIndexPage.partners``."""
        stories = StoryPage.objects.child_of(self).live()
        stories = stories.public() if private is None else stories.exclude(private)
        return stories.order_by("-date", "-pk")

    def partner_options(self, private=None):
        """The partner municipalities a reader may filter the stories by: those
        visitors may see (``private`` as for ``PartnerIndexPage.partners``)."""
        partners = PartnerPage.objects.live().filter(locale=self.locale)
        partners = partners.public() if private is None else partners.exclude(private)
        return partners.order_by("title")

    @path("")
    def index_route(self, request):
        return views.story_index(request, self)

    @path("rss/", name="rss")
    def rss_route(self, request):
        return StoryRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_route(self, request):
        return StoryAtomFeed(self)(request)

    def get_cached_paths(self):
        """The list and its feeds, for a frontend cache that purges exact URLs."""
        return ["/", self.reverse_subpage("rss"), self.reverse_subpage("atom")]


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "partnerships.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryPage(BaseTemplateMixin, NotAtRootMixin, Page):
    """A twinning story, visit report or piece of partnership news."""

    class Kind(models.TextChoices):
        NEWS = "news", _("news")
        STORY = "story", _("twinning story")
        VISIT_REPORT = "visit_report", _("visit report")
        EXCHANGE = "exchange", _("exchange")

    parent_page_types = ["partnerships.StoryIndexPage"]
    subpage_types = []

    date = models.DateField(_("publication date"), default=datetime.date.today)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS
    )
    intro = models.TextField(
        _("introduction"),
        max_length=400,
        help_text=_("Shown in lists, feeds and link previews."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))
    tags = ClusterTaggableManager(through=StoryTag, blank=True, verbose_name=_("tags"))
    related_partners = ParentalManyToManyField(
        "partnerships.PartnerPage",
        blank=True,
        related_name="stories",
        verbose_name=_("partner municipalities"),
        help_text=_("The story appears on these partners' timelines."),
    )
    example = models.BooleanField(
        _("example content"),
        default=False,
        help_text=_("Marks demo content that is not a recorded fact."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("related_partners", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("example"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [models.Index(fields=["date"], name="story_date_idx")]

    def related_stories(self, limit=3):
        """Other live, public stories in this language that name one of this
        story's partners or share a tag with it, newest first."""
        partners = [partner.pk for partner in self.related_partners.all()]
        tags = [tag.pk for tag in self.tags.all()]
        if not partners and not tags:
            return []
        shared = StoryPage.objects.filter(
            models.Q(related_partners__in=partners) | models.Q(tags__in=tags)
        ).values("pk")
        return list(
            StoryPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, pk__in=shared)
            .exclude(pk=self.pk)
            .order_by("-date", "-pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def build():
            return {
                "stories": [
                    {
                        "title": story.title,
                        "url": story.get_url(request),
                        "date": story.date,
                    }
                    for story in self.related_stories()
                ],
                "projects": project_links(self, request),
            }

        # The same for every visitor until the next change: kept with the page.
        related = memoize(request, "story-related", build, self.pk)
        context["related_stories"] = related["stories"]
        context["related_projects"] = related["projects"]
        return context
