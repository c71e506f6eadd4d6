"""The look: a small vendored stylesheet with readable contrast, nothing from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import portalkit.adapters.flask

CSS = (Path(portalkit.adapters.flask.__file__).parent / "static" / "portal.css").read_text()
COLOURS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", CSS))


def luminance(hex_colour: str) -> float:
    """Relative luminance as WCAG 2.2 defines it."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_gives_the_known_extremes() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("ink", "paper"),
        ("ink", "wash"),
        ("muted", "paper"),
        ("muted", "wash"),
        ("brand", "paper"),
        ("brand", "wash"),
        ("ok", "paper"),
        ("bad", "paper"),
    ],
)
def test_text_colours_meet_wcag_aa_on_their_backgrounds(text: str, background: str) -> None:
    assert contrast(COLOURS[text], COLOURS[background]) >= 4.5


def test_white_text_on_the_brand_colours_meets_wcag_aa() -> None:
    assert contrast("#ffffff", COLOURS["brand"]) >= 4.5
    assert contrast("#ffffff", COLOURS["brand-dark"]) >= 4.5


def test_focus_is_always_visible() -> None:
    assert ":focus-visible" in CSS
    assert "outline: none" not in CSS.replace("main:focus { outline: none; }", "")


def test_the_stylesheet_loads_nothing_from_elsewhere() -> None:
    assert "@import" not in CSS
    assert "url(" not in CSS
    assert "http" not in CSS
