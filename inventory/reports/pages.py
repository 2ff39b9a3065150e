"""The published reports under the project index page (``rapporter/``)."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import path

from inventory.reports.figures import report_tables
from inventory.reports.models import ReportSnapshot
from inventory.reports.periods import PeriodError, ReportingPeriod


class PublishedReportsMixin:
    """Routes of a RoutablePageMixin page that show the reports published in its
    language, frozen as they were published."""

    @path("rapporter/", name="reports")
    def report_list_route(self, request):
        return report_list(request, self)

    @path("rapporter/<str:key>/", name="report")
    def report_route(self, request, key):
        return report_detail(request, self, key)

    def report_sitemap_urls(self, base):
        """Sitemap entries for the report list and each published report."""
        urls = []
        snapshots = list(
            ReportSnapshot.objects.filter(locale_id=self.locale_id).only(
                "period_key", "published_at"
            )
        )
        if snapshots:
            urls.append(
                {
                    "location": base + self.reverse_subpage("reports"),
                    "lastmod": max(s.published_at for s in snapshots),
                }
            )
        for snapshot in snapshots:
            urls.append(
                {
                    "location": base
                    + self.reverse_subpage(
                        "report", kwargs={"key": snapshot.period_slug}
                    ),
                    "lastmod": snapshot.published_at,
                }
            )
        return urls


def report_list(request, page):
    """The published tertial and year-end reports in the page's language."""
    context = page.get_context(request)
    context["reports"] = ReportSnapshot.objects.filter(locale_id=page.locale_id)
    return TemplateResponse(request, "inventory/reports/report_list.html", context)


def report_detail(request, page, key):
    """One published report, exactly as it was when it was published."""
    try:
        period = ReportingPeriod.parse(key)
    except PeriodError as exc:
        raise Http404 from exc
    if key != period.slug:
        return redirect(page.url + page.reverse_subpage("report", args=[period.slug]))
    snapshot = get_object_or_404(
        ReportSnapshot, locale_id=page.locale_id, period_key=period.key
    )
    context = page.get_context(request)
    context.update(
        {
            "report": snapshot,
            "data": snapshot.data,
            "start": datetime.date.fromisoformat(snapshot.data["period"]["start"]),
            "end": datetime.date.fromisoformat(snapshot.data["period"]["end"]),
            "tables": report_tables(snapshot.data),
        }
    )
    return TemplateResponse(request, "inventory/reports/report_detail.html", context)
