"""The editors' project form (kept apart from models.py, which uses it)."""

import itertools

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminModelForm

from inventory.projects.permissions import project_permission_policy


class ProjectAdminForm(WagtailAdminModelForm):
    """The editors' project form: every term chosen from the project's language."""

    LOCALISED = (
        "unit",
        "funding_programme",
        "priority_areas",
        "dimensions",
        "partner_municipalities",
        "related_stories",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the slug is made from the title (``clean``).
        if "slug" in self.fields:
            self.fields["slug"].required = False
        # A sector editor files projects under their own units only: a list of
        # those, not the chooser of every unit.
        unit_ids = self.for_user and project_permission_policy.unit_ids(self.for_user)
        unit = self.fields.get("unit")
        if unit_ids is not None and unit is not None:
            unit.widget = forms.Select()
            unit.queryset = unit.queryset.filter(pk__in=unit_ids)
        locale_id = self.instance.locale_id
        if locale_id is None:
            return
        for name in self.LOCALISED:
            field = self.fields.get(name)
            if field is not None:
                field.queryset = field.queryset.filter(locale_id=locale_id)

    def clean(self):
        super().clean()
        cleaned_data = self.cleaned_data
        title = cleaned_data.get("title")
        if "slug" in self.fields and not cleaned_data.get("slug") and title:
            cleaned_data["slug"] = self.free_slug(slugify(title))
        return cleaned_data

    def free_slug(self, base):
        """``base``, else ``base-2``, ``base-3`` ...: the first that the project's
        own slug rules (``Project.clean``: not reserved, unique in its language)
        accept, asked of a bare project so that the rules stay written once."""
        if not base:
            return ""
        base = base[: self.instance._meta.get_field("slug").max_length - 4].strip("-")
        for number in itertools.count(1):
            slug = base if number == 1 else f"{base}-{number}"
            probe = type(self.instance)(
                pk=self.instance.pk, locale_id=self.instance.locale_id, slug=slug
            )
            try:
                probe.clean()
            except ValidationError as error:
                if "slug" in getattr(error, "error_dict", {}):
                    continue
            return slug
