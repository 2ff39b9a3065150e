"""Media on one machine without a bucket: renditions are served, nothing else is.

Under production's URLconf (SERVE_MEDIA off, the renditions view on), with real files
in MEDIA_ROOT: image renditions answer at /media/images/, documents never answer under
/media/ and go through /documents/, which keeps private collections private.
"""

import importlib.util
import io
import os

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.utils.http import http_date
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

import website.urls

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def production_urls(settings):
    """The URLconf as production builds it: no SERVE_MEDIA, renditions served.

    website.urls reads the settings when imported, so a fresh copy is built under
    the changed settings; the running one stays as it is.
    """
    settings.SERVE_MEDIA = False
    settings.VANORT_SERVE_RENDITIONS = True
    spec = importlib.util.spec_from_file_location(
        "website_urls_production", website.urls.__file__
    )
    urls = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(urls)
    settings.ROOT_URLCONF = urls
    return urls


@pytest.fixture
def page_cache(settings):
    settings.VANORT_PAGE_CACHE = "pages"


def png_file(name, size=(320, 200)):
    """A real PNG, drawn with Pillow."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (0, 94, 184)).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


@pytest.fixture
def image(db):
    return Image.objects.create(title="Vänortsbesök", file=png_file("besok.png"))


@pytest.fixture
def private_collection(db):
    """A collection only members of "Förvaltningen" may read from."""
    collection = Collection.get_first_root_node().add_child(name="Internt")
    group = Group.objects.create(name="Förvaltningen")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return collection


def add_document(name, collection=None):
    fields = {"collection": collection} if collection else {}
    return Document.objects.create(
        title=name,
        file=ContentFile(b"%PDF-1.4\n" + name.encode() + b"0" * 512, name=name),
        **fields,
    )


def body(response):
    try:
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content
    finally:
        response.close()


# --- Renditions --------------------------------------------------------------------


def test_a_rendition_is_served_without_serve_media(production_urls, image, client):
    rendition = image.get_rendition("width-100")
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400"
    content = body(response)
    assert content.startswith(PNG_SIGNATURE)
    with default_storage.open(rendition.file.name) as stored:
        assert content == stored.read()
    assert PILImage.open(io.BytesIO(content)).width == 100


def test_a_rendition_is_not_kept_by_the_page_cache(
    production_urls, page_cache, image, client
):
    url = image.get_rendition("width-120").url
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Cache"] == "skip"
        # The page cache leaves the view's own caching rule alone.
        assert response["Cache-Control"] == "public, max-age=86400"
        assert body(response).startswith(PNG_SIGNATURE)


def test_a_rendition_the_browser_has_is_a_304(production_urls, image, client):
    rendition = image.get_rendition("width-80")
    modified = os.stat(default_storage.path(rendition.file.name)).st_mtime
    response = client.get(rendition.url, HTTP_IF_MODIFIED_SINCE=http_date(modified))
    assert response.status_code == 304


def test_original_images_are_not_served(production_urls, image, client):
    assert image.file.name.startswith("original_images/")
    assert client.get("/media/" + image.file.name).status_code == 404


# --- Documents ---------------------------------------------------------------------


def test_a_private_document_is_never_served_from_media(
    production_urls, private_collection, client, django_user_model
):
    document = add_document("budget-intern.pdf", private_collection)
    assert document.file.name.startswith("documents/")
    assert client.get("/media/" + document.file.name).status_code == 404
    # Not even to someone who may read it at /documents/.
    client.force_login(django_user_model.objects.create_superuser("chef"))
    assert client.get("/media/" + document.file.name).status_code == 404


def test_a_public_document_is_not_served_from_media_either(production_urls, db, client):
    document = add_document("policy-offentlig.pdf")
    assert client.get("/media/" + document.file.name).status_code == 404


def test_a_private_document_needs_a_login_with_access(
    production_urls, private_collection, client, django_user_model
):
    document = add_document("protokoll-intern.pdf", private_collection)
    url = document.url
    assert url == f"/documents/{document.pk}/protokoll-intern.pdf"

    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "next=" in response["Location"]

    # Logged in, but not in the collection's group: still not shown.
    outsider = django_user_model.objects.create_user("besokare", password="x")
    client.force_login(outsider)
    assert client.get(url).status_code == 302

    member = django_user_model.objects.create_user("handlaggare", password="x")
    member.groups.add(Group.objects.get(name="Förvaltningen"))
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == document.file.open("rb").read()


def test_a_public_document_is_served_at_documents(
    production_urls, page_cache, db, client
):
    document = add_document("vanortspolicy.pdf")
    assert document.url == f"/documents/{document.pk}/vanortspolicy.pdf"
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Cache"] == "skip"
    assert body(response).startswith(b"%PDF-1.4\nvanortspolicy.pdf")


# --- Paths outside the renditions --------------------------------------------------
# An original image is a PNG outside images/: only the path check keeps it out.


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/../../settings.py",
        "/media/images/../{original}",
        "/media/images/../{document}",
        "/media/images/%2e%2e/{original}",
        "/media/images/..%2f{original}",
        "/media/images/.%2e/{original}",
        "/media/images//{root}/{original}",
        "/media/images/",
        "/media/images/missing.png",
        "/media/images/besok\x00.png",
    ],
)
def test_paths_outside_the_renditions_are_404(production_urls, image, client, path):
    document = add_document("hemlig.pdf")
    url = path.format(
        original=image.file.name,
        document=document.file.name,
        root=default_storage.path("").strip("/"),
    )
    assert client.get(url).status_code == 404


def test_a_link_out_of_the_renditions_is_not_followed(production_urls, image, client):
    images = default_storage.path("images")
    os.makedirs(images, exist_ok=True)
    link = os.path.join(images, "lank.png")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(image.file.path, link)
    try:
        assert client.get("/media/images/lank.png").status_code == 404
    finally:
        os.remove(link)


def test_a_file_that_is_not_an_image_is_not_served(production_urls, db, client):
    name = default_storage.save("images/anteckning.html", ContentFile(b"<script>"))
    try:
        assert client.get("/media/" + name).status_code == 404
    finally:
        default_storage.delete(name)
