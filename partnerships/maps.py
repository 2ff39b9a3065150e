"""A locator map drawn as SVG on the server: no tiles, no script, no cookies.

The coast and the borders are Natural Earth's (public domain), vendored as plain
longitude/latitude rings in ``data/europe.json`` (see ``data/README.md``).
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from partnerships.conf import setting

WIDTH = 600
HEIGHT = 400
PADDING_DEGREES = 3.0
GRID_STEP = 5
DATA = Path(__file__).with_name("data") / "europe.json"
# Outlines are cut this many pixels outside the frame, so that the cut edges are
# never seen; points closer than MIN_STEP pixels to the last one are left out.
CLIP_MARGIN = 8
MIN_STEP = 0.6
# A label's width in the SVG's pixels per character (the stylesheet sets 16px
# bold text), to keep labels inside the frame.
CHARACTER_WIDTH = 9.5
LABEL_OFFSET = 11


@dataclass(frozen=True)
class MapPoint:
    label: str
    x: float
    y: float
    # Where the label goes: to the right ("start") or, near the right edge, to
    # the left ("end") of the point.
    anchor: str = "start"
    dx: float = LABEL_OFFSET
    dy: float = 5

    @property
    def corner(self):
        """The top left corner of the square that marks the home place."""
        return (round(self.x - 7, 1), round(self.y - 7, 1))


@dataclass(frozen=True)
class MapCountry:
    iso: str
    name: str
    path: str
    partner: bool = False

    @property
    def css_name(self):
        return (self.iso or self.name).lower().replace(" ", "-").replace(".", "")


@dataclass(frozen=True)
class LocatorMap:
    points: list
    meridians: list  # (x, degrees east or west, True if west)
    parallels: list  # (y, degrees north or south, True if south)
    home: MapPoint | None = None
    countries: tuple = ()
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def meridian_labels(self):
        """The meridians with room for their label ("35°E") to their right."""
        return [line for line in self.meridians if line[0] <= self.width - 36]

    @property
    def parallel_labels(self):
        """The parallels with room for their label above them."""
        return [line for line in self.parallels if line[0] >= 16]


@functools.cache
def outlines():
    """The vendored country outlines, read once per process: a tuple of (iso,
    name, rings), each ring a tuple of (lon, lat) with its bounding box."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    countries = []
    for country in data["countries"]:
        rings = []
        for ring in country["rings"]:
            lons = [lon for lon, _ in ring]
            lats = [lat for _, lat in ring]
            box = (min(lons), min(lats), max(lons), max(lats))
            rings.append((box, tuple(map(tuple, ring))))
        countries.append((country["iso"], country["name"], tuple(rings)))
    return tuple(countries)


