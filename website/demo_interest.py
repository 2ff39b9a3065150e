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
        # The official-document sentence is left empty: the form shows the default,
        # "Det du skickar till kommunen blir allmän handling."
        "privacy_notice": (
            "<p>Kungälvs kommun är personuppgiftsansvarig för de uppgifter du lämnar. "
            "Vi behandlar dem för att kunna svara dig och bjuda in föreningar och "
            "företag till det internationella utvecklingsarbetet. Den rättsliga "
            "grunden är allmänt intresse. Uppgifterna sparas och gallras enligt "
            "kommunens dokumenthanteringsplan. Du har rätt att begära information om "
            "och rättelse av dina uppgifter, och att klaga hos "
            "Integritetsskyddsmyndigheten (IMY).</p>"
        ),
        "dpo_contact": (
            "Kommunens dataskyddsombud nås via kommunens växel, 0303-23 80 00."
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
        "privacy_notice": (
            "<p>Kungälvs kommun is the controller of the personal data you give us. "
            "We process it to answer you and to invite associations and businesses "
            "into the international development work. The legal basis is the public "
            "interest. The data is kept and disposed of according to the "
            "municipality's records management plan. You have the right to ask for "
            "information about and correction of your data, and to complain to the "
            "Swedish Authority for Privacy Protection (IMY).</p>"
        ),
        "dpo_contact": (
            "The municipality's data protection officer can be reached through the "
            "switchboard, +46 303 23 80 00."
        ),
    },
}
