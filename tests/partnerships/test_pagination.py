"""The list pages' paginator: a page nearer the end is read from the end."""

import pytest
from django.core.paginator import Paginator, UnorderedObjectListWarning
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from partnerships.pagination import NearerEndPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags():
    Tag.objects.bulk_create(
        Tag(name=f"tagg {n:02}", slug=f"tagg-{n:02}") for n in range(25)
    )
    return Tag.objects.order_by("-name")


@pytest.mark.parametrize("orphans", [0, 2])
def test_every_page_has_the_rows_django_s_paginator_gives(tags, orphans):
    ours = NearerEndPaginator(tags, 4, orphans=orphans)
    django = Paginator(tags, 4, orphans=orphans)
    assert ours.num_pages == django.num_pages
    for number in ours.page_range:
        assert list(ours.page(number)) == list(django.page(number)), number


def test_the_last_page_skips_no_rows(tags):
    paginator = NearerEndPaginator(tags, 4)
    paginator.count  # noqa: B018 (counted before, as a list page does)
    with CaptureQueriesContext(connection) as queries:
        last = list(paginator.page(paginator.num_pages))
    assert [tag.name for tag in last] == ["tagg 00"]
    (query,) = queries.captured_queries
    assert "OFFSET" not in query["sql"].upper()


def test_a_list_or_an_unordered_queryset_is_sliced_as_django_slices_it(tags):
    names = [tag.name for tag in tags]
    assert list(NearerEndPaginator(names, 4).page(7)) == ["tagg 00"]
    with pytest.warns(UnorderedObjectListWarning):
        paginator = NearerEndPaginator(Tag.objects.order_by(), 4)
    with CaptureQueriesContext(connection) as queries:
        assert len(paginator.page(7)) == 1
    assert "OFFSET 24" in queries.captured_queries[-1]["sql"].upper()
