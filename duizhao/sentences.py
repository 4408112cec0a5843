"""Split cleaned paragraphs into sentences, each an exact span of its paragraph. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at 。！？ (or their ASCII forms after cleaning missed none), together with
# any closing quotes and brackets that follow: `……國家。”` stays one sentence.
_END = re.compile(r"[。！？!?]+[”’」』）)]*")
_CLAUSE = re.compile(r"[，；,;]")
MIN_SPOKEN = 24  # transcript clauses are grouped until a unit reads as a sentence


@dataclass(frozen=True)
class Sentence:
    """A span of one paragraph."""

    start: int
    end: int
    text: str


def _spans(text: str, boundary: re.Pattern) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in boundary.finditer(text):
        if m.end() > start:
            spans.append((start, m.end()))
            start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, kind: str = "article") -> list[Sentence]:
    """The sentences of one paragraph; for a transcript, groups of spoken clauses."""
    spans = _spans(text, _END)
    if kind == "transcript":
        # Spoken paragraphs are long comma-joined runs: group clauses into short units.
        grouped = []
        for a, b in spans:
            unit_start = a
            for ca, cb in _spans(text[a:b], _CLAUSE):
                if cb - (unit_start - a) >= MIN_SPOKEN or a + cb == b:
                    grouped.append((unit_start, a + cb))
                    unit_start = a + cb
        spans = grouped
    out = []
    for a, b in spans:
        a, b = _strip(text, a, b)
        if b > a:
            out.append(Sentence(a, b, text[a:b]))
    return out


def clauses(sentence: Sentence) -> list[Sentence]:
    """The comma-separated clauses of a sentence, as spans of the same paragraph."""
    out = []
    for a, b in _spans(sentence.text, _CLAUSE):
        a, b = _strip(sentence.text, a, b)
        if b > a:
            out.append(Sentence(sentence.start + a, sentence.start + b, sentence.text[a:b]))
    return out
