"""Seed the policy's four priority areas and three sustainability dimensions.

The wording follows the adopted policy (KS2019/1537) in Swedish, with an English
translation sharing each item's translation key.
"""

import uuid

from django.db import migrations
from wagtail.coreutils import get_content_languages

PRIORITY_AREAS = [
    (
        "Utveckling av kommunens egen verksamhet",
        "Development of the municipality's own operations",
    ),
    (
        "Samhällsutveckling och socioekonomiska kunskapsinvesteringar",
        "Community development and socio-economic knowledge investments",
    ),
    ("Tillväxt och näringslivsutveckling", "Growth and business development"),
    ("Omvärldsbevakning", "Horizon scanning"),
]
DIMENSIONS = [
    ("Ekologisk utveckling", "Ecological development"),
    ("Social utveckling", "Social development"),
    ("Ekonomisk utveckling", "Economic development"),
]


def seed(apps, schema_editor):
    # In each of the site's content languages: the Swedish wording where the
    # language is Swedish, else the English (a one-language host gets one set).
    locale_model = apps.get_model("wagtailcore", "Locale")
    locales = [
        (locale_model.objects.get_or_create(language_code=code)[0], code[:2] == "sv")
        for code in get_content_languages()
    ]
    for model_name, items in (
        ("PriorityArea", PRIORITY_AREAS),
        ("SustainabilityDimension", DIMENSIONS),
    ):
        model = apps.get_model("partnerships", model_name)
        for order, (swedish, english) in enumerate(items, start=1):
            key = uuid.uuid4()
            for locale, in_swedish in locales:
                model.objects.create(
                    name=swedish if in_swedish else english,
                    sort_order=order,
                    locale=locale,
                    translation_key=key,
                )


def unseed(apps, schema_editor):
    for model_name in ("PriorityArea", "SustainabilityDimension"):
        apps.get_model("partnerships", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
