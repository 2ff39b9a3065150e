"""Country names that django-countries gets wrong in Swedish, put right in one list.

Its Swedish catalogue leaves some names in English (Brazil, Egypt) and, where a
country's name has changed, falls back to the old Swedish one (Makedonien,
Swaziland). A host hands this list to django-countries in its settings::

    from partnerships.countries import COUNTRIES_OVERRIDE as COUNTRIES_OVERRIDE

Each English name is django-countries' own, so English is unchanged; the Swedish
ones are in this app's catalogue. The context "country" keeps them apart from
django-countries' own msgids, which would otherwise win or lose by the order of
INSTALLED_APPS.
"""

from django.utils.translation import pgettext_lazy

COUNTRIES_OVERRIDE = {
    "AL": pgettext_lazy("country", "Albania"),
    "AS": pgettext_lazy("country", "American Samoa"),
    "AU": pgettext_lazy("country", "Australia"),
    "BR": pgettext_lazy("country", "Brazil"),
    "BV": pgettext_lazy("country", "Bouvet Island"),
    "CA": pgettext_lazy("country", "Canada"),
    "CC": pgettext_lazy("country", "Cocos (Keeling) Islands"),
    "CU": pgettext_lazy("country", "Cuba"),
    "CV": pgettext_lazy("country", "Cabo Verde"),
    "EG": pgettext_lazy("country", "Egypt"),
    "FK": pgettext_lazy("country", "Falkland Islands (Malvinas)"),
    "GE": pgettext_lazy("country", "Georgia"),
    "HK": pgettext_lazy("country", "Hong Kong"),
    "HM": pgettext_lazy("country", "Heard Island and McDonald Islands"),
    "ID": pgettext_lazy("country", "Indonesia"),
    "IN": pgettext_lazy("country", "India"),
    "JO": pgettext_lazy("country", "Jordan"),
    "KH": pgettext_lazy("country", "Cambodia"),
    "LB": pgettext_lazy("country", "Lebanon"),
    "MK": pgettext_lazy("country", "North Macedonia"),
    "NF": pgettext_lazy("country", "Norfolk Island"),
    "PH": pgettext_lazy("country", "Philippines"),
    "PN": pgettext_lazy("country", "Pitcairn"),
    "PS": pgettext_lazy("country", "Palestine"),
    "SS": pgettext_lazy("country", "South Sudan"),
    "SZ": pgettext_lazy("country", "Eswatini"),
    "TD": pgettext_lazy("country", "Chad"),
}
