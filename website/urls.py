from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from inventory.projects import sitemaps
from website import health, media, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The organisation's colours: a stylesheet, as the CSP allows no inline style.
    path("theme.css", views.theme_stylesheet, name="theme_css"),
    # For load balancers: not translated, not cached, answered within a second.
    path("health/", health.health, name="health"),
]

if settings.VANORT_SERVE_RENDITIONS:
    # Image renditions only; documents are served by /documents/ (see website.media).
    urlpatterns += [
        path("media/images/<path:path>", media.serve_rendition, name="rendition"),
    ]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# Swedish at the root, English under /en/.
urlpatterns += i18n_patterns(
    path(_("search/"), views.search, name="search"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
