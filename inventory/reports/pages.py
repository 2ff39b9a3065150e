"""The published reports under the project index page: ``rapporter/`` in Swedish,
``reports/`` in English (the path is translated, as the search page's is)."""

import datetime

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.routable_page.models import path, re_path

from inventory.reports.document import DOCX_TYPE, organisation_name, report_docx
from inventory.reports.figures import (
    FILE_SUFFIXES,
    report_csv,
    report_sectors,
    report_tables,
    report_xlsx,
)
from inventory.reports.models import ReportSnapshot
from inventory.reports.periods import PeriodError, ReportingPeriod

# The reports' path segment in the active language. Django compiles and reverses
# a lazily translated route once per language, and so does a routable page's
# resolver (Django's URLResolver under Wagtail's RoutablePageMixin).
REPORTS_PATH = pgettext_lazy("URL path", "reports/")
# Where the reports were in every language before their path was translated.
OLD_REPORTS_PATH = "rapporter/"


class PublishedReportsMixin:
    """Routes of a RoutablePageMixin page that show the reports published in its
    language, frozen as they were published."""

    @path(REPORTS_PATH, name="reports")
    def report_list_route(self, request):
        return report_list(request, self)

    @path(format_lazy("{}<str:key>/", REPORTS_PATH), name="report")
    def report_route(self, request, key):
        return report_detail(request, self, key)

    @path(format_lazy("{}<str:key>/<str:fmt>/", REPORTS_PATH), name="report_file")
    def report_file_route(self, request, key, fmt):
        return report_file(request, self, key, fmt)

    # Reached only in a language whose path is not the old one (the routes above
    # come first): the reports' old address there moves for good to the new one.
    @re_path(rf"^{OLD_REPORTS_PATH}(?P<rest>(?:[-\w]+/){{0,2}})$", name="reports_moved")
    def reports_moved_route(self, request, rest):
        if str(REPORTS_PATH) == OLD_REPORTS_PATH:
            raise Http404
        target = self.url + self.reverse_subpage("reports") + rest
        if request.META.get("QUERY_STRING"):
            target += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(target)

    def localized_subpage(self, request, other):
        """The sub-path under ``other`` (this page in another language, which
        is active) of the report ``request`` shows here, and "report" when that
        report is not published there (the sub-path is then the list's); None for
        any other view."""
        match = getattr(request, "routable_resolver_match", None)
        if match is None or match.url_name not in ("report", "report_file"):
            return None
        try:
            period = ReportingPeriod.parse(match.kwargs["key"])
        except PeriodError:
            return other.reverse_subpage("reports"), "report"
        published = ReportSnapshot.objects.filter(
            locale_id=other.locale_id, period_key=period.key
        ).exists()
        if not published:
            return other.reverse_subpage("reports"), "report"
        kwargs = {**match.kwargs, "key": period.slug}
        return other.reverse_subpage(match.url_name, kwargs=kwargs), ""

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


# The files a published report can be downloaded as: (content type, label).
FILES = {
    "docx": (DOCX_TYPE, _("Word (DOCX)")),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _("Excel (XLSX)"),
    ),
    "csv": ("text/csv; charset=utf-8", "CSV"),
    "excel-csv": ("text/csv; charset=utf-8", _("CSV for Excel (semicolon)")),
}


def _snapshot(page, key, *subpage):
    """The published report for ``key`` in the page's language, or a redirect to
    its address in lower case; 404 if there is none."""
    try:
        period = ReportingPeriod.parse(key)
    except PeriodError as exc:
        raise Http404 from exc
    if key != period.slug:
        name = "report_file" if subpage else "report"
        return redirect(
            page.url + page.reverse_subpage(name, args=[period.slug, *subpage])
        )
    return get_object_or_404(
        ReportSnapshot, locale_id=page.locale_id, period_key=period.key
    )


def report_detail(request, page, key):
    """One published report, exactly as it was when it was published."""
    snapshot = _snapshot(page, key)
    if not isinstance(snapshot, ReportSnapshot):
        return snapshot
    context = page.get_context(request)
    context.update(
        {
            "report": snapshot,
            "data": snapshot.data,
            "start": datetime.date.fromisoformat(snapshot.data["period"]["start"]),
            "end": datetime.date.fromisoformat(snapshot.data["period"]["end"]),
            "tables": report_tables(snapshot.data),
            "sectors": report_sectors(snapshot.data),
            "files": [(fmt, label) for fmt, (_type, label) in FILES.items()],
        }
    )
    return TemplateResponse(request, "inventory/reports/report_detail.html", context)


def report_file(request, page, key, fmt):
    """A published report as a file, in the page's language: the DOCX goes on the
    board's agenda."""
    if fmt not in FILES:
        raise Http404
    snapshot = _snapshot(page, key, fmt)
    if not isinstance(snapshot, ReportSnapshot):
        return snapshot
    if fmt == "docx":
        body = report_docx(
            snapshot.data, organisation_name(request), snapshot.published_at
        )
    elif fmt in ("csv", "excel-csv"):
        body = report_csv(snapshot.data, excel=fmt == "excel-csv")
    else:
        body = report_xlsx(snapshot.data)
    response = HttpResponse(body, content_type=FILES[fmt][0])
    response["Content-Disposition"] = (
        f'attachment; filename="rapport-{snapshot.period_key}{FILE_SUFFIXES[fmt]}"'
    )
    return response
