"""Each rendition's pixels are encoded once per test process.

Rendition rows are written inside each test's transaction and rolled back after it,
so without this every test that renders a page with pictures would encode the same
AVIF, WebP and JPEG files again: most of the suite's time went to that. Wagtail
still creates every rendition (row, file, name and URL) as it does in production;
only the encoding of an identical source (same file content and size) with an
identical filter and focal point is done once and its bytes reused.
"""

import hashlib
import os

from django.core.files.base import ContentFile
from wagtail.images.models import AbstractImage

_encode = AbstractImage.generate_rendition_file
_encoded = {}


def _source_digest(image, source):
    if source is not None:
        source.seek(0)
        digest = hashlib.sha256(source.read()).hexdigest()
        source.seek(0)
        return digest
    with image.open_file() as file:
        return hashlib.sha256(file.read()).hexdigest()


def generate_rendition_file(self, filter, *, source=None):
    focal_point_key = filter.get_cache_key(self)
    key = (
        _source_digest(self, source),
        self.width,
        self.height,
        filter.spec,
        focal_point_key,
    )
    if key not in _encoded:
        generated = _encode(self, filter, source=source)
        generated.seek(0)
        _encoded[key] = (generated.read(), os.path.splitext(generated.name)[1])
    content, extension = _encoded[key]
    # The name as Wagtail gives it, from this image's own file name.
    suffix = filter.spec.replace("|", ".") + extension
    if focal_point_key:
        suffix = f"{focal_point_key}.{suffix}"
    stem = os.path.splitext(os.path.basename(self.file.name))[0][: 59 - len(suffix)]
    return ContentFile(content, name=f"{stem}.{suffix}")


def encode_once():
    AbstractImage.generate_rendition_file = generate_rendition_file


def encode_always():
    AbstractImage.generate_rendition_file = _encode
