"""How the triage admin shows a submission's values: in the admin's language and in
local time (``TIME_ZONE``, Europe/Stockholm), never as Python writes them ("True",
"None") nor in UTC.

Wagtail's inspect view passes a time through the ``localize`` filter, which turns it
into text before the template could convert it to local time, and its read-only
panels show an empty many-to-many field as "None".
"""

from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, TitleColumn

from inventory.display import EMPTY, shown


class ShownFieldPanel(FieldPanel):
    """A read-only field panel that shows its value as ``shown`` does."""

    def __init__(self, field_name, *args, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(field_name, *args, **kwargs)

    def format_value_for_display(self, value):
        if callable(getattr(value, "all", None)):
            value = shown(value)
        return shown(super().format_value_for_display(value))


class ShownColumn(Column):
    """A list column that shows its value as ``shown`` does."""

    empty_value_display = EMPTY

    def get_value(self, instance):
        return shown(super().get_value(instance))

    @classmethod
    def like(cls, column):
        """This kind of column in place of Wagtail's plain ``column``."""
        return cls(
            column.name,
            accessor=column.accessor,
            label=column.label,
            sort_key=column.sort_key,
        )


class LocalTimeColumn(Column):
    """A time as text in local time, in the admin language's short format: a
    triager compares times of arrival, which "3 months ago" hides."""

    cell_template_name = "inventory/interest/admin/local_time_cell.html"


class OpenColumn(ButtonsColumnMixin, TitleColumn):
    """The first column of a list: its text opens the row's inspect view (the record
    as it is, rather than the edit form), and the row's menu keeps Wagtail's buttons
    (edit, inspect, delete)."""

    def __init__(self, name, *, view, **kwargs):
        super().__init__(name, get_url=view.get_inspect_url, **kwargs)
        self.view = view

    def get_buttons(self, instance, parent_context):
        return self.view.get_list_buttons(instance)
