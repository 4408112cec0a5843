"""(document, topic) -> verbatim quotes: the topic matrix. Pure.

Each sentence is scored against each topic's lexicon on Simplified-normalised text.
A sentence is quoted for a topic when it scores at least the threshold there and
that topic is one of its main subjects (at least half its best topic score): a
passing word never becomes a quote.

A quote is a unit of meaning (see sentences.py for the features):
- whole sentences, with their quotation marks and brackets balanced;
- a sentence that opens with 而且, 所以, 这, 该报, 他说... takes the sentence it points
  back to; where that is not in the same paragraph, its leading clauses are cut
  (marked ……) or it gives way to another candidate;
- a sentence longer than MAX_QUOTE is narrowed to whole clauses, the cut marked ……;
- bullet labels (实施优势：…) are quoted only where no prose speaks to the topic.

Across one source's row, a sentence first serves the topic it serves best; another
cell takes it only when it has nothing else, so no sentence fills more than two cells.
Each cell shows at most three quotes in source order; its lead quote is its best.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Iterable, Optional

from .cache import MISSING, Cache, digest
from .convert import normalise
from .figures import extract_figures, figure_rows
from .lexicon import Lexicon, Pins, pins_for
from .models import Cell, Document, Quote, Topic
from .sentences import (Sentence, clauses, dangling_opener, ends_sentence, is_balanced, is_label,
                        split_sentences)
from .workers import fork_map

MAX_QUOTE = 200  # characters: a quote must read at a glance
MAX_QUOTES = 3
SHARE_OF_BEST = 0.5
SHORT_QUOTE = 30  # a shorter quote takes the sentence before it, so it is not read out of context
MAX_CELLS = 2  # a sentence is quoted in at most this many cells of one source
CUT_WEIGHT = 0.75  # a cut passage gives way to a whole sentence that says nearly as much
WINDOW = 40  # clauses tried on each side when narrowing a long sentence
_TRAILING = "，；、,;：:"
PROSE = ("paragraph", "prose")
MIN_REST = 20  # characters: what is left of a sentence after its leading clauses are cut
# Openings of a bare predicate, which cannot stand without the subject before it.
_PREDICATE = re.compile(r"(?:已经|已經|也|还|還|就|才|都|又|却|卻|并|並|且|从而|從而|进而|進而|反而|能|可以|会|會|"
                        r"将|將|得到|使|让|讓|令|导致|導致|成为|成為|是|被|把)")  # paragraph kinds that are running text, not headings or list items


@dataclass(frozen=True, slots=True)
class Scored:
    """A sentence of one paragraph with its score on every topic."""

    paragraph: str  # paragraph id
    order: int  # position in the document
    sentence: Sentence
    scores: dict  # topic id -> score
    figures: tuple = ()  # the sentence's figures (figures.extract_figures), found with its scores


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage of one paragraph that could quote one sentence on one topic."""

    paragraph: str  # paragraph id
    core: int  # document position of the sentence it is chosen for
    start: int  # span in the paragraph
    end: int
    cut: str  # "", "start", "end" or "both": where a clause chain was cut
    units: tuple[int, ...]  # document positions of every sentence it quotes
    score: float  # on its topic, lowered for a cut passage
    label: bool  # a bullet label or list item rather than prose


def score(text: str, topic: Topic) -> float:
    """Weights of the topic's terms found in `text` (normalised), a term counting at most twice."""
    if not _any_term(topic.terms).search(text):
        return 0.0  # most sentences name no term of most topics: one scan says so
    return sum(weight * min(text.count(term), 2) for term, weight in topic.terms)


@lru_cache(maxsize=64)
def _any_term(terms: tuple) -> re.Pattern:
    return re.compile("|".join(re.escape(term) for term, _ in terms))


def _score_text(text: str, topic: Topic) -> float:
    return score(normalise(text).lower(), topic)


def score_document(doc: Document, topics: tuple[Topic, ...]) -> list[Scored]:
    """Every sentence of the document's non-heading paragraphs, scored on every topic."""
    out = []
    for para in doc.text.paragraphs:
        if para.kind != "paragraph":
            continue  # quotes come from prose: never a heading, a list item or a menu line
        for s in split_sentences(para.text, doc.source.kind):
            norm = normalise(s.text).lower()
            out.append(Scored(para.id, len(out), s, {t.id: score(norm, t) for t in topics},
                              tuple(extract_figures(s.text))))
    return out


