"""The list views behind the partner and story index pages."""

from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.template.response import TemplateResponse
from django_countries import countries
from taggit.models import Tag

from partnerships.forms import PartnerFilterForm, StoryFilterForm, valid_filters
from partnerships.maps import locator_map


def partner_index(request, page):
    partners = page.partners()
    present = sorted(set(partners.values_list("country", flat=True)))
    form = PartnerFilterForm(
        request.GET, countries=[(code, countries.name(code)) for code in present]
    )
    filters, errors = valid_filters(form)
    partners = partners.filter(**filters)
    partners = list(partners.prefetch_related("image__renditions"))
    places = [(p.title, p.latitude, p.longitude) for p in partners]
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "filter_errors": errors,
            "partners": partners,
            "map": locator_map(places),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def story_index(request, page):
    stories = page.stories()
    partner_model = page.specific_class._meta.apps.get_model(
        "partnerships", "PartnerPage"
    )
    partners = partner_model.objects.live().filter(locale=page.locale).order_by("title")
    tags = Tag.objects.filter(
        partnerships_storytag_items__content_object__in=stories
    ).distinct()
    years = sorted(
        set(stories.annotate(year=ExtractYear("date")).values_list("year", flat=True)),
        reverse=True,
    )
    form = StoryFilterForm(request.GET, partners=partners, tags=tags, years=years)
    filters, errors = valid_filters(form)
    if "kind" in filters:
        stories = stories.filter(kind=filters["kind"])
    if "partner" in filters:
        stories = stories.filter(related_partners=filters["partner"])
    if "tag" in filters:
        stories = stories.filter(tags__slug=filters["tag"])
    if "year" in filters:
        stories = stories.filter(date__year=filters["year"])
    stories = stories.select_related("image").prefetch_related(
        "image__renditions", "related_partners"
    )
    page_obj = Paginator(stories, page.per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "filter_errors": errors,
            "page_obj": page_obj,
            "stories": page_obj.object_list,
            "filter_query": query.urlencode(),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)
