"""The editors' project form (kept apart from models.py, which uses it)."""

from wagtail.admin.forms import WagtailAdminModelForm


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
        locale_id = self.instance.locale_id
        if locale_id is None:
            return
        for name in self.LOCALISED:
            field = self.fields.get(name)
            if field is not None:
                field.queryset = field.queryset.filter(locale_id=locale_id)
