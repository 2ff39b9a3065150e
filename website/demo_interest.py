"""Demo content for the interest form, in Swedish and English."""

INTEREST_FORM = {
    "common": {
        "notification_recipients": "internationellt@kommun.example",
        "retention_months": 36,
        "retention_decision": (
            "Exempel: dokumenthanteringsplan för kommunstyrelsen, avsnitt 3.4 "
            "(intresseanmälningar gallras efter tre år)"
        ),
    },
    "sv": {
        "title": "Anmäl intresse",
        "slug": "anmal-intresse",
        "search_description": (
            "Föreningar och företag kan anmäla intresse för kommunens "
            "internationella projekt och vänorter."
        ),
        "intro": (
            "<p>Kommunens föreningar och företagare ska bjudas in till det "
            "internationella utvecklingsarbetet. Berätta vad ni är intresserade av "
            "– ett projekt, en vänort eller ett av policyns prioriterade områden – "
            "så hör vi av oss.</p>"
        ),
        "thank_you_text": (
            "<p>Tack för din intresseanmälan! Vi har tagit emot den och hör av oss "
            "inom två veckor.</p>"
        ),
    },
    "en": {
        "title": "Express interest",
        "slug": "express-interest",
        "search_description": (
            "Associations and businesses can express interest in the municipality's "
            "international projects and twin towns."
        ),
        "intro": (
            "<p>The municipality's associations and businesses are invited to take "
            "part in its international development work. Tell us what interests "
            "you – a project, a twin town or one of the policy's priority areas – "
            "and we will be in touch.</p>"
        ),
        "thank_you_text": (
            "<p>Thank you for expressing interest! We have received your form and "
            "will be in touch within two weeks.</p>"
        ),
    },
}
