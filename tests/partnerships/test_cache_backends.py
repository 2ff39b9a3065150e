"""The page cache's file backend: Django's, writing without listing the directory
on every write."""

from django.core.cache.backends.filebased import FileBasedCache as DjangoFileCache

from partnerships.cache_backends import FileBasedCache


def cache_in(path, **options):
    return FileBasedCache(str(path), {"OPTIONS": options})


def test_what_it_writes_django_s_own_backend_reads(tmp_path):
    cache = cache_in(tmp_path)
    page = {"headers": [("Content-Type", "text/html")], "content": b"<p>sida</p>" * 500}
    cache.set("sida", page, 60)
    assert cache.get("sida") == page
    assert DjangoFileCache(str(tmp_path), {}).get("sida") == page


def test_most_writes_do_not_list_the_directory(tmp_path, monkeypatch):
    cache = cache_in(tmp_path)
    listings = []
    original = cache._list_cache_files
    monkeypatch.setattr(
        cache, "_list_cache_files", lambda: listings.append(1) or original()
    )
    for number in range(320):
        cache.set(f"sida-{number}", number, 60)
    assert 0 < len(listings) < 40
    assert cache.get("sida-319") == 319


def test_it_still_drops_entries_past_its_limit(tmp_path):
    cache = cache_in(tmp_path, MAX_ENTRIES=50, CULL_FREQUENCY=2)
    for number in range(2000):
        cache.set(f"sida-{number}", number, 60)
    kept = len(cache._list_cache_files())
    # One write in CULL_EVERY checks: past the limit, 12 × CULL_EVERY writes in a
    # row without a check happen once in 200,000 runs.
    assert kept <= 50 + 12 * FileBasedCache.CULL_EVERY
