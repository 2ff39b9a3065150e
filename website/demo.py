"""The demo site's content: real text about the municipality's international work.

Kept as data, so ``load_demo`` stays a short list of idempotent steps. Nothing here is
lorem ipsum; facts beyond the adopted policy are avoided.
"""

import datetime
import io

from PIL import Image, ImageDraw

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
    "image": "fortress",
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
                '(<span lang="sv">allmän handling</span>).</p>',
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

# The start page's entry points, in order: the section (its page type) and the card's
# title and text in each language.
ENTRY_POINTS = [
    {
        "page": "partnerships.PolicyPage",
        "sv": (
            "Den internationella policyn",
            "Mål, prioriterade områden och ansvar för kommunens internationella "
            "arbete, antagen av kommunfullmäktige 2019.",
        ),
        "en": (
            "The International Policy",
            "Goals, priority areas and responsibilities for the municipality's "
            "international work, adopted by the Municipal Council in 2019.",
        ),
    },
    {
        "page": "partnerships.PartnerIndexPage",
        "sv": (
            "Vänorter och partnerskap",
            "Kommunens vänorter och partnerkommuner, besöken och utbytena.",
        ),
        "en": (
            "Twin towns and partnerships",
            "The municipality's twin towns and partner municipalities, the visits "
            "and the exchanges.",
        ),
    },
    {
        "page": "inventory.ProjectIndexPage",
        "sv": (
            "Internationella projekt",
            "Alla kommunens internationella projekt, med filter och öppna data.",
        ),
        "en": (
            "International projects",
            "All of the municipality's international projects, with filters and "
            "open data.",
        ),
    },
    {
        "page": "inventory.InterestFormPage",
        "sv": (
            "Vill ni vara med?",
            "Föreningar och företag kan anmäla intresse för projekten och vänorterna.",
        ),
        "en": (
            "Would you like to take part?",
            "Associations and businesses can express interest in the projects and "
            "the twin towns.",
        ),
    },
]

# --- Images --------------------------------------------------------------------------
# Drawn by the loader with Pillow (``paint``): nothing is downloaded. An image has one
# description, which the pages use as its alt text, so each language gets its own
# copy, described in that language. The focal point (centre x, centre y, width,
# height, in pixels of the 1600×900 drawing) is what every crop keeps in view.

IMAGE_SIZE = (1600, 900)

IMAGES = {
    "fortress": {
        "focal_point": (520, 330, 560, 360),
        "sv": (
            "Bohus fästning (teckning)",
            "Teckning: Bohus fästnings ruin på en grön höjd ovanför Nordre älv i "
            "kvällsljus.",
        ),
        "en": (
            "Bohus Fortress (drawing)",
            "Drawing: the ruin of Bohus Fortress on a green hill above the Nordre "
            "älv river in evening light.",
        ),
    },
    "document": {
        "focal_point": (800, 450, 700, 700),
        "sv": (
            "Policydokument (teckning)",
            "Teckning: ett dokument med rubrik och textrader bredvid en penna på ett "
            "skrivbord.",
        ),
        "en": (
            "Policy document (drawing)",
            "Drawing: a document with a heading and lines of text beside a pen on a "
            "desk.",
        ),
    },
    "timbered_house": {
        "focal_point": (800, 520, 760, 560),
        "sv": (
            "Korsvirkeshus (teckning)",
            "Teckning: ett vitt korsvirkeshus med mörka bjälkar och rött tak under "
            "en blå himmel.",
        ),
        "en": (
            "Half-timbered house (drawing)",
            "Drawing: a white half-timbered house with dark beams and a red roof "
            "under a blue sky.",
        ),
    },
    "school": {
        "focal_point": (800, 500, 900, 520),
        "sv": (
            "Skolbyggnad (teckning)",
            "Teckning: en skolbyggnad i tegel med två flaggstänger, den svenska och "
            "den tyska flaggan.",
        ),
        "en": (
            "School building (drawing)",
            "Drawing: a brick school building with two flagpoles flying the Swedish "
            "and the German flag.",
        ),
    },
    "village": {
        "focal_point": (900, 430, 700, 420),
        "sv": (
            "By på en kulle (teckning)",
            "Teckning: en by med terrakottatak och ett kyrktorn på en kulle bland "
            "olivträd.",
        ),
        "en": (
            "Hilltop village (drawing)",
            "Drawing: a village with terracotta roofs and a church tower on a hill "
            "among olive trees.",
        ),
    },
}

