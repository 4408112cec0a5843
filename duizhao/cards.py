"""Share cards: a 1200×630 PNG per cell and per source, in each script, for link previews.

The card stage, beside render: `plan_cards` (pure) decides what each card shows;
`find_fonts` takes a CJK face per script from content/site.yaml or fontconfig;
`Drawing` keys each card by what it shows, checks that the font has every character,
then draws the cards whose key is new (in worker processes when there are many) while
the sources are aligned and the pages planned.

Lines break by Chinese rules (kinsoku): no line starts with closing punctuation and none
ends with an opening bracket; ASCII words and numbers (DeepSeek-R1, 1/50, 25.8%) stay
whole. A long text is cut at a sentence or clause boundary and marked ……. Every width is
measured by the font itself.
"""
from __future__ import annotations

import hashlib
import os
import re
import struct
import subprocess
import zlib
from array import array
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Optional

from . import urls
from .cache import digest, write_atomic
from .convert import NO_TABLE, ConversionTable, to_script
from .errors import ContentError
from .workers import ignore_interrupt

WIDTH, HEIGHT = 1200, 630  # the size every preview service expects for a large image
MARGIN = 72  # left and right
BOTTOM = 36  # nothing is drawn in the last BOTTOM rows: previews crop and round the edge
INSTALL_HINT = ("no Chinese font found, so no share cards were drawn and pages carry no og:image; "
                "install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) or name one under "
                "`font:` in content/site.yaml")

# Card text, written once in Simplified; Traditional cards convert it.
TEXT = {"discusses": "谈及：", "discusses_none": "没有谈及本站的主题", "sheet": "分享卡片一览",
        "sheet_intro": "每个链接在聊天软件和社交网站上预览时显示的图片。每一格的卡片引用它的主引文，"
                       "太长时在句子或分句处截断并标上“……”。",
        "sheet_off": "本站在设置中关闭了分享卡片，链接预览不带图片。",
        "sheet_no_font": "构建时找不到中文字体，因此没有生成分享卡片，链接预览不带图片。",
        "source_cards": "来源卡片", "simplified": "简体", "traditional": "繁体"}

# --- Chinese line breaking ----------------------------------------------------------

NO_START = frozenset("，。、：；！？」』）》〕】〉”’…‥·,.;:!?)]}")  # never the first character of a line
NO_END = frozenset("「『（《〔【〈“‘([{")  # never the last character of a line
CLAUSE_END = "，、；：,;:"  # a cut here drops the mark before the ……
SENTENCE_END = "。！？!?…"
CLOSING = "」』”’）》】"
PAIRS = {"「": "」", "『": "』", "“": "”", "‘": "’", "（": "）", "《": "》", "【": "】"}
ELLIPSIS = "……"
# One unbreakable unit: an ASCII word or number with its inner joiners (DeepSeek-R1, 1/50,
# 25.8%, 1,000), a run of spaces, or any other single character.
_UNIT = re.compile(r"[$¥€£]?[A-Za-z0-9]+(?:[-./:+_&'][A-Za-z0-9]+|,\d{3})*%?| +|.", re.S)


def break_units(text: str) -> list[str]:
    """The text as unbreakable groups: closing marks glued to what precedes, opening ones to what follows."""
    return _glue(_UNIT.findall(text))


def _glue(units: list[str]) -> list[str]:
    groups: list[str] = []
    for unit in units:
        if groups and (unit[0] in NO_START or groups[-1][-1] in NO_END):
            groups[-1] += unit
        else:
            groups.append(unit)
    return groups


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """The lines of `text` at most `width` wide, broken only between groups of `break_units`.

    A group wider than a line alone may let its closing punctuation hang into the margin,
    as Chinese typesetting does; only a word still too wide (a long URL) is cut.
    """
    lines: list[str] = []
    line, used = "", 0.0
    for group in break_units(text):
        size = measure(group)
        if line and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0.0
        if not line and group.isspace():
            continue
        if size > width and measure(group.rstrip("".join(NO_START))) > width:
            for piece in _glue(list(group)):
                w = measure(piece)
                if line and used + w > width:
                    lines.append(line.rstrip())
                    line, used = "", 0.0
                line, used = line + piece, used + w
            continue
        line, used = line + group, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def cut_points(text: str) -> list[int]:
    """Ends of every sentence and clause in `text`, a closing quote mark included."""
    points = []
    for i, ch in enumerate(text):
        if ch in CLAUSE_END or ch in SENTENCE_END:
            end = i + 1
            while end < len(text) and text[end] in CLOSING:
                end += 1
            if end < len(text) and (not points or points[-1] != end):
                points.append(end)
    return points


