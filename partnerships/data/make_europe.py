"""Rebuild europe.json, the country outlines the locator map draws.

Not imported by the app: run it by hand when the outlines should change.

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python partnerships/data/make_europe.py /tmp/package/countries-50m.json

world-atlas ships Natural Earth's 1:50m "Admin 0 – Countries" (public domain) as
TopoJSON. This script decodes its arcs to plain longitude/latitude rings, keeps
the rings that reach into Europe, simplifies them (Douglas–Peucker) and rounds
them to 0.01°, so the app needs no TopoJSON or GIS library.
"""

import json
import sys
from pathlib import Path

from django_countries.data import ALT_CODES

# West, south, east, north, degrees: the part of the world the extract covers.
REGION = (-25.0, 34.0, 45.0, 72.0)
# Rings are cut this far outside REGION, degrees: the cut edges stay out of sight
# of a map of Europe.
MARGIN = 5.0
# Douglas–Peucker tolerance, degrees (about 2 km north–south).
TOLERANCE = 0.02
# Rings smaller than this (in square degrees) are left out: islets invisible at
# any scale the map is drawn at.
MIN_AREA = 0.002
OUTPUT = Path(__file__).with_name("europe.json")
NUMERIC_TO_ALPHA2 = {numeric: alpha2 for alpha2, (_, numeric) in ALT_CODES.items()}


def decode_arcs(topology):
    """Every arc as a list of (lon, lat), undoing the quantisation and deltas."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(arc_indexes, arcs):
    """A ring from its arcs; a negative index ~i is arc i reversed."""
    points = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their end and start point.
        points.extend(arc[1:] if points else arc)
    return points


def simplify(points, tolerance):
    """Douglas–Peucker on a closed ring, iteratively (rings are long)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        worst, worst_index = 0.0, None
        for index in range(first + 1, last):
            x, y = points[index]
            if length:
                distance = abs(dy * (x - x1) - dx * (y - y1)) / length
            else:
                distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if distance > worst:
                worst, worst_index = distance, index
        if worst_index is not None and worst > tolerance:
            keep[worst_index] = True
            stack += [(first, worst_index), (worst_index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points):
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def clip(points, west, south, east, north):
    """Sutherland–Hodgman: the part of a ring inside a rectangle."""

    def cut(points, inside, crossing):
        result = []
        for index, current in enumerate(points):
            previous = points[index - 1]
            if inside(current):
                if not inside(previous):
                    result.append(crossing(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(crossing(previous, current))
        return result

    def at_x(x):
        def crossing(a, b):
            return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

        return crossing

    def at_y(y):
        def crossing(a, b):
            return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

        return crossing

    for inside, crossing in (
        (lambda p: p[0] >= west, at_x(west)),
        (lambda p: p[0] <= east, at_x(east)),
        (lambda p: p[1] >= south, at_y(south)),
        (lambda p: p[1] <= north, at_y(north)),
    ):
        if not points:
            break
        points = cut(points, inside, crossing)
    return points


def in_region(points):
    west, south, east, north = REGION
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return max(xs) >= west and min(xs) <= east and max(ys) >= south and min(ys) <= north


def extract(topology):
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = []
        for polygon in polygons:
            for ring in polygon:
                points = ring_points(ring, arcs)
                if max(x for x, _ in points) - min(x for x, _ in points) > 180:
                    # A ring across the antimeridian (Russia's Chukotka): made
                    # continuous east of 180°, or cutting it would draw a band
                    # round the world.
                    points = [(x + 360 if x < 0 else x, y) for x, y in points]
                if not in_region(points) or area(points) < MIN_AREA:
                    continue
                west, south, east, north = REGION
                points = clip(
                    points,
                    west - MARGIN,
                    south - MARGIN,
                    east + MARGIN,
                    north + MARGIN,
                )
                if len(points) < 4:
                    continue
                points = simplify(points + points[:1], TOLERANCE)[:-1]
                rounded = []
                for x, y in points:
                    point = [round(x, 2), round(y, 2)]
                    if not rounded or rounded[-1] != point:
                        rounded.append(point)
                if len(rounded) >= 4:
                    rings.append(rounded)
        if rings:
            numeric = int(geometry["id"]) if geometry.get("id", "").isdigit() else None
            countries.append(
                {
                    "iso": NUMERIC_TO_ALPHA2.get(numeric, ""),
                    "name": geometry["properties"]["name"],
                    "rings": rings,
                }
            )
    countries.sort(key=lambda country: country["name"])
    return {
        "source": "Natural Earth 1:50m Admin 0 - Countries (public domain), "
        "via world-atlas 2 (countries-50m.json)",
        "region": [
            REGION[0] - MARGIN,
            REGION[1] - MARGIN,
            REGION[2] + MARGIN,
            REGION[3] + MARGIN,
        ],
        "countries": countries,
    }


def main(path):
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    data = extract(topology)
    OUTPUT.write_text(
        json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    sys.stdout.write(f"{OUTPUT}: {OUTPUT.stat().st_size} bytes\n")


if __name__ == "__main__":
    main(sys.argv[1])
