"""The site search's view of the published reports."""

from django.db.models.fields.json import KT
from wagtail.search.backends import get_search_backend

from inventory.reports.models import ReportSnapshot


def matching_reports(index_page, query, request=None):
    """The reports published under ``index_page`` (a page with
    ``PublishedReportsMixin``) that match ``query``, best match first, each with
    ``title`` and ``url``.

    All of them, from one query: a language has three reports a year. The frozen
    figures are not read, only the title."""
    results = get_search_backend().search(
        query,
        ReportSnapshot.objects.filter(locale_id=index_page.locale_id)
        .annotate(title=KT("data__period__label"))
        .defer("data"),
    )
    reports = list(results)
    for report in reports:
        report.url = index_page.get_url(request) + index_page.reverse_subpage(
            "report", kwargs={"key": report.period_slug}
        )
    return reports
