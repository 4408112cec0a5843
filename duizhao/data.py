"""The public data contract under build/data/: documents and matrix as JSON.

Other people read these files: change them only by adding fields.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterable, Iterator

from . import urls
from .models import Cell, Document, Removal, Topic

# What the cleaning record never republishes, though it says what was removed and how much:
# keyword spam (search engines would index it) and personal contact data.
WITHHELD_TEXT = "[withheld]"
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-z]{2,10}", re.I)
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")


class Rows:
    """A long list of a data file, made one item at a time while the file is written:
    at 5,000 sources, matrix.json holds 25,000 cells, and alignments.json 25,000 pairs."""

    def __init__(self, items: Callable[[], Iterable]):
        self.items = items

    def __iter__(self) -> Iterator:
        return iter(self.items())


def dump(obj: Any) -> bytes:
    """Deterministic, readable JSON bytes (sorted keys would scramble the contract's order).

    The values of a top-level dict may be Rows: the bytes are the same as for lists, but
    only one row at a time is ever held as objects."""
    if not (isinstance(obj, dict) and any(isinstance(v, Rows) for v in obj.values())):
        return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    parts = []
    for i, (key, value) in enumerate(obj.items()):
        head = ("{\n" if i == 0 else ",\n") + "  " + json.dumps(key, ensure_ascii=False) + ": "
        if not isinstance(value, Rows):
            parts.append((head + _nested(value, "  ")).encode("utf-8"))
            continue
        n = 0
        for n, row in enumerate(value, 1):
            parts.append(((head + "[\n") if n == 1 else ",\n").encode("utf-8") + b"    "
                         + _nested(row, "    ").encode("utf-8"))
        parts.append(b"\n  ]" if n else (head + "[]").encode("utf-8"))
    parts.append(b"\n}\n")
    return b"".join(parts)


def _nested(value: Any, indent: str) -> str:
    """json.dumps of a value as it reads nested `indent` deep (a raw newline is only ever indentation)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def source_url(slug: str, script: str) -> str:
    """A source's page in its original script (the verbatim text), relative to the site root."""
    return urls.source(slug, script)


def withheld(removal: Removal) -> str | None:
    """Why a removed block is not republished: "spam", "contact data", or None to show it as is."""
    if removal.reason == "spam":
        return "spam"
    if ("@" in removal.text and _EMAIL.search(removal.text)) or _PHONE.search(removal.text):
        return "contact data"
    return None


def removal_record(removal: Removal) -> dict:
    """One entry of a record's `removed` list; withheld text becomes a fixed placeholder."""
    why = withheld(removal)
    return {"reason": removal.reason, "text": WITHHELD_TEXT if why else removal.text, "withheld": why,
            "lines": removal.text.count("\n") + 1, "chars": len(removal.text) - removal.text.count("\n")}


def document_record(doc: Document) -> dict:
    """build/data/sources/<slug>.json."""
    s = doc.source
    return {
        "slug": s.slug, "seed": s.seed, "title": s.title, "title_editorial": s.title_editorial,
        "outlet": s.outlet, "author": s.author, "published": s.published, "kind": s.kind,
        "script": s.script, "url": source_url(s.slug, s.script), "original_url": s.url,
        "encoding": doc.seed.encoding,
        "control_characters_removed": doc.seed.controls,
        "paragraphs": [{"id": p.id, "kind": p.kind, "text": p.text} for p in doc.text.paragraphs],
        "removed": [removal_record(r) for r in doc.text.removed],
        "corrections": [{"kind": c.kind, "before": c.before, "after": c.after} for c in doc.text.corrections],
    }


def matrix_record(docs: Iterable[Document], topics: Iterable[Topic], cells: Iterable[Cell],
                  cell_url=None, anchor_url=None) -> dict:
    """build/data/matrix.json."""
    return {
        "topics": [{"id": t.id, "label": t.label, "description": t.description.get("en", t.description["zh-Hans"]),
                    "descriptions": t.description} for t in topics],
        "sources": Rows(lambda: ({"slug": d.slug, "seed": d.source.seed, "title": d.source.title,
                                  "outlet": d.source.outlet, "url": source_url(d.slug, d.source.script)} for d in docs)),
        "cells": Rows(lambda: ({"topic": c.topic, "source": c.source, "status": c.status,
                                "quotes": [{"text": q.text, "paragraph": q.paragraph, "chosen": q.chosen, "cut": q.cut}
                                           for q in c.quotes],
                                "url": cell_url(c) if cell_url else None,
                                "anchor_url": anchor_url(c) if anchor_url else None,
                                "lead": c.lead} for c in cells)),
    }


def figures_record(claims, groups) -> dict:
    """build/data/figures.json: every numeric claim, verbatim, with its topic and group."""
    return {"figures": Rows(lambda: ({"topic": c.topic, "source": c.source, "paragraph": c.paragraph, "text": c.text,
                                      "context": c.context, "group": c.group} for c in claims)),
            "groups": [{"id": g.id, "label": g.label} for g in groups]}


def site_records(docs: list[Document], topics: list[Topic], cells: list[Cell], claims=(), groups=(),
                 **urls) -> dict:
    """The site-wide files under data/: path -> a function that makes its bytes."""
    return {"data/matrix.json": lambda: dump(matrix_record(docs, topics, cells, **urls)),
            "data/figures.json": lambda: dump(figures_record(claims, groups))}

