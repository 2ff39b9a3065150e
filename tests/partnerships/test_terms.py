import datetime

import pytest

from partnerships.terms import (
    ReviewStatus,
    Term,
    council_term_on,
    election_day,
    is_election_year,
    review_status,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2010, D(2010, 9, 19)),  # the third Sunday, the rule until 2010
        (2014, D(2014, 9, 14)),
        (2018, D(2018, 9, 9)),
        (2022, D(2022, 9, 11)),
        (2026, D(2026, 9, 13)),
        (2030, D(2030, 9, 8)),
    ],
)
def test_election_day_is_a_sunday_in_september(year, day):
    assert election_day(year) == day
    assert election_day(year).weekday() == 6


def test_only_every_fourth_year_is_an_election_year():
    assert [y for y in range(2017, 2032) if is_election_year(y)] == [
        2018,
        2022,
        2026,
        2030,
    ]
    with pytest.raises(ValueError, match="2025"):
        election_day(2025)


@pytest.mark.parametrize(
    ("day", "election_year"),
    [
        (D(2022, 10, 14), 2018),  # last day of the old council
        (D(2022, 10, 15), 2022),  # first day of the new council
        (D(2022, 9, 11), 2018),  # election day itself is still the old term
        (D(2024, 2, 29), 2022),  # a leap day mid-term
        (D(2026, 10, 14), 2022),
        (D(2026, 10, 15), 2026),
        (D(2026, 11, 26), 2026),
        (D(2030, 1, 1), 2026),
    ],
)
def test_council_term_boundaries(day, election_year):
    assert council_term_on(day) == Term(election_year)


def test_term_is_named_both_ways():
    term = Term(2022)
    assert term.council_label == "2022–2026"
    assert term.board_label == "2023–2026"
    assert term.council_start == D(2022, 10, 15)
    assert term.council_end == D(2026, 10, 14)
    assert term.board_start == D(2023, 1, 1)
    assert term.board_end == D(2026, 12, 31)


def test_the_2019_policy_was_due_by_2026_10_14_and_is_overdue_now():
    adopted = D(2019, 12, 5)
    in_2024 = review_status(adopted, D(2024, 5, 1))
    assert in_2024.status is ReviewStatus.DUE
    assert in_2024.due_by == D(2026, 10, 14)
    assert in_2024.term.board_label == "2023–2026"

    now = review_status(adopted, D(2026, 11, 26))
    assert now.status is ReviewStatus.OVERDUE
    assert now.due_by == D(2026, 10, 14)


def test_a_review_in_the_current_term_is_current_until_the_next_term_ends():
    review = review_status(D(2026, 10, 15), D(2026, 11, 26))
    assert review.status is ReviewStatus.CURRENT
    assert review.due_by == D(2034, 10, 14)
    assert review.term.council_label == "2030–2034"


def test_reviewed_the_day_before_the_term_starts_is_due():
    review = review_status(D(2022, 10, 14), D(2022, 10, 15))
    assert review.status is ReviewStatus.DUE
    assert review.due_by == D(2026, 10, 14)


def test_terms_before_1994_are_refused():
    with pytest.raises(ValueError, match="1994"):
        council_term_on(D(1993, 5, 1))
