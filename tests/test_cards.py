"""Share cards: every share page previews as a real image of its quote, in Chinese type.

Golden images would be brittle, so these tests check what a reader of a preview would
notice: the image exists at the size previews expect, every character has a glyph,
lines break by Chinese rules, and nothing is cut off at the bottom.
"""
from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from duizhao import cards
from duizhao.build import Project, build
from duizhao.cli import main
from duizhao.errors import ContentError

from .htmltags import elements

BASE = "https://duizhao.github.io/duizhao/"
pytestmark = pytest.mark.skipif(cards.fontconfig_face("zh-cn") is None,
                                reason="share cards need a Chinese font (apt-get install fonts-noto-cjk)")


def copy_project(root: Path, dest: Path) -> Path:
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(root / name, dest / name)
    return dest


def meta(page: Path) -> dict:
    return {a.get("property") or a.get("name"): a.get("content")
            for t, a in elements(page.read_text("utf-8")) if t == "meta"}


def painter(script: str = "hans") -> cards.Painter:
    return cards.Painter(cards.fontconfig_face(cards.FC_LANG[script]))


@pytest.fixture(scope="module")
def built(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("cards") / "site"
    build(Project(root), out)
    return out


@pytest.fixture(scope="module")
def quotes(built):
    """Every quote the real matrix shows, in its original script."""
    matrix = json.loads((built / "data" / "matrix.json").read_text("utf-8"))
    return [q["text"] for c in matrix["cells"] for q in c["quotes"]]


# --- the images the pages point at --------------------------------------------------------

def test_every_share_page_points_at_a_small_1200x630_png(built):
    pages = sorted(built.glob("zh-*/cells/*.html")) + sorted(built.glob("zh-*/sources/*.html"))
    assert len(pages) == 2 * (25 + 5)
    for page in pages:
        m = meta(page)
        assert m["twitter:card"] == "summary_large_image", page
        assert m["og:image"].startswith(BASE), page
        image = built / m["og:image"][len(BASE):]
        data = image.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) < 150_000, image
        with Image.open(io.BytesIO(data)) as im:
            im.load()  # decodes every row: a truncated or corrupt file fails here
            assert (im.format, im.size) == ("PNG", (1200, 630)), image
        assert (m["og:image:width"], m["og:image:height"]) == ("1200", "630")
        assert m["og:image:alt"], page


def test_a_cell_card_is_in_the_pages_script_and_its_alt_is_the_quote(built):
    for script, outlet in (("hans", "观察者网"), ("hant", "觀察者網")):
        m = meta(built / f"zh-{script}" / "cells" / "export-controls--guancha-marcus.html")
        assert m["og:image"] == f"{BASE}cards/zh-{script}/export-controls--guancha-marcus.png"
        assert m["og:image:alt"] == m["og:description"]  # the lead quote, in full
        assert outlet in m["og:title"]  # who said it


def test_a_silent_cell_previews_its_source_card(built):
    matrix = json.loads((built / "data" / "matrix.json").read_text("utf-8"))
    silent = next(c for c in matrix["cells"] if c["status"] == "not-discussed")
    m = meta(built / "zh-hans" / "cells" / f"{silent['topic']}--{silent['source']}.html")
    assert m["og:image"] == f"{BASE}cards/zh-hans/source-{silent['source']}.png"
    assert not (built / "cards" / "zh-hans" / f"{silent['topic']}--{silent['source']}.png").exists()


def test_contact_sheet_shows_every_card_of_a_topic_in_both_scripts(built):
    sheet = built / "zh-hans" / "cards.html"
    images = [a for t, a in elements(sheet.read_text("utf-8")) if t == "img"]
    sources = [p for p in images if "/source-" in p["src"]]
    assert len(sources) == 10
    compute = [p for p in images if "/compute--" in p["src"]]
    assert len(compute) == 10 and {p["src"].split("/")[2] for p in compute} == {"zh-hans", "zh-hant"}
    for image in images:
        assert (sheet.parent / image["src"]).is_file() and image["alt"]
    about = (built / "zh-hans" / "pages" / "about.html").read_text("utf-8")
    assert 'href="../cards.html"' in about


# --- fonts --------------------------------------------------------------------------------

