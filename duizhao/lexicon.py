"""Load topics (content/topics.yaml) and editors' pins (content/pins.yaml), validated."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .convert import normalise
from .errors import ContentError, shown
from .load import SLUG_RE, line_of, read_yaml
from .models import Document, Topic

LANGS = ("zh-Hans", "zh-Hant", "en")


@dataclass(frozen=True)
class Lexicon:
    """The topics and the score a sentence needs to be quoted."""

    topics: tuple[Topic, ...]
    threshold: float


@dataclass(frozen=True)
class Pin:
    """An editor's quote for one cell: a paragraph, optionally narrowed to exact text."""

    topic: str
    source: str
    paragraph: str
    text: str  # the exact quoted text (the whole paragraph when the pin gives none)
    line: int


@dataclass(frozen=True)
class Pins:
    """Editors' pins and exclusions, checked against the current text."""

    pins: tuple[Pin, ...] = ()
    excluded: frozenset[tuple[str, str]] = frozenset()  # (source slug, exact sentence text)


def load_lexicon(path: Path) -> Lexicon:
    """Read topics.yaml; terms are normalised to Simplified so either script matches."""
    p = str(path)
    if not path.is_file():
        raise ContentError(p, "missing: the matrix needs its topics (see the README)")
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise ContentError(p, "expected `threshold:` and a list `topics:`", 1)
    threshold = data.get("threshold", 3)
    if not isinstance(threshold, (int, float)) or threshold <= 0:
        raise ContentError(p, "`threshold` must be a positive number", line_of(data))
    topics, seen = [], set()
    for raw in data["topics"]:
        line = line_of(raw)
        if not isinstance(raw, dict):
            raise ContentError(p, "each topic is a mapping with id, label, description, terms", line_of(data))
        tid = raw.get("id")
        if not isinstance(tid, str) or not SLUG_RE.match(tid):
            raise ContentError(p, f"topic id {shown(tid)} must match ^[a-z0-9-]+$", line)
        if tid in seen:
            raise ContentError(p, f"topic id {shown(tid)} appears twice", line)
        seen.add(tid)
        label = raw.get("label")
        if not isinstance(label, dict) or any(not isinstance(label.get(k), str) for k in LANGS):
            raise ContentError(p, f"topic {shown(tid)} needs a label in each of {', '.join(LANGS)}", line)
        description = raw.get("description")
        # Chinese pages show the description in their own script: both are required.
        if not isinstance(description, dict) or any(not isinstance(description.get(k), str)
                                                    for k in ("zh-Hans", "zh-Hant")):
            raise ContentError(p, f"topic {shown(tid)} needs a one-line description in zh-Hans and zh-Hant", line)
        terms = raw.get("terms")
        if not isinstance(terms, dict) or not terms:
            raise ContentError(p, f"topic {shown(tid)} needs `terms:` mapping each term to a weight", line)
        pairs = []
        for term, weight in terms.items():
            if term == "__line__":
                continue
            if not isinstance(weight, (int, float)) or weight <= 0:
                raise ContentError(p, f"topic {shown(tid)}: weight of {shown(term)} must be a positive number",
                                   line_of(terms) or line)
            pairs.append((normalise(str(term)).lower(), float(weight)))
        topics.append(Topic(tid, {k: label[k] for k in LANGS}, {k: description[k].strip() for k in LANGS if isinstance(description.get(k), str)},
                            tuple(pairs)))
    return Lexicon(tuple(topics), float(threshold))


