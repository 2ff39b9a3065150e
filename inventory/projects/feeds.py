"""An Atom feed of recently published or changed projects, per language."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from partnerships.feeds import xml_text


class ProjectAtomFeed(Feed):
    feed_type = Atom1Feed
    limit = 20

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return xml_text(self.index_page.title)

    def subtitle(self):
        return xml_text(self.index_page.intro)

    def link(self):
        return self.index_page.get_full_url(self.request)

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        return self.index_page.projects().order_by("-last_published_at", "-pk")[
            : self.limit
        ]

    def item_title(self, item):
        return xml_text(item.title)

    def item_description(self, item):
        return xml_text(item.summary)

    def item_link(self, item):
        return f"{self.link()}{item.slug}/"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
