"""Data built once for consecutive tests that only read it (see ``tests/conftest.py``).

Building a scenario (the demo site, a module's catalogue of projects) takes seconds,
and many tests read it. So it is built for a run of consecutive tests that ask for it,
inside an outer transaction; each test runs in a savepoint within it (pytest-django's
own per-test transaction), so every test still starts from the freshly built data and
nothing one test writes reaches the next. The outer transaction is rolled back before
the first test that does not want that data. The conftest's hooks call these.
"""

import copy
import sys

import pytest
from django.core.cache import caches
from django.db import transaction

state = {}  # the open outer transaction: key, atomic, blocker and values


def built_once(builder):
    """A fixture of what ``builder()`` builds, built once for consecutive tests.

    ``builder`` is a plain function: the ORM and the builders (``tests.builders``,
    ``tests.inventory.builders``), no fixtures. The tests that ask for the fixture
    (in any module) run together and share one build; each gets its own copy of the
    returned objects. A transactional test cannot run inside the shared transaction,
    so it builds its own.
    """

    def fixture(db):
        if builder not in state.get("values", {}):
            return builder()  # a transactional test
        return copy.deepcopy(state["values"][builder])

    fixture.__doc__ = builder.__doc__
    fixture.built_once = builder
    return pytest.fixture(fixture, name=builder.__name__)


def builders_for(item):
    """The builders of the ``built_once`` fixtures a test asks for, if it can share
    them (a transactional test cannot)."""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    if "transactional_db" in names or (
        marker is not None and marker.kwargs.get("transaction", False)
    ):
        return ()
    info = getattr(item, "_fixtureinfo", None)
    found = []
    for name in names:
        for definition in info.name2fixturedefs.get(name, ())[-1:] if info else ():
            builder = getattr(definition.func, "built_once", None)
            if builder is not None:
                found.append(builder)
    return tuple(sorted(found, key=lambda builder: builder.__qualname__))


def clear_caches():
    # Wagtail keeps the site root paths here; a test that moves a site with
    # ``update()`` would otherwise leave the next test with stale (None) URLs.
    caches["default"].clear()
    caches["pages"].clear()


def open_for(wanted, blocker):
    """Open the outer transaction and build what ``wanted`` builds in it."""
    with blocker.unblock():
        clear_caches()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            values = {builder: builder() for builder in wanted}
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(*sys.exc_info())
            clear_caches()
            raise
    state.update(key=wanted, atomic=atomic, blocker=blocker, values=values)


def close():
    """Roll back the outer transaction, if one is open."""
    if "atomic" not in state:
        return
    atomic, blocker = state["atomic"], state["blocker"]
    state.clear()
    with blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        clear_caches()
