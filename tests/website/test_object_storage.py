"""Media in an S3-compatible bucket: public renditions, private originals and documents.

Against a real S3 server (moto's, started once per test session as its own process),
with the bucket policy ``manage.py media_bucket_policy --apply`` puts on the bucket:
anyone may read a rendition straight from the bucket, nobody reads an original image
or a document there without credentials, and /documents/ serves documents from the
bucket with their collection's privacy. Last, the settings: the environment alone
switches the storage.
"""

import io
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from tests.servers import free_port
from website.management.commands.media_bucket_policy import apply_policy

BASE_DIR = Path(__file__).resolve().parents[2]
MOTO_SERVER = Path(sys.executable).with_name("moto_server")
BUCKET = "vanort-media"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Only the server on this machine: never a proxy from the environment.
ANONYMOUS = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="session")
def s3_endpoint():
    """A moto S3 server of this session's own, on a free port."""
    port = free_port()
    server = subprocess.Popen(
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                ANONYMOUS.open(endpoint + "/", timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"The moto S3 server did not start on {endpoint}.")
                time.sleep(0.05)
        yield endpoint
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def bucket_options(s3_endpoint):
    """The storage options production's settings give, for a fresh bucket with its
    policy applied as an operator applies it."""
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": "vanort-test",
        "secret_key": "vanort-test-secret",
        "url_protocol": "http:",
        "querystring_auth": False,
        "default_acl": None,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "max-age=86400"},
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="vanort-test",
        aws_secret_access_key="vanort-test-secret",
    )
    client.create_bucket(Bucket=BUCKET)
    apply_policy(options)
    return options


