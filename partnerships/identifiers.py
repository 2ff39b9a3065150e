"""Swedish identifiers: plain functions that take and return values."""

from stdnum.se import orgnr


def normalise_organisation_number(value):
    """Return a Swedish organisation number as ``NNNNNN-NNNN``, or None if invalid.

    Accepts the number with or without hyphen, spaces, and the ``16`` prefix of the
    12-digit form. The check digit (Luhn) is verified.
    """
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if len(digits) != 10 or not orgnr.is_valid(digits):
        return None
    return f"{digits[:6]}-{digits[6:]}"
