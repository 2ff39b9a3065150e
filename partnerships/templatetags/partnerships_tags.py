"""Template tags of the partnerships app's pages."""

from django import template
from django.template.loader import render_to_string
from django.utils.http import urlencode

from partnerships.cache import memoize

register = template.Library()


@register.simple_tag(takes_context=True)
def filter_form(context, form, action):
    """``{% filter_form form action %}``: a list's filter form, with the filters it
    ignored. Its HTML follows from the filters asked for alone (the choices come
    from the same content scope), so it is rendered once per filters, language
    and scope and kept with the page cache: every page of a list repeats it."""
    request = context.get("request")
    asked = []
    if form.is_bound:
        asked = sorted(
            (name, value) for name in form.fields for value in form.data.getlist(name)
        )

    def build():
        return render_to_string(
            "partnerships/includes/filter_form.html",
            {"form": form, "action": action, "filter_errors": form.errors},
            request=request,
        )

    return memoize(request, "filter-form", build, action, urlencode(asked))
