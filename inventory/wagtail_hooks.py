"""The "Internationellt" admin menu: projects and the taxonomies they use."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from inventory.filters import ProjectFilterSet
from inventory.models import FundingProgramme, OrganisationalUnit, Project
from partnerships.wagtail_hooks import (
    PriorityAreaViewSet,
    SustainabilityDimensionViewSet,
)


class ProjectViewSet(SnippetViewSet):
    model = Project
    icon = "folder-open-inverse"
    menu_label = _("Projects")
    list_display = ["title", "status", "unit", "start_date", "end_date", "live"]
    list_per_page = 50
    filterset_class = ProjectFilterSet
    # Plain ORM search: the same results on SQLite and PostgreSQL, and no index to
    # keep in step for the editors' list (see wagtail/wagtail#10217).
    search_backend_name = None
    search_fields = ["title", "slug", "summary", "erasmus_id", "keep_eu_id"]
    inspect_view_enabled = True
    copy_view_enabled = True
    list_export = [
        "title",
        "slug",
        "status",
        "unit",
        "start_date",
        "end_date",
        "funding_programme",
        "currency",
        "total_budget",
        "eu_grant",
        "own_contribution",
        "last_reviewed",
        "live",
    ]
    export_filename = "projekt"
    ordering = ["-start_date", "title"]

    def get_queryset(self, request):
        return Project.objects.select_related("unit", "funding_programme", "locale")


class OrganisationalUnitViewSet(SnippetViewSet):
    model = OrganisationalUnit
    icon = "group"
    list_display = ["name", "contact_email", "locale"]


class FundingProgrammeViewSet(SnippetViewSet):
    model = FundingProgramme
    icon = "tag"
    list_display = ["name", "locale"]


class InternationalViewSetGroup(SnippetViewSetGroup):
    items = (
        ProjectViewSet,
        OrganisationalUnitViewSet,
        FundingProgrammeViewSet,
        PriorityAreaViewSet,
        SustainabilityDimensionViewSet,
    )
    menu_icon = "globe"
    menu_label = _("International")
    menu_name = "international"
    menu_order = 150


register_snippet(InternationalViewSetGroup)
