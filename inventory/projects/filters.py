"""The public inventory's filter form: every value validated, nothing trusted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inventory.projects.models import Project

SORTS = {
    "-start_date": (_("Newest first"), ["-start_date", "title"]),
    "start_date": (_("Oldest first"), ["start_date", "title"]),
    "title": (_("Title A–Ö"), ["sort_title"]),
    "-end_date": (_("Ending last first"), ["-end_date", "title"]),
}
DEFAULT_SORT = "-start_date"


def _choices(queryset, label="name"):
    return [("", _("All"))] + [(str(obj.pk), getattr(obj, label)) for obj in queryset]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    priority_area = forms.TypedChoiceField(
        label=_("Priority area"), required=False, coerce=int, empty_value=None
    )
    dimension = forms.TypedChoiceField(
        label=_("Sustainability dimension"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    unit = forms.TypedChoiceField(
        label=_("Responsible unit"), required=False, coerce=int, empty_value=None
    )
    programme = forms.TypedChoiceField(
        label=_("Funding programme"), required=False, coerce=int, empty_value=None
    )
    partner = forms.TypedChoiceField(
        label=_("Partner municipality"), required=False, coerce=int, empty_value=None
    )
    country = forms.ChoiceField(label=_("Partner country"), required=False)
    year_from = forms.IntegerField(
        label=_("Active from year"), required=False, min_value=1990, max_value=2100
    )
    year_to = forms.IntegerField(
        label=_("Active until year"), required=False, min_value=1990, max_value=2100
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
    )

    def __init__(self, *args, taxonomies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + Project.Status.choices
        self.fields["priority_area"].choices = _choices(taxonomies["priority_areas"])
        self.fields["dimension"].choices = _choices(taxonomies["dimensions"])
        self.fields["unit"].choices = _choices(taxonomies["units"])
        self.fields["programme"].choices = _choices(taxonomies["programmes"])
        self.fields["partner"].choices = _choices(taxonomies["partners"], "title")
        self.fields["country"].choices = [("", _("All"))] + taxonomies["countries"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The last year is before the first year."))
        return cleaned
