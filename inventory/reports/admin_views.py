"""Admin views for tertial and year-end reports: show, write the units'
commentaries, export and publish."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from inventory.projects.models import OrganisationalUnit, Project
from inventory.reports.document import DOCX_TYPE, organisation_name, report_docx
from inventory.reports.figures import (
    FILE_SUFFIXES,
    build_report,
    report_csv,
    report_sectors,
    report_tables,
    report_xlsx,
)
from inventory.reports.forms import COMMENTARY_HELP, CommentaryForm
from inventory.reports.models import (
    ReportingSettings,
    ReportSnapshot,
    SectorNarrative,
)
from inventory.reports.periods import KIND_LABELS, MAX_YEAR, MIN_YEAR, ReportingPeriod

VIEW_PERMISSION = "inventory.view_reportsnapshot"
PUBLISH_PERMISSION = "inventory.publish_reportsnapshot"
# Periods in admin URLs: /admin/reports/t1/, /t2/, /b/.
URL_KINDS = {"t1": "T1", "t2": "T2", "b": "B"}
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "excel-csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": DOCX_TYPE,
}
EXPORT_LABELS = (
    ("docx", _("Word (DOCX)")),
    ("xlsx", _("Excel (XLSX)")),
    ("csv", "CSV"),
    ("excel-csv", _("CSV for Excel (semicolon)")),
)


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )


class ReportMixin:
    """Resolves the period from the URL's kind and the ``year`` parameter."""

    permission = VIEW_PERMISSION

    def dispatch(self, request, kind, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        if kind not in URL_KINDS:
            raise Http404
        self.kind = kind
        self.today = timezone.localdate()
        self.cutoffs = ReportingSettings.load(request_or_site=request).cutoffs
        self.locale = Locale.get_default()
        return super().dispatch(request, kind, *args, **kwargs)

    def get_period(self, data):
        """The period asked for, or None with the form's errors."""
        form = YearForm(data)
        if not form.is_valid():
            return form, None
        year = form.cleaned_data["year"] or self.today.year
        period = ReportingPeriod(year, URL_KINDS[self.kind], self.cutoffs)
        if not period.has_started(self.today):
            form.add_error("year", _("This period has not started yet."))
            return form, None
        return form, period

    def report_url(self, period=None):
        url = reverse("inventory_reports:report", args=[self.kind])
        return f"{url}?year={period.year}" if period else url

    def get_snapshot(self, period):
        return ReportSnapshot.objects.filter(
            locale=self.locale, period_key=period.key
        ).first()


def commentary_units(locale):
    """(unit, label) for each unit of ``locale`` and, after it, the same unit in
    each other language: the commentary can be written in every language the
    report is published in."""
    units = list(OrganisationalUnit.objects.filter(locale=locale))
    translations = {}
    for unit in (
        OrganisationalUnit.objects.filter(
            translation_key__in=[unit.translation_key for unit in units]
        )
        .exclude(locale=locale)
        .select_related("locale")
        .order_by("locale__language_code")
    ):
        translations.setdefault(unit.translation_key, []).append(unit)
    return [
        (
            unit,
            [(unit, _("Commentary"))]
            + [
                (
                    other,
                    _("Commentary (%(language)s)")
                    % {"language": other.locale.get_display_name()},
                )
                for other in translations.get(unit.translation_key, [])
            ],
        )
        for unit in units
    ]


def commentary_form(period, locale, data=None):
    grouped = commentary_units(locale)
    fields = [pair for _unit, pairs in grouped for pair in pairs]
    saved = dict(
        SectorNarrative.objects.filter(
            period_key=period.key, unit__in=[unit for unit, _label in fields]
        ).values_list("unit_id", "text")
    )
    form = CommentaryForm(
        data,
        units=fields,
        initial={
            CommentaryForm.field_name(unit): saved.get(unit.pk, "")
            for unit, _label in fields
        },
    )
    form.groups = grouped
    return form


def save_commentaries(period, texts):
    """Store each unit's commentary; an emptied text box removes it."""
    for unit, text in texts.items():
        if text:
            SectorNarrative.objects.update_or_create(
                period_key=period.key, unit=unit, defaults={"text": text}
            )
        else:
            SectorNarrative.objects.filter(period_key=period.key, unit=unit).delete()


class ReportView(ReportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "inventory/reports/admin/report.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return _("Reports")

    def get_page_subtitle(self):
        return KIND_LABELS[URL_KINDS[self.kind]]

    def get_context_data(self, commentaries=None, **kwargs):
        context = super().get_context_data(**kwargs)
        form, period = self.get_period(self.request.GET)
        context.update({"form": form, "period": period, "kind": self.kind})
        if period is None:
            return context
        snapshot = self.get_snapshot(period)
        data = snapshot.data if snapshot else build_report(period, self.locale)
        can_publish = self.request.user.has_perm(PUBLISH_PERMISSION)
        context.update(
            {
                "label": data["period"]["label"],
                "snapshot": snapshot,
                "tables": report_tables(data),
                "complete": period.is_complete(self.today),
                "can_publish": can_publish,
                "report_url": self.report_url(period),
                "exports": [
                    (
                        label,
                        reverse("inventory_reports:export", args=[self.kind, fmt])
                        + f"?year={period.year}",
                    )
                    for fmt, label in EXPORT_LABELS
                ],
            }
        )
        # Until the report is published, those who publish it write the units'
        # commentaries here; afterwards the report shows what was published.
        if snapshot is None and can_publish:
            if commentaries is None:
                commentaries = commentary_form(period, self.locale)
            context["commentary_form"] = commentaries
            context["commentary_help"] = COMMENTARY_HELP
        context["sections"] = self.sections(
            data, context.get("commentary_form"), live=snapshot is None
        )
        return context

    def sections(self, data, commentaries, live):
        """Per unit: its commentary (a text box per language while it may be
        written), and its projects with, while the report is live, who reports
        each and where to edit it."""
        sectors = report_sectors(data, everything=commentaries is not None)
        ids = [project.id for sector in sectors for project in sector.projects]
        contacts, finder = {}, AdminURLFinder(self.request.user)
        if live:
            contacts = {
                project.pk: project
                for project in Project.objects.filter(pk__in=ids).only(
                    "pk", "sector_contact", "sector_contact_email"
                )
            }
        # The unit in the report's language heads the text boxes of all its
        # languages.
        groups = {
            unit.pk: [commentaries.bound_field(member) for member, _label in pairs]
            for unit, pairs in (commentaries.groups if commentaries else [])
        }
        return [
            {
                "sector": sector,
                "fields": groups.get(sector.unit_id, []),
                "projects": [
                    {
                        "project": project,
                        "contact": contacts.get(project.id),
                        "edit_url": (
                            finder.get_edit_url(contacts[project.id])
                            if project.id in contacts
                            else None
                        ),
                    }
                    for project in sector.projects
                ],
            }
            for sector in sectors
        ]

    def post(self, request, kind):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        _form, period = self.get_period(request.GET)
        if period is None:
            return redirect(self.report_url())
        if self.get_snapshot(period) is not None:
            messages.error(
                request,
                _(
                    "%(period)s has been published: its commentaries are part of "
                    "the published report and can no longer be changed."
                )
                % {"period": period.label},
            )
            return redirect(self.report_url(period))
        form = commentary_form(period, self.locale, request.POST)
        if not form.is_valid():
            messages.validation_error(
                request, _("The commentaries could not be saved."), form
            )
            return self.render_to_response(self.get_context_data(commentaries=form))
        save_commentaries(period, form.texts())
        messages.success(request, _("The commentaries have been saved."))
        return redirect(self.report_url(period) + "#units")


class ExportView(ReportMixin, View):
    def get(self, request, kind, fmt):
        if fmt not in EXPORT_TYPES:
            raise Http404
        _form, period = self.get_period(request.GET)
        if period is None:
            raise Http404
        snapshot = self.get_snapshot(period)
        data = snapshot.data if snapshot else build_report(period, self.locale)
        if fmt == "docx":
            body = report_docx(
                data,
                organisation_name(request),
                snapshot.published_at if snapshot else None,
            )
        elif fmt in ("csv", "excel-csv"):
            body = report_csv(data, excel=fmt == "excel-csv")
        else:
            body = report_xlsx(data)
        response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
        filename = f"rapport-{period.key}{FILE_SUFFIXES[fmt]}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class PublishView(ReportMixin, View):
    """Freeze the period's report, in every language, as it stands now.

    A published report is what went to the committee and the board, so it is
    never replaced: a second publish of the same period is refused.
    """

    permission = PUBLISH_PERMISSION

    def post(self, request, kind):
        form, period = self.get_period(request.POST)
        if period is None:
            for error in form.errors.get("year", []):
                messages.error(request, error)
            return redirect(self.report_url())
        if not period.is_complete(self.today):
            messages.error(
                request,
                _("%(period)s cannot be published before the period has ended.")
                % {"period": period.label},
            )
            return redirect(self.report_url(period))
        existing = ReportSnapshot.objects.filter(period_key=period.key).first()
        if existing is None:
            try:
                with transaction.atomic():
                    self.publish(period, request.user)
            except IntegrityError:
                existing = ReportSnapshot.objects.filter(period_key=period.key).first()
        if existing is not None:
            messages.error(
                request,
                _(
                    "%(period)s was already published on %(date)s. A published "
                    "report is a record of what was reported and is not replaced."
                )
                % {
                    "period": period.label,
                    "date": timezone.localtime(existing.published_at).date(),
                },
            )
        else:
            messages.success(
                request,
                _("%(period)s has been published on the website.")
                % {"period": period.label},
            )
        return redirect(self.report_url(period))

    def publish(self, period, user):
        now = timezone.now()
        for locale in Locale.objects.all():
            ReportSnapshot.objects.create(
                period_key=period.key,
                period_end=period.end,
                locale=locale,
                data=build_report(period, locale),
                published_by=user,
                published_at=now,
            )
