"""What the pages show, prepared from the models as plain values for the templates.

Pure: no I/O, no HTML. render.py feeds these to the templates, which hold the markup.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from . import compare, urls
from .convert import NO_TABLE, ConversionTable, to_script
from .data import removal_record
from .load import SiteConfig
from .models import CleanText, Document, Page, Topic

# The only conversions the site uses: characters, never vocabulary (s2twp would turn 芯片 into 晶片).
# s2tw is s2t plus OpenCC's character-variant step (為, not 爲); the editors' table follows both.
CONFIGS = {("hans", "hant"): "OpenCC s2tw", ("hant", "hans"): "OpenCC t2s"}
# The cleaning record lists what the editors decided first, then what the machine repaired.
CORRECTION_ORDER = ("erratum", "mojibake", "pinyin", "punctuation")
OPEN_UP_TO = 12  # a kind of correction with this many rows or fewer starts unfolded
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class Converter:
    """Converts text into one script, remembering every conversion of the build."""

    def __init__(self, script: str, table: ConversionTable = NO_TABLE):
        self.script, self.table = script, table
        self.memo: dict[tuple[str, str], str] = {}

    def __call__(self, text: str, src: str) -> str:
        key = (text, src)
        if key not in self.memo:
            self.memo[key] = to_script(text, src, self.script, self.table)
        return self.memo[key]


@dataclass(frozen=True)
class Site:
    """Everything a page may need, gathered once per build."""

    config: SiteConfig
    docs: tuple[Document, ...]
    topics: tuple[Topic, ...]
    cells: dict  # (topic id, slug) -> Cell
    pages: tuple[Page, ...]
    dev: bool
    order: dict  # slug -> position in docs
    claims: tuple = ()  # figures.Claim, in source order
    groups: tuple = ()  # figures.FigureGroup
    alignment: object = None  # align.Alignment: the pairs compared side by side
    conversion: ConversionTable = NO_TABLE  # the editors' corrections to OpenCC

    def group(self, slug: str) -> int:
        """The matrix page (1-based) that shows this source."""
        return self.order[slug] // urls.MATRIX_GROUP + 1

    def chunk(self, size: int, number: int) -> tuple[Document, ...]:
        """The documents on page `number` of lists cut into `size`."""
        return self.docs[(number - 1) * size:number * size]

    def doc(self, slug: str) -> Document:
        """The document with this slug."""
        return self.docs[self.order[slug]]


def date_label(iso: str) -> str:
    """A date as Chinese readers write it: 2025-01-28 -> 2025年1月28日, 2025-01 -> 2025年1月."""
    m = _DATE.match(iso)
    if not m:
        return iso
    year, month, day = m.groups()
    return year + "年" + (f"{int(month)}月" if month else "") + (f"{int(day)}日" if day else "")


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, tuple[str, ...]]]:
    """Split text at quote boundaries: (piece, ids of the topics quoting it)."""
    cuts = sorted({0, len(text)} | {a for a, _, _ in spans} | {b for _, b, _ in spans})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        topics = tuple(t for s, e, t in spans if s <= a and b <= e)
        out.append((text[a:b], topics))
    return out


def change(before: str, after: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both sides of a correction as (piece, changed) runs, so a reader sees exactly what moved."""
    old: list[tuple[str, bool]] = []
    new: list[tuple[str, bool]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if before[a1:a2]:
            old.append((before[a1:a2], op != "equal"))
        if after[b1:b2]:
            new.append((after[b1:b2], op != "equal"))
    return old, new


def record_view(text: CleanText) -> dict:
    """The cleaning record, grouped: removed blocks by reason, corrections by kind.

    Identical corrections (the same pinyin annotation, 16 times) become one row with a count.
    """
    removed: dict[str, list[dict]] = {}
    for r in text.removed:
        # Spam and contact data are withheld: the reader sees why, and how many lines and characters.
        removed.setdefault(r.reason, []).append(removal_record(r))
    counts: dict[str, dict[tuple[str, str], int]] = {}
    for c in text.corrections:
        rows = counts.setdefault(c.kind, {})
        rows[(c.before, c.after)] = rows.get((c.before, c.after), 0) + 1
    kinds = sorted(counts, key=lambda k: (CORRECTION_ORDER + (k,)).index(k))
    corrections = [{"kind": k, "total": sum(counts[k].values()), "distinct": len(counts[k]),
                    "open": len(counts[k]) <= OPEN_UP_TO,
                    "rows": [dict(zip(("before", "after"), change(b, a)), count=n) for (b, a), n in counts[k].items()]}
                   for k in kinds]
    return {"removed": [{"reason": r, "items": t} for r, t in removed.items()], "removed_total": len(text.removed),
            "corrections": corrections, "corrections_total": len(text.corrections)}


def pager(number: int, total: int, url) -> dict:
    """Previous and next pages of a numbered list, for the pager macro."""
    return {"number": number, "total": total,
            "prev": url(number - 1) if number > 1 else None,
            "next": url(number + 1) if number < total else None}


def all_paths(site: Site, paged: frozenset = frozenset()) -> list[str]:
    """Every HTML page of the site, for the sitemap (`paged`: the points with pages, compare.paged)."""
    n = len(site.docs)
    paths = [""]  # the root chooser, under the address its canonical link gives
    for s in urls.SCRIPTS:
        paths += [urls.home(s, i) for i in range(1, urls.page_count(n, urls.LIST_PAGE) + 1)]
        paths += [view(s, g) for g in range(1, urls.page_count(n, urls.MATRIX_GROUP) + 1)
                  for view in (urls.matrix, urls.matrix_full)]
        paths += [urls.source(d.slug, s) for d in site.docs] + [urls.page(p.slug, s) for p in site.pages]
        paths += [urls.topic(t.id, s, i) for t in site.topics for i in range(1, urls.page_count(n, urls.TOPIC_PAGE) + 1)]
        paths += [urls.cell(t, slug, s) for (t, slug) in site.cells] + [urls.search(s)]
        paths += [urls.figures(s, i) for i in range(1, urls.page_count(n, urls.TOPIC_PAGE) + 1)]
        paths += compare.paths(site.alignment, s, site, paged) if site.alignment else []
    return sorted(paths)
