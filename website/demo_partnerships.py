"""Demo content for partner municipalities and stories.

Partner facts and visits are the recorded ones. Every story is marked as an example
(``example=True``, shown on the page), because its details go beyond the record.
"""

import datetime

D = datetime.date

PARTNER_INDEX = {
    "sv": {
        "title": "Vänorter och partnerskap",
        "slug": "vanorter",
        "intro": (
            "Kungälvs vänorter och partnerkommuner. Utbytet ska i första hand ske "
            "genom gemensamma utvecklingsprojekt."
        ),
    },
    "en": {
        "title": "Twin towns and partnerships",
        "slug": "twin-towns",
        "intro": (
            "Kungälv's twin towns and partner municipalities. Exchange is primarily "
            "to take place through joint development projects."
        ),
    },
}

PARTNERS = [
    {
        "common": {
            "country": "DE",
            "latitude": "52.16000",
            "longitude": "8.62000",
            "relationship": "twin_town",
            "since": 1991,
            "status": "active",
            "website": "https://www.hiddenhausen.de",
        },
        "image": "timbered_house",
        "tags": ["kultur", "äldreomsorg", "skola"],
        "tags_en": ["culture", "elderly care", "school"],
        "sv": {
            "title": "Hiddenhausen",
            "slug": "hiddenhausen",
            "official_name": "Gemeinde Hiddenhausen",
            "region": "Kreis Herford, Nordrhein-Westfalen",
            "contact_role": "Kommunsekreterare",
            "intro": (
                "Vänort sedan 1991. Samarbetet gäller kultur, äldreomsorg och skola, "
                "med elevutbyte mellan Ytterbyskolan och Olof-Palme-Gesamtschule. Ett "
                "koncept för personalutbyte inom miljöskydd och särskola tas fram."
            ),
        },
        "en": {
            "title": "Hiddenhausen",
            "slug": "hiddenhausen",
            "official_name": "Gemeinde Hiddenhausen",
            "region": "Kreis Herford, North Rhine-Westphalia",
            "contact_role": "Municipal Secretary",
            "intro": (
                "Twin town since 1991. The cooperation covers culture, elderly care "
                "and school, with a pupil exchange between Ytterbyskolan and the "
                "Olof-Palme-Gesamtschule. A staff-exchange concept in environmental "
                "protection and special-needs schooling is being developed."
            ),
        },
        "visits": [
            {
                "date": D(2012, 9, 1),
                "precision": "month",
                "direction": "in",
                "kind": "visit",
                "sv": ("Besök från Hiddenhausen i Kungälv", ""),
                "en": ("Visit from Hiddenhausen to Kungälv", ""),
            },
            {
                "date": D(2016, 5, 1),
                "precision": "month",
                "direction": "out",
                "kind": "visit",
                "sv": ("Besök i Hiddenhausen", ""),
                "en": ("Visit to Hiddenhausen", ""),
            },
        ],
    },
    {
        "common": {
            "country": "IT",
            "latitude": "42.10000",
            "longitude": "14.39000",
            "relationship": "partnership",
            "since": 2011,
            "status": "active",
            "website": "",
        },
        "image": "village",
        "tags": ["mat", "ungdomsutbyte"],
        "tags_en": ["food", "youth exchange"],
        "sv": {
            "title": "Perano",
            "slug": "perano",
            "official_name": "Comune di Perano",
            "region": "Abruzzo, provinsen Chieti",
            "contact_role": "Kommunsekreterare",
            "intro": (
                "Samarbete sedan 2011, med besök 2011 och i december 2012 med fokus "
                "på mat, och ungdomsutbyten sommaren och hösten 2013."
            ),
        },
        "en": {
            "title": "Perano",
            "slug": "perano",
            "official_name": "Comune di Perano",
            "region": "Abruzzo, province of Chieti",
            "contact_role": "Municipal Secretary",
            "intro": (
                "Cooperation since 2011, with visits in 2011 and in December 2012 "
                "focused on food, and youth exchanges in the summer and autumn of 2013."
            ),
        },
        "visits": [
            {
                "date": D(2011, 1, 1),
                "precision": "year",
                "direction": "out",
                "kind": "visit",
                "sv": ("Första besöket, 2011", ""),
                "en": ("First visit, 2011", ""),
            },
            {
                "date": D(2012, 12, 1),
                "precision": "month",
                "direction": "out",
                "kind": "visit",
                "sv": ("Besök med fokus på mat", ""),
                "en": ("Visit focused on food", ""),
            },
            {
                "date": D(2013, 7, 1),
                "precision": "year",
                "direction": "in",
                "kind": "exchange",
                "sv": ("Ungdomsutbyte sommaren 2013", ""),
                "en": ("Youth exchange, summer 2013", ""),
            },
            {
                "date": D(2013, 10, 1),
                "precision": "year",
                "direction": "out",
                "kind": "exchange",
                "sv": ("Ungdomsutbyte hösten 2013", ""),
                "en": ("Youth exchange, autumn 2013", ""),
            },
        ],
    },
]

STORY_INDEX = {
    "sv": {
        "title": "Berättelser och nyheter",
        "slug": "berattelser",
        "intro": "Nyheter om partnerskapen och berättelser från utbyten och besök.",
    },
    "en": {
        "title": "Stories and news",
        "slug": "stories",
        "intro": "News about the partnerships, and stories from exchanges and visits.",
    },
}

STORIES = [
    {
        "common": {"date": D(2026, 10, 20), "kind": "news", "example": True},
        "partners": [],
        "image": "document",
        "tags": ["policy"],
        "sv": {
            "title": "Den internationella policyn ska ses över",
            "slug": "policyn-ska-ses-over",
            "intro": (
                "Policyn ska ses över varje mandatperiod. Med den nya mandatperioden "
                "2026–2030 är det dags att revidera policyn från 2019."
            ),
        },
        "en": {
            "title": "The International Policy is to be reviewed",
            "slug": "policy-review",
            "intro": (
                "The policy is to be reviewed every term of office. With the new "
                "term 2026–2030, it is time to revise the 2019 policy."
            ),
        },
    },
    {
        "common": {"date": D(2016, 6, 1), "kind": "visit_report", "example": True},
        "partners": ["hiddenhausen"],
        "image": "timbered_house",
        "tags": ["besök"],
        "sv": {
            "title": "Kungälv på besök i Hiddenhausen",
            "slug": "besok-i-hiddenhausen-2016",
            "intro": (
                "I maj 2016 besökte en delegation från Kungälv vänorten Hiddenhausen "
                "i Kreis Herford."
            ),
        },
        "en": {
            "title": "Kungälv visits Hiddenhausen",
            "slug": "visit-to-hiddenhausen-2016",
            "intro": (
                "In May 2016 a delegation from Kungälv visited the twin town of "
                "Hiddenhausen in Kreis Herford."
            ),
        },
    },
    {
        "common": {"date": D(2014, 3, 1), "kind": "story", "example": True},
        "partners": ["hiddenhausen"],
        "image": "school",
        "tags": ["skola"],
        "sv": {
            "title": "Elevutbyte mellan Ytterbyskolan och Olof-Palme-Gesamtschule",
            "slug": "elevutbyte-ytterbyskolan",
            "intro": (
                "Elever från Ytterbyskolan och Olof-Palme-Gesamtschule i Hiddenhausen "
                "möts i ett utbyte som är en del av vänortssamarbetet."
            ),
        },
        "en": {
            "title": "Pupil exchange between Ytterbyskolan and Olof-Palme-Gesamtschule",
            "slug": "pupil-exchange-ytterbyskolan",
            "intro": (
                "Pupils from Ytterbyskolan and the Olof-Palme-Gesamtschule in "
                "Hiddenhausen meet in an exchange that is part of the twinning."
            ),
        },
    },
    {
        "common": {"date": D(2013, 11, 1), "kind": "exchange", "example": True},
        "partners": ["perano"],
        "image": "village",
        "tags": ["ungdom"],
        "sv": {
            "title": "Ungdomsutbyten med Perano",
            "slug": "ungdomsutbyten-perano-2013",
            "intro": (
                "Sommaren och hösten 2013 möttes ungdomar från Kungälv och Perano i "
                "två utbyten."
            ),
        },
        "en": {
            "title": "Youth exchanges with Perano",
            "slug": "youth-exchanges-perano-2013",
            "intro": (
                "In the summer and autumn of 2013 young people from Kungälv and "
                "Perano met in two exchanges."
            ),
        },
    },
]
