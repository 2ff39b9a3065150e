"""The site search's view of the inventory: the projects the public list shows."""

from wagtail.search.backends import get_search_backend

from inventory.projects.pages import ProjectIndexPage

# What the site search shows of a project (website.views._project_hit).
HIT_FIELDS = ["title", "slug", "summary", "status", "locale"]


def public_project_index(locale, private=None):
    """The live project index page in ``locale`` that visitors may see, or None.

    ``private`` is ``Page.objects.private_q()`` when the caller has it already (it
    costs a query)."""
    pages = ProjectIndexPage.objects.live().filter(locale=locale)
    pages = pages.public() if private is None else pages.exclude(private)
    return pages.first()


def matching_projects(index_page, query):
    """The projects ``index_page`` lists that match ``query``, best match first:
    search results to count and slice, with what a search hit shows (title,
    address, summary, status and funding programme) and no more."""
    return get_search_backend().search(
        query,
        index_page.projects()
        .select_related("funding_programme")
        .only(*HIT_FIELDS, "funding_programme__name"),
    )
