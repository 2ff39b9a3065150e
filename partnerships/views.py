"""The list views behind the partner and story index pages."""

import functools

from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django_countries import countries
from taggit.models import Tag

from partnerships.cache import memoize, private_pages_q
from partnerships.filters import PartnerFilterSet, StoryFilterSet
from partnerships.maps import home_place, locator_map
from partnerships.pagination import NearerEndPaginator
from partnerships.pictures import LIST_CARD_PICTURE, prefetch_renditions


def partner_index(request, page):
    partners = page.partners(private_pages_q(request))
    present = sorted(set(partners.values_list("country", flat=True)))
    filterset = PartnerFilterSet(
        request.GET,
        queryset=partners,
        choices={
            "country": [(code, countries.name(code)) for code in present],
            "status": partners.model.Status.choices,
            "relationship": partners.model.Relationship.choices,
        },
    )
    partners = list(
        filterset.qs.prefetch_related(
            prefetch_renditions("image__renditions", LIST_CARD_PICTURE)
        )
    )
    places = tuple((p.title, p.latitude, p.longitude) for p in partners)
    context = page.get_context(request)
    context.update(
        {
            "form": filterset.form,
            "filter_errors": filterset.ignored,
            "partners": partners,
            "map": map_figure(places),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def map_figure(places):
    """The partner map of ``places`` (label, latitude, longitude) as HTML, or ""."""
    return _map_figure(places, home_place(), translation.get_language())


@functools.lru_cache(maxsize=64)
def _map_figure(places, home, language):
    # A pure function of its arguments and of the code (outlines, template), so
    # each worker draws a set of places once: clipping the country outlines to the
    # frame and writing their paths is most of a partner list's time.
    drawn = locator_map(places, home)
    if drawn is None:
        return ""
    return render_to_string("partnerships/includes/locator_map.html", {"map": drawn})


def story_index(request, page):
    private = private_pages_q(request)
    stories = page.stories(private)

    def build():
        tags = Tag.objects.filter(
            partnerships_storytag_items__content_object__in=stories
        ).distinct()
        years = sorted(
            set(
                stories.annotate(year=ExtractYear("date")).values_list(
                    "year", flat=True
                )
            ),
            reverse=True,
        )
        return {
            "kind": list(stories.model.Kind.choices),
            "partner": [(str(p.pk), p.title) for p in page.partner_options(private)],
            "tag": [(tag.slug, tag.name) for tag in tags],
            "year": [(str(year), str(year)) for year in years],
        }

    filterset = StoryFilterSet(
        request.GET,
        queryset=stories,
        # The same for every visitor until the next change: kept with the pages.
        choices=memoize(request, "story-filter-choices", build, page.pk),
    )
    stories = filterset.qs.select_related("image").prefetch_related(
        prefetch_renditions("image__renditions", LIST_CARD_PICTURE)
    )
    context = list_context(request, page, filterset, stories, "stories")
    return TemplateResponse(request, page.get_template(request), context)


def list_context(request, page, filterset, items, name):
    """The context of an index page's filtered list: the filter form, the filters
    it ignored, one page of ``items`` (as ``name``) and the query string that the
    pagination links keep."""
    page_obj = NearerEndPaginator(items, page.per_page).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = page.get_context(request)
    context.update(
        {
            "form": filterset.form,
            "filter_errors": filterset.ignored,
            "page_obj": page_obj,
            name: page_obj.object_list,
            "filter_query": query.urlencode(),
        }
    )
    return context
