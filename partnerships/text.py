"""Text as people send it, made safe to store, to export and to publish: plain
functions.

Every text a citizen sends is an official document that is shown in the admin and
exported to CSV and XLSX. Invisible characters have no place in it: control
characters break spreadsheet files (openpyxl refuses them) and bidirectional
overrides make a name read differently from what is stored.
"""

import re
import unicodedata

# Every character Unicode treats as a line or paragraph break.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# Format characters that some scripts and emoji sequences need: zero-width
# non-joiner and joiner.
_KEPT_FORMAT = frozenset("\u200c\u200d")


def _kept(char):
    if char in "\n\t":
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Cs"):  # C0 and C1 controls, DEL; lone surrogates
        return False
    if category == "Cf":  # BOM, zero-width space, bidirectional controls, …
        return char in _KEPT_FORMAT
    return True


def clean_text(value):
    """``value`` in NFC with every kind of line break as ``\\n`` and without control
    or invisible format characters (tab and line feed stay)."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    value = "".join("\n" if char in LINE_BREAKS else char for char in value)
    return "".join(char for char in value if _kept(char))


def has_line_break(value):
    return any(char in LINE_BREAKS for char in value)


# What XML 1.0 cannot carry (C0 controls but tab and line breaks, lone surrogates and
# two non-characters), and the DEL and C1 controls it discourages. openpyxl refuses
# them in a cell and Django's feed writer in an item: one such character used to take
# a whole export or feed down.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_unsafe(value):
    """``value`` without the characters XML (a feed, an XLSX cell) cannot carry;
    anything but text as it is."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    return value
