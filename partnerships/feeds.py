"""RSS and Atom feeds of a story index, one per language."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from partnerships.text import strip_unsafe


def xml_text(value):
    """``value`` as text a feed can carry: the characters XML refuses removed."""
    if value is None:
        return None
    return strip_unsafe(str(value))


class IndexPageFeed(Feed):
    """The feed of one index page (a story index, a project index): its title and
    intro, its address, and items whose text is made safe for XML."""

    limit = 20

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return xml_text(self.index_page.title)

    def description(self):
        return xml_text(self.index_page.intro)

    def subtitle(self):
        return self.description()

    def link(self):
        return self.index_page.get_full_url(self.request)

    def feed_url(self):
        # From the site's address, as every other link of the feed, never from the
        # request's Host header (which a proxy may rewrite).
        index_url = self.index_page.get_url(self.request)
        full_url = self.index_page.get_full_url(self.request)
        if index_url and self.request.path.startswith(index_url):
            return full_url + self.request.path[len(index_url) :]
        return full_url

    def item_title(self, item):
        return xml_text(item.title)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class StoryRssFeed(IndexPageFeed):
    """The latest stories of one story index page."""

    def items(self):
        return self.index_page.stories().prefetch_related("tags")[: self.limit]

    def item_pubdate(self, item):
        """The story's own date, not when it was put on the site: a story of 2013
        imported today is from 2013. The time of publication when that was on the
        story's day, else the start of the day in the site's time zone."""
        published = item.first_published_at
        if published is not None and timezone.localdate(published) == item.date:
            return published
        return timezone.make_aware(
            datetime.datetime.combine(item.date, datetime.time())
        )

    def item_updateddate(self, item):
        # Atom's <updated>, which readers sort by: republishing an old story (a
        # corrected typo, an import) must not move it to the top.
        return self.item_pubdate(item)

    def item_description(self, item):
        return xml_text(item.intro)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_categories(self, item):
        return [xml_text(tag.name) for tag in item.tags.all()]


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed
