"""The demo site's content: real text about the municipality's international work.

Kept as data, so ``load_demo`` stays a short list of idempotent steps. Nothing here is
lorem ipsum; facts beyond the adopted policy are avoided.
"""

import datetime

ORGANISATION = {
    "name": "Kungälvs kommun",
    "organisation_number": "212000-1371",
    "street_address": "Ytterbyvägen 1",
    "postal_code": "442 81",
    "city": "Kungälv",
    "phone": "0303-23 80 00",
    "email": "kommunen@kungalv.se",
}

HOME = {
    "sv": {
        "title": "Internationellt samarbete",
        "slug": "hem",
        "intro": (
            "Kungälv deltar aktivt i internationellt, nationellt och regionalt "
            "samarbete – för att det ska vara gott att leva här, oavsett bakgrund, "
            "kulturtillhörighet eller religion."
        ),
        "body": [
            (
                "heading",
                {"text": "Vårt internationella arbete", "level": "h2", "anchor": ""},
            ),
            (
                "paragraph",
                "<p>Internationellt samarbete är ett verktyg för att utveckla "
                "kommunens "
                "verksamheter och bidra till ett hållbart samhälle, utifrån ekologisk, "
                "social och ekonomisk utveckling. Här publicerar kommunen sin "
                "internationella policy, sina vänorter och partnerskap, berättelser "
                "från utbyten och en löpande förteckning över de internationella "
                "projekten.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Med hjärtat i historien och blicken mot framtiden.",
                    "attribution": "Kungälvs kommuns honnörsord",
                },
            ),
        ],
    },
    "en": {
        "title": "International cooperation",
        "slug": "home",
        "intro": (
            "Kungälv takes an active part in international, national and regional "
            "cooperation – so that life here is good for everyone, whatever their "
            "background, culture or religion."
        ),
        "body": [
            (
                "heading",
                {"text": "Our international work", "level": "h2", "anchor": ""},
            ),
            (
                "paragraph",
                "<p>International cooperation is a tool for developing the "
                "municipality's services and for contributing to a sustainable "
                "society, through ecological, social and economic development. Here "
                "the municipality publishes its International Policy, its twin towns "
                "and partnerships, stories from exchanges and a continuously updated "
                "inventory of its international projects.</p>",
            ),
            (
                "quote",
                {
                    "quote": "With our heart in history and our eyes on the future.",
                    "attribution": "Kungälv's motto",
                },
            ),
        ],
    },
}

ABOUT = {
    "sv": {
        "title": "Om webbplatsen",
        "slug": "om-webbplatsen",
        "intro": (
            "Webbplatsen samlar Kungälvs kommuns internationella arbete: policyn, "
            "vänorterna, projekten och hur föreningar och företag kan delta."
        ),
        "body": [
            (
                "heading",
                {"text": "Varför webbplatsen finns", "level": "h2", "anchor": ""},
            ),
            (
                "paragraph",
                "<p>Enligt den internationella policyn ska projekten inventeras "
                "löpande, sammanställas vid tertial- och bokslutsrapporteringen och "
                "göras tillgängliga på hemsidan. Den här webbplatsen gör det "
                "möjligt.</p>",
            ),
            (
                "fact_box",
                {
                    "title": "Ansvar",
                    "body": "<ul><li>Kommunfullmäktige, genom demokratiberedningen, "
                    "ansvarar för utvecklingen av det internationella "
                    "samarbetet.</li><li>Kommunstyrelsen samordnar arbetet.</li>"
                    "<li>Varje sektor återrapporterar sitt internationella "
                    "samarbete.</li></ul>",
                },
            ),
        ],
    },
    "en": {
        "title": "About this website",
        "slug": "about",
        "intro": (
            "This website brings together the international work of Kungälv "
            "municipality: the policy, the twin towns, the projects and how "
            "associations and businesses can take part."
        ),
        "body": [
            (
                "heading",
                {"text": "Why this website exists", "level": "h2", "anchor": ""},
            ),
            (
                "paragraph",
                "<p>The International Policy says that projects are inventoried "
                "continuously, compiled at the four-monthly and annual reporting, and "
                "made available on the website. This website makes that possible.</p>",
            ),
            (
                "fact_box",
                {
                    "title": "Responsibilities",
                    "body": "<ul><li>The Municipal Council, through the Democracy "
                    "Committee, is responsible for developing international "
                    "cooperation.</li><li>The Municipal Executive Board coordinates "
                    "the work.</li><li>Each sector reports back on its international "
                    "cooperation.</li></ul>",
                },
            ),
        ],
    },
}

