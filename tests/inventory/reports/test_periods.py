"""Reporting periods: cumulative from 1 January, cut-offs a municipality may move."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from inventory.models import ReportingSettings
from inventory.reports.periods import (
    Cutoffs,
    PeriodError,
    ReportingPeriod,
    last_cutoff,
    next_period,
)

D = datetime.date
EARLY = Cutoffs((3, 31), (7, 31))


def test_default_periods_are_cumulative_from_january():
    t1, t2, year_end = ReportingPeriod.for_year(2026)
    assert (t1.start, t1.end) == (D(2026, 1, 1), D(2026, 4, 30))
    assert (t2.start, t2.end) == (D(2026, 1, 1), D(2026, 8, 31))
    assert (year_end.start, year_end.end) == (D(2026, 1, 1), D(2026, 12, 31))


def test_labels_in_swedish_and_english():
    with translation.override("sv"):
        assert str(ReportingPeriod(2026, "T2").label) == "Tertial 2 2026 (jan–aug)"
        assert str(ReportingPeriod(2026, "T1").label) == "Tertial 1 2026 (jan–apr)"
        assert str(ReportingPeriod(2026, "B").label) == "Bokslut 2026"
        assert str(ReportingPeriod(2026, "T1", EARLY).label) == (
            "Tertial 1 2026 (jan–mar)"
        )
    with translation.override("en"):
        assert str(ReportingPeriod(2026, "B").label) == "Year-end report 2026"
        assert str(ReportingPeriod(2026, "T2", EARLY).label) == (
            "Tertial 2 2026 (jan–jul)"
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-T1", (2026, "T1")), ("2026-t2", (2026, "T2")), (" 2027-b ", (2027, "B"))],
)
def test_parse_accepts_keys_in_any_case(text, expected):
    period = ReportingPeriod.parse(text)
    assert (period.year, period.kind) == expected
    assert period.key == f"{expected[0]}-{expected[1]}"
    assert period.slug == period.key.lower()


@pytest.mark.parametrize(
    "text",
    ["2026-T3", "2026", "26-T1", "2026-T1x", "T1-2026", "", "1999-T1", "２０２６-T1"],
)
def test_parse_refuses_malformed_and_out_of_range_keys(text):
    with pytest.raises(PeriodError):
        ReportingPeriod.parse(text)


def test_previous_period_chain_crosses_the_year():
    assert ReportingPeriod(2026, "B").previous() == ReportingPeriod(2026, "T2")
    assert ReportingPeriod(2026, "T2").previous() == ReportingPeriod(2026, "T1")
    assert ReportingPeriod(2026, "T1").previous() == ReportingPeriod(2025, "B")


def test_is_complete_only_after_the_cut_off_day():
    t1 = ReportingPeriod(2026, "T1")
    assert not t1.is_complete(D(2026, 4, 30))
    assert t1.is_complete(D(2026, 5, 1))
    assert not ReportingPeriod(2026, "T1", EARLY).is_complete(D(2026, 3, 31))
    assert ReportingPeriod(2026, "T1", EARLY).is_complete(D(2026, 4, 1))


def test_leap_day_cut_off_falls_back_to_28_february():
    leap = Cutoffs((2, 29), (8, 31))
    assert ReportingPeriod(2028, "T1", leap).end == D(2028, 2, 29)
    assert ReportingPeriod(2027, "T1", leap).end == D(2027, 2, 28)
    assert ReportingPeriod(2027, "T1", leap).is_complete(D(2027, 3, 1))
    assert not ReportingPeriod(2028, "T1", leap).is_complete(D(2028, 2, 29))


def test_next_period_and_last_cut_off():
    assert next_period(D(2026, 4, 30)) == ReportingPeriod(2026, "T1")
    assert next_period(D(2026, 5, 1)) == ReportingPeriod(2026, "T2")
    assert next_period(D(2026, 12, 31)) == ReportingPeriod(2026, "B")
    assert last_cutoff(D(2026, 1, 15)) == D(2025, 12, 31)
    assert last_cutoff(D(2026, 4, 30)) == D(2025, 12, 31)
    assert last_cutoff(D(2026, 5, 1)) == D(2026, 4, 30)
    assert last_cutoff(D(2026, 8, 1), EARLY) == D(2026, 7, 31)


@pytest.mark.parametrize(
    ("t1", "t2"),
    [((8, 31), (4, 30)), ((4, 30), (4, 30)), ((4, 30), (12, 31)), ((2, 30), (8, 31))],
)
def test_cutoffs_must_be_real_and_in_order(t1, t2):
    with pytest.raises(PeriodError):
        Cutoffs(t1, t2)


def test_cut_offs_that_coincide_in_a_common_year_are_refused():
    with pytest.raises(PeriodError):
        Cutoffs((2, 28), (2, 29))
    assert Cutoffs((2, 29), (8, 31)).t1 == (2, 29)


@pytest.mark.django_db
def test_settings_validate_the_order_of_cut_offs():
    settings = ReportingSettings.load()
    assert settings.cutoffs == Cutoffs((4, 30), (8, 31))
    settings.t1_month, settings.t1_day = 9, 30
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "t2_month" in error.value.message_dict
    settings.t1_month, settings.t1_day, settings.t2_month, settings.t2_day = (
        3,
        31,
        7,
        31,
    )
    settings.full_clean()
    settings.save()
    period = ReportingSettings.load().period("2026-t2")
    assert period.end == D(2026, 7, 31)


def settings_form(**overrides):
    return {
        "t1_month": "4",
        "t1_day": "30",
        "t2_month": "8",
        "t2_day": "31",
        "reminder_lead_days": "14",
        **overrides,
    }


@pytest.mark.django_db
def test_municipality_moves_the_cut_offs_in_the_settings(admin_client):
    url = "/admin/settings/inventory/reportingsettings/"
    response = admin_client.get(url, follow=True)
    assert response.status_code == 200
    edit_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = admin_client.post(
        edit_url, settings_form(t1_month="3", t1_day="31", t2_month="7"), follow=True
    )
    assert response.status_code == 200
    assert ReportingSettings.load().period("2026-T2").end == D(2026, 7, 31)
    response = admin_client.post(edit_url, settings_form(t1_month="4", t1_day="31"))
    assert "Det finns inget sådant datum." in response.content.decode()
    response = admin_client.post(edit_url, settings_form(t1_month="9"))
    assert "Tertial 1 måste sluta före tertial 2" in response.content.decode()
    assert ReportingSettings.load().cutoffs == Cutoffs((3, 31), (7, 31))
