"""The map's sector colours (assets/style.css, `.map-s-<sector> { --pin: … }`): one for every
sector of the contract, distinct, and each contrasted enough (WCAG 2.x relative luminance) on
white, the border round every pin and the legend's background, and on the map's light tiles."""

import re

from ess_site.content.schema import SECTEURS
from tests.conftest import ROOT

RULE = re.compile(r"\.map-s-([a-z-]+)\s*\{\s*--pin:\s*#([0-9a-fA-F]{6})\s*;\s*\}")
WHITE = "ffffff"
LIGHT_TILE = "f2efe9"  # OpenStreetMap's land colour, the lightest the pins sit on


def colours() -> dict[str, str]:
    return dict(RULE.findall((ROOT / "assets" / "style.css").read_text(encoding="utf-8")))


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(hex_colour[i:i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_sector_has_its_own_colour():
    found = colours()
    assert sorted(found) == sorted(SECTEURS)
    assert len(set(v.lower() for v in found.values())) == len(found)


def test_sector_colours_reach_4_5_to_1_on_white_and_on_the_tiles():
    weak = {key: (round(contrast(value, WHITE), 2), round(contrast(value, LIGHT_TILE), 2)) for key, value in colours().items()
            if contrast(value, WHITE) < 4.5 or contrast(value, LIGHT_TILE) < 4.5}
    assert weak == {}


def test_the_contrast_formula_gives_wcag_reference_values():
    assert round(contrast("000000", WHITE), 1) == 21.0
    assert round(contrast("767676", WHITE), 2) == 4.54  # the lightest grey WCAG accepts for text on white
