"""Template tags of the partnerships app's pages."""

import datetime
from collections import Counter

from django import template
from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import pgettext_lazy
from taggit.models import Tag

from partnerships.cache import keep_fragment, memoize

register = template.Library()

# The apps' own date formats, by the name of Django's format they stand for: a
# host whose language has no format module of its own (Django's "en" is American,
# "Dec. 5, 2019") still shows "5 December 2019". Translators give each language's
# form (Swedish "5 december 2019", short "2019-12-05").
DATE_FORMATS = {
    "DATE_FORMAT": pgettext_lazy("date format", "j F Y"),
    "DATETIME_FORMAT": pgettext_lazy("date and time format", "j F Y, H:i"),
    "SHORT_DATE_FORMAT": pgettext_lazy("short date format", "j M Y"),
    "SHORT_DATETIME_FORMAT": pgettext_lazy("short date and time format", "j M Y, H:i"),
    "YEAR_MONTH_FORMAT": pgettext_lazy("month and year format", "F Y"),
    "MONTH_DAY_FORMAT": pgettext_lazy("day and month format", "j F"),
}


@register.filter(expects_localtime=True)
def in_words(value, format_name="DATE_FORMAT"):
    """``{{ value|in_words }}``: a date (or a time's date) written out in the active
    language, "5 December 2019" or "5 december 2019"; ``|in_words:"YEAR_MONTH_FORMAT"``
    and the other names of Django's formats give the apps' form of those, and any
    other argument is a format of its own ("Y")."""
    if value in (None, ""):
        return ""
    return date_format(value, str(DATE_FORMATS.get(format_name, format_name)))


@register.filter
def machine_date(value):
    """``<time datetime="{{ value|machine_date }}">``: a date as ``2019-12-05``, a
    time as ``2019-12-05T14:30:00+01:00`` in the site's time zone. Never with
    microseconds, which HTML's time element does not take."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


class InLanguage(str):
    """A text in another language than the page's, which a template marks with
    ``lang`` (``option.label.lang`` in the filters' select widget)."""

    lang = ""


# The tagged items of each page type with tags, as the tag's related query names.
TAGGED_ITEMS = (
    "partnerships_storytag_items",
    "partnerships_partnercooperationarea_items",
)


def tag_languages(request):
    """The language of each tag, by slug, that the pages of the default language
    carry (the stories' tags, the partners' cooperation areas). Tags are one
    vocabulary for every language, so a tag written for the Swedish pages shows
    on their English translations too, and is marked as Swedish there."""

    def build():
        default = settings.LANGUAGE_CODE
        carried = Q()
        for items in TAGGED_ITEMS:
            carried |= Q(**{f"{items}__content_object__locale__language_code": default})
        slugs = Tag.objects.filter(carried).values_list("slug", flat=True).distinct()
        return dict.fromkeys(slugs, default)

    # Asked once per tag shown: kept on the request too, for when there is no page
    # cache (a preview, a logged-in editor).
    languages = getattr(request, "_vanort_tag_languages", None)
    if languages is None:
        languages = memoize(request, "tag-languages", build)
        if request is not None:
            request._vanort_tag_languages = languages
    return languages


def _foreign_language(request, tag_slug):
    language = tag_languages(request).get(tag_slug, "")
    return language if language != translation.get_language() else ""


@register.simple_tag(takes_context=True)
def tag_lang(context, tag):
    """``<a{% tag_lang tag %}>``: ` lang="sv"` for a Swedish tag on a page in
    another language, else nothing."""
    language = _foreign_language(context.get("request"), tag.slug)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag(takes_context=True)
def filter_form(context, form, action, tags=""):
    """``{% filter_form form action %}``: a list's filter form, with the filters it
    ignored. Its HTML follows from the filters asked for alone (the choices come
    from the same content scope), so it is rendered once per filters, language
    and scope and kept with the page cache: every page of a list repeats it.

    ``tags="tag"`` names the filter whose values are tag slugs: a tag in another
    language than the page's is marked with its own."""
    request = context.get("request")
    asked = []
    if form.is_bound:
        asked = sorted(
            (name, value) for name in form.fields for value in form.data.getlist(name)
        )

    def build():
        field = form.fields.get(tags) if tags else None
        if field is not None:
            # django-filter's choices iterate with the empty choice first: the
            # choices given are under it.
            given = getattr(field.choices, "choices", field.choices)
            field.choices = [
                (value, _in_language(label, _foreign_language(request, value)))
                for value, label in given
            ]
        return render_to_string(
            "partnerships/includes/filter_form.html",
            {"form": form, "action": action, "filter_errors": form.errors},
            request=request,
        )

    return memoize(request, "filter-form", build, action, urlencode(asked))


def _in_language(label, language):
    if not language:
        return label
    text = InLanguage(label)
    text.lang = language
    return text


class KeptNode(template.Node):
    def __init__(self, nodelist, place, values):
        self.nodelist = nodelist
        self.place = place
        self.values = values

    def render(self, context):
        values = [value.resolve(context) for value in self.values]
        return keep_fragment(
            context.get("request"),
            (*self.place, *values),
            lambda: self.nodelist.render(context),
        )


@register.tag
def kept(parser, token):
    """``{% kept value ... %}…{% endkept %}``: the block as it was written for the
    same values, in this place of this template, under the page cache's scope
    (``partnerships.cache.keep_fragment``). The values must name everything the
    block shows that the content does not (a card's picture: its image)."""
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    # The place: the template, the line, and which {% kept %} of that line.
    origin = getattr(parser, "origin", None)
    line = (getattr(origin, "name", ""), token.lineno)
    seen = parser.extra_data.setdefault("kept", Counter())
    seen[line] += 1
    return KeptNode(nodelist, (*line, seen[line]), values)
