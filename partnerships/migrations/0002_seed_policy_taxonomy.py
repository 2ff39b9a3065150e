"""Seed the policy's four priority areas and three sustainability dimensions.

The wording follows the adopted policy (KS2019/1537) in Swedish, with an English
translation sharing each item's translation key.
"""

import uuid

from django.db import migrations

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
    locale_model = apps.get_model("wagtailcore", "Locale")
    sv = locale_model.objects.get_or_create(language_code="sv")[0]
    en = locale_model.objects.get_or_create(language_code="en")[0]
    for model_name, items in (
        ("PriorityArea", PRIORITY_AREAS),
        ("SustainabilityDimension", DIMENSIONS),
    ):
        model = apps.get_model("partnerships", model_name)
        for order, (swedish, english) in enumerate(items, start=1):
            key = uuid.uuid4()
            model.objects.create(
                name=swedish, sort_order=order, locale=sv, translation_key=key
            )
            model.objects.create(
                name=english, sort_order=order, locale=en, translation_key=key
            )


def unseed(apps, schema_editor):
    for model_name in ("PriorityArea", "SustainabilityDimension"):
        apps.get_model("partnerships", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
