"""Colours for codes that have none: picked in OKLab, a space where equal distances look
about equally different, so that no two codes on screen look alike.

Shown colours are worked out on display (nothing is written): a code keeps the colour it was
given; every other code gets, in the order the codes were made (by id, so that a new code does
not change the colours of the older ones), the colour of a fixed pool that is farthest from
every colour already shown. A theme takes the farthest colour of the whole pool; a sub-code
the farthest among those near its parent's hue, so that sub-themes look like shades of their
theme and still differ from each other. Pure functions; no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

MIN_DISTANCE = 0.05  # OKLab; about 2.5 just-noticeable differences (one is about 0.02)
HUE_SPREAD = 30.0  # degrees either side of the parent's hue a sub-code's colour stays within
GREY = "#888888"

Lab = tuple[float, float, float]


def _to_linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _from_linear(channel: float) -> float:
    return 12.92 * channel if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055


def hex_to_oklab(colour: str) -> Lab:
    """``#RRGGBB`` (or ``#RGB``) as OKLab (L, a, b). Raises ValueError for anything else."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a colour: {colour!r}")
    r, g, b = (_to_linear(int(text[i:i + 2], 16) / 255) for i in (0, 2, 4))
    l_ = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
    m_ = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
    s_ = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
    return (0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
            1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
            0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_)


def oklab_to_rgb(lab: Lab) -> tuple[float, float, float]:
    """OKLab as sRGB channels in 0..1; outside that range when the colour is out of gamut."""
    big_l, a, b = lab
    l_ = (big_l + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (big_l - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (big_l - 0.0894841775 * a - 1.2914855480 * b) ** 3
    linear = (4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
              -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
              -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_)
    return tuple(_from_linear(c) if c >= 0 else -1.0 for c in linear)  # type: ignore[return-value]


def rgb_hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def distance(one: str, other: str) -> float:
    """The OKLab (Euclidean) distance between two ``#RRGGBB`` colours."""
    return math.dist(hex_to_oklab(one), hex_to_oklab(other))


def hue(colour: str) -> float:
    """The OKLCh hue of a colour in degrees (0..360)."""
    _, a, b = hex_to_oklab(colour)
    return math.degrees(math.atan2(b, a)) % 360


def _hue_gap(one: float, other: float) -> float:
    gap = abs(one - other) % 360
    return min(gap, 360 - gap)


def _pool() -> list[tuple[str, Lab, float]]:
    """Colours that read well on a dark background and in light text: (hex, lab, hue)."""
    pool = []
    for lightness in (0.72, 0.64, 0.80, 0.86):
        for chroma in (0.15, 0.11, 0.07):
            for step in range(48):
                angle = math.radians(step * 7.5 + 5)
                lab = (lightness, chroma * math.cos(angle), chroma * math.sin(angle))
                rgb = oklab_to_rgb(lab)
                if all(0.0 <= c <= 1.0 for c in rgb):
                    colour = rgb_hex(rgb)
                    pool.append((colour, hex_to_oklab(colour), hue(colour)))
    return pool


_POOL = _pool()


def _safe_lab(colour: str | None) -> Lab | None:
    try:
        return hex_to_oklab(colour) if colour else None
    except ValueError:
        return None


def assign(codes: Iterable[tuple[int, int | None, str | None]]) -> dict[int, str]:
    """``codes``: (id, parent id, colour or None). Returns every code's shown colour.

    Codes with a colour keep it (an unreadable one shows grey); the others get the pool
    colour farthest from all colours taken so far, a sub-code's chosen within
    ``HUE_SPREAD`` of its parent's hue when such a colour is still at least
    ``MIN_DISTANCE`` from all others."""
    rows = sorted(codes, key=lambda row: row[0])
    shown: dict[int, str] = {}
    gaps = [math.inf] * len(_POOL)  # each pool colour's distance to the nearest one taken

    def take(lab: Lab) -> None:
        for i, candidate in enumerate(_POOL):
            gap = math.dist(candidate[1], lab)
            if gap < gaps[i]:
                gaps[i] = gap

    for code_id, _, colour in rows:
        lab = _safe_lab(colour)
        if lab is not None:
            shown[code_id] = colour.strip().upper()  # type: ignore[union-attr]
            take(lab)
        elif colour:
            shown[code_id] = GREY
    parents = {row[0]: row[1] for row in rows}

    def farthest(indexes) -> tuple[int, float]:
        best, best_gap = -1, -1.0
        for i in indexes:
            if gaps[i] > best_gap + 1e-9:
                best, best_gap = i, gaps[i]
        return best, best_gap

    def pick(code_id: int, seen: frozenset = frozenset()) -> str:
        if code_id in shown:
            return shown[code_id]
        parent = parents.get(code_id)
        parent_colour = (pick(parent, seen | {code_id})
                         if parent in parents and parent not in seen else None)
        choice, gap = -1, -1.0
        if parent_colour is not None and _safe_lab(parent_colour) is not None:
            theme_hue = hue(parent_colour)
            choice, gap = farthest(i for i, c in enumerate(_POOL)
                                   if _hue_gap(c[2], theme_hue) <= HUE_SPREAD)
        if gap < MIN_DISTANCE:
            choice, gap = farthest(range(len(_POOL)))
        shown[code_id] = _POOL[choice][0]
        take(_POOL[choice][1])
        return shown[code_id]

    for code_id, _, _ in rows:
        pick(code_id)
    return shown
