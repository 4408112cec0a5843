"""Frozen domain objects. Every stage takes and returns these; none is mutated."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True, slots=True)
class Erratum:
    """An editor's reading for a span whose bytes were truly lost."""

    before: str  # the damaged text exactly as it stands in the seed
    after: str  # the reading the editor supplies
    line: int = 0  # line in the YAML file that declares it, for error messages


@dataclass(frozen=True, slots=True)
class CleaningRules:
    """Per-source cleaning rules, for what no generic rule can know."""

    has_title_line: bool = True  # False when the seed carries no title line
    byline_lines: tuple[str, ...] = ()  # exact lines that are bylines or author notes
    drop_lines: tuple[str, ...] = ()  # exact lines that are junk specific to this page
    errata: tuple[Erratum, ...] = ()  # readings for spans whose bytes were lost
    paragraph_breaks: tuple[str, ...] = ()  # transcript phrases that open a paragraph


@dataclass(frozen=True, slots=True)
class Source:
    """Editorial metadata for one seed, from content/sources/<slug>.yaml."""

    slug: str  # ASCII id, ^[a-z0-9-]+$, used in URLs
    seed: str  # file name in seeds/
    title: str  # display title, in the original script
    title_editorial: bool  # True when the title was written by the editors
    outlet: str  # publication or channel
    author: str  # author or presenter, as credited
    published: str  # ISO date, as precise as the text supports (YYYY, YYYY-MM or YYYY-MM-DD)
    kind: str  # "article" or "transcript"
    script: str  # original script: "hans" or "hant"
    url: Optional[str]  # the original link, where known
    rules: CleaningRules  # per-source cleaning rules
    path: str  # the YAML file this came from, for error messages
    unreviewed: tuple[tuple[int, str], ...] = ()  # (line, field) of guesses `add` marked REVIEW, still unchecked


@dataclass(frozen=True, slots=True)
class Seed:
    """A raw scraped text file, decoded."""

    name: str  # file name in seeds/
    text: str  # decoded text ("" in a build once cleaned: see corpus.without_seed_text)
    encoding: str  # the encoding it was found in
    sha256: str  # hash of the raw bytes
    controls: int = 0  # control characters (NUL, ESC, ...) removed when decoding


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of the cleaned text."""

    id: str  # stable anchor: p1, p2, ...
    kind: str  # "heading", "paragraph" or "list-item"
    text: str  # cleaned text, in the original script


@dataclass(frozen=True, slots=True)
class Removal:
    """A block the cleaner removed, and why."""

    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Correction:
    """A change the cleaner made inside kept text."""

    kind: str  # "pinyin", "mojibake", "punctuation" or "erratum"
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class CleanText:
    """The result of cleaning one seed."""

    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...]
    corrections: tuple[Correction, ...]
    title_line: Optional[str] = None  # the title as the seed printed it, if it did
    bylines: tuple[str, ...] = ()  # byline and editor lines found, for metadata


@dataclass(frozen=True, slots=True)
class Document:
    """A source with its cleaned text: what the rest of the site quotes from."""

    source: Source
    seed: Seed
    text: CleanText

    @property
    def slug(self) -> str:
        return self.source.slug

    def paragraph(self, pid: str) -> Optional[Paragraph]:
        """Return the paragraph with id `pid`, or None."""
        for p in self.text.paragraphs:
            if p.id == pid:
                return p
        return None


@dataclass(frozen=True, slots=True)
class Topic:
    """A row of the matrix, from content/topics.yaml."""

    id: str  # public URL id, e.g. "export-controls"
    label: dict  # {"zh-Hans": ..., "zh-Hant": ..., "en": ...}
    description: dict  # one line per language, {"zh-Hans": ..., "zh-Hant": ..., "en": ...}: what counts
    terms: tuple[tuple[str, float], ...]  # (term, weight), normalised to Simplified


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim passage of one paragraph."""

    text: str  # exact substring of its paragraph
    paragraph: str  # paragraph id
    chosen: str  # "auto" or "pinned"
    cut: str = ""  # where a long sentence was cut to stay short: "", "start", "end" or "both" (shown as ……)

    @property
    def display(self) -> str:
        """The text as readers see it: a cut is marked with …… on its side."""
        return ("……" if self.cut in ("start", "both") else "") + self.text + \
            ("……" if self.cut in ("end", "both") else "")


@dataclass(frozen=True, slots=True)
class Cell:
    """What one source says on one topic."""

    topic: str
    source: str
    status: str  # "quoted" or "not-discussed"
    quotes: tuple[Quote, ...] = field(default_factory=tuple)  # in source order
    lead: int = 0  # index in `quotes` of the lead quote: what the cell says first and best

    @property
    def lead_quote(self) -> Optional[Quote]:
        """The quote that stands for the cell at a glance (and on share cards), or None."""
        return self.quotes[self.lead] if self.quotes else None


@dataclass(frozen=True, slots=True)
class Page:
    """A Markdown page from content/pages/<slug>.md."""

    slug: str  # file stem, ^[a-z0-9-]+$
    title: dict  # by language: zh-Hans, zh-Hant (and optionally en), from the front matter
    body: str  # Markdown source, after the front matter
    script: str  # the script the body is written in: "hans" or "hant"
    path: str  # the file, for error messages
