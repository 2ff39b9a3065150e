"""Demo content for the interest form, in Swedish and English.

The Swedish addresses organisations as "ni" throughout, as the form's own texts do.
"""

INTEREST_FORM = {
    "common": {
        "notification_recipients": "internationellt@kommun.example",
        "retention_months": 36,
        "retention_decision": (
            "Exempel: dokumenthanteringsplan för kommunstyrelsen, avsnitt 3.4 "
            "(intresseanmälningar gallras efter tre år)"
        ),
        # Addresses and numbers read the same in both languages.
        "contact_email": "internationellt@kommun.example",
        "contact_phone": "0303-23 80 00",
        "dpo_contact": "dataskyddsombud@kommun.example",
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
            "<p>Tack för er intresseanmälan! Vi har tagit emot den och hör av oss "
            "inom två veckor.</p>"
        ),
        "next_steps": (
            "Kommunens internationella samordnare läser er anmälan och hör av sig "
            "till er inom två veckor, oftast per e-post."
        ),
        # The official-document sentence is left empty: the form shows the default,
        # "Det ni skickar till kommunen blir allmän handling."
        "controller": "Kommunstyrelsen, Kungälvs kommun",
        # The notice itself (controller, purpose, legal basis, rights, retention,
        # data protection officer, IMY) is built from the fields; this adds to it.
        "privacy_notice": (
            "<p>Vi lämnar inte ut era uppgifter till andra, utom när "
            "offentlighetsprincipen kräver det: vem som helst kan begära att få ta "
            "del av en allmän handling.</p>"
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
        "next_steps": (
            "The municipality's international coordinator reads your form and gets "
            "in touch within two weeks, usually by e-mail."
        ),
        "controller": "The Municipal Executive Board, Kungälv Municipality",
        "privacy_notice": (
            "<p>We do not pass your data on to others, except where the principle "
            "of public access requires it: anyone may ask to see an official "
            "document.</p>"
        ),
    },
}