def clipped(text: str, end: int) -> str:
    """`text` up to `end`, marked …… and with any bracket it left open closed again."""
    head = text[:end].rstrip(CLAUSE_END + " ")
    opened = []
    for ch in head:
        if ch in PAIRS:
            opened.append(PAIRS[ch])
        elif opened and ch == opened[-1]:
            opened.pop()
    return head + ELLIPSIS + "".join(reversed(opened))


def fit(text: str, width: float, max_lines: int, measure: Callable[[str], float]) -> tuple[list[str], bool]:
    """At most `max_lines` lines of `text`, and whether it had to be cut.

    A cut falls at the last sentence or clause boundary that fits; only a first clause
    too long for the whole space is cut between words.
    """
    lines = wrap(text, width, measure)
    if len(lines) <= max_lines:
        return lines, False
    for points in (cut_points(text), _word_ends(text)):
        best = None
        lo, hi = 0, len(points) - 1
        while lo <= hi:  # more text never takes fewer lines, so search for the longest that fits
            mid = (lo + hi) // 2
            candidate = wrap(clipped(text, points[mid]), width, measure)
            if len(candidate) <= max_lines:
                best, lo = candidate, mid + 1
            else:
                hi = mid - 1
        if best:
            return best, True
    return [ELLIPSIS], True


def _word_ends(text: str) -> list[int]:
    ends, at = [], 0
    for group in break_units(text):
        at += len(group)
        ends.append(at)
    return ends[:-1]


# --- what each card shows -----------------------------------------------------------

@dataclass(frozen=True)
class Card:
    """One share image: where it goes and every text it shows, already in its script."""

    path: str  # cards/zh-hans/<topic>--<slug>.png or cards/zh-hans/source-<slug>.png
    script: str  # "hans" or "hant"
    kind: str  # "cell" or "source"
    kicker: str  # cell: the topic's label; source: outlet and date
    body: str  # cell: the lead quote; source: the title
    outlet: str  # cell: the outlet; source: empty
    note: str  # cell: the source's title; source: the topics it discusses
    site: str  # the site's name

    def text(self) -> str:
        """Every character the card draws."""
        return self.kicker + self.body + self.outlet + self.note + self.site + ELLIPSIS + " · "


def lead_quote(cell):
    """The quote a cell's card shows: its lead quote, or None when the source is silent."""
    return cell.lead_quote if cell.status == "quoted" else None


def plan_cards(config, docs, topics, cells, conversion: ConversionTable = NO_TABLE) -> list[Card]:
    """A card for every quoted cell and every source, in both scripts (converted as the pages are)."""
    from .views import date_label

    by_cell = {(c.topic, c.source): c for c in cells}
    cards = []
    for script in urls.SCRIPTS:
        lang = urls.LANG[script]
        site = config.title[lang]
        for doc in docs:
            s = doc.source
            title = to_script(s.title, s.script, script, conversion)
            outlet = to_script(s.outlet, s.script, script, conversion)
            discussed = [t.label[lang] for t in topics if lead_quote(by_cell[(t.id, s.slug)])]
            note = (text(script, "discusses") + " · ".join(discussed)) if discussed else text(script, "discusses_none")
            cards.append(Card(source_card(s.slug, script), script, "source",
                              f"{outlet} · {date_label(s.published)}", title, "", note, site))
            for t in topics:
                quote = lead_quote(by_cell[(t.id, s.slug)])
                if quote is not None:
                    cards.append(Card(cell_card(t.id, s.slug, script), script, "cell", t.label[lang],
                                      to_script(quote.text, s.script, script, conversion), outlet, title, site))
    return cards


