"""(document, topic) -> verbatim quotes: the topic matrix. Pure.

Each sentence is scored against each topic's lexicon on Simplified-normalised text.
A sentence is quoted for a topic when it scores at least the threshold there and
that topic is one of its main subjects (at least half its best topic score): a
passing word never becomes a quote, and a sentence serves two topics only when it
speaks to both. The best three per cell are shown in source order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .cache import Cache, digest
from .convert import normalise
from .lexicon import Lexicon, Pins, pins_for
from .models import Cell, Document, Quote, Topic
from .sentences import Sentence, clauses, split_sentences

MAX_QUOTE = 200  # characters: a quote must read at a glance
MAX_QUOTES = 3
SHARE_OF_BEST = 0.5
SHORT_QUOTE = 30  # a shorter quote takes the sentence before it, so it is not read out of context
_TRAILING = "，；、,;"


@dataclass(frozen=True)
class Scored:
    """A sentence of one paragraph with its score on every topic."""

    paragraph: str  # paragraph id
    order: int  # position in the document
    sentence: Sentence
    scores: dict  # topic id -> score


def score(text: str, topic: Topic) -> float:
    """Weights of the topic's terms found in `text` (normalised), a term counting at most twice."""
    if not _any_term(topic.terms).search(text):
        return 0.0  # most sentences name no term of most topics: one scan says so
    return sum(weight * min(text.count(term), 2) for term, weight in topic.terms)


@lru_cache(maxsize=64)
def _any_term(terms: tuple) -> re.Pattern:
    return re.compile("|".join(re.escape(term) for term, _ in terms))


def score_document(doc: Document, topics: tuple[Topic, ...]) -> list[Scored]:
    """Every sentence of the document's non-heading paragraphs, scored on every topic."""
    out = []
    for para in doc.text.paragraphs:
        if para.kind != "paragraph":
            continue  # quotes come from prose: never a heading, a list item or a menu line
        for s in split_sentences(para.text, doc.source.kind):
            norm = normalise(s.text).lower()
            out.append(Scored(para.id, len(out), s, {t.id: score(norm, t) for t in topics}))
    return out


def _trim(s: Sentence, topic: Topic) -> Sentence:
    """A sentence longer than MAX_QUOTE narrowed to its clauses around the strongest term."""
    if len(s.text) <= MAX_QUOTE:
        return s
    parts = clauses(s)
    best = max(range(len(parts)), key=lambda i: (score(normalise(parts[i].text).lower(), topic), -i))
    lo = hi = best
    while True:
        grew = False
        for nlo, nhi in ((lo, hi + 1), (lo - 1, hi)):
            if 0 <= nlo and nhi < len(parts) and parts[nhi].end - parts[nlo].start <= MAX_QUOTE:
                lo, hi, grew = nlo, nhi, True
                break
        if not grew:
            break
    start, end = parts[lo].start, parts[hi].end
    if end - start > MAX_QUOTE:  # one clause alone is too long: cut at the limit
        end = start + MAX_QUOTE
    full = s.text
    return Sentence(start, end, full[start - s.start:end - s.start])


def _strip_trailing(s: Sentence) -> Sentence:
    """Drop a dangling comma: a quote cut between clauses should not end mid-breath."""
    end = len(s.text)
    while end and s.text[end - 1] in _TRAILING:
        end -= 1
    return Sentence(s.start, s.start + end, s.text[:end])


def choose(doc: Document, topic: Topic, scored: list[Scored], lexicon: Lexicon,
           excluded: frozenset = frozenset()) -> list[Quote]:
    """The automatic quotes for one cell, in source order."""
    candidates = []
    for item in scored:
        mine = item.scores[topic.id]
        if mine < lexicon.threshold or mine < SHARE_OF_BEST * max(item.scores.values()):
            continue
        if (doc.slug, item.sentence.text) in excluded:
            continue
        candidates.append(item)
    ranked = sorted(candidates, key=lambda i: (-i.scores[topic.id], i.order))
    # Prefer quotes from different paragraphs: three angles beat one passage cut in three.
    best = []
    for item in ranked:
        if len(best) < MAX_QUOTES and item.paragraph not in {b.paragraph for b in best}:
            best.append(item)
    for item in ranked:
        if len(best) < MAX_QUOTES and item not in best:
            best.append(item)
    best.sort(key=lambda i: i.order)
    previous = {item.order: scored[item.order - 1] for item in best
                if item.order and scored[item.order - 1].paragraph == item.paragraph}
    quotes: list[tuple[str, Sentence]] = []
    for item in best:
        s = _trim(item.sentence, topic)
        before = previous.get(item.order)
        if len(s.text) < SHORT_QUOTE and before is not None and s.end - before.sentence.start <= MAX_QUOTE:
            para = doc.paragraph(item.paragraph).text
            s = Sentence(before.sentence.start, s.end, para[before.sentence.start:s.end])
        s = _strip_trailing(s)
        if quotes and quotes[-1][0] == item.paragraph:
            prev = quotes[-1][1]
            para = doc.paragraph(item.paragraph).text
            start, end = prev.start, max(prev.end, s.end)
            if end - start <= MAX_QUOTE:
                # Neighbouring or overlapping passages of one paragraph read better as one quote.
                quotes[-1] = (item.paragraph, Sentence(start, end, para[start:end]))
                continue
            if s.start < prev.end:
                continue  # overlaps the previous quote and cannot join it: the first stands
        quotes.append((item.paragraph, s))
    return [Quote(s.text, pid, "auto") for pid, s in quotes]


def _overlap(doc: Document, a: Quote, b: Quote) -> bool:
    """True if two quotes share characters of the same paragraph."""
    if a.paragraph != b.paragraph:
        return False
    text = doc.paragraph(a.paragraph).text
    sa, sb = text.find(a.text), text.find(b.text)
    return sa < sb + len(b.text) and sb < sa + len(a.text)


def score_all(docs: list[Document], lexicon: Lexicon, cache: Cache = Cache(None)) -> dict:
    """Scored sentences of every document, by slug (cached per document)."""
    topics_key = digest(lexicon.topics)
    return {d.slug: cache.memo("score", digest(topics_key, d.source.kind,
                                               [(p.id, p.kind, p.text) for p in d.text.paragraphs]),
                               lambda d=d: score_document(d, lexicon.topics)) for d in docs}


def extract_matrix(docs: list[Document], lexicon: Lexicon, pins: Optional[Pins] = None,
                   cache: Cache = Cache(None), scored: Optional[dict] = None) -> list[Cell]:
    """Every cell, topic-major: quoted, or not-discussed when the source is silent."""
    scored = scored if scored is not None else score_all(docs, lexicon, cache)
    excluded = pins.excluded if pins else frozenset()
    cells = []
    for topic in lexicon.topics:
        for doc in docs:
            pinned = [Quote(p.text, p.paragraph, "pinned") for p in pins_for(pins, topic.id, doc.slug)]
            auto = [q for q in choose(doc, topic, scored[doc.slug], lexicon, excluded)
                    if not any(_overlap(doc, q, p) for p in pinned)]
            quotes = pinned + auto[:max(0, MAX_QUOTES - len(pinned))]
            order = {p.id: i for i, p in enumerate(doc.text.paragraphs)}
            quotes.sort(key=lambda q: (order[q.paragraph], doc.paragraph(q.paragraph).text.find(q.text)))
            cells.append(Cell(topic.id, doc.slug, "quoted" if quotes else "not-discussed", tuple(quotes)))
    return cells
