"""The "Internationellt" admin menu: projects and the taxonomies they use, and the
tertial and year-end reports."""

import datetime

from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import (
    BaseButton,
    Button,
    ButtonWithDropdown,
    ListingButton,
)
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)
from wagtail_localize import wagtail_hooks as localize_hooks

from inventory import admin_views
from inventory.exports import neutralise, strip_control_characters
from inventory.filters import InterestSubmissionFilterSet, ProjectFilterSet
from inventory.models import (
    DisposalLog,
    FundingProgramme,
    InterestSubmission,
    OrganisationalUnit,
    Project,
    ReportingSettings,
    search_key,
)
from inventory.reporting import KIND_LABELS
from inventory.reports import mark_reviewed, review_status
from partnerships.wagtail_hooks import (
    PriorityAreaViewSet,
    SustainabilityDimensionViewSet,
)


class SafeSpreadsheetMixin:
    """For Wagtail's list export (SpreadsheetExportMixin): every cell, after Wagtail's
    own formatting, loses the control characters openpyxl refuses (one such
    character used to fail the whole XLSX download), and CSV text that a
    spreadsheet would run as a formula is made inert. Wagtail already stores XLSX
    text as text, so XLSX cells keep the text as typed."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise(value)
        return strip_control_characters(value)


class ProjectIndexView(SafeSpreadsheetMixin, IndexView):
    # Words, not the database's True/False, in the admin's spreadsheets.
    custom_field_preprocess = {
        "live": {
            IndexView.FORMAT_CSV: lambda value: _("yes") if value else _("no"),
            IndexView.FORMAT_XLSX: lambda value: str(_("yes") if value else _("no")),
        }
    }

    def get_list_buttons(self, instance):
        # Wagtail's own method, less wagtail-localize's row buttons, which cost two
        # queries per row; get_list_more_buttons offers "Translate" without them.
        buttons = list(self.get_list_more_buttons(instance))
        for hook in hooks.get_hooks("register_snippet_listing_buttons"):
            if hook is not localize_hooks.register_snippet_listing_buttons:
                buttons.extend(hook(instance, self.request.user, self.request.path))
        list_buttons, more_buttons = [], []
        for button in buttons:
            if isinstance(button, BaseButton) and not button.allow_in_dropdown:
                list_buttons.append(button)
            elif isinstance(button, MenuItem):
                if button.is_shown(self.request.user):
                    more_buttons.append(Button.from_menu_item(button))
            elif button.show:
                more_buttons.append(button)
        for hook in hooks.get_hooks("construct_snippet_listing_buttons"):
            hook(more_buttons, instance, self.request.user)
        if not more_buttons:
            return list_buttons
        return [
            *list_buttons,
            ButtonWithDropdown(
                buttons=more_buttons,
                icon_name="dots-horizontal",
                attrs={
                    "aria-label": _("More options for '%(title)s'")
                    % {"title": str(instance)}
                },
            ),
        ]

    def search_queryset(self, queryset):
        # The folded search_text matches å, ä and ö in any case, on SQLite too.
        if not self.is_searching:
            return queryset
        query = self.search_query
        return queryset.filter(
            Q(search_text__contains=search_key(query))
            | Q(slug__icontains=query)
            | Q(erasmus_id__icontains=query)
            | Q(keep_eu_id__icontains=query)
        )

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if self.request.user.has_perm("wagtail_localize.submit_translation"):
            buttons.append(
                ListingButton(
                    _("Translate"),
                    reverse(
                        "wagtail_localize:submit_snippet_translation",
                        args=["inventory", "project", quote(instance.pk)],
                    ),
                    icon_name="wagtail-localize-language",
                    priority=100,
                )
            )
        return buttons


class ProjectViewSet(SnippetViewSet):
    model = Project
    index_view_class = ProjectIndexView
    icon = "folder-open-inverse"
    menu_label = _("Projects")
    list_display = ["title", "status", "unit", "start_date", "end_date", "live"]
    list_per_page = 50
    filterset_class = ProjectFilterSet
    # Plain ORM search (ProjectIndexView.search_queryset): the same results on
    # SQLite and PostgreSQL, and no index to keep in step (wagtail/wagtail#10217).
    search_backend_name = None
    search_fields = ["search_text", "slug", "erasmus_id", "keep_eu_id"]
    inspect_view_enabled = True
    copy_view_enabled = True
    list_export = [
        "title",
        "slug",
        "get_status_display",
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
    export_headings = {"get_status_display": _("Status"), "live": _("Published")}
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


class ReceivedOnlyPolicy(ModelPermissionPolicy):
    """Records that arrive from outside: no one adds them in the admin."""

    def __init__(self, model, allowed):
        super().__init__(model)
        self.allowed = allowed

    def user_has_permission(self, user, action):
        return action in self.allowed and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(
    InterestSubmission,
    ReceivedOnlyPolicy(InterestSubmission, {"view", "change", "delete"}),
)
register_permission_policy(DisposalLog, ReceivedOnlyPolicy(DisposalLog, {"view"}))


def _local_time(value):
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


class InterestSubmissionIndexView(SafeSpreadsheetMixin, generic.IndexView):
    def get_base_queryset(self):
        # The export lists each row's interests and partners: fetched once, not per row.
        return (
            super()
            .get_base_queryset()
            .select_related("page", "project")
            .prefetch_related("priority_areas", "partners")
        )

    # Times as the municipality reads them (Swedish local time), in both formats.
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        datetime.datetime: {
            generic.IndexView.FORMAT_XLSX: _local_time,
            generic.IndexView.FORMAT_CSV: lambda value: _local_time(value).isoformat(
                " "
            ),
        },
    }


class InterestSubmissionEditView(generic.EditView):
    def save_instance(self):
        self.form.instance.handled_by = self.request.user
        return super().save_instance()


_SUBMITTED = [
    "organisation_type",
    "organisation_name",
    "organisation_number",
    "contact_name",
    "email",
    "phone",
    "town",
    "priority_areas",
    "partners",
    "project_title",
    "message",
]


class InterestSubmissionViewSet(ModelViewSet):
    model = InterestSubmission
    index_view_class = InterestSubmissionIndexView
    edit_view_class = InterestSubmissionEditView
    icon = "mail"
    menu_label = _("Submissions")
    url_prefix = "interest/submissions"
    name = "interest_submissions"
    list_display = [
        Column("reference", label=_("Reference")),
        "organisation_name",
        "organisation_type",
        "project_title",
        "status",
        DateColumn("created_at", label=_("Received")),
    ]
    filterset_class = InterestSubmissionFilterSet
    search_fields = [
        "organisation_name",
        "organisation_number",
        "contact_name",
        "email",
        "town",
        "message",
    ]
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "reference",
        "created_at",
        *_SUBMITTED,
        "has_no_organisation_number",
        "status",
        "internal_note",
        "handled_by",
        "updated_at",
        "notified_at",
        "notification_error",
    ]
    list_export = [
        "reference",
        "created_at",
        "get_organisation_type_display",
        "organisation_name",
        "organisation_number",
        "contact_name",
        "email",
        "phone",
        "town",
        "interests_text",
        "partners_text",
        "project_title",
        "message",
        "get_status_display",
        "internal_note",
    ]
    export_headings = {
        "reference": _("Reference"),
        "get_organisation_type_display": _("Type of organisation"),
        "interests_text": _("Priority areas"),
        "partners_text": _("Partner municipalities"),
        "get_status_display": _("Status"),
    }
    export_filename = "intresseanmalningar"
    form_fields = ["status", "internal_note"]
    panels = [
        MultiFieldPanel(
            [FieldPanel(name, read_only=True) for name in _SUBMITTED],
            heading=_("As sent"),
        ),
        FieldPanel("status"),
        FieldPanel("internal_note"),
    ]


class DisposalLogViewSet(ModelViewSet):
    model = DisposalLog
    icon = "bin"
    menu_label = _("Disposal log")
    url_prefix = "interest/disposals"
    name = "interest_disposals"
    list_display = [
        DateColumn("disposed_at", label=_("Disposed")),
        "form_title",
        "count",
        "decision",
    ]
    inspect_view_enabled = True
    # The log is never edited (the policy allows viewing only); the form is unused.
    form_fields = ["decision"]


class InterestViewSetGroup(ViewSetGroup):
    items = (InterestSubmissionViewSet, DisposalLogViewSet)
    menu_icon = "mail"
    menu_label = _("Interest forms")
    menu_name = "interest"
    menu_order = 160


@hooks.register("register_admin_viewset")
def register_interest_viewsets():
    return InterestViewSetGroup()


# --- Reports -------------------------------------------------------------------------


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
    template_name = "inventory/admin/confirm_mark_reviewed.html"
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
    template_name = "inventory/admin/review_panel.html"
    order = 110

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["status"] = review_status(
            timezone.localdate(),
            Locale.get_default(),
            ReportingSettings.load(request_or_site=self.request).cutoffs,
        )
        return context


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    if request.user.has_perm("inventory.change_project"):
        panels.append(ReviewPanel(request))