def cell_card(topic_id: str, slug: str, script: str) -> str:
    """Where a cell's card is, relative to the site root."""
    return f"cards/{urls.script_dir(script)}/{urls.cell_id(topic_id, slug)}.png"


def source_card(slug: str, script: str) -> str:
    """Where a source's card is, relative to the site root."""
    return f"cards/{urls.script_dir(script)}/source-{slug}.png"


def text(script: str, key: str) -> str:
    """A card or contact-sheet string in `script`."""
    return to_script(TEXT[key], "hans", script)


# --- fonts --------------------------------------------------------------------------

@dataclass(frozen=True)
class FontFace:
    """One face of a font file."""

    path: str  # the font file (.otf, .ttf or a .ttc collection)
    index: int  # the face inside a collection; 0 otherwise
    identity: str  # size and modification time: a replaced font redraws every card

    @property
    def name(self) -> str:
        return f"{Path(self.path).name}#{self.index}"


def face(path: str, index: int = 0) -> FontFace:
    """The face `index` of the font file at `path`."""
    st = os.stat(path)
    return FontFace(path, index, f"{st.st_size}:{st.st_mtime_ns}")


FC_LANG = {"hans": "zh-cn", "hant": "zh-tw"}


def find_fonts(config) -> tuple[Optional[dict[str, FontFace]], Optional[str]]:
    """A face per script, from `font:` in site.yaml or else fontconfig; or None and a warning."""
    if not getattr(config, "share_cards", True):
        return None, None
    configured = getattr(config, "font", None) or {}
    fonts = {}
    for script in urls.SCRIPTS:
        if urls.LANG[script] in configured:
            path, index = configured[urls.LANG[script]]
            fonts[script] = face(path, index)
            continue
        found = fontconfig_face(FC_LANG[script])
        if found is None:
            return None, INSTALL_HINT
        fonts[script] = found
    return fonts, None


