"""The admin list filters for projects and interest submissions."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import WagtailFilterSet

from inventory.models import (
    REVIEW_INTERVAL,
    FundingProgramme,
    InterestFormPage,
    InterestSubmission,
    OrganisationalUnit,
    Project,
)
from partnerships.models import PartnerPage, PriorityArea, SustainabilityDimension

# The largest id an integer primary key can hold (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def is_id(value):
    """Whether ``value`` (text from a query string) can be a row's id at all."""
    text = str(value)
    return (
        0 < len(text) <= 19
        and text.isascii()
        and text.isdigit()
        and (0 < int(text) <= MAX_ID)
    )


class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of one row by id that turns away what cannot be an id unasked.

    The database is never sent a number it cannot hold: SQLite raises OverflowError
    for an integer beyond 64 bits, and Django's own overflow check does not cover a
    lookup through a page's parent link (``page_ptr``), so a filter of pages by
    ``?partner_municipalities=9223372036854775808`` failed with a server error.
    """

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """``ModelChoiceFilter`` for a choice by id, safe against any query string."""

    field_class = IdChoiceField


class ProjectFilterSet(WagtailFilterSet):
    unit = IdChoiceFilter(
        label=_("Responsible unit"), queryset=OrganisationalUnit.objects.all()
    )
    funding_programme = IdChoiceFilter(
        label=_("Funding programme"), queryset=FundingProgramme.objects.all()
    )
    priority_areas = IdChoiceFilter(
        label=_("Priority area"), queryset=PriorityArea.objects.all()
    )
    dimensions = IdChoiceFilter(
        label=_("Sustainability dimension"),
        queryset=SustainabilityDimension.objects.all(),
    )
    partner_municipalities = IdChoiceFilter(
        label=_("Partner municipality"), queryset=PartnerPage.objects.all()
    )
    partner_country = django_filters.ChoiceFilter(
        label=_("Partner country"),
        choices=list(countries),
        method="filter_partner_country",
    )
    year = django_filters.NumberFilter(
        label=_("Active in year"), method="filter_year", min_value=1990, max_value=2100
    )
    review_overdue = django_filters.BooleanFilter(
        label=_("Review overdue"), method="filter_review_overdue"
    )

    class Meta:
        model = Project
        # Wagtail adds the language filter itself (by language code).
        fields = ["status"]

    def filter_partner_country(self, queryset, name, value):
        return queryset.filter(
            Q(partner_organisations__country=value)
            | Q(partner_municipalities__country=value)
        ).distinct()

    def filter_year(self, queryset, name, value):
        return active_in_year(queryset, int(value))

    def filter_review_overdue(self, queryset, name, value):
        overdue = overdue_q()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


def active_in_year(queryset, year):
    """Projects whose start–end range touches ``year`` (open ends count)."""
    return queryset.filter(
        Q(start_date__year__lte=year) | Q(start_date__isnull=True),
        Q(end_date__year__gte=year) | Q(end_date__isnull=True),
    )


def overdue_q():
    """Planned or ongoing projects not reviewed within REVIEW_INTERVAL."""
    limit = timezone.localdate() - REVIEW_INTERVAL
    return Q(status__in=[Project.Status.PLANNED, Project.Status.ONGOING]) & (
        Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=limit)
    )


class InterestSubmissionFilterSet(WagtailFilterSet):
    page = IdChoiceFilter(label=_("form"), queryset=InterestFormPage.objects.all())

    class Meta:
        model = InterestSubmission
        fields = ["status", "organisation_type", "language", "page"]
