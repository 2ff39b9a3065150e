"""The triage admin: interest submissions and the disposal log."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from inventory.ids import IdChoiceFilter
from inventory.interest.models import DisposalLog, InterestSubmission
from inventory.interest.pages import InterestFormPage
from inventory.spreadsheets import SafeSpreadsheetExportMixin


class InterestSubmissionFilterSet(WagtailFilterSet):
    page = IdChoiceFilter(label=_("form"), queryset=InterestFormPage.objects.all())

    class Meta:
        model = InterestSubmission
        fields = ["status", "organisation_type", "language", "page"]


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