def fontconfig_face(lang: str) -> Optional[FontFace]:
    """The sans-serif face fontconfig picks for `lang`, if it really covers that language."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\t%{index}\t%{lang}", f"sans-serif:lang={lang}"],
                             capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\t")
    # fc-match always answers, falling back to any font: keep it only if it covers the language.
    if len(parts) != 3 or lang not in parts[2].split("|") or not os.path.isfile(parts[0]):
        return None
    return face(parts[0], int(parts[1] or 0))


def covered(font: FontFace, cache_folder: Optional[Path] = None) -> frozenset[int]:
    """Every code point the face has a glyph for; kept in `cache_folder`/fonts, since reading takes a while."""
    return _covered(font, cache_folder)


@lru_cache(maxsize=8)
def _covered(font: FontFace, cache_folder: Optional[Path]) -> frozenset[int]:
    # One file per face, holding the identity it was read from: a replaced font is read again.
    stored = cache_folder / "fonts" / f"{digest('cmap', font.path, font.index)}.bin" if cache_folder else None
    head = f"{font.identity}\n".encode()
    if stored is not None:
        try:
            data = stored.read_bytes()
            if data.startswith(head):
                points = array("I")
                points.frombytes(data[len(head):])
                return frozenset(points)
        except (OSError, ValueError):
            pass
    points = _read_cmap(font)
    if stored is not None:
        try:
            write_atomic(stored, head + array("I", sorted(points)).tobytes())
        except OSError:
            pass  # a cache that cannot be written only costs time
    return points


def _read_cmap(font: FontFace) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(font.path, fontNumber=font.index, lazy=True) as f:
            return frozenset(f.getBestCmap() or {})
    except Exception as e:  # fontTools raises many kinds on a file that is not a font
        raise ContentError(font.path, f"cannot read this font ({e}); name another under `font:` "
                                      "in content/site.yaml") from None


def check_glyphs(cards: list[Card], fonts: dict[str, FontFace], cache_folder: Optional[Path] = None) -> None:
    """Raise ContentError naming the first character of a card that its font cannot draw."""
    for card in cards:
        font = fonts[card.script]
        have = covered(font, cache_folder)
        missing = [ch for ch in dict.fromkeys(card.text()) if ord(ch) not in have and not ch.isspace()]
        if missing:
            ch = missing[0]
            raise ContentError(card.path, f"the font {font.name} has no glyph for “{ch}” (U+{ord(ch):04X}); "
                                          "install a font that covers it (apt-get install fonts-noto-cjk) "
                                          "or name one under `font:` in content/site.yaml")


# --- drawing ------------------------------------------------------------------------

PAPER, INK, ACCENT = (0xFB, 0xFA, 0xF7), (0x1F, 0x1F, 0x22), (0x9B, 0x2C, 0x1F)  # as in static/site.css
INK_LEVELS, ACCENT_LEVELS = 8, 7  # shades of antialiasing: 16 colours, so 4 bits a pixel
GREY = 5  # secondary text: ink at 5/8
RULE = 1


def _palette() -> bytes:
    colours = [PAPER]
    colours += [tuple(round(p + (i - p) * k / INK_LEVELS) for p, i in zip(PAPER, INK)) for k in range(1, INK_LEVELS + 1)]
    colours += [tuple(round(p + (a - p) * k / ACCENT_LEVELS) for p, a in zip(PAPER, ACCENT))
                for k in range(1, ACCENT_LEVELS + 1)]
    return bytes(c for rgb in colours for c in rgb)


PALETTE = _palette()
ACCENT_LUT = [0] + [INK_LEVELS + v for v in range(1, 256)]
PAD = 2  # two blank columns on the left: in 4-bit rows they pack into the filter byte, 0


@dataclass(frozen=True)
class Run:
    """One line of text on a card, its top-left corner at (x, y)."""

    text: str
    size: int  # font size in pixels
    x: float
    y: int
    colour: str  # "ink", "grey" or "accent"


def _largest_fit(text: str, width: float, sizes, measure: Callable[[int, str], float]) -> tuple[int, list[str]]:
    """The first (size, lines) of `sizes` at which `text` fits whole; else the last, cut."""
    for size, lines_max in sizes:
        lines, cut = fit(text, width, lines_max, lambda t, s=size: measure(s, t))
        if not cut:
            break
    return size, lines


def layout(card: Card, measure: Callable[[int, str], float]) -> list[Run]:
    """Every line the card draws; `measure(size, text)` is the font's advance width."""
    width = WIDTH - 2 * MARGIN
    runs = [Run(card.kicker, 30, MARGIN, 52, "accent")]
    if card.kind == "cell":
        size, lines = _largest_fit(card.body, width, ((52, 4), (44, 5)), measure)
        step = round(size * 1.5)
        runs += [Run(line, size, MARGIN, 122 + i * step, "ink") for i, line in enumerate(lines)]
        outlet = card.outlet + " · "
        room = width - measure(28, outlet)
        title = fit(card.note, room, 1, lambda t: measure(28, t))[0][0]
        runs += [Run(outlet, 28, MARGIN, 506, "ink"), Run(title, 28, MARGIN + measure(28, outlet), 506, "grey")]
    else:
        size, lines = _largest_fit(card.body, width, ((60, 3), (52, 4)), measure)
        step = round(size * 1.4)
        runs += [Run(line, size, MARGIN, 122 + i * step, "ink") for i, line in enumerate(lines)]
        runs += [Run(fit(card.note, width, 1, lambda t: measure(28, t))[0][0], 28, MARGIN, 506, "grey")]
    runs.append(Run(card.site, 24, MARGIN, 556, "accent"))
    return runs