CONTACT = {
    "sv": {
        "title": "Kontakt",
        "slug": "kontakt",
        "intro": (
            "Frågor om kommunens internationella arbete besvaras av kommunens växel."
        ),
        "body": [
            ("heading", {"text": "Så når du oss", "level": "h2", "anchor": ""}),
            (
                "paragraph",
                "<p>Ring kommunens växel på 0303-23 80 00 eller skriv till "
                '<a href="mailto:kommunen@kungalv.se">kommunen@kungalv.se</a>. '
                "Ange att ditt ärende gäller internationellt samarbete så kommer det "
                "till rätt sektor.</p>",
            ),
            (
                "paragraph",
                "<p>Det du skickar till kommunen blir allmän handling.</p>",
            ),
        ],
    },
    "en": {
        "title": "Contact",
        "slug": "contact",
        "intro": (
            "Questions about the municipality's international work are answered "
            "through the municipal switchboard."
        ),
        "body": [
            ("heading", {"text": "How to reach us", "level": "h2", "anchor": ""}),
            (
                "paragraph",
                "<p>Call the switchboard on +46 303 23 80 00 or write to "
                '<a href="mailto:kommunen@kungalv.se">kommunen@kungalv.se</a>. '
                "Say that your question is about international cooperation and it "
                "will reach the right sector.</p>",
            ),
            (
                "paragraph",
                "<p>What you send to the municipality becomes an official document "
                "(allmän handling).</p>",
            ),
        ],
    },
}

STATEMENT = {
    "common": {
        "compliance_status": "partial",
        "assessment_date": datetime.date(2026, 11, 2),
        "assessment_method": "self",
        "statement_date": datetime.date(2026, 11, 2),
        "feedback_email": "kommunen@kungalv.se",
        "feedback_phone": "0303-23 80 00",
    },
    "sv": {
        "title": "Tillgänglighetsredogörelse",
        "slug": "tillganglighet",
        "intro": (
            "Kungälvs kommun står bakom den här webbplatsen. Vi vill att så många "
            "som möjligt ska kunna använda den. Här beskriver vi hur webbplatsen "
            "uppfyller lagen om tillgänglighet till digital offentlig service, kända "
            "brister och hur du kan rapportera problem."
        ),
        "non_accessible_content": (
            "<ul><li>Vissa PDF-dokument, till exempel äldre beslut, är inte "
            "fullt tillgängliga. Kontakta oss om du behöver innehållet i ett annat "
            "format.</li></ul>"
        ),
        "feedback_text": (
            "<p>Om du upptäcker problem som inte beskrivs här, eller behöver "
            "innehåll i ett annat format, kontakta oss. Vi svarar inom två "
            "arbetsdagar.</p>"
        ),
    },
    "en": {
        "title": "Accessibility statement",
        "slug": "accessibility",
        "intro": (
            "Kungälvs kommun is responsible for this website. We want as many people "
            "as possible to be able to use it. This statement describes how the "
            "website complies with the Swedish law on accessibility to digital public "
            "services, known problems and how to report them."
        ),
        "non_accessible_content": (
            "<ul><li>Some PDF documents, such as older decisions, are not fully "
            "accessible. Contact us if you need their content in another "
            "format.</li></ul>"
        ),
        "feedback_text": (
            "<p>If you find a problem that is not described here, or need content in "
            "another format, contact us. We answer within two working days.</p>"
        ),
    },
}
