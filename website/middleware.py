"""HTTP response headers that Django 5.2 does not set by itself, and a guard for
requests the site cannot read."""

import codecs

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.shortcuts import render
from django.utils.http import parse_header_parameters


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy that allows no third-party origin.

    Django 5.2 has no built-in CSP (it arrives in Django 6.0). The admin gets a
    policy of its own because Wagtail's admin still relies on inline script.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES)
            response["Content-Security-Policy"] = (
                settings.CSP_ADMIN if admin else settings.CSP_PUBLIC
            )
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# A form's own syntax: a charset must spell these as ASCII does to be readable.
_FORM_SYNTAX = 'azAZ09&=%+-_.;:"\r\n'


def readable_charset(label):
    """The codec name for a charset label if it is a text encoding that keeps ASCII
    as it is (so a form's names, separators and escapes read the same), else None.
    UTF-16, UTF-7, EBCDIC code pages and codecs such as base64 or idna are not."""
    try:
        name = codecs.lookup(label).name
        ascii_bytes = _FORM_SYNTAX.encode("ascii")
        if _FORM_SYNTAX.encode(name) != ascii_bytes:
            return None
        # As Django decodes form fields: replacing what it cannot decode.
        if ascii_bytes.decode(name, "replace") != _FORM_SYNTAX:
            return None
    except (LookupError, ValueError):  # UnicodeError is a ValueError
        return None
    return name


class RequestGuardMiddleware:
    """Answer with a 400 what the site cannot read, before anything reads it.

    Form bodies: browsers send forms as UTF-8 and name no charset. Django 5 refuses
    a form-urlencoded body that declares any other charset (ticket #34709) with a
    BadRequest, but does not mark the body as unreadable; the 400 page's CSRF check
    then reads it again, fails again, and the visitor got a bare 500 on every POST,
    the admin login's included. A charset label Django does not know (``foo``) was
    ignored silently, the body read as UTF-8 whatever it held.

    Here: ``utf-8`` under any of its names is read as UTF-8. A form-urlencoded body
    in any other charset (the standard defines the format as UTF-8 only, and Django
    will not decode another), and any request labelled with a charset that is a
    codec but cannot carry text (``rot13``, ``base64``: Django would decode even the
    query string with it), get a short page saying what to do, with status 400.
    Django decodes multipart bodies in the other charsets it knows (ISO-8859-1 …)
    itself, so those are left to it.

    The admin: Wagtail sends query values such as ``?locale=`` to the database as
    they are, and PostgreSQL refuses text with a NUL byte (a 500); no admin link
    holds one, so such a request is a 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        label = request.content_params.get("charset")
        if label is not None:
            name = readable_charset(label)
            posted_form = request.method == "POST" and request.content_type in (
                URLENCODED,
                MULTIPART,
            )
            if name == "utf-8":
                # Django accepts only the exact name "utf-8".
                request.encoding = "utf-8"
            elif posted_form and (name is None or request.content_type == URLENCODED):
                return self.refuse(request)
            elif getattr(request, "unusable_charset", False):
                return render(request, "400.html", status=400)
        if request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES):
            query = request.META.get("QUERY_STRING", "")
            if "%00" in query or "\x00" in query:
                return render(request, "400.html", status=400)
        return self.get_response(request)

    def refuse(self, request):
        return render(request, "website/unreadable_form.html", status=400)


class Request(WSGIRequest):
    """Django's request, except that a charset label naming a codec that is not a
    text encoding (``rot13``, ``base64``, ``zlib``) is not taken as the request's
    encoding. Django would decode the query string with it while the request is
    still being built, before any middleware runs: a 500 for any GET. The
    ``RequestGuardMiddleware`` answers such a request with a 400."""

    def _set_content_type_params(self, meta):
        label = parse_header_parameters(meta.get("CONTENT_TYPE", ""))[1].get("charset")
        self.unusable_charset = label is not None and _is_binary_codec(label)
        if self.unusable_charset:
            meta = {**meta, "CONTENT_TYPE": meta["CONTENT_TYPE"].split(";")[0]}
        super()._set_content_type_params(meta)


def _is_binary_codec(label):
    """Whether ``label`` names a codec (Django would take it) that is not a text
    encoding (decoding text with it fails)."""
    try:
        codecs.lookup(label)
    except LookupError:
        return False
    try:
        "a".encode(label)
    except LookupError:  # "… is not a text encoding"
        return True
    except ValueError:
        pass
    return False


class RequestGuardWSGIHandler(WSGIHandler):
    request_class = Request
