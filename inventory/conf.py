"""The settings the inventory reads, each with its default: a host sets, with the
``VANORT_`` prefix, only what it changes (the README lists them all)."""

from partnerships import conf

DEFAULTS = {
    # Interest forms accepted per client and window (seconds).
    "INTEREST_RATE_LIMIT": 5,
    "INTEREST_RATE_WINDOW": 600,
    # The cache alias that counts the rate limit (Redis); empty: the database.
    "RATE_LIMIT_CACHE": "",
    # A form sent sooner than this after it was shown is asked to be confirmed.
    "INTEREST_MIN_FILL_SECONDS": 3,
    # A form shown longer ago than this is re-shown for a fresh token.
    "INTEREST_TOKEN_MAX_AGE": 24 * 60 * 60,
    # The whole SMTP conversation of one e-mail sent by housekeeping, seconds.
    "INTEREST_NOTIFY_TIMEOUT": 5,
    # The largest interest form body accepted.
    "INTEREST_MAX_BODY_BYTES": 64 * 1024,
    # The request header (META key, e.g. "HTTP_X_FORWARDED_FOR") your own proxies
    # set, and how many of them append to it; empty: REMOTE_ADDR is the client.
    "TRUSTED_PROXY_HEADER": "",
    "TRUSTED_PROXY_COUNT": 1,
    # Open data: the most projects the JSON API returns a page.
    "API_MAX_PAGE_SIZE": 100,
    # The e-mail address data portals show as the open data's contact point;
    # empty: the host's setting field ORGANISATION_EMAIL_SETTING names
    # ("app_label.Model.field"), if that model is installed.
    "OPEN_DATA_CONTACT_EMAIL": "",
    "ORGANISATION_EMAIL_SETTING": "website.OrganisationSettings.email",
    # The places the open data covers, as URIs (GeoNames): Sweden unless set,
    # e.g. the municipality's own GeoNames URI.
    "OPEN_DATA_SPATIAL": ("http://sws.geonames.org/2661886",),
}


def setting(name):
    """``settings.VANORT_<name>``, or the inventory's default."""
    return conf.setting(name, DEFAULTS)
