"""The project filters: one FilterSet for the public list and its exports, and the
filter rules the admin's FilterSet shares with it.

Every value is validated and nothing is trusted: a filter whose value is not valid
is left out (django-filter filters by the form's cleaned data only) and the list
says which ones were ignored.
"""

import django_filters
from django import forms
from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _

from inventory.projects.models import Project, search_key
from partnerships.filters import ChoicesFilterSet

SORTS = {
    "-start_date": (_("Newest first"), ["-start_date", "title"]),
    "start_date": (_("Oldest first"), ["start_date", "title"]),
    "title": (_("Title A–Z"), ["sort_title"]),
    "-end_date": (_("Ending last first"), ["-end_date", "title"]),
}
DEFAULT_SORT = "-start_date"
YEARS = {"min_value": 1990, "max_value": 2100}


def in_swedish_order(queryset, sort=DEFAULT_SORT):
    """``queryset`` in the order ``sort`` names; titles sort as Swedish does
    (å, ä, ö last), which PostgreSQL's byte order gives on the folded key."""
    return queryset.order_by(
        *(
            Collate(F(field), "C")
            if field == "sort_title" and connection.vendor == "postgresql"
            else field
            for field in SORTS[sort][1]
        )
    )


def with_partner_country(queryset, country):
    """Projects with a partner organisation or municipality in ``country``."""
    return queryset.filter(
        Q(partner_organisations__country=country)
        | Q(partner_municipalities__country=country)
    )


class ProjectFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The last year is before the first year."))
        return cleaned


def _all(label, **kwargs):
    return {"label": label, "empty_label": _("All"), **kwargs}


class ProjectFilterSet(ChoicesFilterSet):
    """The public project list's filters; the view passes the choices of one
    language (``inventory.projects.views.filter_choices``)."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=200
    )
    status = django_filters.ChoiceFilter(
        **_all(_("Status")), choices=Project.Status.choices
    )
    # Choices of rows by id, given as (id, name) pairs from the page cache: no query
    # to show them, none to check a value (anything but a listed id is ignored).
    priority_area = django_filters.ChoiceFilter(
        **_all(_("Priority area")), field_name="priority_areas"
    )
    dimension = django_filters.ChoiceFilter(
        **_all(_("Sustainability dimension")), field_name="dimensions"
    )
    unit = django_filters.ChoiceFilter(**_all(_("Responsible unit")))
    programme = django_filters.ChoiceFilter(
        **_all(_("Funding programme")), field_name="funding_programme"
    )
    partner = django_filters.ChoiceFilter(
        **_all(_("Partner municipality")), field_name="partner_municipalities"
    )
    country = django_filters.ChoiceFilter(
        **_all(_("Partner country")), method="filter_country"
    )
    year_from = django_filters.NumberFilter(
        label=_("Active from year"), method="filter_year_from", **YEARS
    )
    year_to = django_filters.NumberFilter(
        label=_("Active until year"), method="filter_year_to", **YEARS
    )
    # Applied after the filters, in filter_queryset.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        empty_label=None,
        method="sorted_later",
    )

    class Meta:
        form = ProjectFilterForm

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_text__contains=search_key(value))

    def filter_country(self, queryset, name, value):
        return with_partner_country(queryset, value)

    def filter_year_from(self, queryset, name, value):
        return queryset.filter(
            Q(end_date__year__gte=int(value)) | Q(end_date__isnull=True)
        )

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(
            Q(start_date__year__lte=int(value)) | Q(start_date__isnull=True)
        )

    def sorted_later(self, queryset, name, value):
        return queryset

    # The filters whose join can repeat a project: a partner country matches any
    # number of a project's partner organisations, or its partner municipalities.
    # The others each match one row of a many-to-many table that holds a pair
    # once (a project is in a priority area once), so they cannot.
    JOINS = ("country",)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        cleaned = self.form.cleaned_data
        if any(cleaned.get(name) for name in self.JOINS):
            # Ids de-duplicate. Without a join the list reads straight off the
            # ordering's index, to the last page.
            queryset = Project.objects.filter(pk__in=queryset.values("pk"))
        return in_swedish_order(queryset, cleaned.get("sort") or DEFAULT_SORT)
