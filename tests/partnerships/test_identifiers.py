import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from partnerships.identifiers import (
    is_personal_identity_number,
    normalise_organisation_number,
)
from website.models import OrganisationSettings


@pytest.mark.parametrize(
    "value",
    ["212000-1371", "2120001371", "16212000-1371", "162120001371", " 212000-1371 "],
)
def test_the_ways_people_write_an_organisation_number_all_normalise(value):
    assert normalise_organisation_number(value) == "212000-1371"


@pytest.mark.parametrize("value", ["556036-0793", "5560360793", "16556036-0793"])
def test_a_company_number_is_valid(value):
    assert normalise_organisation_number(value) == "556036-0793"


@pytest.mark.parametrize(
    "value",
    [
        "212000-1372",  # wrong check digit
        "556036-0794",  # wrong check digit
        "192120001371",  # 12 digits, but not the 16 prefix
        "212000-13710",  # one digit too many
        "21200-1371",  # one digit too few
        "garbage",
        "not-a-number",
        "811228-9874",  # a personal identity number (third digit 1): a sole trader's
        "16811228-9874",
        "198112289874",
        "abc212000-1371xyz",  # letters around it: mistyped, not cleaned up
        "212000 1371",  # only digits and one hyphen
        "212-000-1371",
        "212000--1371",
        "２１２０００-１３７１",  # full-width digits
        "​212000-1371",
        "",
        None,
    ],
)
def test_invalid_organisation_numbers_are_rejected(value):
    assert normalise_organisation_number(value) is None


@pytest.mark.parametrize(
    ("value", "personal"),
    [("811228-9874", True), ("198112289874", False), ("212000-1371", False)],
)
def test_a_personal_identity_number_is_told_apart(value, personal):
    assert is_personal_identity_number(value) is personal


@pytest.fixture
def default_site(db):
    return Site.objects.get(is_default_site=True)


def test_organisation_settings_reject_an_invalid_number(default_site):
    org = OrganisationSettings(site=default_site, organisation_number="212000-1372")
    with pytest.raises(ValidationError) as excinfo:
        org.full_clean()
    assert "organisation_number" in excinfo.value.message_dict
    assert "212000-1371" in excinfo.value.message_dict["organisation_number"][0]


@pytest.mark.parametrize("typed", ["2120001371", "16212000-1371", "162120001371"])
def test_organisation_settings_store_a_valid_number_normalised(default_site, typed):
    org = OrganisationSettings(site=default_site, organisation_number=typed)
    org.full_clean()
    org.save()
    org.refresh_from_db()
    assert org.organisation_number == "212000-1371"


def test_organisation_number_may_be_left_empty(default_site):
    org = OrganisationSettings(site=default_site, organisation_number="")
    org.full_clean()
    assert org.organisation_number == ""
