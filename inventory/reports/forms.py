"""The reports' own form parts: the period chooser of a project's results and the
coordinator's commentaries per unit."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.reports.periods import KIND_LABELS, KINDS, PeriodError, ReportingPeriod
from partnerships.text import clean_text

# How many years back (this year included) the period chooser offers.
RECENT_YEARS = 3
COMMENTARY_MAX_LENGTH = 3000


def period_choices(today, current=""):
    """(key, label) for the periods of the recent years, newest year first, and
    ``current`` if it is older: a result for 2019 stays editable."""
    choices = [("", "---------")]
    for year in range(today.year, today.year - RECENT_YEARS, -1):
        choices += [(f"{year}-{kind}", f"{KIND_LABELS[kind]} {year}") for kind in KINDS]
    if current and current not in dict(choices):
        try:
            period = ReportingPeriod.parse(current)
        except PeriodError:
            choices.append((current, current))
        else:
            choices.append((current, f"{KIND_LABELS[period.kind]} {period.year}"))
    return choices


class PeriodSelect(forms.Select):
    """A choice of reporting periods, worked out each time the form is shown (the
    years move on; a choice list fixed when the code loads would not)."""

    def optgroups(self, name, value, attrs=None):
        self.choices = period_choices(timezone.localdate(), value[0] if value else "")
        return super().optgroups(name, value, attrs)


class CommentaryForm(forms.Form):
    """One text box per unit: the coordinator's commentary for the period.

    ``units`` is a list of (unit, label) in the order they are shown; ``initial``
    maps unit ids to the saved text.
    """

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit, label in self.units:
            self.fields[self.field_name(unit)] = forms.CharField(
                label=label,
                required=False,
                max_length=COMMENTARY_MAX_LENGTH,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    @staticmethod
    def field_name(unit):
        return f"commentary-{unit.pk}"

    def bound_field(self, unit):
        return self[self.field_name(unit)]

    def texts(self):
        """{unit: text} from the cleaned data, cleaned as every stored text is."""
        return {
            unit: clean_text(self.cleaned_data[self.field_name(unit)]).strip()
            for unit, _label in self.units
        }


COMMENTARY_HELP = _(
    "A few sentences on the unit's international work in the period, for the "
    "municipal executive board. Saved with the report and frozen when it is "
    "published."
)
