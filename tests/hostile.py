"""A corpus of hostile input, for tests that send it to every public entry point.

Each entry has a readable id, so a failing case names itself: ``nul``, ``c1-nel``,
``int64-overflow``, ``sql-or`` … ``VALUES`` are text a client can put in a parameter
or a form field; ``RAW_QUERIES`` are query strings with bytes that are not UTF-8, sent
as they are (``QUERY_STRING``), which Django must decode without failing.
"""

from urllib.parse import quote

import pytest

SCRIPT = "<script>alert(1)</script>"

VALUES = {
    # C0 controls, NUL first: PostgreSQL cannot even store it.
    "nul": "\x00",
    "a-nul-b": "a\x00b",
    "bel": "\x07",
    "vt": "\x0b",
    "esc": "\x1b",
    # A C1 control, and Unicode that changes how text is laid out or compared.
    "c1-nel": "\x85",
    "line-separator": "\u2028",
    "rtl-override": "\u202e",
    "bom": "\ufeff",
    "zero-width-space": "\u200b",
    # Numbers an id, year or page parameter must not choke on.
    "int64-overflow": "9223372036854775808",
    "huge-int": "99999999999999999999999",
    "minus-1": "-1",
    "zero": "0",
    "exponent": "1e9",
    "decimal": "1.5",
    # Very long text.
    "long-10k": "x" * 10_000,
    "long-10k-unicode": "å" * 10_000,
    # SQL and LIKE metacharacters.
    "percent": "%",
    "underscore": "_",
    "sql-or": "' OR 1=1 --",
    "backslash": "\\",
    # Markup that must never come back unescaped.
    "script": SCRIPT,
    "empty": "",
    # Ordinary text outside ASCII.
    "swedish": "Åäö",
    "emoji": "🇸🇪👩‍👩‍👧 ✨",
    "rtl-text": "مرحبا שלום",
}

# Query strings as a client sends them on the wire, not as Django would encode them:
# %-escapes of bytes that are not UTF-8 (a UTF-16 surrogate, a BOM in reverse), and the
# same bytes unescaped. A WSGI server hands those over as latin-1 text.
RAW_QUERIES = {
    "pct-surrogate": "%ED%A0%80",
    "pct-ff-fe": "%FF%FE",
    "raw-surrogate": "\xed\xa0\x80",
    "raw-ff-fe": "\xff\xfe",
}

# Page numbers of paginated lists, beyond the corpus.
PAGE_NUMBERS = {
    "page-minus-1": "-1",
    "page-huge": "99999999999999999999",
    "page-abc": "abc",
}


def value_params():
    """``VALUES`` as pytest parameters with readable ids."""
    return [pytest.param(value, id=key) for key, value in VALUES.items()]


def raw_query_params():
    return [pytest.param(value, id=key) for key, value in RAW_QUERIES.items()]


def raw_query(names, value):
    """A query string giving every parameter in ``names`` the raw ``value``."""
    return "&".join(f"{name}={value}" for name in names)


def path_segment(value):
    """``value`` as one path segment, %-escaped the way a browser sends it."""
    return quote(value, safe="") or "%20"
