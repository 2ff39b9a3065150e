"""RSS and Atom feeds of a story index, one per language."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed


class StoryRssFeed(Feed):
    """The latest stories of one story index page."""

    limit = 20

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return self.index_page.intro

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        return self.index_page.stories().prefetch_related("tags")[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed
    subtitle = StoryRssFeed.description
