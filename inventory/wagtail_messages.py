"""Wagtail admin messages the apps' views show that Wagtail's Swedish catalogue lacks.

``makemessages`` extracts these into the apps' catalogue (``inventory/locale``), which
comes before Wagtail's among the installed apps, so the Swedish admin shows them in
Swedish. Each is Wagtail's own msgid, unchanged; nothing here is called.
"""

from django.utils.translation import gettext_noop

WAGTAIL_MESSAGES = [
    # wagtailadmin/generic/listing_results.html and index_results.html
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add '
        "one</a>?"
    ),
]
