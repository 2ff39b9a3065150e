"""The server-drawn locator map: where the points and the graticule end up."""

import itertools
import math
from decimal import Decimal

import pytest

from partnerships.maps import GRID_STEP, HEIGHT, WIDTH, locator_map

KUNGALV = ("Kungälv", Decimal("57.87"), Decimal("11.98"))
HIDDENHAUSEN = ("Hiddenhausen", Decimal("52.16"), Decimal("8.62"))
PERANO = ("Perano", Decimal("42.10"), Decimal("14.39"))

PLACE_SETS = {
    "one place": [PERANO],
    "the demo partners": [HIDDENHAUSEN, PERANO],
    "a tight cluster": [
        ("Kungälv", Decimal("57.870"), Decimal("11.980")),
        ("Ytterby", Decimal("57.862"), Decimal("11.921")),
        ("Kode", Decimal("57.948"), Decimal("11.850")),
    ],
    "north to south": [
        ("Kiruna", Decimal("67.85"), Decimal("20.23")),
        ("Kapstaden", Decimal("-33.92"), Decimal("18.42")),
    ],
    "west to east": [
        ("Seattle", Decimal("47.61"), Decimal("-122.33")),
        HIDDENHAUSEN,
    ],
    "all four quadrants": [
        ("Reykjavik", Decimal("64.15"), Decimal("-21.94")),
        ("Kapstaden", Decimal("-33.92"), Decimal("18.42")),
        ("Quito", Decimal("-0.18"), Decimal("-78.47")),
        KUNGALV,
    ],
    "sister towns overseas": [
        HIDDENHAUSEN,
        ("Minneapolis", Decimal("44.98"), Decimal("-93.27")),
        ("Shanghai", Decimal("31.23"), Decimal("121.47")),
    ],
}
SETS = pytest.mark.parametrize("places", PLACE_SETS.values(), ids=PLACE_SETS.keys())


def positions(places):
    drawn = locator_map(places)
    return {point.label: (point.x, point.y) for point in drawn.points}


def test_no_map_without_coordinates():
    assert locator_map([]) is None
    assert locator_map([("Ventspils", None, None)]) is None
    # Half a coordinate is no position either.
    assert (
        locator_map([("A", Decimal("57.1"), None), ("B", None, Decimal("1"))]) is None
    )


def test_places_without_coordinates_are_left_out():
    drawn = locator_map([HIDDENHAUSEN, ("Ventspils", None, None), PERANO])
    assert [point.label for point in drawn.points] == ["Hiddenhausen", "Perano"]
    assert (drawn.width, drawn.height) == (WIDTH, HEIGHT)


@SETS
def test_points_keep_their_relative_positions(places):
    drawn = positions(places)
    for (name_a, lat_a, lon_a), (name_b, lat_b, lon_b) in itertools.permutations(
        places, 2
    ):
        (x_a, y_a), (x_b, y_b) = drawn[name_a], drawn[name_b]
        if lon_a > lon_b:
            assert x_a > x_b, f"{name_a} is east of {name_b}"
        if lat_a > lat_b:
            assert y_a < y_b, f"{name_a} is north of {name_b}"


def test_perano_is_drawn_south_east_of_hiddenhausen():
    drawn = positions([HIDDENHAUSEN, PERANO])
    assert drawn["Perano"][0] > drawn["Hiddenhausen"][0]
    assert drawn["Perano"][1] > drawn["Hiddenhausen"][1]


def test_a_single_place_is_in_the_middle():
    assert positions([PERANO]) == {"Perano": (WIDTH / 2, HEIGHT / 2)}


@SETS
def test_every_point_is_inside_the_box(places):
    for label, (x, y) in positions(places).items():
        assert 0 <= x <= WIDTH, label
        assert 0 <= y <= HEIGHT, label


@SETS
def test_graticule_lines_are_inside_the_box_every_five_degrees(places):
    drawn = locator_map(places)
    assert drawn.meridians
    assert drawn.parallels
    for x, _, _ in drawn.meridians:
        assert 0 <= x <= WIDTH
    for y, _, _ in drawn.parallels:
        assert 0 <= y <= HEIGHT

    def signed(lines):
        return [-degrees if negative else degrees for _, degrees, negative in lines]

    east = signed(drawn.meridians)
    north = signed(drawn.parallels)
    assert all(b - a == GRID_STEP for a, b in itertools.pairwise(east))
    assert all(b - a == GRID_STEP for a, b in itertools.pairwise(north))
    # Further east, further right; further north, higher up.
    xs = [x for x, _, _ in drawn.meridians]
    ys = [y for y, _, _ in drawn.parallels]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)


def test_graticule_labels_say_west_and_south_below_zero():
    drawn = locator_map(PLACE_SETS["all four quadrants"])
    # Degrees are shown unsigned, with W/S marking the negative ones.
    assert all(degrees >= 0 for _, degrees, _ in drawn.meridians + drawn.parallels)
    meridians = [(degrees, west) for _, degrees, west in drawn.meridians]
    parallels = [(degrees, south) for _, degrees, south in drawn.parallels]
    assert {(20, True), (0, False), (30, False)} <= set(meridians)
    assert {(0, False), (60, False)} <= set(parallels)
    assert any(south for _, south in parallels)
    # West of Greenwich lie the western lines, south of the equator the southern.
    xs = {(degrees, west): x for x, degrees, west in drawn.meridians}
    ys = {(degrees, south): y for y, degrees, south in drawn.parallels}
    assert xs[(20, True)] < xs[(0, False)] < xs[(30, False)]
    assert all(
        y > ys[(0, False)] if south else y <= ys[(0, False)]
        for (_, south), y in ys.items()
    )


def test_a_place_on_grid_lines_sits_on_them():
    drawn = locator_map([("Korsningen", Decimal("50"), Decimal("10")), PERANO])
    point = drawn.points[0]
    meridian = {degrees: x for x, degrees, west in drawn.meridians if not west}
    parallel = {degrees: y for y, degrees, south in drawn.parallels if not south}
    assert meridian[10] == point.x
    assert parallel[50] == point.y


def test_degrees_of_longitude_narrow_towards_the_pole():
    places = [KUNGALV, ("Kiruna", Decimal("67.85"), Decimal("20.23"))]
    drawn = locator_map(places)
    dx = drawn.meridians[1][0] - drawn.meridians[0][0]
    dy = drawn.parallels[0][0] - drawn.parallels[1][0]
    mean_latitude = (57.87 + 67.85) / 2
    assert dx / dy == pytest.approx(math.cos(math.radians(mean_latitude)), abs=0.01)


@SETS
def test_graticule_labels_are_real_latitudes_and_longitudes(places):
    """No line is labelled with a latitude beyond the poles or a longitude past 180°."""
    drawn = locator_map(places)
    assert max(degrees for _, degrees, _ in drawn.parallels) <= 90
    assert max(degrees for _, degrees, _ in drawn.meridians) <= 180