def latin_font(tmp_path: Path) -> cards.FontFace:
    """A font with no Chinese: DejaVu Sans where installed, else a tiny one made here."""
    dejavu = cards.fontconfig_face("en")
    if dejavu and "dejavu" in dejavu.path.lower():
        return dejavu
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    names = [".notdef", "A"]
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord("A"): "A"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0)), pen.lineTo((500, 700)), pen.lineTo((600, 0)), pen.closePath()
    fb.setupGlyf({n: pen.glyph() for n in names})
    fb.setupHorizontalMetrics({n: (600, 0) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Latin Only", "styleName": "Regular"})
    fb.setupOS2(), fb.setupPost()
    path = tmp_path / "latin.ttf"
    fb.save(str(path))
    return cards.face(str(path))


def test_glyph_check_rejects_a_font_without_chinese(tmp_path):
    card = cards.Card("cards/zh-hans/chips--x.png", "hans", "cell", "芯片", "出口管制", "观察者网", "标题", "对照")
    font = latin_font(tmp_path)
    with pytest.raises(ContentError) as e:
        cards.check_glyphs([card], {"hans": font, "hant": font})
    message = str(e.value)
    assert message.startswith("cards/zh-hans/chips--x.png: ")
    assert "“芯”" in message and "U+82AF" in message


def test_glyph_check_accepts_every_card_with_the_cjk_font(built, root):
    from duizhao import corpus, lexicon, load, matrix

    config = load.load_site(root / "content")
    docs = corpus.clean_documents(load.load_sources(root / "content", root / "seeds"))
    topics = lexicon.load_lexicon(root / "content" / "topics.yaml")
    cells = matrix.extract_matrix(docs, topics, None)
    fonts, warning = cards.find_fonts(config)
    assert warning is None and fonts["hans"] != fonts["hant"]  # the SC and TC faces of one collection
    cards.check_glyphs(cards.plan_cards(config, docs, list(topics.topics), cells), fonts)


def test_a_missing_glyph_stops_the_build_naming_character_and_card(tmp_path, root, capsys):
    project = copy_project(root, tmp_path / "project")
    font = latin_font(tmp_path)
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text("utf-8") + f"font: {font.path}\n", encoding="utf-8")
    assert main(["--root", str(project), "build", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: cards/zh-han") and "has no glyph for “" in err[0]
    assert "Traceback" not in err[0] and not (tmp_path / "out").exists()


def test_without_a_chinese_font_the_build_warns_once_and_drops_og_image(tmp_path, root, monkeypatch, capsys):
    monkeypatch.setattr(cards, "fontconfig_face", lambda lang: None)
    out = tmp_path / "out"
    assert main(["--root", str(root), "build", "--out", str(out), "--no-cache"]) == 0
    err = capsys.readouterr().err.splitlines()
    warnings = [line for line in err if line.startswith("warning:")]
    assert len(warnings) == 1 and "fonts-noto-cjk" in warnings[0]
    assert not (out / "cards").exists()
    m = meta(out / "zh-hans" / "cells" / "export-controls--guancha-marcus.html")
    assert "og:image" not in m and m["twitter:card"] == "summary"


def test_share_cards_false_turns_them_off(tmp_path, root):
    project = copy_project(root, tmp_path / "project")
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text("utf-8") + "share_cards: false\n", encoding="utf-8")
    report = build(Project(project), tmp_path / "out")
    assert report.warnings == () and report.cards_drawn == 0
    assert not (tmp_path / "out" / "cards").exists()
    assert "og:image" not in meta(tmp_path / "out" / "zh-hant" / "sources" / "guancha-marcus.html")
    assert "<img" not in (tmp_path / "out" / "zh-hans" / "cards.html").read_text("utf-8")


# --- Chinese line breaking ---------------------------------------------------------------

SPEC_NO_START = "，。、：；！？」』）》"
SPEC_NO_END = "「『（《"
WORDS = re.compile(r"[A-Za-z0-9]+(?:[-./][A-Za-z0-9]+)*%?")


@pytest.mark.parametrize("width", [1056, 611, 300])
@pytest.mark.parametrize("script", ["hans", "hant"])
def test_line_breaks_obey_chinese_rules_on_real_quotes(quotes, script, width):
    from duizhao.convert import to_script

    p = painter(script)
    broken = 0
    for quote in quotes:
        text = to_script(quote, "hant" if re.search("[國這為們說]", quote) else "hans", script)
        lines = cards.wrap(text, width, lambda t: p.measure(44, t))
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
        broken += len(lines) - 1
        for line in lines:
            assert line[0] not in SPEC_NO_START, (line, text)
            assert line[-1] not in SPEC_NO_END, (line, text)
            assert p.measure(44, line.rstrip(SPEC_NO_START)) <= width  # only punctuation may hang
        for word in WORDS.findall(text):  # DeepSeek-R1, 1/50, 25.8% stay whole, where a line can hold them
            assert p.measure(44, word) > width or any(word in line for line in lines), (word, lines)
    assert broken > len(quotes)  # the rules were put to the test


@pytest.mark.parametrize("text, width, expected", [
    # A full stop never opens a line: the character before it moves down with it.
    ("一二三四。五六", 4, ["一二三", "四。五六"]),
    # An opening bracket never ends a line.
    ("一二三「四五」", 4, ["一二三", "「四五」"]),
    # ASCII words and numbers stay whole.
    ("一二DeepSeek-R1", 6, ["一二", "DeepSeek-R1"]),
    ("约1/50，增长25.8%", 5, ["约1/50，增", "长25.8%"]),
])
def test_wrap_table(text, width, expected):
    # Every character one unit wide, except ASCII, which is half a unit.
    assert cards.wrap(text, width, lambda t: sum(0.5 if c.isascii() else 1 for c in t)) == expected


@pytest.mark.parametrize("text, width, max_lines, expected", [
    # Cut at the last clause that fits: its comma gives way to the ellipsis.
    ("一二三，四五六，七八九十", 6, 1, ["一二三……"]),
    ("一二三，四五六，七八九十", 6, 2, ["一二三，四五", "六，七八九十"]),  # fits: no cut
    ("一二三，四五六，七八九十甲乙丙", 6, 2, ["一二三，四五", "六……"]),
    # A full sentence keeps its stop; a bracket left open is closed again.
    ("「一二。三四五六七八」", 7, 1, ["「一二。……」"]),
    # A first clause too long for the space is cut between words.
    ("一二三四五六七八九十", 4, 1, ["一二……"]),
])
def test_fit_cuts_at_a_clause_and_marks_it(text, width, max_lines, expected):
    lines, cut = cards.fit(text, width, max_lines, lambda t: float(len(t)))
    assert cut == (expected[-1][-1] in "…」") 
    assert lines == expected


def test_a_long_quote_is_cut_at_a_clause_and_leaves_the_bottom_margin_blank(quotes):
    long = "".join(sorted(quotes, key=len)[-3:])
    card = cards.Card("cards/zh-hans/x--y.png", "hans", "cell", "出口管制", long, "观察者网",
                      "一个很长很长的标题" * 12, "对照：中美 AI 竞赛五家说")
    p = painter()
    runs = cards.layout(card, p.measure)
    body = [r.text for r in runs if r.size in (44, 52)]
    assert body[-1].endswith("……") and len(body) == 5
    shown = "".join(body)[:-2]
    assert long.startswith(shown.rstrip("」』”")) and shown.rstrip("」』”")[-1] in "。！？；，、：" + "」』”" or \
        long[len(shown.rstrip("」』”"))] in cards.CLAUSE_END
    with Image.open(io.BytesIO(p.draw(card))) as im:
        pixels = im.load()
        bottom = {pixels[x, y] for y in range(630 - cards.BOTTOM, 630) for x in range(1200)}
        assert bottom == {0}  # paper only
        inked = [y for y in range(630) if any(pixels[x, y] for x in range(0, 1200, 2))]
        assert max(inked) > 540  # the footer (site name) was drawn, just above the margin


# --- fast and incremental ------------------------------------------------------------------

def test_cards_are_drawn_once_and_redrawn_only_when_their_text_changes(tmp_path, root):
    project = copy_project(root, tmp_path / "project")
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = build(Project(project), out, cache_dir=cache)
    assert first.cards_drawn == len(list((out / "cards").rglob("*.png"))) > 50
    # A change that no card shows: the pages rebuild, no card is drawn.
    about = project / "content" / "pages" / "about.md"
    about.write_text(about.read_text("utf-8") + "\n补充一句。\n", encoding="utf-8")
    assert build(Project(project), out, cache_dir=cache).cards_drawn == 0
    # A new outlet name: that source's cards, and only those, are drawn again.
    yaml = project / "content" / "sources" / "guancha-marcus.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace("outlet: 觀察者網", "outlet: 觀察者"), encoding="utf-8")
    before = {p: p.read_bytes() for p in (out / "cards").rglob("*.png")}
    third = build(Project(project), out, cache_dir=cache)
    changed = {p.relative_to(out).as_posix() for p in before if p.read_bytes() != before[p]}
    assert changed and all("guancha-marcus" in name for name in changed)
    assert third.cards_drawn == len(changed)


def tiny_font(path: Path, chars: str) -> cards.FontFace:
    """A font file at `path` with a glyph for each of `chars` and nothing else."""
    import os

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    names = [".notdef"] + [f"g{ord(c)}" for c in chars]
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"g{ord(c)}" for c in chars})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0)), pen.lineTo((500, 700)), pen.lineTo((600, 0)), pen.closePath()
    fb.setupGlyf({n: pen.glyph() for n in names})
    fb.setupHorizontalMetrics({n: (600, 0) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    fb.setupOS2(), fb.setupPost()
    fb.save(str(path))
    os.utime(path, ns=(len(chars) * 10**9, len(chars) * 10**9))  # a replaced font has a new modification time
    return cards.face(str(path))


def test_the_glyph_check_reads_a_replaced_font_again_despite_its_cache(tmp_path):
    card = cards.Card("cards/zh-hans/chips--x.png", "hans", "cell", "A", "芯", "A", "A", "A")
    cache, path = tmp_path / "cache", tmp_path / "font.ttf"
    old = tiny_font(path, "A …·")
    with pytest.raises(ContentError, match="U\\+82AF"):
        cards.check_glyphs([card], {"hans": old}, cache)
    assert list((cache / "fonts").iterdir())  # the character map was kept
    cards._covered.cache_clear()  # as in a new build: read from the cache folder
    with pytest.raises(ContentError, match="U\\+82AF"):
        cards.check_glyphs([card], {"hans": cards.face(str(path))}, cache)  # and is still right
    new = tiny_font(path, "A …·芯")  # the same file name, now with the glyph
    assert new.identity != old.identity
    cards._covered.cache_clear()
    cards.check_glyphs([card], {"hans": new}, cache)  # no stale "no glyph" from the cache