class _Advances(dict):
    """Each character's advance at one size, measured on first use: layout measures the same text often."""

    def __init__(self, painter: "Painter", size: int):
        super().__init__()
        self.painter, self.size = painter, size

    def __missing__(self, ch: str) -> float:
        # Only the advance: layout tries sizes that are never drawn, so no bitmap is made here.
        advance = self[ch] = self.painter._face(self.size).getlength(ch)
        return advance


class Painter:
    """Draws cards with one face; caches each glyph's bitmap, since cards share most characters."""

    def __init__(self, font: FontFace):
        self.font = font
        self.faces: dict[int, object] = {}
        self.glyphs: dict[tuple[int, str], tuple] = {}
        self.advances: dict[int, _Advances] = {}  # per size: each character's advance, measured once

    def _face(self, size: int):
        if size not in self.faces:
            from PIL import ImageFont

            self.faces[size] = ImageFont.truetype(self.font.path, size, index=self.font.index,
                                                  layout_engine=ImageFont.Layout.BASIC)
        return self.faces[size]

    def glyph(self, size: int, ch: str) -> tuple:
        """(bitmap, left, top, advance) of one character at `size`."""
        key = (size, ch)
        if key not in self.glyphs:
            f = self._face(size)
            left, top, _, _ = f.getbbox(ch)
            self.glyphs[key] = (f.getmask(ch), left, top, f.getlength(ch))
        return self.glyphs[key]

    def measure(self, size: int, text: str) -> float:
        """The advance width of `text` at `size`, glyph by glyph as it is drawn."""
        advances = self.advances.get(size) or self.advances.setdefault(size, _Advances(self, size))
        return sum(map(advances.__getitem__, text))

    def draw(self, card: Card) -> bytes:
        """The card as a 4-bit palette PNG."""
        from PIL import Image

        canvas = Image.new("P", (WIDTH + PAD, HEIGHT), 0)  # palette indices, blended as grey levels
        canvas.paste(INK_LEVELS + ACCENT_LEVELS, (PAD, 0, PAD + WIDTH, 10))  # the accent bar
        canvas.paste(RULE, (PAD + MARGIN, 486, PAD + WIDTH - MARGIN, 488))
        for run in layout(card, self.measure):
            if run.colour == "accent":
                # Accent shades are not between paper and ink: draw coverage apart, then map it.
                box = Image.new("L", (WIDTH, round(run.size * 1.6)), 0)
                self._text(box, run.text, run.size, 0, 0, ACCENT_LEVELS)
                canvas.paste(box.point(ACCENT_LUT), (PAD + round(run.x), run.y))
            else:
                self._text(canvas, run.text, run.size, PAD + run.x, run.y, INK_LEVELS if run.colour == "ink" else GREY)
        return encode_png(canvas)

    def _text(self, image, text: str, size: int, x: float, y: int, level: int) -> None:
        # Pasting `level` through a glyph's coverage blends 0 (paper) towards `level`: the shade.
        for ch in text:
            mask, left, top, advance = self.glyph(size, ch)
            w, h = mask.size
            if w and h:
                px = round(x) + left
                image.im.paste(level, (px, y + top, px + w, y + top + h), mask)
            x += advance


def encode_png(canvas) -> bytes:
    """A 4-bit palette PNG of `canvas` (indices, PAD blank columns on the left).

    Written by hand because zlib at level 1 over 4-bit rows is four times faster than
    Pillow's encoder, which tries every row filter, and the files are as small.
    """
    packed = canvas.tobytes("raw", "P;4")

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0)  # 4-bit, palette, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", PALETTE)
            + chunk(b"IDAT", zlib.compress(packed, 1)) + chunk(b"IEND", b""))


_painters: dict[FontFace, Painter] = {}


def draw_cards(jobs: list[tuple[Card, FontFace]]) -> list[bytes]:
    """The PNG of each (card, face); runs in worker processes."""
    out = []
    for card, font in jobs:
        painter = _painters.get(font) or _painters.setdefault(font, Painter(font))
        out.append(painter.draw(card))
    return out


# --- the stage: keyed, cached, checked, drawn beside the rest of the build ---------------

