"""``memoize``: pieces kept under the page cache's scope, in the shared cache and
in each process."""

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from partnerships import cache as page_cache_module
from partnerships.cache import memoize


@pytest.fixture
def shared(settings):
    settings.VANORT_PAGE_CACHE = "pages"
    caches["pages"].clear()
    return caches["pages"]


def request_in(scope):
    request = RequestFactory().get("/")
    request._vanort_scope = scope
    return request


def test_a_piece_read_before_in_this_scope_needs_no_trip_to_the_shared_cache(
    shared, monkeypatch
):
    builds = []
    first = memoize(request_in("scope-1"), "menu", lambda: builds.append(1) or ["a"])
    reads = []
    original = shared.get
    monkeypatch.setattr(
        shared, "get", lambda *a, **k: reads.append(a) or original(*a, **k)
    )
    second = memoize(request_in("scope-1"), "menu", lambda: builds.append(1) or ["b"])
    assert first == second == ["a"]
    assert second is not first  # each caller gets an object of its own
    assert builds == [1] and reads == []


def test_a_new_scope_builds_the_piece_again(shared):
    assert memoize(request_in("scope-2"), "menu", lambda: "old") == "old"
    assert memoize(request_in("scope-3"), "menu", lambda: "new") == "new"
    assert memoize(request_in("scope-2"), "menu", lambda: "other") == "old"


def test_the_pieces_in_memory_stay_within_their_size(shared, monkeypatch):
    monkeypatch.setattr(page_cache_module._pieces, "limit", 10_000)
    for number in range(50):
        memoize(
            request_in("scope-4"), "big", lambda n=number: "x" * 1000 + str(n), number
        )
    assert 0 < page_cache_module._pieces.size <= 10_000
    # Dropped from memory, still in the shared cache.
    assert (
        memoize(request_in("scope-4"), "big", lambda: "rebuilt", 0) == "x" * 1000 + "0"
    )
