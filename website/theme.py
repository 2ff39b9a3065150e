"""The organisation's colours: contrast arithmetic (WCAG 2.1) and the stylesheet that
carries them.

The public Content-Security-Policy allows no inline styles (``style-src 'self'``),
so the colours reach the pages as a small stylesheet of CSS custom properties,
served by ``website.views.theme_stylesheet`` and versioned by its content's hash.
"""

import hashlib
import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
BLACK = "#000000"
# The light grey of the footer and fact boxes (``--wash`` in site.css): links in
# the brand colour sit on it as well as on white.
WASH = "#f3f5f7"
# WCAG 2.1 success criterion 1.4.3, contrast (minimum), for normal text.
MINIMUM_CONTRAST = 4.5
# The header is the brand colour darkened this much (``--brand-dark``).
DARKEN = 0.3


def normalise(colour):
    """``colour`` as ``#rrggbb`` in lower case, or None if it is not one."""
    colour = (colour or "").strip()
    return colour.lower() if HEX_COLOUR.match(colour) else None


def _channels(colour):
    return [int(colour[index : index + 2], 16) for index in (1, 3, 5)]


def relative_luminance(colour):
    """The relative luminance of an sRGB colour, as WCAG 2.1 defines it."""

    def linear(channel):
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """The contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour, other, amount):
    """``colour`` moved ``amount`` (0–1) of the way towards ``other``."""
    return "#" + "".join(
        f"{round(a + (b - a) * amount):02x}"
        for a, b in zip(_channels(colour), _channels(other), strict=True)
    )


def weakest_contrast(colour, surfaces=(WHITE, WASH)):
    """The lowest contrast ``colour`` has with any of ``surfaces``, and that surface.

    The brand and accent colours are read as text on white and on the light grey
    (links, labels), and white text is read on the brand colour (menu, buttons):
    both come down to the contrast between the colour and those light surfaces."""
    return min((contrast_ratio(colour, surface), surface) for surface in surfaces)


def stylesheet(brand="", accent=""):
    """The custom properties that override site.css's colours, or "" if none is set."""
    brand, accent = normalise(brand), normalise(accent)
    lines = []
    if brand:
        lines += [
            f"  --brand: {brand};",
            f"  --brand-dark: {mix(brand, BLACK, DARKEN)};",
        ]
    if accent:
        lines.append(f"  --accent: {accent};")
    if not lines:
        return ""
    return (
        "/* The organisation's colours, from its settings in the admin. */\n"
        ":root {\n" + "\n".join(lines) + "\n}\n"
    )


def version(css):
    """A short fingerprint of a stylesheet, for its address and ETag."""
    return hashlib.sha256(css.encode()).hexdigest()[:12]
