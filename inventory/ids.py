"""Ids from query strings and forms: what cannot be a row's id never reaches the
database."""

import django_filters
from django.core.exceptions import ValidationError

# The largest id an integer primary key can hold (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def is_id(value):
    """Whether ``value`` (text from a query string) can be a row's id at all."""
    text = str(value)
    return (
        0 < len(text) <= 19
        and text.isascii()
        and text.isdigit()
        and (0 < int(text) <= MAX_ID)
    )


class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of one row by id that turns away what cannot be an id unasked.

    The database is never sent a number it cannot hold: SQLite raises OverflowError
    for an integer beyond 64 bits, and Django's own overflow check does not cover a
    lookup through a page's parent link (``page_ptr``), so a filter of pages by
    ``?partner_municipalities=9223372036854775808`` failed with a server error.
    """

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """``ModelChoiceFilter`` for a choice by id, safe against any query string."""

    field_class = IdChoiceField
