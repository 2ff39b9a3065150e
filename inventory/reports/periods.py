"""Reporting periods: tertial and year-end reports, cumulative from 1 January.

Pure date arithmetic. The cut-off dates are a municipality's choice (most use
30 April and 31 August, some 31 March and 31 July), so each period carries the
cut-offs it was computed with; ``ReportingSettings.cutoffs`` supplies them.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

KINDS = ("T1", "T2", "B")
KIND_LABELS = {
    "T1": _("Tertial 1"),
    "T2": _("Tertial 2"),
    "B": _("Year-end report"),
}
# Years a report can be asked for; date() itself stops at 9999.
MIN_YEAR, MAX_YEAR = 2000, 2999
_KEY = re.compile(r"^(?P<year>[0-9]{4})-(?P<kind>T1|T2|B)$", re.IGNORECASE)


class PeriodError(ValueError):
    """A period string that names no reporting period."""


@dataclass(frozen=True)
class Cutoffs:
    """The (month, day) on which tertial 1 and tertial 2 end."""

    t1: tuple[int, int] = (4, 30)
    t2: tuple[int, int] = (8, 31)

    def __post_init__(self):
        # 2024 is a leap year, so 29 February is a valid cut-off there; in other
        # years it falls back to the 28th (see cutoff_date), so the order must hold
        # in a common year (2025) as well.
        try:
            datetime.date(2024, *self.t1)
            datetime.date(2024, *self.t2)
        except ValueError as exc:
            raise PeriodError(_("A cut-off date does not exist.")) from exc
        if not all(
            cutoff_date(year, *self.t1)
            < cutoff_date(year, *self.t2)
            < datetime.date(year, 12, 31)
            for year in (2024, 2025)
        ):
            raise PeriodError(
                _(
                    "Tertial 1 must end before tertial 2, and tertial 2 before "
                    "31 December."
                )
            )


def cutoff_date(year, month, day):
    """The (month, day) cut-off in ``year``; 29 February becomes the 28th if need be."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


DEFAULT_CUTOFFS = Cutoffs()


@dataclass(frozen=True, order=True)
class ReportingPeriod:
    """One report: tertial 1, tertial 2 or the year-end, from 1 January of ``year``."""

    year: int
    kind: str
    cutoffs: Cutoffs = field(default=DEFAULT_CUTOFFS, compare=False, repr=False)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise PeriodError(
                _("Unknown kind of period: %(kind)s") % {"kind": self.kind}
            )
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(
                _("The year must be between %(min)s and %(max)s.")
                % {"min": MIN_YEAR, "max": MAX_YEAR}
            )

    @classmethod
    def parse(cls, text, cutoffs=DEFAULT_CUTOFFS):
        """The period for a key such as "2026-T2" (any case); PeriodError if none."""
        match = _KEY.match(str(text).strip())
        if not match:
            raise PeriodError(
                _(
                    "“%(text)s” is not a reporting period; write e.g. 2026-T1, "
                    "2026-T2 or 2026-B."
                )
                % {"text": text}
            )
        return cls(int(match["year"]), match["kind"].upper(), cutoffs)

    @classmethod
    def for_year(cls, year, cutoffs=DEFAULT_CUTOFFS):
        return [cls(year, kind, cutoffs) for kind in KINDS]

    @property
    def key(self):
        return f"{self.year}-{self.kind}"

    @property
    def slug(self):
        """The key as it appears in web addresses: 2026-t2."""
        return self.key.lower()

    @property
    def start(self):
        return datetime.date(self.year, 1, 1)

    @property
    def end(self):
        if self.kind == "B":
            return datetime.date(self.year, 12, 31)
        month, day = self.cutoffs.t1 if self.kind == "T1" else self.cutoffs.t2
        return cutoff_date(self.year, month, day)

    @property
    def label(self):
        """ "Tertial 2 2026 (jan–aug)", "Bokslut 2026", in the active language."""
        if self.kind == "B":
            return _("Year-end report %(year)s") % {"year": self.year}
        return _("%(kind)s %(year)s (%(first)s–%(last)s)") % {
            "kind": KIND_LABELS[self.kind],
            "year": self.year,
            "first": dateformat.format(self.start, "b"),
            "last": dateformat.format(self.end, "b"),
        }

    def previous(self):
        """The report before this one; tertial 1 follows last year's year-end."""
        if self.kind == "T1":
            return ReportingPeriod(self.year - 1, "B", self.cutoffs)
        return ReportingPeriod(
            self.year, KINDS[KINDS.index(self.kind) - 1], self.cutoffs
        )

    def has_started(self, today):
        return today >= self.start

    def is_complete(self, today):
        """Whether the period has ended, so its report can be published."""
        return today > self.end


def next_period(today, cutoffs=DEFAULT_CUTOFFS):
    """The first period whose cut-off is today or later."""
    for period in ReportingPeriod.for_year(today.year, cutoffs):
        if period.end >= today:
            return period
    raise AssertionError("The year-end period always ends on 31 December.")


def last_cutoff(today, cutoffs=DEFAULT_CUTOFFS):
    """The most recent cut-off before today (the year-end before tertial 1)."""
    return next_period(today, cutoffs).previous().end