@pytest.fixture
def bucket(settings, bucket_options):
    """The site's default storage switched to the bucket (and back after)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": bucket_options,
        },
    }
    storage = storages["default"]
    assert isinstance(storage, S3Storage)
    assert default_storage.bucket_name == BUCKET
    return storage


def anonymous_get(url):
    """Status, headers and body of a GET without credentials."""
    try:
        with ANONYMOUS.open(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def png_file(name):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), (254, 204, 2)).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


def body(response):
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


# --- Images ------------------------------------------------------------------------


def test_a_rendition_in_the_bucket_is_readable_by_anyone(bucket, db, s3_endpoint):
    image = Image.objects.create(title="Vänortsbesök", file=png_file("besok.png"))
    rendition = image.get_rendition("width-100")
    assert rendition.file.name.startswith("images/")
    assert bucket.exists(rendition.file.name)
    assert rendition.url == f"{s3_endpoint}/{BUCKET}/{rendition.file.name}"

    status, headers, content = anonymous_get(rendition.url)
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["Cache-Control"] == "max-age=86400"
    assert content.startswith(PNG_SIGNATURE)
    assert PILImage.open(io.BytesIO(content)).width == 100


def test_the_policy_is_what_makes_renditions_public(bucket, bucket_options, db):
    image = Image.objects.create(title="Utan policy", file=png_file("utan.png"))
    url = image.get_rendition("width-90").url
    client = bucket.connection.meta.client
    client.delete_bucket_policy(Bucket=BUCKET)
    try:
        assert anonymous_get(url)[0] == 403
    finally:
        apply_policy(bucket_options)
    assert anonymous_get(url)[0] == 200


def test_an_original_image_in_the_bucket_is_not_public(bucket, db):
    image = Image.objects.create(title="Original", file=png_file("original.png"))
    assert image.file.name.startswith("original_images/")
    assert bucket.exists(image.file.name)
    status, _, _ = anonymous_get(image.file.url)
    assert status == 403


# --- Documents ---------------------------------------------------------------------


def add_document(name, collection=None):
    fields = {"collection": collection} if collection else {}
    return Document.objects.create(
        title=name,
        file=ContentFile(b"%PDF-1.4\n" + name.encode(), name=name),
        **fields,
    )


def test_a_document_is_not_public_in_the_bucket_but_served_at_documents(
    bucket, db, client
):
    document = add_document("vanortspolicy.pdf")
    assert bucket.exists(document.file.name)
    status, _, _ = anonymous_get(bucket.url(document.file.name))
    assert status == 403

    assert document.url == f"/documents/{document.pk}/vanortspolicy.pdf"
    response = client.get(document.url)
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4\nvanortspolicy.pdf"


def test_a_private_document_from_the_bucket_needs_a_login_with_access(
    bucket, db, client, django_user_model
):
    collection = Collection.get_first_root_node().add_child(name="Internt")
    group = Group.objects.create(name="Förvaltningen")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    document = add_document("protokoll-intern.pdf", collection)
    status, _, _ = anonymous_get(bucket.url(document.file.name))
    assert status == 403

    response = client.get(document.url)
    assert response.status_code == 302
    assert "login" in response["Location"]

    member = django_user_model.objects.create_user("handlaggare", password="x")
    member.groups.add(group)
    client.force_login(member)
    response = client.get(document.url)
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4\nprotokoll-intern.pdf"


# --- The bucket policy command -----------------------------------------------------


def test_the_command_prints_a_policy_for_renditions_only(bucket):
    out = io.StringIO()
    call_command("media_bucket_policy", stdout=out)
    policy = json.loads(out.getvalue())
    (statement,) = policy["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == "*"
    assert statement["Action"] == "s3:GetObject"
    assert statement["Resource"] == [f"arn:aws:s3:::{BUCKET}/images/*"]


def test_the_command_applies_the_policy(bucket):
    call_command("media_bucket_policy", "--apply", stdout=io.StringIO())
    client = bucket.connection.meta.client
    applied = json.loads(client.get_bucket_policy(Bucket=BUCKET)["Policy"])
    out = io.StringIO()
    call_command("media_bucket_policy", stdout=out)
    assert applied == json.loads(out.getvalue())


def test_the_command_refuses_without_a_bucket():
    with pytest.raises(CommandError, match="AWS_STORAGE_BUCKET_NAME"):
        call_command("media_bucket_policy", stdout=io.StringIO())


# --- Settings ----------------------------------------------------------------------

# Settings and storage only: no app is loaded (nothing else is needed to build a URL).
SHOW_SETTINGS = """
import json
from django.conf import settings
from django.core.files.storage import storages
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "options": settings.STORAGES["default"].get("OPTIONS", {}),
    "url": storages["default"].url("images/besok.width-100.png"),
    "origin": settings.MEDIA_ORIGIN,
    "csp_public": settings.CSP_PUBLIC,
    "csp_admin": settings.CSP_ADMIN,
    "serve_renditions": settings.VANORT_SERVE_RENDITIONS,
    "docs_serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
}))
"""


def settings_with(env):
    """The media settings a fresh Python finds with nothing but ``env``."""
    result = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "website.settings.base",
            "SECRET_KEY": "settings-test-only-0123456789abcdefghijklmnopqrstuvwxyz",
            **env,
        },
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_bucket_media_stay_on_disk_and_renditions_are_served():
    values = settings_with({})
    assert values["backend"] == "django.core.files.storage.FileSystemStorage"
    assert values["url"] == "/media/images/besok.width-100.png"
    assert values["serve_renditions"] is True
    assert values["docs_serve_method"] == "serve_view"
    assert "img-src 'self' data:;" in values["csp_public"]


@pytest.mark.parametrize(
    ("env", "url"),
    [
        (
            {
                "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
                "AWS_ACCESS_KEY_ID": "vanort",
                "AWS_SECRET_ACCESS_KEY": "hemligt",
                "AWS_S3_REGION_NAME": "eu-north-1",
            },
            f"http://127.0.0.1:9000/{BUCKET}/images/besok.width-100.png",
        ),
        (
            {
                "AWS_S3_ENDPOINT_URL": "https://s3.example.se",
                "AWS_S3_CUSTOM_DOMAIN": "media.example.se",
            },
            "https://media.example.se/images/besok.width-100.png",
        ),
        ({}, f"https://{BUCKET}.s3.amazonaws.com/images/besok.width-100.png"),
    ],
)
def test_a_bucket_name_switches_media_to_the_bucket(env, url):
    values = settings_with({"AWS_STORAGE_BUCKET_NAME": BUCKET, **env})
    assert values["backend"] == "storages.backends.s3.S3Storage"
    options = values["options"]
    assert options["bucket_name"] == BUCKET
    assert options["querystring_auth"] is False
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert options["object_parameters"] == {"CacheControl": "max-age=86400"}
    if "AWS_ACCESS_KEY_ID" in env:
        assert options["access_key"] == "vanort"
        assert options["secret_key"] == "hemligt"
        assert options["region_name"] == "eu-north-1"
    else:
        # Left to boto3's own search (an instance role, say).
        assert "access_key" not in options
    # Unsigned, and from the origin the Content-Security-Policy allows images from.
    assert values["url"] == url
    assert url.startswith(values["origin"] + "/")
    assert f"img-src 'self' {values['origin']} " in values["csp_public"]
    assert f"img-src 'self' {values['origin']} " in values["csp_admin"]
    assert values["serve_renditions"] is False
    assert values["docs_serve_method"] == "serve_view"
