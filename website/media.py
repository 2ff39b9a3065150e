"""Image renditions from MEDIA_ROOT, for a site on one machine without a bucket.

Without a web server in front that knows /media/, production would answer every
image with a 404. Serving all of MEDIA_ROOT instead would hand out documents of
login-only collections, so this view serves MEDIA_ROOT/images/ (Wagtail's
renditions, the only image files a page links to) and nothing else. Original images
are not served: pages and the admin only ever show renditions, and an original keeps
its camera's metadata (location included). Documents go through /documents/, which
checks their collection's privacy.
"""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.http import http_date
from django.views.decorators.http import require_safe

RENDITIONS_DIR = "images"
# The formats Wagtail writes renditions in: not SVG (which can carry script), nor any
# other file that may have been put under images/.
CONTENT_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".heic": "image/heic",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
# A rendition's name holds its filter spec and focal point, so the file at one URL
# never changes; a day keeps browsers from asking again on every page.
CACHE_CONTROL = "public, max-age=86400"


def rendition_path(path):
    """The rendition file ``path`` names under MEDIA_ROOT/images/, or None.

    Resolved (symbolic links followed) before the check, so no ``..``, absolute path
    or link leads outside the directory.
    """
    root = (Path(settings.MEDIA_ROOT) / RENDITIONS_DIR).resolve()
    try:
        target = (root / path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a loop, a NUL byte
        return None
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target


@require_safe
def serve_rendition(request, path):
    """Serve an image rendition; anything else under /media/ is a 404."""
    target = rendition_path(path)
    content_type = CONTENT_TYPES.get(target.suffix.lower()) if target else None
    if content_type is None:
        raise Http404
    response = FileResponse(target.open("rb"), content_type=content_type)
    response["Cache-Control"] = CACHE_CONTROL
    # ConditionalGetMiddleware answers a revalidation with a 304 from this.
    response["Last-Modified"] = http_date(target.stat().st_mtime)
    return response
