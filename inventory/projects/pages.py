"""The public project index page: list, filters, one page per project, open data."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from inventory.projects import api, views
from inventory.projects.feeds import ProjectAtomFeed
from inventory.projects.models import (
    RESERVED_SLUGS,
    FundingProgramme,
    OrganisationalUnit,
    Project,
)
from inventory.reports.pages import PublishedReportsMixin
from partnerships.models import (
    BaseTemplateMixin,
    InterestLinkMixin,
    NotAtRootMixin,
    PartnerPage,
    PriorityArea,
    SustainabilityDimension,
)

# The reports' English path too: RESERVED_SLUGS holds the Swedish one.
_RESERVED = "|".join(sorted(RESERVED_SLUGS | {"reports"}))
_PROJECT_SLUG = rf"^(?!(?:{_RESERVED})/)(?P<slug>[-\w]+)/$"


class ProjectIndexPage(
    BaseTemplateMixin,
    InterestLinkMixin,
    NotAtRootMixin,
    PublishedReportsMixin,
    RoutablePageMixin,
    Page,
):
    """The public project inventory: list, filters and one page per project."""

    subpage_types = []
    max_count_per_parent = 1
    per_page = 20

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    interest_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page for expressing interest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            'Where each project\'s "take part" link leads, e.g. the interest form.'
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("interest_page"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("project index page")
        verbose_name_plural = _("project index pages")

    def projects(self):
        """The live projects in this page's language."""
        return Project.objects.live_in(self.locale_id)

    @path("")
    def index_route(self, request):
        return views.project_list(request, self)

    @path("export/<str:fmt>/", name="export")
    def export_route(self, request, fmt):
        return views.project_export(request, self, fmt)

    @path("data/", name="data_dictionary")
    def data_dictionary_route(self, request):
        return views.data_dictionary(request, self)

    # Open data for machines: under data/ (two segments, so no project's slug
    # can take their addresses).
    @path("data/dcat/", name="dcat")
    def dcat_route(self, request):
        return views.dcat_catalog(request, self)

    @path("data/datapackage/", name="datapackage")
    def datapackage_route(self, request):
        return views.data_package(request, self)

    @path("data/api/", name="api")
    def api_route(self, request):
        return api.project_page(request, self)

    @path("coverage/", name="coverage")
    def coverage_route(self, request):
        return views.policy_coverage(request, self)

    @path("feed/", name="feed")
    def feed_route(self, request):
        return ProjectAtomFeed(self)(request)

    # Any slug but the reserved paths, whose routes may be defined in a mixin (and
    # so come after this class's own routes).
    @re_path(_PROJECT_SLUG, name="project")
    def project_route(self, request, slug):
        return views.project_detail(request, self, slug)

    def get_cached_paths(self):
        """The routes a frontend cache keeps besides the list (each project's page
        and every filtered list are purged with the list's path by Varnish, see
        partnerships.frontend_cache), in this page's language."""
        routes = ["feed", "data_dictionary", "coverage", "reports"]
        routes += ["dcat", "datapackage", "api"]
        with translation.override(self.locale.language_code):
            return [
                "/",
                *(self.reverse_subpage(name) for name in routes),
                *(
                    self.reverse_subpage("export", kwargs={"fmt": fmt})
                    for fmt in sorted(views.EXPORT_FORMATS)
                ),
            ]

    # The list's filters whose values are the ids of translatable rows: a link to
    # the list in another language gives their translations' ids.
    translatable_filters = {
        "priority_area": PriorityArea,
        "dimension": SustainabilityDimension,
        "unit": OrganisationalUnit,
        "programme": FundingProgramme,
        "partner": PartnerPage,
    }

    def localized_subpage(self, request, other):
        """The sub-path under ``other`` (this page in another language, which
        is active) of the project ``request`` shows here, and "project" when the
        project has no live translation there (the sub-path is then the list's);
        the reports' likewise (``PublishedReportsMixin``); None for the other
        views, the same route there."""
        match = getattr(request, "routable_resolver_match", None)
        if match is None or match.url_name != "project":
            return super().localized_subpage(request, other)
        translated = (
            Project.objects.live_in(other.locale_id)
            .filter(
                translation_key__in=Project.objects.filter(
                    locale_id=self.locale_id, slug=match.kwargs["slug"]
                ).values("translation_key")
            )
            .values_list("slug", flat=True)
            .first()
        )
        if translated is None:
            return "", "project"
        return other.reverse_subpage("project", kwargs={"slug": translated}), ""

    def project_urls(self, request=None, *, full=False):
        """A function from a project's slug to the address of its page here: the
        one rule for a project's URL, reversed once however many it builds."""
        base = self.get_full_url(request) if full else self.get_url(request)
        marker = "project-slug"
        address = base + self.reverse_subpage("project", kwargs={"slug": marker})
        before, after = address.rsplit(marker, 1)
        return lambda slug: f"{before}{slug}{after}"

    def project_url(self, project, request=None, *, full=False):
        """The address of ``project``'s page under this index."""
        return self.project_urls(request, full=full)(project.slug)

    def get_sitemap_urls(self, request=None):
        # The projects have a sitemap section of their own, a page at a time
        # (inventory.projects.sitemaps): this page lists itself and the reports.
        urls = super().get_sitemap_urls(request)
        urls.extend(self.report_sitemap_urls(self.get_full_url(request)))
        return urls
