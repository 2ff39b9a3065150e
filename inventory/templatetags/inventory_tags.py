"""Template tags of the inventory's pages."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


def _day(day):
    return format_html(
        '<time datetime="{}">{}</time>',
        day.isoformat(),
        date_format(day, "SHORT_DATE_FORMAT"),
    )


@register.filter
def period(project):
    """``{{ project|period }}``: its start and end dates as ``<time>`` elements, an
    unknown start as "…" (written in Python: every row of the list shows one)."""
    start = _day(project.start_date) if project.start_date else "…"
    end = _day(project.end_date) if project.end_date else ""
    return format_html("{}–{}", start, end)


@register.simple_tag(takes_context=True)
def project_url(context, index_page, project):
    """``{% project_url page project %}``: the address of a project's page under its
    project index page (``ProjectIndexPage.project_url``, the one rule for it)."""
    return index_page.project_url(project, context.get("request"))