# --- one candidate: a sentence made into a passage that stands on its own ---------------

def _narrow(s: Sentence, topic: Topic) -> Optional[tuple[int, int, str]]:
    """A sentence longer than MAX_QUOTE narrowed to whole clauses around its strongest term.

    Returns (start, end, cut) in paragraph offsets, or None when no balanced window exists.
    """
    parts = clauses(s)
    if not parts:
        return None
    scores = [_score_text(p.text, topic) for p in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    windows = []
    for lo in range(best, max(-1, best - WINDOW), -1):
        if parts[best].end - parts[lo].start > MAX_QUOTE:
            break
        for hi in range(best, min(len(parts), best + WINDOW)):
            if parts[hi].end - parts[lo].start > MAX_QUOTE:
                break
            text = s.text[parts[lo].start - s.start:parts[hi].end - s.start]
            if not is_balanced(text) or (lo and dangling_opener(text)):
                continue
            windows.append((sum(scores[lo:hi + 1]), hi - lo, -lo, lo, hi))
    if windows:
        *_, lo, hi = max(windows)
        start, end = parts[lo].start, parts[hi].end
    else:  # one clause alone is too long: cut it at the limit
        start, end = parts[best].start, parts[best].start + MAX_QUOTE
        if not is_balanced(s.text[start - s.start:end - s.start]):
            return None
    cut = ("start" if start > s.start else "") + ("end" if end < s.end else "")
    return start, end, {"startend": "both"}.get(cut, cut)


def _cut_leading_clauses(para: str, start: int, end: int, topic: Topic, threshold: float) -> Optional[int]:
    """Where a dangling sentence reads on its own once its leading clauses are cut, or None.

    What is left must open a statement: not a bare predicate (已經…, 能讓…), which needs
    the subject that was cut, and long enough to say something.
    """
    for c in clauses(Sentence(start, end, para[start:end]))[1:]:
        rest = para[c.start:end]
        if (len(rest) >= MIN_REST and not dangling_opener(rest) and not _PREDICATE.match(rest)
                and is_balanced(rest) and _score_text(rest, topic) >= threshold):
            return c.start
    return None


def candidate(doc: Document, kinds: dict, scored: list[Scored], i: int, topic: Topic,
              threshold: float) -> Optional[Candidate]:
    """Sentence `i` as a self-standing passage for `topic`, or None when it cannot stand alone."""
    item = scored[i]
    s = item.sentence
    para = doc.paragraph(item.paragraph).text
    start, end, cut = s.start, s.end, ""
    if end - start > MAX_QUOTE:
        narrowed = _narrow(s, topic)
        if narrowed is None:
            return None
        start, end, cut = narrowed
    first = i
    if dangling_opener(para[start:end]):
        # Take the sentences it points back to, within the paragraph and the length limit.
        j = i
        while dangling_opener(para[scored[j].sentence.start if j != i else start:end]):
            prev = j - 1
            if prev < 0 or scored[prev].paragraph != item.paragraph or end - scored[prev].sentence.start > MAX_QUOTE:
                break
            j = prev
        if j != i and not dangling_opener(para[scored[j].sentence.start:end]) and cut in ("", "end"):
            first, start = j, scored[j].sentence.start
        else:
            at = _cut_leading_clauses(para, start, end, topic, threshold)
            if at is None:
                return None
            start, cut = at, ("both" if cut in ("end", "both") else "start")
    elif end - start < SHORT_QUOTE and i and scored[i - 1].paragraph == item.paragraph and cut == "":
        before = scored[i - 1].sentence
        if end - before.start <= MAX_QUOTE and not dangling_opener(before.text) and is_balanced(before.text):
            first, start = i - 1, before.start
    if cut in ("end", "both"):
        while end > start and para[end - 1] in _TRAILING:
            end -= 1  # a quote cut between clauses should not end mid-breath
    text = para[start:end]
    if not text or not is_balanced(text):
        return None
    units = []
    for k in range(first, len(scored)):
        if scored[k].paragraph != item.paragraph or scored[k].sentence.start >= end:
            break
        units.append(k)
    own = _score_text(text, topic) if cut else item.scores[topic.id]
    weight = CUT_WEIGHT if cut else 1.0
    label = kinds[item.paragraph] not in PROSE or is_label(s.text)
    return Candidate(item.paragraph, i, start, end, cut, tuple(units), own * weight, label)


def _ranked(doc: Document, kinds: dict, scored: list[Scored], topic: Topic, lexicon: Lexicon,
            excluded: frozenset) -> list[Candidate]:
    """The passages that speak to `topic`, best first, one per paragraph before any second."""
    found = []
    for i, item in enumerate(scored):
        mine = item.scores[topic.id]
        if mine < lexicon.threshold or mine < SHARE_OF_BEST * max(item.scores.values()):
            continue
        if (doc.slug, item.sentence.text) in excluded:
            continue
        c = candidate(doc, kinds, scored, i, topic, lexicon.threshold)
        if c is not None:
            found.append(c)
    found.sort(key=lambda c: (-c.score, c.core))
    # Three angles beat one passage cut in three: a paragraph's second passage comes after every first.
    seen: set[str] = set()
    firsts = [c for c in found if not (c.paragraph in seen or seen.add(c.paragraph))]
    return firsts + [c for c in found if c not in firsts]


# --- one source's row: variety across its cells ------------------------------------------

def _home(item: Scored, topics: tuple[Topic, ...]) -> str:
    """The topic a sentence serves best (the first listed, on a tie)."""
    return max(topics, key=lambda t: (item.scores[t.id], -topics.index(t))).id


def _pin_units(doc: Document, scored: list[Scored], q: Quote) -> tuple[int, ...]:
    """The sentences a pinned quote covers."""
    start = doc.paragraph(q.paragraph).text.find(q.text)
    end = start + len(q.text)
    return tuple(k for k, item in enumerate(scored) if item.paragraph == q.paragraph
                 and item.sentence.start < end and start < item.sentence.end)


def _join(doc: Document, picks: list[Candidate]) -> list[tuple[Candidate, Quote]]:
    """Passages in source order; neighbours in one paragraph read better as one quote."""
    order = {p.id: k for k, p in enumerate(doc.text.paragraphs)}
    out: list[tuple[Candidate, Quote]] = []
    for c in sorted(picks, key=lambda c: (order[c.paragraph], c.start)):
        if out:
            prev, _ = out[-1]
            para = doc.paragraph(c.paragraph).text
            if (prev.paragraph == c.paragraph and not prev.cut and not c.cut
                    and not para[prev.end:c.start].strip() and c.end - prev.start <= MAX_QUOTE):
                best = prev if prev.score >= c.score else c
                merged = Candidate(c.paragraph, best.core, prev.start, c.end, "", prev.units + c.units,
                                   max(prev.score, c.score), prev.label and c.label)
                out[-1] = (merged, Quote(para[prev.start:c.end], c.paragraph, "auto"))
                continue
        text = doc.paragraph(c.paragraph).text[c.start:c.end]
        out.append((c, Quote(text, c.paragraph, "auto", c.cut)))
    return out


def extract_row(doc: Document, lexicon: Lexicon, scored: list[Scored], pins: Optional[Pins] = None,
                excluded: frozenset = frozenset()) -> list[Cell]:
    """One source's cells, one per topic, each sentence serving the topic it serves best."""
    topics = lexicon.topics
    kinds = {p.id: p.kind for p in doc.text.paragraphs}
    pinned = {t.id: [Quote(p.text, p.paragraph, "pinned") for p in pins_for(pins, t.id, doc.slug)] for t in topics}
    ranked = {t.id: _ranked(doc, kinds, scored, t, lexicon, excluded) for t in topics}
    home = {k: _home(item, topics) for k, item in enumerate(scored)}
    uses: Counter = Counter()
    pinned_units = {t.id: set() for t in topics}
    for t in topics:
        for q in pinned[t.id]:
            units = _pin_units(doc, scored, q)
            pinned_units[t.id].update(units)
            uses.update(units)
    picks: dict[str, list[Candidate]] = {t.id: [] for t in topics}

    def room(t: str) -> bool:
        return len(picks[t]) + len(pinned[t]) < MAX_QUOTES

    def free(t: str, c: Candidate) -> bool:
        taken = pinned_units[t].union(*(p.units for p in picks[t]))
        return not taken.intersection(c.units) and all(uses[u] < MAX_CELLS for u in c.units)

    def take(t: str, c: Candidate) -> None:
        picks[t].append(c)
        uses.update(c.units)

    # 1. Each sentence first serves the topic it serves best.
    for t in topics:
        for c in ranked[t.id]:
            if room(t.id) and not c.label and home[c.core] == t.id and free(t.id, c):
                take(t.id, c)
    # 2. Then each cell takes its next best: a sentence no cell quotes yet, or, for a cell
    #    that has nothing else, one that a single other cell quotes.
    for t in topics:
        for c in ranked[t.id]:
            empty = not picks[t.id] and not pinned[t.id]
            if room(t.id) and not c.label and free(t.id, c) and (empty or not any(uses[u] for u in c.units)):
                take(t.id, c)
    # 3. A bullet label or list item only where no prose speaks to the topic.
    for t in topics:
        for c in ranked[t.id]:
            if not picks[t.id] and not pinned[t.id] and c.label and free(t.id, c):
                take(t.id, c)

    cells = []
    order = {p.id: k for k, p in enumerate(doc.text.paragraphs)}
    for t in topics:
        auto = _join(doc, picks[t.id])
        quotes = [(None, q) for q in pinned[t.id]] + auto
        quotes.sort(key=lambda cq: (order[cq[1].paragraph], doc.paragraph(cq[1].paragraph).text.find(cq[1].text)))
        if pinned[t.id]:
            lead = next(k for k, (c, _) in enumerate(quotes) if c is None)
        elif quotes:
            lead = max(range(len(quotes)), key=lambda k: (quotes[k][0].score, -k))
        else:
            lead = 0
        cells.append(Cell(t.id, doc.slug, "quoted" if quotes else "not-discussed",
                          tuple(q for _, q in quotes), lead))
    return cells


class Scores(Mapping):
    """slug -> the source's scored sentences, read from the cache when first asked for.

    A build reads every source's figure rows (`figure_rows`, cached apart and small) but
    the sentences only of the sources whose matrix row is made again: after an edit, one."""

    def __init__(self, docs: list[Document], topics: tuple[Topic, ...], cache: Cache, keys: dict,
                 made: dict, figure_rows: dict):
        self.docs, self.topics, self.cache, self.keys = {d.slug: d for d in docs}, topics, cache, keys
        self.made, self.figure_rows = made, figure_rows

    def __getitem__(self, slug: str) -> list[Scored]:
        if slug not in self.made:
            found = self.cache.lookup("score", self.keys[slug])
            self.made[slug] = score_document(self.docs[slug], self.topics) if found is MISSING else found
        return self.made[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


def score_key(doc: Document, topics_key: str) -> str:
    """The key of a source's scored sentences: its paragraphs, its kind and the topics."""
    return digest(topics_key, doc.source.kind, [(p.id, p.kind, p.text) for p in doc.text.paragraphs])


def figures_key(score_key: str) -> str:
    """The key of a source's figure rows, cached beside its scored sentences (figures.figure_rows)."""
    return digest("figures", score_key)


def make_row(doc: Document, lexicon: Lexicon, scored: list[Scored], pins: Optional[Pins],
             excluded: frozenset) -> tuple[list[Cell], list[str]]:
    """A source's row of cells and their quote problems (cell_problems): what is cached as its row."""
    cells = extract_row(doc, lexicon, scored, pins, excluded)
    return cells, cell_problems([doc], cells)


def row_key(doc: Document, lexicon_key: str, lexicon: Lexicon, pins: Optional[Pins], excluded: frozenset) -> str:
    """The key of a source's matrix row. A row reads the source's text (a pure function of its
    seed and its YAML), the lexicon and the source's own pins and exclusions: an edit
    recomputes its row only."""
    return digest(lexicon_key, doc.source, doc.seed.sha256, doc.seed.encoding,
                  [pins_for(pins, t.id, doc.slug) for t in lexicon.topics],
                  sorted(text for slug, text in excluded if slug == doc.slug))


def score_all(docs: list[Document], lexicon: Lexicon, cache: Cache = Cache(None), workers: int = 1) -> Scores:
    """Scored sentences of every document, by slug (cached per document; the documents not
    scored before are shared out over `workers`)."""
    topics_key = digest(lexicon.topics)
    keys = {d.slug: score_key(d, topics_key) for d in docs}
    rows = {d.slug: cache.lookup("score", figures_key(keys[d.slug])) for d in docs}
    todo = [d for d in docs if rows[d.slug] is MISSING]  # their sentences are needed for their figure rows

    def scored(missing: list[int]) -> list[list[Scored]]:
        return fork_map(lambda d: score_document(d, lexicon.topics), [todo[i] for i in missing], workers)

    made = dict(zip((d.slug for d in todo), cache.memo_many("score", [keys[d.slug] for d in todo], scored)))
    for slug, items in made.items():
        rows[slug] = figure_rows(items)
        cache.store("score", figures_key(keys[slug]), rows[slug])
    cache.keep("score", [keys[slug] for slug in keys if slug not in made])  # kept for the rows that need them
    return Scores(docs, lexicon.topics, cache, keys, made, rows)


def extract_matrix(docs: list[Document], lexicon: Lexicon, pins: Optional[Pins] = None,
                   cache: Cache = Cache(None), scored: Optional[Mapping] = None) -> list[Cell]:
    """Every cell, topic-major: quoted, or not-discussed when the source is silent."""
    return extract_checked(docs, lexicon, pins, cache, scored)[0]


def _topic_major(docs: list[Document], lexicon: Lexicon, rows: dict) -> list[Cell]:
    """Every cell, topic-major, from each source's row of cells."""
    by_topic = {slug: {c.topic: c for c in cells} for slug, cells in rows.items()}
    return [by_topic[d.slug][t.id] for t in lexicon.topics for d in docs]


def extract_checked(docs: list[Document], lexicon: Lexicon, pins: Optional[Pins] = None,
                    cache: Cache = Cache(None), scored: Optional[Mapping] = None) -> tuple[list[Cell], list[str]]:
    """extract_matrix, and the quote problems of its cells (cell_problems), source by source:
    each row's problems are found with the row and cached with it."""
    scored = scored if scored is not None else score_all(docs, lexicon, cache)
    excluded = pins.excluded if pins else frozenset()
    lexicon_key = digest(lexicon)

    rows, problems = {}, []
    for d in docs:
        rows[d.slug], found = cache.memo("row", row_key(d, lexicon_key, lexicon, pins, excluded),
                                         lambda: make_row(d, lexicon, scored[d.slug], pins, excluded))
        problems += found
    return _topic_major(docs, lexicon, rows), problems


def quote_all(docs: list[Document], lexicon: Lexicon, pins: Optional[Pins], cache: Cache,
              workers: int = 1) -> tuple[list[Cell], list[str], Scores]:
    """extract_checked over score_all, as a build needs them: the cells, their problems, and
    the scores (whose figure rows the claims are read from).

    A source whose row and figure rows are cached is not scored at all. The others are
    scored and quoted each in one go, shared out over `workers`, and only their rows and
    figure rows come back: the build never holds every source's scored sentences (at
    5,000 sources, several hundred MB), only the ones it is asked for later, read again.
    """
    topics_key, lexicon_key = digest(lexicon.topics), digest(lexicon)
    excluded = pins.excluded if pins else frozenset()
    skeys = {d.slug: score_key(d, topics_key) for d in docs}
    rkeys = {d.slug: row_key(d, lexicon_key, lexicon, pins, excluded) for d in docs}
    figures = {d.slug: cache.lookup("score", figures_key(skeys[d.slug])) for d in docs}
    rows = {d.slug: cache.lookup("row", rkeys[d.slug]) for d in docs}
    todo = [d for d in docs if figures[d.slug] is MISSING or rows[d.slug] is MISSING]

    def work(d: Document) -> tuple[tuple, tuple[list[Cell], list[str]]]:
        # In a worker: what it stores in the cache is counted as used below, by key.
        items = cache.memo("score", skeys[d.slug], lambda: score_document(d, lexicon.topics))
        found = figures[d.slug]
        if found is MISSING:
            found = figure_rows(items)
            cache.store("score", figures_key(skeys[d.slug]), found)
        row = rows[d.slug]
        if row is MISSING:
            row = make_row(d, lexicon, items, pins, excluded)
            cache.store("row", rkeys[d.slug], row)
        return found, row

    for d, (found, row) in zip(todo, fork_map(work, todo, workers)):
        figures[d.slug], rows[d.slug] = found, row
    cache.keep("score", [*skeys.values(), *map(figures_key, skeys.values())])
    cache.keep("row", rkeys.values())
    problems = [p for d in docs for p in rows[d.slug][1]]
    cells = _topic_major(docs, lexicon, {slug: cells for slug, (cells, _) in rows.items()})
    return cells, problems, Scores(docs, lexicon.topics, cache, skeys, {}, figures)


# --- the quote-quality check: what `site.py check` and the build report ------------------

def quote_problems(cells: Iterable, paragraphs: dict, kinds: dict) -> list[str]:
    """Quotes a careful reader would stumble on, one line each; empty when every quote reads whole.

    `cells` yields (topic, slug, [(text, paragraph id, cut)]); `paragraphs` maps slug ->
    {paragraph id: text}; `kinds` maps slug -> "article" or "transcript". Reports unbalanced
    marks, a mid-clause end without ……, a dangling opener, and a sentence in more than
    MAX_CELLS cells of one source.
    """
    problems: list[str] = []
    cells_of: dict[tuple[str, str, int], list[str]] = {}
    sentences: dict[tuple[str, str], list[Sentence]] = {}
    for topic, slug, quotes in cells:
        where = f"{topic}--{slug}"
        for text, pid, cut in quotes:
            para = paragraphs.get(slug, {}).get(pid)
            if para is None or text not in para:
                continue  # the data check reports a quote that is not verbatim
            short = text[:24]
            if not is_balanced(text):
                problems.append(f"{where}: unbalanced quotation marks or brackets in {short!r}")
            if cut not in ("end", "both") and not ends_sentence(text) and not para.rstrip().endswith(text):
                problems.append(f"{where}: ends mid-clause without ……: {text[-24:]!r}")
            opener = dangling_opener(text)
            if opener:
                problems.append(f"{where}: opens with {opener!r}, which points at text the reader cannot see: "
                                f"{short!r}")
            key = (slug, pid)
            if key not in sentences:
                sentences[key] = split_sentences(para, kinds.get(slug, "article"))
            start = para.find(text)
            for k, s in enumerate(sentences[key]):
                if s.start < start + len(text) and start < s.end:
                    cells_of.setdefault((slug, pid, k), [])
                    if where not in cells_of[(slug, pid, k)]:
                        cells_of[(slug, pid, k)].append(where)
    for (slug, pid, k), where in cells_of.items():
        if len(where) > MAX_CELLS:
            problems.append(f"{slug} {pid}: sentence {sentences[(slug, pid)][k].text[:24]!r} is quoted in "
                            f"{len(where)} cells ({', '.join(where)}); at most {MAX_CELLS}")
    return problems


def cell_problems(docs: list[Document], cells: list[Cell]) -> list[str]:
    """quote_problems for the models of one build."""
    return quote_problems(((c.topic, c.source, [(q.text, q.paragraph, q.cut) for q in c.quotes]) for c in cells),
                          {d.slug: {p.id: p.text for p in d.text.paragraphs} for d in docs},
                          {d.slug: d.source.kind for d in docs})


# --- at a glance: the topic's terms in a quote ----------------------------------------------

def highlight(text: str, topic: Topic) -> list[tuple[str, bool]]:
    """`text` in pieces, True where it names one of the topic's terms (longest terms first).

    Terms are matched on the Simplified-normalised text; where normalising changes the
    length (a rare phrase conversion), offsets would not line up, so nothing is marked.
    """
    norm = normalise(text).lower()
    if len(norm) != len(text):
        return [(text, False)] if text else []
    marked = [False] * len(text)
    for term, _ in sorted(topic.terms, key=lambda tw: -len(tw[0])):
        at = norm.find(term)
        while at != -1:
            if not any(marked[at:at + len(term)]):
                marked[at:at + len(term)] = [True] * len(term)
            at = norm.find(term, at + len(term))
    pieces: list[tuple[str, bool]] = []
    for ch, m in zip(text, marked):
        if pieces and pieces[-1][1] == m:
            pieces[-1] = (pieces[-1][0] + ch, m)
        else:
            pieces.append((ch, m))
    return pieces
