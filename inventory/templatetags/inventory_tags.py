"""Template tags of the inventory's pages."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def project_url(context, index_page, project):
    """``{% project_url page project %}``: the address of a project's page under its
    project index page (``ProjectIndexPage.project_url``, the one rule for it)."""
    return index_page.project_url(project, context.get("request"))
