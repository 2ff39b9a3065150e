"""A locator map drawn as SVG on the server: no tiles, no script, no cookies."""

import math
from dataclasses import dataclass

WIDTH = 600
HEIGHT = 400
PADDING_DEGREES = 3.0
GRID_STEP = 5


@dataclass(frozen=True)
class MapPoint:
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class LocatorMap:
    points: list
    meridians: list  # (x, degrees east or west, True if west)
    parallels: list  # (y, degrees north or south, True if south)
    width: int = WIDTH
    height: int = HEIGHT


def locator_map(places):
    """Project (label, latitude, longitude) places onto a WIDTH×HEIGHT box.

    An equirectangular projection around the places' mean latitude, with a
    graticule every GRID_STEP degrees so the positions can be read.
    """
    places = [p for p in places if p[1] is not None and p[2] is not None]
    if not places:
        return None
    lats = [float(p[1]) for p in places]
    lons = [float(p[2]) for p in places]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))
    south, north = min(lats) - PADDING_DEGREES, max(lats) + PADDING_DEGREES
    west, east = min(lons) - PADDING_DEGREES, max(lons) + PADDING_DEGREES
    span = max((east - west) * scale_x / WIDTH, (north - south) / HEIGHT)
    centre_lon, centre_lat = (west + east) / 2, (south + north) / 2

    def x_of(lon):
        return WIDTH / 2 + (lon - centre_lon) * scale_x / span

    def y_of(lat):
        return HEIGHT / 2 - (lat - centre_lat) / span

    points = [
        MapPoint(label, round(x_of(float(lon)), 1), round(y_of(float(lat)), 1))
        for label, lat, lon in places
    ]
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
    return LocatorMap(points, meridians, parallels)
