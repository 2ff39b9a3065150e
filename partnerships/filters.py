"""Filters for the public partner and story lists, as django-filter FilterSets.

An invalid value never breaks a list: django-filter filters by the form's cleaned
data only, so the valid filters apply and the list names the ignored ones. Choices
are given by the view, from what the list holds in its language.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


def _choice(label, method=None, **kwargs):
    return django_filters.ChoiceFilter(
        label=label, empty_label=_("All"), method=method, **kwargs
    )


class ChoicesFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters' choices are passed in by name."""

    def __init__(self, data=None, *args, choices, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name, options in choices.items():
            self.filters[name].extra["choices"] = list(options)
        for field in self.form.fields.values():
            if type(field.widget) is forms.Select:
                field.widget.template_name = "partnerships/widgets/select.html"

    @property
    def ignored(self):
        """The filters left out because their values were not valid."""
        return self.form.errors


class PartnerFilterSet(ChoicesFilterSet):
    country = _choice(_("Country"))
    status = _choice(_("Status"))
    relationship = _choice(_("Relationship"))


class StoryFilterSet(ChoicesFilterSet):
    kind = _choice(_("Kind"))
    partner = _choice(_("Partner municipality"), field_name="related_partners")
    tag = _choice(_("Tag"), field_name="tags__slug")
    year = _choice(_("Year"), field_name="date__year")
