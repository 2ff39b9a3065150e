"""One sitemap per language: /sitemap.xml (Swedish) and /en/sitemap.xml."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale


class LocalizedSitemap(Sitemap):
    """Wagtail's page sitemap, limited to the pages of the active language."""

    def items(self):
        site = self.get_wagtail_site()
        root = site.root_page.localized
        return (
            root.get_descendants(inclusive=True)
            .live()
            .public()
            .filter(locale=Locale.get_active())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