# Fewer new cards than this are drawn by the render workers as they write the site. A card
# worker starts in about 0.4 s (a fresh interpreter importing the package); measured on
# 2 cores, 218 and 662 new cards were drawn as fast or faster by the render workers.
POOL_FROM = 1000
BATCH = 60  # cards per task: small enough that an aborted build waits for one batch at most


@lru_cache(maxsize=1)
def drawing_version() -> str:
    """A hash of what decides a card's pixels besides its text and font: this module, Pillow, FreeType."""
    import PIL
    from PIL import features

    return digest("card-drawing", Path(__file__).read_bytes(), PIL.__version__, features.version("freetype2") or "")


@lru_cache(maxsize=8)
def _key_base(font: FontFace):
    """The hash of what every card drawn with `font` shares, ready to be copied."""
    return hashlib.sha256(digest(drawing_version(), WIDTH, HEIGHT, font).encode())


def card_key(card: Card, font: FontFace) -> str:
    """What the card shows, hashed: its texts, script, font, size and drawing code (not its path).
    Each text goes in with its length, so no two cards' texts run together into the same key."""
    h = _key_base(font).copy()
    for text in (card.script, card.kind, card.kicker, card.body, card.outlet, card.note, card.site):
        data = text.encode("utf-8")
        h.update(b"%d:" % len(data) + data)
    return h.hexdigest()


def draw_into(store: str, jobs: list[tuple[Card, FontFace, str]]) -> int:
    """Draw each (card, face, key) into the card cache at `store`; runs in worker processes."""
    for card, font, key in jobs:
        store_png(Path(store), key, draw_cards([(card, font)])[0])
    return len(jobs)


def card_file(store: Path, key: str) -> Path:
    """Where the card with `key` is cached."""
    return store / key[:2] / f"{key}.png"


def store_png(store: Path, key: str, png: bytes) -> None:
    """Cache one card's PNG under its key, atomically: a killed build never leaves half a card."""
    write_atomic(card_file(store, key), png)


class Drawing:
    """The cards of a build, each keyed by what it shows; draws those neither cached nor in the previous site.

    Nothing holds the images: a worker writes each new card into the cache, and the
    write stage reads one at a time from there (or links it from the previous site when
    its key is unchanged). Cards the workers had no time for are drawn as they are written.
    """

    def __init__(self, cards: list[Card], fonts: dict[str, FontFace], cache_folder: Optional[Path],
                 previous: Optional[dict] = None):
        self.store = cache_folder / "cards" if cache_folder else None
        previous = previous if isinstance(previous, dict) else {}  # path -> key: the previous manifest
        self.items = [(card, fonts[card.script], card_key(card, fonts[card.script])) for card in cards]
        self.keys = {key for _, _, key in self.items}
        todo = [(card, font, key) for card, font, key in self.items
                if previous.get(card.path) != key and not self._cached(key)]
        # Before a single card is drawn: every character must have a glyph.
        check_glyphs([card for card, _, _ in todo], fonts, cache_folder)
        self.drawn = len(todo)
        self.pool, self.futures = None, []
        if self.store is not None and len(todo) >= POOL_FROM and (os.cpu_count() or 1) > 1:
            try:
                # One core stays with the build, which aligns and renders meanwhile.
                workers = max(1, (os.cpu_count() or 2) - 1)
                self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                                initializer=ignore_interrupt)
                self.futures = [self.pool.submit(draw_into, str(self.store), todo[i:i + BATCH])
                                for i in range(0, len(todo), BATCH)]
            except OSError:
                self.pool, self.futures = None, []

    def finish(self) -> list[tuple[str, str, Callable[[], bytes]]]:
        """(path, key, make) for every card; the batches not started yet are left to `make`."""
        self.abort()
        self._prune()
        return [(card.path, key, lambda card=card, font=font, key=key: self.png(card, font, key))
                for card, font, key in self.items]

    def abort(self) -> None:
        """Stop the workers: the batch under way is finished, the others are dropped."""
        if self.pool is not None:
            try:
                self.pool.shutdown(wait=True, cancel_futures=True)
            except BrokenProcessPool:  # a worker could not start or died: `make` draws its cards
                pass
            self.pool = None

    def png(self, card: Card, font: FontFace, key: str) -> bytes:
        """The card's PNG: from the cache, or drawn now (and cached)."""
        if self.store is not None:
            try:
                return card_file(self.store, key).read_bytes()
            except OSError:
                pass
        png = draw_cards([(card, font)])[0]
        if self.store is not None:
            store_png(self.store, key, png)
        return png

    def _cached(self, key: str) -> bool:
        return self.store is not None and card_file(self.store, key).is_file()

    def _prune(self) -> None:
        if self.store is None or not self.store.is_dir():
            return
        for path in self.store.glob("*/*.png"):
            if path.stem not in self.keys:
                path.unlink(missing_ok=True)


