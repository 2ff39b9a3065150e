"""Filter forms for the public partner and story lists.

An invalid value never breaks the list: the view applies the valid filters only and
shows the form's errors.
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class PartnerFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    relationship = forms.ChoiceField(label=_("Relationship"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        from partnerships.models import PartnerPage

        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["country"].choices = everything + list(countries)
        self.fields["status"].choices = everything + PartnerPage.Status.choices
        self.fields["relationship"].choices = (
            everything + PartnerPage.Relationship.choices
        )


class StoryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    partner = forms.TypedChoiceField(
        label=_("Partner municipality"), required=False, coerce=int, empty_value=None
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, partners=(), tags=(), years=(), **kwargs):
        from partnerships.models import StoryPage

        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + StoryPage.Kind.choices
        self.fields["partner"].choices = everything + [
            (str(partner.pk), partner.title) for partner in partners
        ]
        self.fields["tag"].choices = everything + [(tag.slug, tag.name) for tag in tags]
        self.fields["year"].choices = everything + [(str(y), str(y)) for y in years]


def valid_filters(form):
    """The filters whose values are valid, and an error list for the others."""
    form.is_valid()
    values = {
        name: value
        for name, value in form.cleaned_data.items()
        if value not in (None, "") and name not in form.errors
    }
    return values, form.errors
