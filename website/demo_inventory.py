"""Demo projects for the inventory. None is a recorded project: each summary starts
with "Exempel:" / "Example:" so readers see that at once."""

import datetime

D = datetime.date

PROJECT_INDEX = {
    "sv": {
        "title": "Internationella projekt",
        "slug": "projekt",
        "intro": (
            "Förteckningen över kommunens internationella projekt, som policyn säger "
            "ska inventeras löpande och göras tillgänglig på hemsidan."
        ),
    },
    "en": {
        "title": "International projects",
        "slug": "projects",
        "intro": (
            "The inventory of the municipality's international projects, which the "
            "policy says is to be kept continuously and published on the website."
        ),
    },
}

# Taxonomy references are positions (1-based sort order) in the seeded lists.
PROJECTS = [
    {
        "common": {
            "status": "ongoing",
            "start_date": D(2025, 8, 1),
            "end_date": D(2027, 6, 30),
            "currency": "SEK",
            "total_budget": "450000",
            "eu_grant": "380000",
            "own_contribution": "70000",
            "erasmus_id": "2025-1-SE01-KA122-SCH-000000001",
            "last_reviewed": D(2026, 9, 15),
        },
        "unit": 1,
        "programme": 1,
        "priority_areas": [1, 2],
        "dimensions": [2],
        "partners": ["hiddenhausen"],
        "organisations": [("Olof-Palme-Gesamtschule", "DE", "Hiddenhausen", "partner")],
        "sv": {
            "title": "Elevutbyte med Hiddenhausen",
            "slug": "elevutbyte-hiddenhausen",
            "summary": (
                "Exempel: elever och lärare från Ytterbyskolan och "
                "Olof-Palme-Gesamtschule besöker varandras skolor."
            ),
            "contact_role": "Rektor, Ytterbyskolan",
        },
        "en": {
            "title": "Pupil exchange with Hiddenhausen",
            "slug": "pupil-exchange-hiddenhausen",
            "summary": (
                "Example: pupils and teachers from Ytterbyskolan and the "
                "Olof-Palme-Gesamtschule visit each other's schools."
            ),
            "contact_role": "Head teacher, Ytterbyskolan",
        },
    },
    {
        "common": {
            "status": "planned",
            "start_date": D(2027, 3, 1),
            "end_date": D(2028, 2, 29),
            "currency": "EUR",
            "total_budget": "60000",
            "eu_grant": "48000",
            "own_contribution": "12000",
            "last_reviewed": D(2026, 10, 1),
        },
        "unit": 2,
        "programme": 15,
        "priority_areas": [3],
        "dimensions": [2, 3],
        "partners": ["perano"],
        "organisations": [],
        "sv": {
            "title": "Matkultur och besöksnäring med Perano",
            "slug": "matkultur-perano",
            "summary": (
                "Exempel: lokala livsmedelsföretag i Kungälv och Perano utbyter "
                "erfarenheter om mat som besöksmål."
            ),
            "contact_role": "Näringslivsutvecklare",
        },
        "en": {
            "title": "Food culture and tourism with Perano",
            "slug": "food-culture-perano",
            "summary": (
                "Example: local food businesses in Kungälv and Perano share "
                "experience of food as a reason to visit."
            ),
            "contact_role": "Business development officer",
        },
    },
    {
        "common": {
            "status": "completed",
            "start_date": D(2021, 1, 1),
            "end_date": D(2024, 12, 31),
            "currency": "EUR",
            "total_budget": "1200000",
            "eu_grant": "600000",
            "own_contribution": "90000",
            "keep_eu_id": "12345",
            "last_reviewed": D(2025, 1, 20),
        },
        "unit": 2,
        "programme": 3,
        "priority_areas": [1, 4],
        "dimensions": [1],
        "partners": [],
        "organisations": [
            ("Exempelkommun A", "NO", "", "lead"),
            ("Exempelkommun B", "DK", "", "partner"),
        ],
        "sv": {
            "title": "Klimatanpassning längs kusten",
            "slug": "klimatanpassning-kusten",
            "summary": (
                "Exempel: kustkommuner i Sverige, Norge och Danmark tar fram metoder "
                "för att möta höjda havsnivåer."
            ),
            "contact_role": "Miljöstrateg",
        },
        "en": {
            "title": "Coastal climate adaptation",
            "slug": "coastal-climate-adaptation",
            "summary": (
                "Example: coastal municipalities in Sweden, Norway and Denmark develop "
                "methods to meet rising sea levels."
            ),
            "contact_role": "Environmental strategist",
        },
    },
    {
        "common": {
            "status": "ongoing",
            "start_date": D(2024, 9, 1),
            "end_date": None,
            "currency": "SEK",
            "total_budget": "150000",
            "eu_grant": None,
            "own_contribution": "150000",
            "last_reviewed": None,
        },
        "unit": 4,
        "programme": 18,
        "priority_areas": [4],
        "dimensions": [3],
        "partners": [],
        "organisations": [],
        "sv": {
            "title": "Omvärldsbevakning av EU-finansiering",
            "slug": "omvarldsbevakning-eu",
            "summary": (
                "Exempel: kommunchefens stab bevakar utlysningar i EU:s program och "
                "informerar sektorerna."
            ),
            "contact_role": "EU-samordnare",
        },
        "en": {
            "title": "Horizon scanning of EU funding",
            "slug": "horizon-scanning-eu-funding",
            "summary": (
                "Example: the chief executive's office follows calls in EU programmes "
                "and tells the sectors about them."
            ),
            "contact_role": "EU coordinator",
        },
    },
]

# Reports published from the demo inventory, as the municipality would have done
# a fortnight after each cut-off.
REPORTS = ["2026-T1", "2026-T2"]
REPORT_PUBLISHED_AFTER_DAYS = 14

# The unit whose projects await review (the horizon-scanning project has never
# been reviewed), with an example address for the reminder e-mail.
REVIEW_CONTACT = {"unit": 4, "contact_email": "kommunchefens-stab@example.org"}
