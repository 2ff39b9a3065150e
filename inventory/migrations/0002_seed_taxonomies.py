"""Seed organisational units and funding programmes (editable in the admin)."""

import uuid

from django.db import migrations
from wagtail.coreutils import get_content_languages

UNITS = [
    ("Sektor bildning och lärande", "Education and Learning Sector"),
    ("Sektor samhälle och utveckling", "Community and Development Sector"),
    ("Sektor trygghet och stöd", "Safety and Support Sector"),
    ("Kommunchefens stab", "Chief Executive's Office"),
    ("Kungälv Energi AB", "Kungälv Energi AB"),
    ("Bokab", "Bokab"),
]
PROGRAMMES = [
    ("Erasmus+", "Erasmus+"),
    ("Europeiska solidaritetskåren", "European Solidarity Corps"),
    ("Interreg Öresund-Kattegat-Skagerrak", "Interreg Öresund-Kattegat-Skagerrak"),
    ("Interreg Nordsjön", "Interreg North Sea"),
    ("Interreg Östersjöregionen", "Interreg Baltic Sea Region"),
    ("Interreg Sverige–Norge", "Interreg Sweden–Norway"),
    ("Interreg Europe", "Interreg Europe"),
    ("URBACT", "URBACT"),
    (
        "CERV – vänortssamarbete / nätverk av städer",
        "CERV – Town Twinning / Networks of Towns",
    ),
    ("ESF+", "ESF+"),
    ("Horisont Europa", "Horizon Europe"),
    ("LIFE", "LIFE"),
    ("Kreativa Europa", "Creative Europe"),
    ("AMIF", "AMIF"),
    ("LEADER Södra Bohuslän", "LEADER Södra Bohuslän"),
    ("Nordplus", "Nordplus"),
    ("Nordiska ministerrådet", "Nordic Council of Ministers"),
    ("Kommunens egen finansiering", "Municipal own funding"),
    ("Annan finansiering", "Other"),
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
        ("OrganisationalUnit", UNITS),
        ("FundingProgramme", PROGRAMMES),
    ):
        model = apps.get_model("inventory", model_name)
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
    for model_name in ("OrganisationalUnit", "FundingProgramme"):
        apps.get_model("inventory", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
