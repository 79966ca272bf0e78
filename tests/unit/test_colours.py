"""Colours for codes without one: distinct by OKLab distance, sub-codes near their theme."""

import itertools

import pytest

from workbench import colours


def tree(themes: int, subs: int) -> list[tuple[int, int | None, str | None]]:
    codes, next_id = [], 1
    for _ in range(themes):
        theme = next_id
        codes.append((theme, None, None))
        next_id += 1
        for _ in range(subs):
            codes.append((next_id, theme, None))
            next_id += 1
    return codes


def test_oklab_of_black_white_and_a_known_colour():
    assert colours.hex_to_oklab("#FFFFFF") == pytest.approx((1.0, 0.0, 0.0), abs=1e-3)
    assert colours.hex_to_oklab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=1e-6)
    # sRGB red in OKLab (Ottosson's reference value).
    assert colours.hex_to_oklab("#FF0000") == pytest.approx((0.628, 0.2249, 0.1258), abs=1e-3)
    assert colours.distance("#000000", "#FFFFFF") == pytest.approx(1.0, abs=1e-3)
    assert colours.rgb_hex(colours.oklab_to_rgb(colours.hex_to_oklab("#4E79A7"))) == "#4E79A7"


@pytest.mark.parametrize("themes,subs", [(1, 0), (4, 4), (8, 5), (12, 3)])
def test_every_shown_colour_is_a_perceptual_distance_from_every_other(themes, subs):
    shown = colours.assign(tree(themes, subs))
    assert len(shown) == themes * (subs + 1)
    gaps = [colours.distance(a, b) for a, b in itertools.combinations(shown.values(), 2)]
    assert not gaps or min(gaps) >= colours.MIN_DISTANCE


def test_sub_codes_are_shades_of_their_theme():
    codes = tree(4, 4)
    shown = colours.assign(codes)
    parents = {code: parent for code, parent, _ in codes}
    near = [gap <= colours.HUE_SPREAD for code, parent in parents.items() if parent
            for gap in [colours._hue_gap(colours.hue(shown[code]), colours.hue(shown[parent]))]]
    assert all(near), near
    themes = [shown[code] for code, parent in parents.items() if parent is None]
    hues = sorted(colours.hue(c) for c in themes)
    assert min(colours._hue_gap(a, b) for a, b in itertools.combinations(hues, 2)) >= 60


def test_given_colours_stay_and_new_codes_keep_away_from_them():
    given = [(1, None, "#4e79a7"), (2, 1, None), (3, None, "not a colour"), (4, None, None)]
    shown = colours.assign(given)
    assert shown[1] == "#4E79A7"
    assert shown[3] == colours.GREY
    for code in (2, 4):
        assert min(colours.distance(shown[code], shown[other]) for other in (1, 3)
                   if other != code) >= colours.MIN_DISTANCE
    assert colours.distance(shown[2], shown[4]) >= colours.MIN_DISTANCE


def test_a_new_code_does_not_change_the_colours_of_older_ones():
    before = colours.assign(tree(3, 3))
    after = colours.assign(tree(3, 3) + [(99, 1, None), (100, None, None)])
    assert {k: after[k] for k in before} == before
    # A sub-code made before its parent (then moved under it) still gets a colour.
    assert set(colours.assign([(1, 2, None), (2, None, None)])) == {1, 2}
