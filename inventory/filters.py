"""The admin list filters for projects."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import WagtailFilterSet

from inventory.models import (
    REVIEW_INTERVAL,
    FundingProgramme,
    OrganisationalUnit,
    Project,
)
from partnerships.models import PartnerPage, PriorityArea, SustainabilityDimension


class ProjectFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Responsible unit"), queryset=OrganisationalUnit.objects.all()
    )
    funding_programme = django_filters.ModelChoiceFilter(
        label=_("Funding programme"), queryset=FundingProgramme.objects.all()
    )
    priority_areas = django_filters.ModelChoiceFilter(
        label=_("Priority area"), queryset=PriorityArea.objects.all()
    )
    dimensions = django_filters.ModelChoiceFilter(
        label=_("Sustainability dimension"),
        queryset=SustainabilityDimension.objects.all(),
    )
    partner_municipalities = django_filters.ModelChoiceFilter(
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