def load_pins(path: Path, topics: tuple[Topic, ...], docs: list[Document]) -> Pins:
    """Read pins.yaml and check every pin and exclusion against the current text."""
    p = str(path)
    if not path.is_file():
        return Pins()
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise ContentError(p, "expected `pins:` and `exclude:` lists", 1)
    topic_ids = {t.id for t in topics}
    by_slug = {d.slug: d for d in docs}
    pins = []
    for raw in data.get("pins") or []:
        line = line_of(raw) or 1
        cell = raw.get("cell", "") if isinstance(raw, dict) else ""
        topic, _, slug = str(cell).partition("--")
        if topic not in topic_ids:
            raise ContentError(p, f"pin names unknown topic {shown(topic)} in cell {shown(cell)}; "
                                  f"known topics: {', '.join(sorted(topic_ids))}", line)
        doc = by_slug.get(slug)
        if doc is None:
            raise ContentError(p, f"pin names unknown source {shown(slug)} in cell {shown(cell)}", line)
        pins.append(_resolve_pin(p, line, raw, topic, doc))
    excluded = set()
    for raw in data.get("exclude") or []:
        line = line_of(raw) or 1
        if not isinstance(raw, dict) or raw.get("source") not in by_slug or not isinstance(raw.get("text"), str):
            raise ContentError(p, "each exclusion needs a known `source` and the exact `text` of a sentence", line)
        text = raw["text"]
        if not any(text in para.text for para in by_slug[raw["source"]].text.paragraphs):
            raise ContentError(p, f"stale exclusion: {shown(text)} is no longer in {raw['source']}; "
                                  f"update or remove it", line)
        excluded.add((raw["source"], text))
    return Pins(tuple(pins), frozenset(excluded))


def _resolve_pin(path: str, line: int, raw: dict, topic: str, doc: Document) -> Pin:
    """Check one pin against the document; a pin that no longer matches is an error."""
    pid, text = raw.get("paragraph"), raw.get("text")
    cell = raw.get("cell")
    if pid is None and not text:
        raise ContentError(path, f"pin for {cell}: give `paragraph:` (an id like p4), `text:`, or both", line)
    if pid is not None:
        para = doc.paragraph(str(pid))
        if para is None:
            raise ContentError(path, f"stale pin for {cell}: {doc.slug} has no paragraph {pid}; "
                                     f"update or remove the pin", line)
        if text and text not in para.text:
            raise ContentError(path, f"stale pin for {cell}: {shown(text)} is no longer in {pid} of "
                                     f"{doc.slug}; update or remove the pin", line)
        return Pin(topic, doc.slug, para.id, text or para.text, line)
    found = next((q for q in doc.text.paragraphs if text in q.text), None)
    if found is None:
        raise ContentError(path, f"stale pin for {cell}: {shown(text)} is no longer in {doc.slug}; "
                                 f"update or remove the pin", line)
    return Pin(topic, doc.slug, found.id, text, line)


def pins_for(pins: Optional[Pins], topic: str, slug: str) -> list[Pin]:
    """The pins of one cell, in file order."""
    return [p for p in (pins.pins if pins else ()) if p.topic == topic and p.source == slug]


def load_figure_groups(path: Path, topics: tuple[Topic, ...]) -> tuple:
    """content/figures.yaml: claims that measure the same quantity, grouped by editors."""
    from .figures import FigureGroup

    p = str(path)
    if not path.is_file():
        return ()
    data = read_yaml(path) or {}
    groups = []
    for raw in (data.get("groups") or []) if isinstance(data, dict) else []:
        line = line_of(raw) or 1
        if not (isinstance(raw, dict) and isinstance(raw.get("id"), str) and SLUG_RE.match(raw["id"])):
            raise ContentError(p, "each group needs an `id` matching ^[a-z0-9-]+$", line)
        label = raw.get("label")
        if not isinstance(label, dict) or any(not isinstance(label.get(k), str) for k in LANGS):
            raise ContentError(p, f"group {shown(raw['id'])} needs a label in each of {', '.join(LANGS)}", line)
        members = []
        for m in raw.get("claims") or []:
            if not (isinstance(m, dict) and isinstance(m.get("source"), str) and isinstance(m.get("text"), str)):
                raise ContentError(p, f"group {shown(raw['id'])}: each claim needs `source` and `text`", line_of(m) or line)
            members.append((m["source"], m["text"], line_of(m) or line))
        groups.append((FigureGroup(raw["id"], {k: label[k] for k in LANGS}, tuple((a, b) for a, b, _ in members)),
                       members))
    return tuple(groups)


def check_figure_groups(path: Path, groups: tuple, claims: list) -> tuple:
    """The groups, once every member is found among the extracted claims; a stale one is an error."""
    found = {(c.source, c.text) for c in claims}
    for group, members in groups:
        for source, text, line in members:
            if (source, text) not in found:
                raise ContentError(str(path), f"group {group.id!r}: no figure {shown(text)} in {source}; "
                                              f"update or remove it", line)
    return tuple(g for g, _ in groups)
