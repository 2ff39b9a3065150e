"""An Atom feed of recently published or changed projects, per language."""

from django.utils.feedgenerator import Atom1Feed

from partnerships.feeds import IndexPageFeed, xml_text


class ProjectAtomFeed(IndexPageFeed):
    """The latest published or changed projects. Unlike a story, a project has no
    date of its own that says when it was news (its start may lie years ahead),
    so each entry keeps the feed's default: published when it first went into
    the inventory, updated when it was last published."""

    feed_type = Atom1Feed

    def items(self):
        return self.index_page.projects().order_by("-last_published_at", "-pk")[
            : self.limit
        ]

    def item_description(self, item):
        return xml_text(item.summary)

    def item_link(self, item):
        # The index page's rule for a project's address, worked out once a feed.
        if not hasattr(self, "_project_url"):
            self._project_url = self.index_page.project_urls(self.request, full=True)
        return self._project_url(item.slug)
