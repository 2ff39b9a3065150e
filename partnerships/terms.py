"""Swedish terms of office (mandatperioder) and the policy review rule.

Plain functions on dates. General elections are held every four years (2018, 2022,
2026, …; four-year terms since 1994) on the second Sunday of September. The
municipal council's term starts on 15 October of the election year (kommunallagen
5 kap. 9 §); the executive board's on 1 January after it (6 kap. 18 §).
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

FIRST_FOUR_YEAR_ELECTION = 1994
SECOND_SUNDAY_FROM = 2014  # until 2010 elections were on the third Sunday


def is_election_year(year):
    return (
        year >= FIRST_FOUR_YEAR_ELECTION and (year - FIRST_FOUR_YEAR_ELECTION) % 4 == 0
    )


def election_day(year):
    """Election day: the second Sunday of September (the third until 2010)."""
    if not is_election_year(year):
        raise ValueError(f"{year} is not a Swedish general election year.")
    first = datetime.date(year, 9, 1)
    first_sunday = first + datetime.timedelta(days=(6 - first.weekday()) % 7)
    weeks = 1 if year >= SECOND_SUNDAY_FROM else 2
    return first_sunday + datetime.timedelta(weeks=weeks)


@dataclass(frozen=True)
class Term:
    """One term of office, named by its election year."""

    election_year: int

    @property
    def council_start(self):
        return datetime.date(self.election_year, 10, 15)

    @property
    def council_end(self):
        return datetime.date(self.election_year + 4, 10, 14)

    @property
    def board_start(self):
        return datetime.date(self.election_year + 1, 1, 1)

    @property
    def board_end(self):
        return datetime.date(self.election_year + 4, 12, 31)

    @property
    def council_label(self):
        """The council's term by its years, e.g. "2022–2026"."""
        return f"{self.election_year}–{self.election_year + 4}"

    @property
    def board_label(self):
        """The term by calendar years, as many municipalities write it: "2023–2026"."""
        return f"{self.election_year + 1}–{self.election_year + 4}"

    def previous(self):
        return Term(self.election_year - 4)

    def next(self):
        return Term(self.election_year + 4)


def council_term_on(day):
    """The council's term of office that includes ``day``."""
    year = day.year - (day.year - FIRST_FOUR_YEAR_ELECTION) % 4
    term = Term(year)
    if day < term.council_start:
        term = term.previous()
    if term.election_year < FIRST_FOUR_YEAR_ELECTION:
        raise ValueError("Terms of office before 1994 were three years long.")
    return term


class ReviewStatus(StrEnum):
    CURRENT = "current"  # reviewed during the current term
    DUE = "due"  # not yet reviewed this term; due by the term's end
    OVERDUE = "overdue"  # a whole term passed without a review


@dataclass(frozen=True)
class Review:
    status: ReviewStatus
    term: Term  # the term in which the next review belongs
    due_by: datetime.date


def review_status(last_review, today):
    """Whether a policy reviewed on ``last_review`` is due for review on ``today``.

    The rule: "Revidering/översyn av policyn ska ske vid varje mandatperiod". A
    policy is due when its last review precedes the start of the current term, and
    overdue when it also precedes the start of the term before (that term ended
    without a review).
    """
    current = council_term_on(today)
    if last_review >= current.council_start:
        nxt = current.next()
        return Review(ReviewStatus.CURRENT, nxt, nxt.council_end)
    previous = current.previous()
    if last_review >= previous.council_start:
        return Review(ReviewStatus.DUE, current, current.council_end)
    return Review(ReviewStatus.OVERDUE, previous, previous.council_end)
