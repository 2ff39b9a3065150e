"""The host site's pages and its organisation settings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from partnerships.blocks import RICH_TEXT_FEATURES, ContentStreamBlock
from partnerships.identifiers import normalise_organisation_number
from partnerships.models import OnePerLocaleMixin

DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"


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
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
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
    ]

    class Meta:
        verbose_name = _("organisation")

    def clean(self):
        super().clean()
        normalised = normalise_organisation_number(self.organisation_number)
        if normalised:
            self.organisation_number = normalised
