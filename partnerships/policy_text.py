"""The International Policy (Dnr KS2019/1537): the starting content of a policy page.

``manage.py vanort_setup`` creates each language's ``PolicyPage`` from it; editors keep
the page in the admin from then on. The Swedish text is the adopted policy, copied from
the decision; the English text is a translation, not an adopted document. Languages
other than Swedish start from the English text.
"""

import datetime

# The decision, the same in every language.
POLICY_META = {
    "registration_number": "KS2019/1537",
    "decision_minute": "KF § 311/2019",
    "decision_date": datetime.date(2019, 12, 5),
}
POLICY_LANGUAGE_META = {
    "sv": {"decision_body": "Kommunfullmäktige", "document_owner": "Kommunsekreterare"},
    "en": {
        "decision_body": "Municipal Council",
        "document_owner": "Municipal Secretary",
    },
}

# The text, by language: sections are (heading, anchor, HTML body).
POLICY = {
    "sv": {
        "title": "Internationell policy",
        "slug": "internationell-policy",
        "intro": (
            "Det internationella arbetet ska bidra till att det är gott att leva för "
            "alla, oavsett bakgrund, kulturtillhörighet eller religion, och till ett "
            "hållbart samhälle genom ekologisk, social och ekonomisk utveckling."
        ),
        "sections": [
            (
                "Vision",
                "vision",
                "<p>Visionen för internationella arbetet är att det för alla ska vara "
                "gott att leva, oavsett bakgrund, kulturtillhörighet eller religion. "
                "Internationell kompetens skapar en ökad tolerans och förståelse "
                "människor emellan. Det internationella arbetet skall medverka till "
                "att skapa ett hållbart samhälle, genom att stärka ekologisk-, social- "
                "och ekonomisk utveckling.</p>",
            ),
            (
                "Mål",
                "mal",
                "<p>Kungälv ska aktivt delta i såväl internationellt, nationellt som "
                "regionalt samarbete. Internationellt samarbete ska betraktas som ett "
                "instrument för verksamhetsutveckling och bedömas efter samma "
                "kriterier som gäller för övriga utvecklingsfrågor och "
                "utvecklingsprojekt. Ambitionen är att det internationella samarbetet "
                "ska skapa ett mervärde för Kungälvs kommuns invånare och näringsliv, "
                "och därmed bidra till visionen om ett hållbart samhälle, utifrån "
                "dimensionerna ekologisk-, social- och ekonomisk utveckling.</p>",
            ),
            (
                "Strategier för det internationella samarbetet",
                "strategier-for-det-internationella-samarbetet",
                "<p>Prioriterade områden för arbetet är ”utveckling av kommunens egen "
                "verksamhet, skall bidra till samhällsutveckling och socioekonomiska "
                "kunskapsinvesteringar, verka för tillväxt och näringslivsutveckling "
                "samt omvärldsbevakning”. Politiker och tjänstemän ska aktivt söka "
                "kunskap i omvärlden för kunskapsutbyte och utveckling, som stärker "
                "Kungälvs kommun.</p>",
            ),
            (
                "Utveckling av kommunens egen verksamhet",
                "utveckling-av-kommunens-egen-verksamhet",
                "<p>Internationellt arbete ska utveckla och stärka den kommunala "
                "verksamheten och dess personal till förmån för medborgarna. "
                "Möjligheterna till samarbeten och finansiering av utvecklingsprojekt "
                "som erbjuds genom EU:s fonder och program skall särskilt "
                "tillvaratas.</p>"
                "<p>Kommunens samtliga verksamheter och bolag har i uppdrag att bevaka "
                "möjligheterna till en positiv utveckling av den egna verksamheten "
                "genom ett aktivt samarbete i EU-utvecklingsprojekt. Internationellt "
                "samarbete ska betraktas som ett instrument för verksamhetsutveckling "
                "och bidra till samhällsutveckling. Insatserna ska bedömas efter samma "
                "kriterier som gäller för övriga utvecklingsfrågor och "
                "utvecklingsprojekt.</p>",
            ),
            (
                "Näringsliv och hållbar tillväxt",
                "naringsliv-och-hallbar-tillvaxt",
                "<p>Kommunen ska aktivt samarbeta med näringsliv, universitet/högskola "
                "och övrig offentlig sektor för att skapa hållbar tillväxt. Det "
                "internationella samarbetet syftar i detta sammanhang till att skapa "
                "kontakter, attrahera investeringar, öka kunskapsspridningen samt "
                "öppna dörrar för näringslivet. Syftet är att skapa förutsättningar "
                "för nya etableringar av företag.</p>"
                "<p>Marknadsföringen av kommunen som destination för internationell "
                "turism är av väsentlig betydelse och skapar underlag för utveckling "
                "av besöksnäringen och genererar arbetstillfällen. Vårt varumärke, "
                "uttryckt i våra kärnvärden, ”trygghet - närhet – nytänkande”, samt "
                "vårt honnörssord <em>”Med hjärtat i historien och blicken mot "
                "framtiden”</em>, skall prägla vårt internationella arbete.</p>",
            ),
            (
                "Ansvarsfördelning",
                "ansvarsfordelning",
                "<p>Kommunfullmäktige, genom demokratiberedningen, ansvarar för "
                "fortsatt utveckling av det internationella samarbetet. "
                "Kommunstyrelsen har i uppdrag att genomföra samordningen av det "
                "internationella samarbetet för Kungälv kommun externt och internt. "
                "Varje sektor ansvarar för återrapporteringen av det internationella "
                "samarbetet enligt kommunstyrelsens beslut den 17 december 2008 § 510. "
                "I samband med bokslut och tertialrapportering redovisas resultatet av "
                "det internationella utvecklingsarbetet.</p>"
                "<p>Förvaltningen ansvarar för att det internationella perspektivet är "
                "en del av kvalitets- och utvecklingsarbetet. Politiker- och "
                "tjänstemannaorganisationen är aktiv och driver kommunens intressen i "
                "organisationer och nätverk utifrån de politiskt prioriterade "
                "målen.</p>"
                "<p>Rapportering av de internationella samarbetena skall ske till "
                "demokratiberedningen och kommunstyrelsen.</p>",
            ),
            (
                "Vänort och partnerskap",
                "vanort-och-partnerskap",
                "<p>Inriktningen för kunskapsutbyte med kommuner, eller motsvarande, i "
                "andra länder skall i första hand ske utifrån gemensamma "
                "utvecklingsprojekt.</p>"
                "<p>Utvecklingsansvaret har kommunfullmäktige genom "
                "demokratiberedningen. Kommunens föreningar och företagare skall "
                "bjudas in till utvecklingsarbetet.</p>",
            ),
            (
                "Uppföljning",
                "uppfoljning",
                "<p>För att få en översikt över internationella kontakter skall "
                "projekten inventeras löpande. Informationen skall sammanställas och "
                "presenteras vid tertial- och bokslutsrapportering samt göras "
                "tillgänglig på hemsidan. Revidering/översyn av policyn ska ske vid "
                "varje mandatperiod.</p>",
            ),
        ],
    },
    "en": {
        "title": "International Policy",
        "slug": "international-policy",
        "intro": (
            "The international work shall help make life good for everyone, regardless "
            "of background, cultural affiliation or religion, and help build a "
            "sustainable society through ecological, social and economic development."
        ),
        "sections": [
            (
                "Vision",
                "vision",
                "<p>The vision for the international work is that life should be good "
                "for everyone, regardless of background, cultural affiliation or "
                "religion. International competence creates greater tolerance and "
                "understanding between people. The international work shall help to "
                "create a sustainable society by strengthening ecological, social and "
                "economic development.</p>",
            ),
            (
                "Goals",
                "goals",
                "<p>Kungälv shall take an active part in international, national and "
                "regional cooperation alike. International cooperation shall be "
                "regarded as an instrument for developing operations and be assessed "
                "by the same criteria as apply to other development issues and "
                "development projects. The ambition is that the international "
                "cooperation shall create added value for the residents and business "
                "community of Kungälv Municipality, and thereby contribute to the "
                "vision of a sustainable society, based on the dimensions of "
                "ecological, social and economic development.</p>",
            ),
            (
                "Strategies for international cooperation",
                "strategies-for-international-cooperation",
                "<p>The priority areas for the work are “development of the "
                "municipality's own operations; contributing to community development "
                "and socio-economic knowledge investments; working for growth and "
                "business development; and horizon scanning”. Politicians and "
                "officials shall actively seek knowledge from the outside world for "
                "knowledge exchange and development that strengthen Kungälv "
                "Municipality.</p>",
            ),
            (
                "Development of the municipality's own operations",
                "development-of-the-municipalitys-own-operations",
                "<p>International work shall develop and strengthen the municipal "
                "operations and their staff for the benefit of the citizens. The "
                "opportunities for cooperation and for funding development projects "
                "offered through the EU's funds and programmes shall in particular be "
                "made use of.</p>"
                "<p>All of the municipality's operations and companies are tasked with "
                "watching for opportunities to develop their own operations positively "
                "through active cooperation in EU development projects. International "
                "cooperation shall be regarded as an instrument for developing "
                "operations and contribute to community development. The efforts shall "
                "be assessed by the same criteria as apply to other development issues "
                "and development projects.</p>",
            ),
            (
                "Business and sustainable growth",
                "business-and-sustainable-growth",
                "<p>The municipality shall actively cooperate with the business "
                "community, universities and university colleges, and the rest of the "
                "public sector to create sustainable growth. In this context, the "
                "international cooperation aims to create contacts, attract "
                "investment, increase the spread of knowledge and open doors for the "
                "business community. The purpose is to create the conditions for new "
                "businesses to establish themselves.</p>"
                "<p>Marketing the municipality as a destination for international "
                "tourism is of essential importance; it creates a basis for developing "
                "the visitor industry and generates jobs. Our brand, expressed in our "
                "core values, “security – closeness – new thinking”, and our motto "
                "<em>“With our heart in history and our eyes on the future”</em>, "
                "shall characterise our international work.</p>",
            ),
            (
                "Division of responsibilities",
                "division-of-responsibilities",
                "<p>The Municipal Council, through the Democracy Committee, is "
                "responsible for the further development of the international "
                "cooperation. The Municipal Executive Board is tasked with "
                "coordinating the international cooperation for Kungälv Municipality, "
                "externally and internally. Each sector is responsible for reporting "
                "back on the international cooperation in accordance with the "
                "Municipal Executive Board's decision of 17 December 2008, § 510. The "
                "results of the international development work are presented in "
                "connection with the year-end accounts and the four-month reports.</p>"
                "<p>The administration is responsible for making the international "
                "perspective part of the quality and development work. The "
                "organisation of politicians and officials is active and promotes the "
                "municipality's interests in organisations and networks on the basis "
                "of the politically prioritised goals.</p>"
                "<p>The international collaborations shall be reported to the "
                "Democracy Committee and the Municipal Executive Board.</p>",
            ),
            (
                "Twin towns and partnerships",
                "twin-towns-and-partnerships",
                "<p>Knowledge exchange with municipalities, or their equivalents, in "
                "other countries shall primarily be based on joint development "
                "projects.</p>"
                "<p>Responsibility for the development lies with the Municipal "
                "Council, through the Democracy Committee. The municipality's "
                "associations and business owners shall be invited to take part in the "
                "development work.</p>",
            ),
            (
                "Follow-up",
                "follow-up",
                "<p>To provide an overview of international contacts, the projects "
                "shall be inventoried on an ongoing basis. The information shall be "
                "compiled and presented in the four-month and year-end reporting and "
                "made available on the website. The policy shall be revised/reviewed "
                "in each term of office.</p>",
            ),
        ],
    },
}


def policy_language(language_code):
    """The language of the text a page in ``language_code`` starts from."""
    return "sv" if language_code.split("-")[0].lower() == "sv" else "en"


def policy_page_fields(language_code):
    """The fields of a ``PolicyPage`` in ``language_code``: title, slug, introduction,
    sections (a StreamField value) and the decision's metadata."""
    language = policy_language(language_code)
    text = POLICY[language]
    return {
        **POLICY_META,
        **POLICY_LANGUAGE_META[language],
        "title": text["title"],
        "slug": text["slug"],
        "intro": text["intro"],
        "sections": [
            ("section", {"heading": heading, "anchor": anchor, "body": body})
            for heading, anchor, body in text["sections"]
        ],
    }
