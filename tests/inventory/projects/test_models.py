"""The seeded taxonomies and the Project model's own rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from inventory.models import FundingProgramme, OrganisationalUnit, Project

pytestmark = pytest.mark.django_db

D = datetime.date

UNITS = [
    ("Sektor bildning och lärande", "Education and Learning Sector"),
    ("Sektor samhälle och utveckling", "Community and Development Sector"),
    ("Sektor trygghet och stöd", "Safety and Support Sector"),
    ("Kommunchefens stab", "Chief Executive's Office"),
    ("Kungälv Energi AB", "Kungälv Energi AB"),
    ("Bokab", "Bokab"),
]


def names(model, locale):
    return list(model.objects.filter(locale=locale).values_list("name", flat=True))


def clean_errors(project):
    """The messages ``full_clean`` gives, per field, as a Swedish editor reads them."""
    with translation.override("sv"):
        with pytest.raises(ValidationError) as refused:
            project.full_clean()
        # Read in Swedish: the messages are put together when they are read.
        return {
            field: [str(message) for message in messages]
            for field, messages in refused.value.message_dict.items()
        }


# --- Seeded taxonomies -------------------------------------------------------------


def test_six_units_are_seeded_in_swedish_and_english_in_order(sv_locale, en_locale):
    assert names(OrganisationalUnit, sv_locale) == [sv for sv, _en in UNITS]
    assert names(OrganisationalUnit, en_locale) == [en for _sv, en in UNITS]


def test_nineteen_programmes_are_seeded_in_both_languages(sv_locale, en_locale):
    swedish = names(FundingProgramme, sv_locale)
    english = names(FundingProgramme, en_locale)
    assert len(swedish) == len(english) == 19
    assert len(set(swedish)) == 19
    assert swedish[0] == english[0] == "Erasmus+"
    assert swedish[-2:] == ["Kommunens egen finansiering", "Annan finansiering"]
    assert english[-2:] == ["Municipal own funding", "Other"]


@pytest.mark.parametrize(
    ("model", "swedish", "english"),
    [
        (
            OrganisationalUnit,
            "Sektor bildning och lärande",
            "Education and Learning Sector",
        ),
        (OrganisationalUnit, "Kommunchefens stab", "Chief Executive's Office"),
        (OrganisationalUnit, "Bokab", "Bokab"),
        (FundingProgramme, "Erasmus+", "Erasmus+"),
        (FundingProgramme, "LEADER Södra Bohuslän", "LEADER Södra Bohuslän"),
        (FundingProgramme, "Horisont Europa", "Horizon Europe"),
        (FundingProgramme, "Interreg Sverige–Norge", "Interreg Sweden–Norway"),
        (
            FundingProgramme,
            "CERV – vänortssamarbete / nätverk av städer",
            "CERV – Town Twinning / Networks of Towns",
        ),
    ],
)
def test_each_term_and_its_translation_share_a_translation_key(
    model, swedish, english, sv_locale, en_locale
):
    sv_term = model.objects.get(locale=sv_locale, name=swedish)
    en_term = sv_term.get_translation(en_locale)
    assert en_term.name == english
    assert en_term.sort_order == sv_term.sort_order
    assert en_term.get_translation(sv_locale) == sv_term


@pytest.mark.parametrize("model", [OrganisationalUnit, FundingProgramme])
def test_every_seeded_term_has_exactly_one_translation(model, sv_locale, en_locale):
    swedish = model.objects.filter(locale=sv_locale)
    english = model.objects.filter(locale=en_locale)
    assert swedish.count() == english.count() == model.objects.count() // 2
    assert set(swedish.values_list("translation_key", flat=True)) == set(
        english.values_list("translation_key", flat=True)
    )


# --- Validation --------------------------------------------------------------------


def test_a_valid_project_passes_full_clean(make_project):
    project = make_project(
        "Elevutbyte", start_date=D(2025, 8, 1), end_date=D(2027, 6, 30)
    )
    project.total_budget = 450000
    project.eu_grant = 450000  # equal to the budget is allowed
    project.full_clean()


def test_a_project_ending_before_it_starts_is_refused_on_the_end_date(make_project):
    project = make_project("Elevutbyte", live=False)
    project.start_date = D(2025, 8, 1)
    project.end_date = D(2025, 7, 31)
    errors = clean_errors(project)
    assert errors == {"end_date": ["Slutdatumet ligger före startdatumet."]}


def test_an_eu_grant_above_the_total_budget_is_refused_on_the_grant(make_project):
    project = make_project("Elevutbyte", live=False)
    project.total_budget = 450000
    project.eu_grant = "450000.01"
    errors = clean_errors(project)
    assert errors == {"eu_grant": ["EU-bidraget är större än den totala budgeten."]}


def test_a_slug_already_used_in_the_same_language_is_refused_on_the_slug(
    make_project, sv_locale
):
    make_project("Elevutbyte", slug="elevutbyte")
    clash = Project(
        title="Ett annat elevutbyte",
        slug="elevutbyte",
        summary="Ett annat.",
        unit=OrganisationalUnit.objects.filter(locale=sv_locale).first(),
        locale=sv_locale,
    )
    errors = clean_errors(clash)
    assert errors["slug"] == [
        "Ett annat projekt på det här språket använder redan den här sluggen."
    ]


def test_the_same_slug_in_english_is_accepted(make_project, en_locale):
    swedish = make_project("Elevutbyte", slug="elevutbyte")
    english = Project(
        title="Pupil exchange",
        slug="elevutbyte",
        summary="Pupils meet.",
        unit=OrganisationalUnit.objects.filter(locale=en_locale).first(),
        locale=en_locale,
        translation_key=swedish.translation_key,
    )
    english.full_clean()
    english.save()
    assert Project.objects.filter(slug="elevutbyte").count() == 2


def test_a_project_keeps_its_own_slug_when_edited(make_project):
    project = make_project("Elevutbyte", slug="elevutbyte")
    project.summary = "Ändrad."
    project.full_clean()


# --- Review status -----------------------------------------------------------------


CUTOFF = datetime.date(2026, 8, 31)


@pytest.mark.parametrize(
    ("status", "reviewed", "live", "due"),
    [
        (Project.Status.ONGOING, None, True, True),
        (Project.Status.PLANNED, None, True, True),
        (Project.Status.ONGOING, CUTOFF, True, True),  # on the cut-off day: before it
        (Project.Status.PLANNED, datetime.date(2025, 12, 1), True, True),
        (Project.Status.ONGOING, CUTOFF + datetime.timedelta(days=1), True, False),
        (Project.Status.COMPLETED, None, True, False),
        (Project.Status.CANCELLED, None, True, False),
        (Project.Status.ONGOING, None, False, False),  # a draft is no inventory entry
    ],
)
def test_due_for_review_means_running_and_not_reviewed_since_the_cutoff(
    make_project, status, reviewed, live, due
):
    project = make_project(status=status, last_reviewed=reviewed, live=live)
    assert Project.objects.due_for_review(CUTOFF).filter(pk=project.pk).exists() is due


# --- External databases ------------------------------------------------------------


def test_external_links_lead_to_each_database(make_project):
    project = make_project(
        keep_eu_id="12345",
        kohesio_id="Q2314781",
        erasmus_id="2023-1-SE01-KA220-SCH-000123456",
        cordis_id="101056875",
    )
    assert project.external_links == [
        ("Keep.eu", "12345", "https://keep.eu/projects/12345/"),
        (
            "Kohesio",
            "Q2314781",
            "https://kohesio.ec.europa.eu/en/projects/Q2314781",
        ),
        (
            "Erasmus+",
            "2023-1-SE01-KA220-SCH-000123456",
            "https://erasmus-plus.ec.europa.eu/projects/search/details/"
            "2023-1-SE01-KA220-SCH-000123456",
        ),
        ("CORDIS", "101056875", "https://cordis.europa.eu/project/id/101056875"),
    ]


def test_external_links_only_name_the_databases_with_an_id(make_project):
    assert make_project().external_links == []
    only_cordis = make_project(cordis_id="101056875")
    assert [label for label, _id, _url in only_cordis.external_links] == ["CORDIS"]
