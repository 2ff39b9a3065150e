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
    # wagtail.contrib.search_promotions, the editors' recommended search results
    # (its Swedish catalogue lacks these).
    gettext_noop(
        "You must enter an external link text if you enter an external link URL."
    ),
    gettext_noop("You must recommend a page OR an external link."),
    gettext_noop("Please only select a page OR enter an external link."),
    gettext_noop("query"),
    gettext_noop("queries"),
    gettext_noop("Choose an internal page for this promotion"),
    gettext_noop("Alternatively, use an external link for this promotion"),
    gettext_noop("Applies to internal page or external link"),
    gettext_noop(
        "<p>Promoted search results are a means of recommending specific pages or "
        "external links that might not organically come high up in search results. "
        "E.g recommending your primary donation page to a user searching with the "
        'less common term "<em>giving</em>".</p>'
    ),
    gettext_noop("Recommended search result"),
    gettext_noop("Add a recommended result"),
    gettext_noop("No promoted results have been created."),
    gettext_noop("Views"),
    gettext_noop("Search terms"),
    gettext_noop("Recommendations have not been created due to errors."),
    gettext_noop("Recommendations have not been saved due to errors."),
]
