"""Projects and their taxonomies: the inventory itself."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PublishingPanel,
    TitleFieldPanel,
)
from wagtail.admin.widgets.slug import SlugInput
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from inventory.projects.forms import ProjectAdminForm
from partnerships import conf as partnerships_conf
from partnerships.blocks import RICH_TEXT_FEATURES
from partnerships.models import PolicyTerm

# Paths under the project index that a project's slug may not take.
RESERVED_SLUGS = {"data", "coverage", "feed", "export", "rapporter", "reports"}

# Swedish alphabetical order puts å, ä, ö after z; "~" sorts after the letters in
# a byte-wise (binary or "C") collation, which SQLite and PostgreSQL both offer.
_SWEDISH_ORDER = str.maketrans(
    {"å": "~a", "ä": "~b", "æ": "~b", "ö": "~c", "ø": "~c", "ü": "y", "é": "e"}
)


def swedish_sort_key(text):
    """A key that sorts byte-wise in Swedish alphabetical order, ignoring case."""
    return text.casefold().translate(_SWEDISH_ORDER)


def search_key(text):
    """Text folded for case-insensitive matching of any letter, å, ä and ö included.

    SQLite's LIKE only folds ASCII letters, so the folding happens here instead.
    """
    return text.casefold()


# A project is due for review when it was last reviewed more than this long ago.


RUNNING = ("planned", "ongoing")


def due_for_review_q(cutoff, prefix=""):
    """Published projects that are planned or ongoing and have not been reviewed
    since ``cutoff``, the last reporting cut-off. ``prefix`` reaches them through a
    relation (``"projects__"`` from a unit)."""
    return Q(**{f"{prefix}live": True, f"{prefix}status__in": RUNNING}) & (
        Q(**{f"{prefix}last_reviewed__isnull": True})
        | Q(**{f"{prefix}last_reviewed__lte": cutoff})
    )


class ProjectQuerySet(models.QuerySet):
    """The rules about which projects count, each written once."""

    def live_in(self, locale):
        """Published projects in ``locale`` (a Locale or its id)."""
        return self.filter(live=True, locale=locale)

    def active_between(self, first, last):
        """Projects whose start–end range touches [first, last]; open ends count."""
        return self.filter(
            Q(start_date__lte=last) | Q(start_date__isnull=True),
            Q(end_date__gte=first) | Q(end_date__isnull=True),
        )

    def active_in_year(self, year):
        return self.active_between(
            datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        )

    def coverage(self, areas, dimensions):
        """The policy coverage: rows of (area, [(dimension, project count, ongoing
        count)]), from one query."""
        counts = {
            (row["priority_areas"], row["dimensions"]): (row["total"], row["active"])
            for row in self.filter(
                priority_areas__isnull=False, dimensions__isnull=False
            )
            .values("priority_areas", "dimensions")
            .annotate(
                total=Count("pk", distinct=True),
                active=Count("pk", distinct=True, filter=Q(status="ongoing")),
            )
            .order_by()
        }
        return [
            (
                area,
                [(dim, *counts.get((area.pk, dim.pk), (0, 0))) for dim in dimensions],
            )
            for area in areas
        ]

    def due_for_review(self, cutoff):
        """See ``due_for_review_q``: the dashboard, reminders and admin filter."""
        return self.filter(due_for_review_q(cutoff))


class OrganisationalUnit(PolicyTerm):
    """A sector or municipal company responsible for projects."""

    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("A functional address, e.g. the sector's registry, not a person."),
    )
    # The sector editors who keep this unit's projects (see projects/permissions.py).
    # A plain many-to-many on the unit rather than a model of its own or a field on
    # the user: the coordinator assigns people where the units are kept, and the user
    # model stays Django's. It covers the unit in every language (by translation key).
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        blank=True,
        related_name="editable_units",
        help_text=_(
            "The sector editors who keep this unit's projects, in every language."
        ),
    )

    panels = [
        *PolicyTerm.panels,
        FieldPanel("contact_email"),
        FieldPanel("editors", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(PolicyTerm.Meta):
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")


class FundingProgramme(PolicyTerm):
    """A source of funding: an EU programme, a Nordic fund, own funding."""

    class Meta(PolicyTerm.Meta):
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")


class Project(
    WorkflowMixin,
    PreviewableMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """An international project in the inventory the policy asks for."""

    objects = ProjectQuerySet.as_manager()

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ONGOING = "ongoing", _("ongoing")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    class Currency(models.TextChoices):
        SEK = "SEK", "SEK"
        EUR = "EUR", "EUR"

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        allow_unicode=False,
        help_text=_("The last part of the project's web address."),
    )
    summary = models.TextField(_("summary"), max_length=600)
    description = RichTextField(
        _("description"), features=RICH_TEXT_FEATURES, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    partner_municipalities = ParentalManyToManyField(
        "partnerships.PartnerPage",
        blank=True,
        related_name="projects",
        verbose_name=_("partner municipalities"),
    )
    funding_programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("funding programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.SEK,
        help_text=_("All amounts of the project are in this currency."),
    )
    total_budget = models.DecimalField(
        _("total budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    eu_grant = models.DecimalField(
        _("EU grant"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    own_contribution = models.DecimalField(
        _("own contribution"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    priority_areas = ParentalManyToManyField(
        "partnerships.PriorityArea",
        blank=True,
        related_name="projects",
        verbose_name=_("priority areas"),
    )
    dimensions = ParentalManyToManyField(
        "partnerships.SustainabilityDimension",
        blank=True,
        related_name="projects",
        verbose_name=_("sustainability dimensions"),
    )
    related_stories = ParentalManyToManyField(
        "partnerships.StoryPage",
        blank=True,
        related_name="projects",
        verbose_name=_("related stories"),
    )
    keep_eu_id = models.CharField(_("Keep.eu ID"), max_length=40, blank=True)
    kohesio_id = models.CharField(_("Kohesio ID"), max_length=40, blank=True)
    erasmus_id = models.CharField(
        _("Erasmus+ project number"),
        max_length=60,
        blank=True,
        help_text=_("e.g. 2023-1-SE01-KA220-SCH-000123456"),
    )
    cordis_id = models.CharField(_("CORDIS ID"), max_length=20, blank=True)
    contact_role = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "A role, not a person's name, e.g. 'Projektledare, sektor bildning'."
        ),
    )
    # Who in the unit reports the project's results: admin only, never published.
    sector_contact = models.CharField(
        _("contact person in the unit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who reports the project's results. Shown only in the admin, never on "
            "the website or in open data."
        ),
    )
    sector_contact_email = models.EmailField(_("contact person's e-mail"), blank=True)
    website = models.URLField(_("project website"), blank=True)
    search_text = models.TextField(editable=False, default="")
    sort_title = models.CharField(max_length=255, editable=False, default="")
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "When the responsible unit last checked that this record is right."
        ),
    )

    base_form_class = ProjectAdminForm

    panels = [
        # As on pages, typing the title fills the slug until the slug is edited
        # (and only before publishing); in ASCII, as the slug field allows.
        TitleFieldPanel("title"),
        FieldPanel(
            "slug", widget=SlugInput(attrs={"data-w-slug-allow-unicode-value": "false"})
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("unit")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("contact_role"),
                FieldRowPanel(
                    [FieldPanel("sector_contact"), FieldPanel("sector_contact_email")]
                ),
                FieldPanel("website"),
                FieldPanel("last_reviewed"),
            ],
            heading=_("Project"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("priority_areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("dimensions", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Policy"),
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "partner_municipalities", widget=forms.CheckboxSelectMultiple
                ),
                InlinePanel(
                    "partner_organisations",
                    label=_("Partner organisation"),
                    heading=_("Other partner organisations"),
                ),
            ],
            heading=_("Partners"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("funding_programme"),
                FieldPanel("currency"),
                FieldRowPanel(
                    [
                        FieldPanel("total_budget"),
                        FieldPanel("eu_grant"),
                        FieldPanel("own_contribution"),
                    ]
                ),
            ],
            heading=_("Funding"),
        ),
        InlinePanel("results", label=_("Result"), heading=_("Results per period")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("keep_eu_id"), FieldPanel("kohesio_id")]),
                FieldRowPanel([FieldPanel("erasmus_id"), FieldPanel("cordis_id")]),
            ],
            heading=_("External IDs"),
        ),
        FieldPanel("related_stories", widget=forms.CheckboxSelectMultiple),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("description"),
        # The facts the project's page shows, for the site search: a project is
        # found by its programme ("Erasmus"), policy terms, unit and partners.
        index.RelatedFields("funding_programme", [index.SearchField("name")]),
        index.RelatedFields("priority_areas", [index.SearchField("name")]),
        index.RelatedFields("dimensions", [index.SearchField("name")]),
        index.RelatedFields("unit", [index.SearchField("name")]),
        index.SearchField("partner_names"),
        index.FilterField("live"),
        index.FilterField("locale_id"),
        index.FilterField("status"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "title"]
        # Without it, a user works only on the projects of the units they are
        # assigned to (projects/permissions.py).
        permissions = [
            ("edit_all_units_project", _("Can edit the projects of every unit")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="project_unique_slug_per_locale"
            ),
        ]
        # One index per order of the public list, of live projects only: a page of
        # the list, the last one included, is read off the index in order.
        indexes = [
            models.Index(
                fields=["locale", "-start_date", "title"],
                condition=Q(live=True),
                name="project_live_newest",
            ),
            models.Index(
                fields=["locale", "start_date", "title"],
                condition=Q(live=True),
                name="project_live_oldest",
            ),
            models.Index(
                fields=["locale", "-end_date", "title"],
                condition=Q(live=True),
                name="project_live_ending",
            ),
            models.Index(
                fields=["locale", "sort_title"],
                condition=Q(live=True),
                name="project_live_title",
            ),
            # The feed: the latest published first.
            models.Index(
                fields=["locale", "-last_published_at", "-id"],
                condition=Q(live=True),
                name="project_live_published",
            ),
            models.Index(fields=["status"]),
        ]

    def __str__(self):
        return self.title

    def partner_names(self):
        """The partners the project's page names, with their countries in the
        project's language (indexed for the site search)."""
        with translation.override(self.locale.language_code):
            municipalities = [
                f"{partner.title} {partner.country.name}"
                for partner in self.partner_municipalities.all()
                if partner.live
            ]
            organisations = [
                f"{partner.name} {partner.city} {partner.country.name}"
                for partner in self.partner_organisations.all()
            ]
        return "\n".join(municipalities + organisations)

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.title}\n{self.summary}")
        self.sort_title = swedish_sort_key(self.title)[:255]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if (
            self.eu_grant is not None
            and self.total_budget is not None
            and self.eu_grant > self.total_budget
        ):
            errors["eu_grant"] = _("The EU grant is larger than the total budget.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This slug is reserved for the inventory's own pages.")
        elif self.slug and self.locale_id:
            clash = Project.objects.filter(locale_id=self.locale_id, slug=self.slug)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                errors["slug"] = _(
                    "Another project in this language already uses this slug."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def external_links(self):
        """(label, identifier, URL) for each external database the project is in."""
        links = []
        if self.keep_eu_id:
            links.append(
                (
                    "Keep.eu",
                    self.keep_eu_id,
                    f"https://keep.eu/projects/{self.keep_eu_id}/",
                )
            )
        if self.kohesio_id:
            links.append(
                (
                    "Kohesio",
                    self.kohesio_id,
                    f"https://kohesio.ec.europa.eu/en/projects/{self.kohesio_id}",
                )
            )
        if self.erasmus_id:
            links.append(
                (
                    "Erasmus+",
                    self.erasmus_id,
                    "https://erasmus-plus.ec.europa.eu/projects/search/details/"
                    f"{self.erasmus_id}",
                )
            )
        if self.cordis_id:
            links.append(
                (
                    "CORDIS",
                    self.cordis_id,
                    f"https://cordis.europa.eu/project/id/{self.cordis_id}",
                )
            )
        return links

    def get_preview_template(self, request, mode_name):
        return "inventory/projects/project_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["base_template"] = partnerships_conf.setting("BASE_TEMPLATE")
        return context


class ProjectPartner(Orderable):
    """A partner organisation of a project other than a partner municipality."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead partner")
        PARTNER = "partner", _("partner")

    project = ParentalKey(
        Project, on_delete=models.CASCADE, related_name="partner_organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    role = models.CharField(
        _("role"), max_length=10, choices=Role.choices, default=Role.PARTNER
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("city"), FieldPanel("role")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
