"""Seed organisational units and funding programmes (editable in the admin)."""

import uuid

from django.db import migrations

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
    locale_model = apps.get_model("wagtailcore", "Locale")
    sv = locale_model.objects.get_or_create(language_code="sv")[0]
    en = locale_model.objects.get_or_create(language_code="en")[0]
    for model_name, items in (
        ("OrganisationalUnit", UNITS),
        ("FundingProgramme", PROGRAMMES),
    ):
        model = apps.get_model("inventory", model_name)
        for order, (swedish, english) in enumerate(items, start=1):
            key = uuid.uuid4()
            model.objects.create(
                name=swedish, sort_order=order, locale=sv, translation_key=key
            )
            model.objects.create(
                name=english, sort_order=order, locale=en, translation_key=key
            )


def unseed(apps, schema_editor):
    for model_name in ("OrganisationalUnit", "FundingProgramme"):
        apps.get_model("inventory", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
