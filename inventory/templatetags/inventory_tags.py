"""Template tags of the inventory's pages."""

import datetime
import functools

from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import pgettext

register = template.Library()


def _month(day):
    """``day`` as a ``<time>`` element with its date, showing its month and year in
    words ("augusti 2025", "August 2025")."""
    return format_html(
        '<time datetime="{}">{}</time>',
        day.isoformat(),
        _month_in_words(day.year, day.month, translation.get_language()),
    )


@functools.lru_cache(maxsize=1024)
def _month_in_words(year, month, language):
    # Django's date_format reads the format and the month's name anew each time:
    # a list page writes forty of them.
    return date_format(
        datetime.date(year, month, 1), pgettext("month and year format", "F Y")
    )


@register.filter
def period(project):
    """``{{ project|period }}``: its start and end as months in words, "August
    2025 – June 2027", each a ``<time>`` element with the exact date (written in
    Python: every row of the list shows one)."""
    start, end = project.start_date, project.end_date
    if start and end:
        return format_html("{} – {}", _month(start), _month(end))
    if start:
        return format_html(
            pgettext("project period", "from {start}"), start=_month(start)
        )
    if end:
        return format_html(pgettext("project period", "until {end}"), end=_month(end))
    return "–"


@register.simple_tag(takes_context=True)
def project_url(context, index_page, project):
    """``{% project_url page project %}``: the address of a project's page under its
    project index page (``ProjectIndexPage.project_url``, the one rule for it)."""
    return index_page.project_url(project, context.get("request"))
