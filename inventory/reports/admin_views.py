"""Admin views for tertial and year-end reports: show, export and publish."""

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
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from inventory.reports.figures import (
    build_report,
    report_csv,
    report_tables,
    report_xlsx,
)
from inventory.reports.models import ReportingSettings, ReportSnapshot
from inventory.reports.periods import KIND_LABELS, MAX_YEAR, MIN_YEAR, ReportingPeriod

VIEW_PERMISSION = "inventory.view_reportsnapshot"
PUBLISH_PERMISSION = "inventory.publish_reportsnapshot"
# Periods in admin URLs: /admin/reports/t1/, /t2/, /b/.
URL_KINDS = {"t1": "T1", "t2": "T2", "b": "B"}
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


class ReportView(ReportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "inventory/reports/admin/report.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return _("Reports")

    def get_page_subtitle(self):
        return KIND_LABELS[URL_KINDS[self.kind]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, period = self.get_period(self.request.GET)
        context.update({"form": form, "period": period, "kind": self.kind})
        if period is None:
            return context
        snapshot = ReportSnapshot.objects.filter(
            locale=self.locale, period_key=period.key
        ).first()
        data = snapshot.data if snapshot else build_report(period, self.locale)
        context.update(
            {
                "label": data["period"]["label"],
                "snapshot": snapshot,
                "tables": report_tables(data),
                "complete": period.is_complete(self.today),
                "can_publish": self.request.user.has_perm(PUBLISH_PERMISSION),
                "exports": [
                    (
                        label,
                        reverse("inventory_reports:export", args=[self.kind, fmt])
                        + f"?year={period.year}",
                    )
                    for fmt, label in (("xlsx", _("Excel (XLSX)")), ("csv", "CSV"))
                ],
            }
        )
        return context


class ExportView(ReportMixin, View):
    def get(self, request, kind, fmt):
        if fmt not in EXPORT_TYPES:
            raise Http404
        _form, period = self.get_period(request.GET)
        if period is None:
            raise Http404
        snapshot = ReportSnapshot.objects.filter(
            locale=self.locale, period_key=period.key
        ).first()
        data = snapshot.data if snapshot else build_report(period, self.locale)
        body = report_csv(data) if fmt == "csv" else report_xlsx(data)
        response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
        filename = f"rapport-{period.key}.{fmt}"
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
