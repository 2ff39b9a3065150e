"""An Atom feed of recently published or changed projects, per language."""

from django.utils.feedgenerator import Atom1Feed

from partnerships.feeds import IndexPageFeed, xml_text


class ProjectAtomFeed(IndexPageFeed):
    feed_type = Atom1Feed

    def items(self):
        return self.index_page.projects().order_by("-last_published_at", "-pk")[
            : self.limit
        ]

    def item_description(self, item):
        return xml_text(item.summary)

    def item_link(self, item):
        return self.index_page.project_url(item, self.request, full=True)
