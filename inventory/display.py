"""How the admin shows a stored value: in the admin's language and in local time
(``TIME_ZONE``, Europe/Stockholm), never as Python writes it ("True", "None") nor in
UTC. Used by the triage views and the project inspect view."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_user_display_name

EMPTY = "—"


def shown(value):
    """``value`` as the admin shows it; choice fields are shown by their label
    (``get_FOO_display``) before they get here."""
    if callable(getattr(value, "all", None)):  # a many-to-many field
        value = ", ".join(str(item) for item in value.all())
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, get_user_model()):
        return get_user_display_name(value)
    return value
