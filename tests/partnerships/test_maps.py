"""The server-drawn locator map: where the points, the graticule, the home place
and the countries' outlines end up."""

import itertools
import math
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from partnerships.maps import (
    CHARACTER_WIDTH,
    DATA,
    GRID_STEP,
    HEIGHT,
    WIDTH,
    countries_at,
    locator_map,
)

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


def plain_map(places):
    """The projection alone: no home place framed with the places."""
    return locator_map(places, home=None)


def positions(places):
    drawn = plain_map(places)
    return {point.label: (point.x, point.y) for point in drawn.points}


def test_no_map_without_coordinates():
    assert plain_map([]) is None
    assert plain_map([("Ventspils", None, None)]) is None
    # Half a coordinate is no position either.
    assert plain_map([("A", Decimal("57.1"), None), ("B", None, Decimal("1"))]) is None


def test_places_without_coordinates_are_left_out():
    drawn = plain_map([HIDDENHAUSEN, ("Ventspils", None, None), PERANO])
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
    drawn = plain_map(places)
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
    drawn = plain_map(PLACE_SETS["all four quadrants"])
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
    drawn = plain_map([("Korsningen", Decimal("50"), Decimal("10")), PERANO])
    point = drawn.points[0]
    meridian = {degrees: x for x, degrees, west in drawn.meridians if not west}
    parallel = {degrees: y for y, degrees, south in drawn.parallels if not south}
    assert meridian[10] == point.x
    assert parallel[50] == point.y


def test_degrees_of_longitude_narrow_towards_the_pole():
    places = [KUNGALV, ("Kiruna", Decimal("67.85"), Decimal("20.23"))]
    drawn = plain_map(places)
    dx = drawn.meridians[1][0] - drawn.meridians[0][0]
    dy = drawn.parallels[0][0] - drawn.parallels[1][0]
    mean_latitude = (57.87 + 67.85) / 2
    assert dx / dy == pytest.approx(math.cos(math.radians(mean_latitude)), abs=0.01)


@SETS
def test_graticule_labels_are_real_latitudes_and_longitudes(places):
    """No line is labelled with a latitude beyond the poles or a longitude past 180°."""
    drawn = plain_map(places)
    assert max(degrees for _, degrees, _ in drawn.parallels) <= 90
    assert max(degrees for _, degrees, _ in drawn.meridians) <= 180


# --- The drawn map: home place, countries, text alternative ---------------------------


def svg_of(places, language="sv"):
    """The map as the partner list shows it, parsed."""
    with translation.override(language):
        markup = render_to_string(
            "partnerships/includes/locator_map.html", {"map": locator_map(places)}
        )
    return markup, BeautifulSoup(markup, "html.parser").svg


def label_extent(text):
    """The horizontal extent of a label as drawn: from its anchor, its width."""
    x = float(text["x"]) + float(text["dx"])
    width = len(text.get_text()) * CHARACTER_WIDTH
    return {
        "start": (x, x + width),
        "middle": (x - width / 2, x + width / 2),
        "end": (x - width, x),
    }[text["text-anchor"]]


def label_box(text):
    left, right = label_extent(text)
    baseline = float(text["y"]) + float(text["dy"])
    return left, baseline - 14, right, baseline + 3


@SETS
def test_home_and_every_partner_are_inside_the_frame_with_their_labels(places):
    _, svg = svg_of(places)
    width, height = (float(v) for v in svg["viewbox"].split()[2:])
    home = svg.find("rect", class_="locator-map__home")
    marks = [
        (float(home["x"]) + 7, float(home["y"]) + 7),
        *(
            (float(c["cx"]), float(c["cy"]))
            for c in svg.find_all("circle", class_="locator-map__point")
        ),
    ]
    assert len(marks) == len(places) + 1
    for x, y in marks:
        assert 0 <= x <= width
        assert 0 <= y <= height
    labels = svg.find_all(
        "text", class_=["locator-map__name", "locator-map__home-name"]
    )
    assert [t.get_text() for t in labels] == [p[0] for p in places] + ["Kungälv"]
    for text in labels:
        left, right = label_extent(text)
        assert 0 <= left and right <= width, text.get_text()
        assert 0 <= float(text["y"]) + float(text["dy"]) <= height


def test_the_home_place_is_marked_apart_from_the_partners():
    _, svg = svg_of([HIDDENHAUSEN, PERANO])
    home = svg.find(class_="locator-map__home-name")
    assert home.get_text() == "Kungälv"
    # Not a partner: a square, not one of the dots.
    assert len(svg.find_all("circle", class_="locator-map__point")) == 2
    assert svg.find("rect", class_="locator-map__home") is not None


def test_the_home_place_is_a_setting(settings):
    settings.VANORT_HOME_PLACE = {"name": "Ale", "latitude": 57.93, "longitude": 12.05}
    _, svg = svg_of([PERANO])
    assert svg.find(class_="locator-map__home-name").get_text() == "Ale"


def test_kungalv_lies_on_the_swedish_coast():
    assert countries_at([KUNGALV]) == {"Sweden"}
    # Some 30 km west lies the Kattegat; the outlines are fine enough to show it.
    assert countries_at([("Kattegat", Decimal("57.87"), Decimal("11.5"))]) == set()


def test_a_country_across_the_date_line_draws_no_band_round_the_world():
    assert countries_at([("Kiruna", Decimal("67.85"), Decimal("20.23"))]) == {"Sweden"}


def test_sweden_and_the_partners_countries_are_drawn():
    _, svg = svg_of([HIDDENHAUSEN, PERANO])
    sweden = svg.find("path", class_="locator-map__land--se")
    germany = svg.find("path", class_="locator-map__land--de")
    italy = svg.find("path", class_="locator-map__land--it")
    assert sweden is not None
    assert germany is not None
    assert italy is not None
    # The partners' countries stand out; the home country is land like the rest.
    assert "locator-map__land--partner" in germany["class"]
    assert "locator-map__land--partner" in italy["class"]
    assert "locator-map__land--partner" not in sweden["class"]


def test_only_countries_in_the_frame_are_drawn():
    _, svg = svg_of([("Ytterby", Decimal("57.862"), Decimal("11.921"))])
    drawn = {path["data-country"] for path in svg.find_all("path")}
    assert {"Sweden", "Norway", "Denmark"} <= drawn
    assert not drawn & {"Spain", "Italy", "Turkey", "Iceland"}


@SETS
def test_the_map_loads_nothing_from_elsewhere_and_stays_small(places):
    markup, svg = svg_of(places)
    assert svg.find_all(["image", "script", "use", "foreignobject", "a"]) == []
    for reference in ("href", "http", "url(", "src="):
        assert reference not in markup
    assert len(markup.encode()) < 80_000


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_text_alternative_names_home_and_every_partner(language):
    _, svg = svg_of([HIDDENHAUSEN, PERANO], language)
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "map-title map-desc"
    desc = svg.find("desc").get_text()
    for name in ("Kungälv", "Hiddenhausen", "Perano"):
        assert name in desc


def test_the_outlines_are_a_small_vendored_file():
    assert DATA.stat().st_size < 300_000
    assert (DATA.parent / "README.md").read_text().count("Natural Earth") >= 1


@SETS
def test_the_home_label_covers_no_partner(places):
    _, svg = svg_of(places)
    home = label_box(svg.find("text", class_="locator-map__home-name"))
    for text in svg.find_all("text", class_="locator-map__name"):
        other = label_box(text)
        assert not (
            home[0] < other[2]
            and other[0] < home[2]
            and home[1] < other[3]
            and other[1] < home[3]
        ), text.get_text()
