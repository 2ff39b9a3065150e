"""The settings partnerships reads, each with its default: a host sets, with the
``VANORT_`` prefix, only what it changes (the README lists them all)."""

from django.conf import settings

DEFAULTS = {
    # The template every page of the apps extends, e.g. a ``wagtail start`` site's.
    "BASE_TEMPLATE": "base.html",
}


def setting(name, defaults=DEFAULTS):
    """``settings.VANORT_<name>``, or the app's default; read when asked, so a
    changed setting (in a test, say) counts at once."""
    return getattr(settings, f"VANORT_{name}", defaults[name])
