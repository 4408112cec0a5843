"""Share cards against Chromium: the same text, in the same font, lands in the same place.

Each card is opened at full size in the browser, and compared with a page where Chromium
sets the card's lines itself, at the same positions and sizes, in the same face. Pixels
differ (hinting, kerning); the ink's bounding box and the bands of text must not.
"""
from __future__ import annotations

import html
import io

import pytest
from PIL import Image

from duizhao import cards, corpus, lexicon, load, matrix

GAP = 6  # px: blank rows closer than this belong to one line of text
TOLERANCE = 10  # px: how far an edge of the ink may move


@pytest.fixture(scope="module")
def planned(root):
    fonts, warning = cards.find_fonts(load.load_site(root / "content"))
    if fonts is None:
        pytest.skip(warning or "share cards are off")
    config = load.load_site(root / "content")
    docs = corpus.clean_documents(load.load_sources(root / "content", root / "seeds"))
    topics = lexicon.load_lexicon(root / "content" / "topics.yaml")
    cells = matrix.extract_matrix(docs, topics, None)
    conversion = load.load_conversion_table(root / "content") if hasattr(load, "load_conversion_table") else None
    extra = (conversion,) if conversion is not None else ()
    return {c.path: c for c in cards.plan_cards(config, docs, list(topics.topics), cells, *extra)}, fonts


def family(font: cards.FontFace) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(font.path, fontNumber=font.index, lazy=True) as f:
        return f["name"].getBestFamilyName()


def chromium_page(card: cards.Card, font: cards.FontFace) -> str:
    """The card's lines as positioned text, set by the browser in the card's face."""
    painter = cards.Painter(font)
    colours = {"ink": "#1f1f22", "grey": "#717173", "accent": "#9b2c1f"}
    divs = []
    for run in cards.layout(card, painter.measure):
        ascent = painter._face(run.size).getmetrics()[0]
        # An empty inline-block as tall as the baseline's height puts the baseline exactly
        # there, whatever ascent the browser reads from the font: the card's lines are
        # placed by their top, `ascent` above the baseline.
        divs.append(f'<div style="left:{run.x}px;font-size:{run.size}px;color:{colours[run.colour]}">'
                    f'<i style="display:inline-block;height:{run.y + ascent}px"></i>{html.escape(run.text)}</div>')
    return (f'<!doctype html><html lang="{"zh-Hans" if card.script == "hans" else "zh-Hant"}"><style>'
            f'html,body{{margin:0;background:#fbfaf7;width:1200px;height:630px;overflow:hidden}}'
            f'div{{position:absolute;top:0;white-space:pre;line-height:0;font-family:"{family(font)}";font-kerning:none}}'
            f'</style><body>{"".join(divs)}</body></html>')


def ink(png: bytes) -> Image.Image:
    """A 1-bit map of what is darker than the paper, the accent bar and the rule left out."""
    gray = Image.open(io.BytesIO(png)).convert("L")
    mask = gray.point(lambda v: 255 if v < 200 else 0)
    mask.paste(0, (0, 0, 1200, 14))
    mask.paste(0, (0, 484, 1200, 490))
    return mask


def lines_of_ink(mask: Image.Image) -> list[tuple[int, int]]:
    """(top, bottom) of each horizontal band of ink; gaps under GAP rows do not split a band."""
    rows = mask.getprojection()[1]
    found: list[tuple[int, int]] = []
    for y, inked in enumerate(rows):
        if not inked:
            continue
        if found and y - found[-1][1] <= GAP:
            found[-1] = (found[-1][0], y)
        else:
            found.append((y, y))
    return found


@pytest.mark.parametrize("path", ["cards/zh-hans/export-controls--guancha-marcus.png",
                                  "cards/zh-hant/export-controls--guancha-marcus.png",
                                  "cards/zh-hans/source-modern-tv-dulan.png",
                                  "cards/zh-hant/source-modern-tv-dulan.png"])
def test_card_matches_chromium_setting_the_same_text(browser, site, planned, path):
    base, out = site
    by_path, fonts = planned
    card = by_path[path]
    context = browser.new_context(viewport={"width": 1200, "height": 630})
    page = context.new_page()
    try:
        page.goto(base + path)  # the card itself, opened at full size
        page.wait_for_load_state("load")
        ours = page.screenshot(clip={"x": 0, "y": 0, "width": 1200, "height": 630})
        text = context.new_page()
        text.set_content(chromium_page(card, fonts[card.script]))
        text.evaluate("document.fonts.ready")
        theirs = text.screenshot(clip={"x": 0, "y": 0, "width": 1200, "height": 630})
    finally:
        context.close()
    a, b = ink(ours), ink(theirs)
    box_a, box_b = a.getbbox(), b.getbbox()
    assert box_a and box_b
    assert all(abs(p - q) <= TOLERANCE for p, q in zip(box_a, box_b)), (box_a, box_b)
    # Every line Chromium sets, the card has too, at the same height: none missing,
    # none cut off, no blank band where text should be.
    ours_lines, theirs_lines = lines_of_ink(a), lines_of_ink(b)
    assert len(ours_lines) == len(theirs_lines), (ours_lines, theirs_lines)
    for (top_a, bottom_a), (top_b, bottom_b) in zip(ours_lines, theirs_lines):
        assert abs(top_a - top_b) <= TOLERANCE and abs(bottom_a - bottom_b) <= TOLERANCE, (ours_lines, theirs_lines)
