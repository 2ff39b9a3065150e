"""The reports' admin: tertial and year-end reports, review of projects before
each cut-off, and the dashboard panel."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Locale
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from inventory.projects.models import (
    Project,
)
from inventory.reports import admin_views
from inventory.reports.figures import mark_reviewed, review_status
from inventory.reports.models import ReportingSettings
from inventory.reports.periods import KIND_LABELS


class ReportMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_PERMISSION)


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = [
        path("<str:kind>/", admin_views.ReportView.as_view(), name="report"),
        path("<str:kind>/publish/", admin_views.PublishView.as_view(), name="publish"),
        path(
            "<str:kind>/export/<str:fmt>/",
            admin_views.ExportView.as_view(),
            name="export",
        ),
    ]
    return [path("reports/", include((urls, "inventory_reports")))]


def _report_menu_item(slug, order):
    # Wagtail's own "Reports" menu gains one entry per period type.
    @hooks.register("register_reports_menu_item")
    def register():
        return ReportMenuItem(
            KIND_LABELS[admin_views.URL_KINDS[slug]],
            reverse("inventory_reports:report", args=[slug]),
            name=f"inventory-report-{slug}",
            icon_name="doc-full",
            order=order,
        )


for _order, _slug in enumerate(admin_views.URL_KINDS):
    _report_menu_item(_slug, _order)


@hooks.register("register_permissions")
def register_report_permissions():
    return Permission.objects.filter(
        content_type__app_label="inventory",
        codename__in=["view_reportsnapshot", "publish_reportsnapshot"],
    )


# --- Reviews -------------------------------------------------------------------------


class MarkReviewedBulkAction(SnippetBulkAction):
    """Mark the chosen projects as reviewed today (see ``mark_reviewed``)."""

    display_name = _("Mark as reviewed")
    action_type = "mark_reviewed"
    aria_label = _("Mark the selected projects as reviewed today")
    template_name = "inventory/reports/admin/confirm_mark_reviewed.html"
    action_priority = 20
    models = [Project]

    def check_perm(self, snippet):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", snippet
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "today": timezone.localdate()}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return mark_reviewed(objects, timezone.localdate(), user=user), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d project marked as reviewed.",
            "%(count)d projects marked as reviewed.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


hooks.register("register_bulk_action", MarkReviewedBulkAction)


@hooks.register("register_log_actions")
def register_review_log_action(actions):
    actions.register_action(
        "inventory.mark_reviewed", _("Mark as reviewed"), _("Marked as reviewed")
    )


class ReviewPanel(Component):
    """Dashboard: per unit, the active projects not reviewed since the last cut-off."""

    name = "inventory-review"
    template_name = "inventory/reports/admin/review_panel.html"
    order = 110

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        status = review_status(
            timezone.localdate(),
            Locale.get_default(),
            ReportingSettings.load(request_or_site=self.request).cutoffs,
        )
        context["status"] = status
        # The reminders skip a unit without an address: name those with projects.
        context["without_address"] = [
            unit for unit in status["units"] if unit.active and not unit.contact_email
        ]
        context["can_edit_units"] = self.request.user.has_perm(
            "inventory.change_organisationalunit"
        )
        return context


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    if request.user.has_perm("inventory.change_project"):
        panels.append(ReviewPanel(request))
