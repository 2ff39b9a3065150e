"""{% kept %}: a piece of a page written once per scope, language and values."""

import itertools

from django.template import engines
from django.test import RequestFactory
from django.utils import translation

TEMPLATE = engines["django"].from_string(
    "{% load partnerships_tags %}"
    "{% for value in values %}[{% kept value %}{{ value }}:{{ counter }}"
    "{% endkept %}]{% endfor %}"
)


class Counter:
    """Each time it is written, the next number."""

    def __init__(self):
        self.numbers = itertools.count(1)

    def __str__(self):
        return str(next(self.numbers))


def render(scope, values, counter, **extra):
    request = RequestFactory().get("/")
    request._vanort_scope = scope
    for name, value in extra.items():
        setattr(request, name, value)
    return TEMPLATE.render({"values": values, "counter": counter}, request)


def test_the_same_values_in_the_same_scope_are_written_once():
    counter = Counter()
    assert render("scope-a", ["a", "b", "a"], counter) == "[a:1][b:2][a:1]"
    assert render("scope-a", ["b", "c"], counter) == "[b:2][c:3]"


def test_a_new_scope_or_language_writes_them_again():
    counter = Counter()
    assert render("scope-b", ["a"], counter) == "[a:1]"
    assert render("scope-c", ["a"], counter) == "[a:2]"
    with translation.override("en"):
        assert render("scope-c", ["a"], counter) == "[a:3]"


def test_without_a_page_cache_or_in_a_preview_nothing_is_kept():
    counter = Counter()
    assert render(None, ["a", "a"], counter) == "[a:1][a:2]"
    assert render("scope-d", ["a"], counter, is_preview=True) == "[a:3]"
    assert render("scope-d", ["a"], counter, is_preview=True) == "[a:4]"


def test_two_blocks_on_one_line_are_kept_apart():
    template = engines["django"].from_string(
        "{% load partnerships_tags %}"
        "{% kept 1 %}a{% endkept %}{% kept 1 %}b{% endkept %}"
    )
    request = RequestFactory().get("/")
    request._vanort_scope = "scope-e"
    assert template.render({}, request) == "ab"
    assert template.render({}, request) == "ab"