class NoDrawing:
    """Cards turned off, or no font: nothing to draw."""

    drawn = 0

    def finish(self) -> list:
        return []

    def abort(self) -> None:
        pass


def start(config, docs, topics, cells, fonts, cache_folder: Optional[Path], conversion: ConversionTable = NO_TABLE,
          previous: Optional[dict] = None):
    """Begin drawing the cards that changed (a Drawing), or NoDrawing when cards are off or there is no font.

    `previous` maps each path of the previous site to its key (its manifest's "keys").
    """
    if not fonts:
        return NoDrawing()
    return Drawing(plan_cards(config, docs, topics, cells, conversion), fonts, cache_folder, previous)


# --- what the pages say about their card -------------------------------------------------

def og_image(config, fonts, path: str, alt: str) -> Optional[dict]:
    """The og:image tags' values for the card at `path`, or None when no cards are drawn."""
    if not fonts:
        return None
    return {"url": config.base_url + path, "width": WIDTH, "height": HEIGHT, "alt": alt}


# --- the editors' contact sheet -------------------------------------------------------------

def sheet_page(maker, number: int) -> tuple[str, bytes]:
    """cards.html (or cards-2.html, ...): every card of each topic, both scripts side by side,
    for the sources of one topic page's worth."""
    from .views import pager

    site, script, lang = maker.site, maker.script, maker.lang
    total = urls.page_count(len(site.docs), urls.TOPIC_PAGE)
    reason = None if maker.fonts else text(script, "sheet_no_font" if site.config.share_cards else "sheet_off")
    names = {"hans": text(script, "simplified"), "hant": text(script, "traditional")}
    docs = site.chunk(urls.TOPIC_PAGE, number)
    sections = []
    for topic in site.topics:
        rows = []
        for doc in docs:
            s = doc.source
            quote = lead_quote(site.cells[(topic.id, s.slug)])
            images = [] if quote is None else [
                {"src": cell_card(topic.id, s.slug, other), "href": urls.cell(topic.id, s.slug, other),
                 "alt": to_script(quote.text, s.script, other, site.conversion), "lang": urls.LANG[other], "script": names[other]}
                for other in urls.SCRIPTS]
            rows.append({"caption": f"{maker.t(s.outlet, s.script)} · {maker.t(s.title, s.script)}",
                         "images": images})
        sections.append({"id": topic.id, "label": topic.label[lang], "rows": rows})
    rows = []
    for doc in docs:
        s = doc.source
        rows.append({"caption": f"{maker.t(s.outlet, s.script)} · {maker.t(s.title, s.script)}", "images": [
            {"src": source_card(s.slug, other), "href": urls.source(s.slug, other),
             "alt": to_script(s.title, s.script, other, site.conversion), "lang": urls.LANG[other], "script": names[other]}
            for other in urls.SCRIPTS]})
    sections.append({"id": "sources", "label": text(script, "source_cards"), "rows": rows})
    return maker.render("cards.html", urls.cards(script, number), text(script, "sheet"),
                        sections=sections, reason=reason, intro=text(script, "sheet_intro"),
                        pager=pager(number, total, lambda n: urls.cards(script, n)))

