"""Swedish identifiers: plain functions that take and return values."""

import re

from stdnum.se import orgnr

# Ten digits with one optional hyphen before the last four, or the twelve-digit
# form with the 16 prefix. Nothing else: a number with letters in it was mistyped.
_ORGANISATION_NUMBER = re.compile(r"(?:16)?([0-9]{6})-?([0-9]{4})", re.ASCII)


def _digits(value):
    match = _ORGANISATION_NUMBER.fullmatch(str(value or "").strip())
    return match[1] + match[2] if match else None


def normalise_organisation_number(value):
    """Return a Swedish organisation number as ``NNNNNN-NNNN``, or None if invalid.

    Accepts ten digits with or without the hyphen, and the ``16`` prefix of the
    12-digit form. The number must be a legal person's (the third digit is 2 or
    more: a lower one is a personal identity number's month) with a valid Luhn
    check digit.
    """
    digits = _digits(value)
    if digits is None or digits[2] < "2" or not orgnr.is_valid(digits):
        return None
    return f"{digits[:6]}-{digits[6:]}"


def is_personal_identity_number(value):
    """Whether ``value`` is written like an organisation number but is a person's
    identity number (personnummer), as a sole trader's would be."""
    digits = _digits(value)
    return digits is not None and digits[2] < "2" and orgnr.is_valid(digits)