LOGO = {
    "title": "Emblem (teckning)",
    "description": "Ett vitt emblem: en cirkel med tre vågor under en sol.",
}


def _drawing(size, sky_top, sky_bottom):
    """A canvas twice the size (drawn shapes are smoothed when it is halved) with a
    sky from ``sky_top`` to ``sky_bottom``."""
    width, height = size[0] * 2, size[1] * 2
    canvas = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(canvas)
    for y in range(height):
        share = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(
                round(top + (bottom - top) * share)
                for top, bottom in zip(sky_top, sky_bottom, strict=True)
            ),
        )
    return canvas, draw


def _scale(points, factor=2):
    return [(x * factor, y * factor) for x, y in points]


def _fortress(draw):
    draw.ellipse(_scale([(1180, 140), (1340, 300)]), fill=(255, 214, 150))
    draw.polygon(
        _scale(
            [
                (0, 640),
                (250, 470),
                (480, 420),
                (760, 440),
                (1000, 560),
                (1600, 650),
                (1600, 900),
                (0, 900),
            ]
        ),
        fill=(58, 96, 62),
    )
    for x0, x1, top in ((300, 740, 300), (330, 420, 220), (620, 720, 240)):
        draw.rectangle(_scale([(x0, top), (x1, 450)]), fill=(126, 120, 112))
    draw.ellipse(_scale([(600, 190), (740, 290)]), fill=(96, 92, 86))
    for x in range(340, 740, 60):
        draw.rectangle(_scale([(x, 330), (x + 22, 370)]), fill=(70, 66, 62))
    draw.rectangle(_scale([(0, 720), (1600, 900)]), fill=(44, 92, 138))
    for y in range(740, 900, 36):
        draw.line(_scale([(100, y), (1500, y + 8)]), fill=(120, 168, 204), width=6)


def _document(draw):
    draw.rectangle(_scale([(0, 600), (1600, 900)]), fill=(150, 105, 70))
    draw.polygon(
        _scale([(520, 120), (1080, 120), (1120, 800), (480, 800)]), fill=(250, 250, 246)
    )
    draw.rectangle(_scale([(580, 190), (1000, 230)]), fill=(0, 80, 122))
    for number, y in enumerate(range(290, 740, 40)):
        end = 1010 if number % 4 != 3 else 820
        draw.rectangle(_scale([(580, y), (end, y + 14)]), fill=(160, 166, 172))
    draw.polygon(
        _scale([(1180, 260), (1220, 250), (1330, 760), (1290, 770)]), fill=(138, 59, 0)
    )


def _timbered_house(draw):
    draw.rectangle(_scale([(0, 760), (1600, 900)]), fill=(92, 140, 70))
    draw.rectangle(_scale([(460, 420), (1140, 800)]), fill=(246, 242, 232))
    draw.polygon(_scale([(420, 430), (800, 170), (1180, 430)]), fill=(168, 48, 36))
    beam = (66, 44, 30)
    for x in range(460, 1141, 136):
        draw.rectangle(_scale([(x - 8, 420), (x + 8, 800)]), fill=beam)
    for y in (420, 600, 790):
        draw.rectangle(_scale([(460, y - 8), (1140, y + 8)]), fill=beam)
    for x in range(460, 1140, 136):
        draw.line(_scale([(x, 600), (x + 136, 420)]), fill=beam, width=20)
    for x in (520, 930):
        draw.rectangle(_scale([(x, 650), (x + 120, 750)]), fill=(90, 130, 170))


def _school(draw):
    draw.rectangle(_scale([(0, 720), (1600, 900)]), fill=(110, 150, 86))
    draw.rectangle(_scale([(300, 380), (1300, 740)]), fill=(170, 78, 52))
    draw.rectangle(_scale([(280, 350), (1320, 390)]), fill=(90, 90, 96))
    for x in range(337, 1300, 107):
        for y in (430, 560):
            draw.rectangle(_scale([(x, y), (x + 70, y + 80)]), fill=(206, 226, 240))
    draw.rectangle(_scale([(740, 620), (860, 740)]), fill=(60, 50, 44))
    for pole, flag in ((140, "se"), (1380, "de")):
        draw.rectangle(_scale([(pole, 180), (pole + 10, 740)]), fill=(220, 220, 224))
        box = (pole + 10, 190, pole + 190, 310)
        if flag == "se":
            draw.rectangle(_scale([box[:2], box[2:]]), fill=(0, 106, 167))
            draw.rectangle(
                _scale([(pole + 60, 190), (pole + 90, 310)]), fill=(254, 204, 0)
            )
            draw.rectangle(
                _scale([(pole + 10, 236), (pole + 190, 264)]), fill=(254, 204, 0)
            )
        else:
            for stripe, colour in enumerate(((0, 0, 0), (221, 0, 0), (255, 206, 0))):
                top = 190 + stripe * 40
                draw.rectangle(
                    _scale([(pole + 10, top), (pole + 190, top + 40)]), fill=colour
                )


def _village(draw):
    draw.polygon(
        _scale(
            [
                (0, 700),
                (400, 520),
                (900, 430),
                (1300, 520),
                (1600, 640),
                (1600, 900),
                (0, 900),
            ]
        ),
        fill=(150, 160, 90),
    )
    for x0, y0, w, h in (
        (620, 420, 120, 90),
        (760, 400, 150, 110),
        (930, 430, 130, 90),
        (700, 500, 160, 90),
        (880, 500, 140, 100),
    ):
        draw.rectangle(_scale([(x0, y0), (x0 + w, y0 + h)]), fill=(236, 214, 178))
        draw.polygon(
            _scale([(x0 - 10, y0), (x0 + w // 2, y0 - 40), (x0 + w + 10, y0)]),
            fill=(196, 98, 52),
        )
    draw.rectangle(_scale([(1090, 270), (1150, 520)]), fill=(226, 204, 168))
    draw.polygon(_scale([(1080, 270), (1120, 210), (1160, 270)]), fill=(196, 98, 52))
    for x, y in (
        (200, 700),
        (340, 640),
        (480, 720),
        (1300, 660),
        (1440, 720),
        (1180, 760),
        (620, 760),
    ):
        draw.rectangle(_scale([(x - 6, y), (x + 6, y + 60)]), fill=(96, 72, 50))
        draw.ellipse(_scale([(x - 60, y - 70), (x + 60, y + 20)]), fill=(106, 128, 78))


SCENES = {
    "fortress": ((235, 150, 110), (250, 214, 170), _fortress),
    "document": ((214, 226, 236), (238, 240, 242), _document),
    "timbered_house": ((96, 156, 214), (200, 226, 244), _timbered_house),
    "school": ((120, 176, 226), (214, 232, 246), _school),
    "village": ((150, 196, 236), (244, 230, 200), _village),
}


def paint(key, size=IMAGE_SIZE):
    """The demo image ``key`` as JPEG bytes."""
    sky_top, sky_bottom, scene = SCENES[key]
    canvas, draw = _drawing(size, sky_top, sky_bottom)
    scene(draw)
    out = io.BytesIO()
    canvas.resize(size, Image.Resampling.LANCZOS).save(out, "JPEG", quality=88)
    return out.getvalue()


def paint_logo(height=192):
    """The demo's emblem, white on transparent (it sits on the dark header), as PNG."""
    big = height * 2
    canvas = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    stroke = big // 16
    draw.ellipse(
        [stroke, stroke, big - stroke, big - stroke], outline="white", width=stroke
    )
    draw.ellipse([big * 0.38, big * 0.2, big * 0.62, big * 0.44], fill=(255, 214, 120))
    for row in range(3):
        top = big * (0.5 + row * 0.1)
        for step in range(4):
            left = big * (0.2 + step * 0.15)
            draw.arc(
                [left, top, left + big * 0.15, top + big * 0.1],
                180,
                360,
                fill="white",
                width=stroke // 2,
            )
    out = io.BytesIO()
    canvas.resize((height, height), Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()