def clip(points, west, south, east, north):
    """Sutherland–Hodgman: the part of a closed ring inside a rectangle."""

    def crossing_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def crossing_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    edges = (
        (lambda p: p[0] >= west, crossing_x(west)),
        (lambda p: p[0] <= east, crossing_x(east)),
        (lambda p: p[1] >= south, crossing_y(south)),
        (lambda p: p[1] <= north, crossing_y(north)),
    )
    for inside, crossing in edges:
        result = []
        for index, current in enumerate(points):
            previous = points[index - 1]
            if inside(current):
                if not inside(previous):
                    result.append(crossing(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(crossing(previous, current))
        points = result
        if not points:
            break
    return points


def _number(value):
    """A coordinate with one decimal and no trailing ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def ring_path(points):
    """An SVG path of a closed ring of pixel points, tiny steps left out."""
    kept = []
    for x, y in points:
        if kept and abs(x - kept[-1][0]) < MIN_STEP and abs(y - kept[-1][1]) < MIN_STEP:
            continue
        kept.append((x, y))
    if len(kept) < 3:
        return ""
    return "M" + "L".join(f"{_number(x)} {_number(y)}" for x, y in kept) + "Z"


def label_position(label, x, y):
    """A MapPoint whose label stays inside the frame."""
    width = len(label) * CHARACTER_WIDTH
    anchor, dx = "start", LABEL_OFFSET
    if x + LABEL_OFFSET + width > WIDTH - 2:
        anchor, dx = "end", -LABEL_OFFSET
    dy = 5
    if y < 16:
        dy = 16 - y + 5
    elif y > HEIGHT - 6:
        dy = HEIGHT - 6 - y
    return MapPoint(label, x, y, anchor, dx, round(dy, 1))


def home_place():
    """The VANORT_HOME_PLACE setting as (label, latitude, longitude)."""
    home = setting("HOME_PLACE")
    return (home["name"], home["latitude"], home["longitude"])


def inside(lon, lat, ring):
    """Whether (lon, lat) is inside a ring (even-odd rule)."""
    result = False
    for (x1, y1), (x2, y2) in zip(ring[-1:] + ring[:-1], ring, strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def countries_at(places):
    """The names of the countries the places lie in (per the outlines)."""
    found = set()
    for _, lat, lon in places:
        lat, lon = float(lat), float(lon)
        for _, name, rings in outlines():
            if any(
                west <= lon <= east and south <= lat <= north and inside(lon, lat, ring)
                for (west, south, east, north), ring in rings
            ):
                found.add(name)
    return found


_HOME = object()


def label_box(point):
    """The box (left, top, right, bottom) a point's label covers, estimated."""
    width = len(point.label) * CHARACTER_WIDTH
    x = point.x + point.dx
    if point.anchor == "middle":
        left, right = x - width / 2, x + width / 2
    elif point.anchor == "end":
        left, right = x - width, x
    else:
        left, right = x, x + width
    baseline = point.y + point.dy
    return (left, baseline - 14, right, baseline + 3)


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def clear_of(home, points):
    """``home`` with its label moved (to the other side, else below) off the
    partners' labels and dots, where it would cover one."""

    def covers(candidate):
        box = label_box(candidate)
        return any(
            overlaps(box, label_box(other))
            or overlaps(box, (other.x - 7, other.y - 7, other.x + 7, other.y + 7))
            for other in points
        )

    if not covers(home):
        return home
    width = len(home.label) * CHARACTER_WIDTH
    flipped = (
        MapPoint(home.label, home.x, home.y, "start", LABEL_OFFSET, home.dy)
        if home.anchor == "end"
        else MapPoint(home.label, home.x, home.y, "end", -LABEL_OFFSET, home.dy)
    )
    if label_box(flipped)[0] >= 0 and label_box(flipped)[2] <= WIDTH:
        if not covers(flipped):
            return flipped
    for dy in (24, -16):
        moved = MapPoint(home.label, home.x, home.y, "middle", 0, dy)
        if (
            width / 2 <= home.x <= WIDTH - width / 2
            and 16 <= home.y + dy <= HEIGHT - 6
            and not covers(moved)
        ):
            return moved
    return home


def locator_map(places, home=_HOME):
    """Project (label, latitude, longitude) places onto a WIDTH×HEIGHT box.

    ``home`` (label, latitude, longitude), the municipality whose partners these
    are, is framed and marked with them; by default the VANORT_HOME_PLACE
    setting, None for none. The countries the places lie in are drawn as
    partner countries.

    An equirectangular projection around the places' mean latitude, with the
    countries' outlines and a graticule every GRID_STEP degrees. None when no
    place has coordinates.
    """
    places = [p for p in places if p[1] is not None and p[2] is not None]
    if not places:
        return None
    if home is _HOME:
        home = home_place()
    if home is not None and (home[1] is None or home[2] is None):
        home = None
    framed = [*places, home] if home else places
    lats = [float(p[1]) for p in framed]
    lons = [float(p[2]) for p in framed]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))
    south, north = min(lats) - PADDING_DEGREES, max(lats) + PADDING_DEGREES
    west, east = min(lons) - PADDING_DEGREES, max(lons) + PADDING_DEGREES
    span = max((east - west) * scale_x / WIDTH, (north - south) / HEIGHT)
    centre_lon, centre_lat = (west + east) / 2, (south + north) / 2

    def x_of(lon):
        return WIDTH / 2 + (lon - centre_lon) * scale_x / span

    def y_of(lat):
        return HEIGHT / 2 - (lat - centre_lat) / span

    def point(label, lat, lon):
        return label_position(
            label, round(x_of(float(lon)), 1), round(y_of(float(lat)), 1)
        )

    points = [point(*place) for place in places]
    lon_min = math.floor((centre_lon - WIDTH / 2 * span / scale_x) / GRID_STEP)
    lon_max = math.ceil((centre_lon + WIDTH / 2 * span / scale_x) / GRID_STEP)
    lat_min = math.floor((centre_lat - HEIGHT / 2 * span) / GRID_STEP)
    lat_max = math.ceil((centre_lat + HEIGHT / 2 * span) / GRID_STEP)
    meridians = [
        (round(x_of(step * GRID_STEP), 1), abs(step * GRID_STEP), step < 0)
        for step in range(lon_min, lon_max + 1)
        if 0 <= x_of(step * GRID_STEP) <= WIDTH and abs(step * GRID_STEP) <= 180
    ]
    parallels = [
        (round(y_of(step * GRID_STEP), 1), abs(step * GRID_STEP), step < 0)
        for step in range(lat_min, lat_max + 1)
        if 0 <= y_of(step * GRID_STEP) <= HEIGHT and abs(step * GRID_STEP) <= 90
    ]
    return LocatorMap(
        points,
        meridians,
        parallels,
        home=clear_of(point(*home), points) if home else None,
        countries=tuple(
            countries(
                x_of,
                y_of,
                span,
                scale_x,
                centre_lon,
                centre_lat,
                highlight=countries_at(places),
            )
        ),
    )


def countries(x_of, y_of, span, scale_x, centre_lon, centre_lat, highlight):
    """The countries with a ring in the frame, each as one SVG path."""
    margin = CLIP_MARGIN * span
    frame_west = centre_lon - (WIDTH / 2 * span + margin) / scale_x
    frame_east = centre_lon + (WIDTH / 2 * span + margin) / scale_x
    frame_south = centre_lat - HEIGHT / 2 * span - margin
    frame_north = centre_lat + HEIGHT / 2 * span + margin
    for iso, name, rings in outlines():
        paths = []
        for (west, south, east, north), ring in rings:
            if (
                east < frame_west
                or west > frame_east
                or north < frame_south
                or south > frame_north
            ):
                continue
            pixels = [(x_of(lon), y_of(lat)) for lon, lat in ring]
            pixels = clip(
                pixels,
                -CLIP_MARGIN,
                -CLIP_MARGIN,
                WIDTH + CLIP_MARGIN,
                HEIGHT + CLIP_MARGIN,
            )
            path = ring_path(pixels)
            if path:
                paths.append(path)
        if paths:
            yield MapCountry(iso, name, "".join(paths), name in highlight)
