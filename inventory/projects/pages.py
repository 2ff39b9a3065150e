"""The public project index page: list, filters, one page per project, open data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from inventory.projects import views
from inventory.projects.feeds import ProjectAtomFeed
from inventory.projects.models import RESERVED_SLUGS, Project
from inventory.reports.pages import PublishedReportsMixin
from partnerships.models import BaseTemplateMixin, InterestLinkMixin, NotAtRootMixin

_RESERVED = "|".join(sorted(RESERVED_SLUGS))
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
        partnerships.frontend_cache)."""
        routes = ["feed", "data_dictionary", "coverage", "reports"]
        return [
            "/",
            *(self.reverse_subpage(name) for name in routes),
            *(
                self.reverse_subpage("export", kwargs={"fmt": fmt})
                for fmt in sorted(views.EXPORT_FORMATS)
            ),
        ]

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
