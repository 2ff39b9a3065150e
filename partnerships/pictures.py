"""The renditions a {% picture %} tag renders, so that a list can fetch exactly those
for all its images in one query (an image has a rendition for every size and format
any page asks of it; a list needs a few)."""

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter

# The cards of the partner and story lists, as their templates' {% picture %} tags
# name them.
LIST_CARD_PICTURE = "format-{avif,webp,jpeg} fill-{400x250,800x500}"


def picture_specs(pattern):
    """The filter specs a {% picture %} tag with ``pattern`` renders."""
    return Filter.expand_spec(pattern)


def with_renditions(*patterns):
    """The renditions ``patterns`` name, to prefetch for images."""
    rendition_model = get_image_model().get_rendition_model()
    specs = [spec for pattern in patterns for spec in picture_specs(pattern)]
    return rendition_model.objects.filter(filter_spec__in=specs)


def prefetch_renditions(lookup, *patterns):
    """A ``Prefetch`` of the renditions ``patterns`` name at ``lookup`` (e.g.
    "image__renditions")."""
    return Prefetch(lookup, queryset=with_renditions(*patterns))
