"""The triage admin: interest submissions and the disposal log."""

import datetime

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from inventory.ids import IdChoiceFilter
from inventory.interest.admin_display import (
    LocalTimeColumn,
    OpenColumn,
    ShownColumn,
    ShownFieldPanel,
    shown,
)
from inventory.interest.models import DisposalLog, InterestSubmission
from inventory.interest.pages import InterestFormPage
from inventory.spreadsheets import SafeSpreadsheetExportMixin


class InterestSubmissionFilterSet(WagtailFilterSet):
    page = IdChoiceFilter(label=_("Form"), queryset=InterestFormPage.objects.all())
    handled_by = django_filters.ChoiceFilter(
        label=capfirst(_("handled by")),
        choices=[("me", _("Mine"))],
        empty_label=_("All"),
        method="filter_handled_by",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = InterestSubmission
        fields = ["status", "organisation_type", "language", "page"]

    def filter_handled_by(self, queryset, name, value):
        """The submissions this user handled last ("Mine")."""
        return queryset.filter(handled_by=self.request.user) if value else queryset


class ReceivedOnlyPolicy(ModelPermissionPolicy):
    """Records that arrive from outside: no one adds them in the admin."""

    def __init__(self, model, allowed):
        super().__init__(model)
        self.allowed = allowed

    def user_has_permission(self, user, action):
        return action in self.allowed and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


submission_policy = ReceivedOnlyPolicy(InterestSubmission, {"view", "change", "delete"})
register_permission_policy(InterestSubmission, submission_policy)
register_permission_policy(DisposalLog, ReceivedOnlyPolicy(DisposalLog, {"view"}))


def _local_time(value):
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


class InterestSubmissionIndexView(SafeSpreadsheetExportMixin, generic.IndexView):
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

    @cached_property
    def columns(self):
        # The reference opens the submission (the inspect view); changing its
        # status is "Edit" in the row's menu. An empty cell shows a dash.
        reference, *others = super().columns
        return [
            OpenColumn(
                reference.name,
                label=reference.label,
                sort_key=reference.sort_key,
                view=self,
            ),
            *(
                ShownColumn.like(column) if type(column) is Column else column
                for column in others
            ),
        ]


class ShownInspectView(generic.InspectView):
    """Values in the admin's language and local time (see ``admin_display``)."""

    def get_field_display_value(self, field_name, field):
        if field is not None and field.many_to_many:
            return shown(getattr(self.object, field_name))
        return shown(super().get_field_display_value(field_name, field))


class InterestSubmissionEditView(generic.EditView):
    def save_instance(self):
        self.form.instance.handled_by = self.request.user
        return super().save_instance()

    def get_success_message(self):
        # Wagtail's own, "%(model_name)s '%(object)s' updated.", names the model
        # twice, since a submission's name starts with it.
        values = {
            "reference": self.object.reference,
            "status": self.object.get_status_display(),
        }
        if "status" in self.form.changed_data:
            return (
                gettext(
                    "Interest submission %(reference)s is now marked as %(status)s."
                )
                % values
            )
        return gettext("Interest submission %(reference)s saved.") % values


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
    inspect_view_class = ShownInspectView
    icon = "mail"
    menu_label = _("Submissions")
    url_prefix = "interest/submissions"
    name = "interest_submissions"
    list_display = [
        "reference",
        "organisation_name",
        "organisation_type",
        "project_title",
        "status",
        LocalTimeColumn("created_at", label=_("Received"), sort_key="created_at"),
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
        "receipt_sent_at",
        "receipt_error",
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
            [ShownFieldPanel(name) for name in ["created_at", *_SUBMITTED]],
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
    inspect_view_class = ShownInspectView
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


class NewSubmissionsPanel(Component):
    """Dashboard: the newest submissions no one has handled yet, and how many."""

    name = "inventory-new-submissions"
    template_name = "inventory/interest/admin/new_submissions_panel.html"
    order = 105
    limit = 5

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = InterestSubmission.objects.filter(
            status=InterestSubmission.Status.NEW
        ).order_by("-created_at", "-pk")
        context["submissions"] = list(waiting[: self.limit])
        context["total"] = (
            waiting.count()
            if len(context["submissions"]) == self.limit
            else len(context["submissions"])
        )
        context["list_url"] = (
            reverse("interest_submissions:index")
            + f"?status={InterestSubmission.Status.NEW}"
        )
        return context


@hooks.register("construct_homepage_panels")
def add_new_submissions_panel(request, panels):
    if submission_policy.user_has_permission(request.user, "change"):
        panels.append(NewSubmissionsPanel())


# --- Reports -------------------------------------------------------------------------
