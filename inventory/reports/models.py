"""Tertial and year-end reporting: the cut-off settings, published report
snapshots, the projects' results and the units' commentaries per period, and the
record of review reminders sent."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable
from wagtail.search import index

from inventory.reports.forms import COMMENTARY_MAX_LENGTH, PeriodSelect
from inventory.reports.periods import Cutoffs, PeriodError, ReportingPeriod
from partnerships.text import clean_text

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]
DAYS = [(day, str(day)) for day in range(1, 32)]


@register_setting(icon="date")
class ReportingSettings(BaseGenericSetting):
    """When the tertials end, and how early units are reminded to review."""

    t1_month = models.PositiveSmallIntegerField(
        _("tertial 1 ends in"), choices=MONTHS, default=4
    )
    t1_day = models.PositiveSmallIntegerField(
        _("on day"),
        choices=DAYS,
        default=30,
        help_text=_("29 February means the 28th in years that are not leap years."),
    )
    t2_month = models.PositiveSmallIntegerField(
        _("tertial 2 ends in"), choices=MONTHS, default=8
    )
    t2_day = models.PositiveSmallIntegerField(_("on day"), choices=DAYS, default=31)
    reminder_lead_days = models.PositiveSmallIntegerField(
        _("remind units this many days before a cut-off"),
        default=14,
        help_text=_(
            "Each unit's contact address gets one e-mail per period listing its "
            "projects that have not been reviewed since the last cut-off."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("t1_month"), FieldPanel("t1_day")]),
                FieldRowPanel([FieldPanel("t2_month"), FieldPanel("t2_day")]),
            ],
            heading=_("Cut-off dates"),
            help_text=_(
                "Tertial reports are cumulative from 1 January; the year-end report "
                "always ends on 31 December."
            ),
        ),
        FieldPanel("reminder_lead_days"),
    ]

    class Meta:
        verbose_name = _("reporting periods")
        verbose_name_plural = _("reporting periods")

    def clean(self):
        super().clean()
        for field, month, day in (
            ("t1_day", self.t1_month, self.t1_day),
            ("t2_day", self.t2_month, self.t2_day),
        ):
            try:
                datetime.date(2024, month, day)  # a leap year: 29 February exists
            except (TypeError, ValueError) as exc:
                raise ValidationError({field: _("There is no such date.")}) from exc
        try:
            Cutoffs((self.t1_month, self.t1_day), (self.t2_month, self.t2_day))
        except PeriodError as exc:
            raise ValidationError({"t2_month": exc.args[0]}) from exc

    @property
    def cutoffs(self):
        return Cutoffs((self.t1_month, self.t1_day), (self.t2_month, self.t2_day))

    def period(self, key):
        """The period for a key such as "2026-T2"; PeriodError if there is none."""
        return ReportingPeriod.parse(key, self.cutoffs)


class ReportSnapshot(index.Indexed, models.Model):
    """A published report: its figures frozen when it was published.

    Never changed once saved, so what went to the committee stays on the website
    whatever happens to the projects afterwards.
    """

    period_key = models.CharField(_("period"), max_length=7)
    period_end = models.DateField(_("period end"))
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(_("figures"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"))

    # The site search finds a report by its title and by the words of its units'
    # commentaries and its projects' results, in its own language.
    search_fields = [
        index.SearchField("search_text"),
        index.FilterField("locale_id"),
    ]

    class Meta:
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        ordering = ["-period_end"]
        default_permissions = ("view",)
        permissions = [("publish_reportsnapshot", _("Can publish reports"))]
        constraints = [
            # One report per period and language: a published report is a record
            # of what was reported, so a second publish is refused, not replaced.
            models.UniqueConstraint(
                fields=["period_key", "locale"], name="report_once_per_period"
            ),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A published report cannot be changed.")
        super().save(*args, **kwargs)

    @property
    def label(self):
        return self.data.get("period", {}).get("label", self.period_key)

    @property
    def period_slug(self):
        return self.period_key.lower()

    def search_text(self):
        """The report's title, commentaries and results, as its page shows them."""
        parts = [self.label]
        for sector in self.data.get("sectors", []):
            parts.append(sector.get("narrative", ""))
            parts.extend(row.get("result", "") for row in sector.get("projects", []))
        return "\n".join(part for part in parts if part)


def validate_period_key(value):
    try:
        ReportingPeriod.parse(value)
    except PeriodError as exc:
        raise ValidationError(exc.args[0], code="invalid") from exc


class ProjectResult(Orderable):
    """What a project achieved in one reporting period, in its unit's words.

    A child of the project (a ParentalKey), so a result is drafted, reviewed in the
    workflow and published with the project, and lives in its revisions. Deleting
    the project deletes its results; a published report keeps its own copy.
    """

    project = ParentalKey(
        "inventory.Project", on_delete=models.CASCADE, related_name="results"
    )
    period_key = models.CharField(
        _("period"), max_length=7, validators=[validate_period_key]
    )
    text = models.TextField(
        _("result"),
        max_length=2000,
        help_text=_(
            "What the project achieved in the period, in plain language: it goes "
            "to the municipal executive board and is published on the website."
        ),
    )

    panels = [FieldPanel("period_key", widget=PeriodSelect), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("project result")
        verbose_name_plural = _("project results")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_key"], name="project_result_once_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.period_key}"

    def clean(self):
        super().clean()
        self.text = clean_text(self.text).strip()
        try:
            self.period_key = ReportingPeriod.parse(self.period_key).key
        except PeriodError:
            pass  # the field's validator has said so


class SectorNarrative(models.Model):
    """A unit's commentary on its international work in one period, written by the
    report's coordinator and copied into the report when it is published."""

    period_key = models.CharField(
        _("period"), max_length=7, validators=[validate_period_key]
    )
    unit = models.ForeignKey(
        "inventory.OrganisationalUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.CASCADE,
        related_name="narratives",
    )
    text = models.TextField(_("commentary"), max_length=COMMENTARY_MAX_LENGTH)

    class Meta:
        verbose_name = _("unit commentary")
        verbose_name_plural = _("unit commentaries")
        # Written on the report's admin page by those who may publish reports.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["period_key", "unit"], name="narrative_once_per_unit_period"
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.period_key}"

    def clean(self):
        super().clean()
        self.text = clean_text(self.text).strip()


class ReviewReminder(models.Model):
    """A claim to remind one unit before one cut-off, made before the e-mail goes.

    The unique constraint lets only one process (of many, on many servers) send
    each reminder; ``sent_at`` stays empty until the mail server has taken it.
    """

    # No public page shows these rows (see partnerships.cache).
    shown_on_public_pages = False

    unit = models.ForeignKey(
        "inventory.OrganisationalUnit",
        on_delete=models.CASCADE,
        related_name="review_reminders",
    )
    period_key = models.CharField(max_length=7)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_key"], name="review_reminder_once_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.period_key}"


# A claim older than this without ``sent_at`` belongs to a process that died
# between claiming and sending; another run may take it over.
STALE_CLAIM = datetime.timedelta(hours=1)
