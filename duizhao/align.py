"""Two sources side by side: which passages meet, why, and the points most sources make. Pure.

Every paragraph is folded to Simplified (OpenCC t2s) and lower case, then described by
three visible features:

- its character bigrams, weighted by TF-IDF over every paragraph of the site;
- its key terms: the topic lexicons, the named terms of content/alignments.yaml and
  Latin-letter names (DeepSeek, H100), with the editors' aliases folded together;
- its figures (figures.py), exactly as written.

Two paragraphs of different sources are linked when two of their sentences share a
point term (an editors' term, a figure, or an editors' "same quantity" figure group)
and their score, bigram cosine plus the rarity of every term they share, clears a
threshold. Names alone (DeepSeek, 英伟达) say that two passages speak of the same
thing, not that they make the same point, so they never link on their own. Each link keeps
the terms it shares: that is the line a reader sees. Editors' pins add links, and
their exclusions remove them.

At scale, a source is aligned in full only with its few most related sources, found
through an inverted index of its rarest terms: the work grows linearly with the site.
"""
from __future__ import annotations

import hashlib
from array import array
import math
import re
import sys
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Optional

from .cache import MISSING, Cache, digest
from .convert import normalise
from .figures import extract_figures
from .models import Document, Topic
from .sentences import split_sentences

RELATED = 5  # each source is compared in full with this many others, its most related
MAX_LINKS = 8  # links shown for one pair: the places where two articles meet, not every echo
MAX_PER_PARAGRAPH = 2  # links one paragraph may take part in, within one pair
CLOSEST = 6  # paragraphs of the other source compared in full with each paragraph: those sharing most
THRESHOLD = 0.42  # score a link needs: one rare shared point term and a little shared wording
SAME_FROM = 0.8  # a link this strong, with no sign of opposition, makes the same point
COMMON_SHARE = 0.2  # a term in more than this share of paragraphs never links on its own
TERM_WEIGHT = 0.1  # score per unit of inverse document frequency of a shared term
POSTINGS = 64  # sources read from one term's posting list when finding related sources
BLOCK_TERMS = 24  # a source's rarest terms used to find its related sources
MIN_SOURCES = 3  # a point most sources make is shared by at least this many
RELATIONS = ("same", "opposite", "related")
MIN_PARAGRAPHS = 100  # rarity is measured against at least this many paragraphs
EXACT_COUNTS = 16  # counts of paragraphs up to this are read exactly; larger ones in steps (rounded)
STEPS_PER_DOUBLING = 4  # larger counts are rounded to the nearest power of 2^(1/4): steps of about 19 %
_LATIN = re.compile(r"[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*")
_LATIN_ANY_CASE = re.compile(_LATIN.pattern, re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]+")


@dataclass(frozen=True, slots=True)
class Rules:
    """The editors' alignment rules, from content/alignments.yaml."""

    stop_terms: frozenset[str] = frozenset()  # never a reason to link (中国, AI), normalised
    terms: tuple[str, ...] = ()  # named terms beyond the topic lexicons, normalised
    aliases: tuple[tuple[str, str], ...] = ()  # (variant, canonical), both normalised
    opposites: tuple[tuple[str, str], ...] = ()  # cue pairs: one passage says one, the other the other
    pins: tuple = ()  # PinnedLink: links the editors add
    excluded: frozenset = frozenset()  # ((slug, pid), (slug, pid)) pairs never linked
    shown: tuple[tuple[str, str], ...] = ()  # (folded term, as the editors wrote it): DeepSeek, not deepseek
    names: tuple[str, ...] = ()  # names, normalised: shown as reasons, never a link on their own
    titles: tuple[tuple[str, str], ...] = ()  # (term, the editors' wording of the point it names)


@dataclass(frozen=True, slots=True)
class PinnedLink:
    """An editors' link between two paragraphs, checked against the text on load."""

    a: str  # source slug
    a_paragraph: str
    b: str
    b_paragraph: str
    relation: str  # "same", "opposite" or "related"
    terms: tuple[str, ...]  # what the editors say the passages share
    line: int  # in content/alignments.yaml


@dataclass(frozen=True, slots=True)
class Link:
    """Two paragraphs of two sources that make, or dispute, one point."""

    a_paragraph: str  # paragraph id in source a
    b_paragraph: str  # paragraph id in source b
    relation: str  # "same", "opposite" or "related" (cannot be told)
    score: float  # bigram cosine plus the rarity of the shared terms; pinned links score 0
    terms: tuple[str, ...]  # shared key terms and figures, normalised to Simplified, rarest first
    topic: Optional[str]  # the topic both passages speak to most, if any
    chosen: str = "auto"  # "auto" or "pinned"
    a_sentence: int = -1  # the sentence of each paragraph that made the link, where known
    b_sentence: int = -1


@dataclass(frozen=True, slots=True)
class Pair:
    """Two sources and where they meet."""

    a: str  # slug, the first in site order
    b: str
    links: tuple[Link, ...]  # in the order of source a
    related: float  # how related the two sources are: the rarity of the terms they share


@dataclass(frozen=True, slots=True)
class Point:
    """A point that several sources make: the paragraphs that make it and the links between them."""

    label: tuple[str, ...]  # the terms the passages share, normalised to Simplified
    topic: Optional[str]
    where: tuple[tuple[str, str], ...]  # (slug, paragraph id), in site order
    sentences: tuple[int, ...] = ()  # for each paragraph of `where`, the sentence that makes the point
    title: Optional[str] = None  # the editors' wording of the point, from alignments.yaml
    opposed: tuple[tuple[str, Link], ...] = ()  # (slug a, link) where two of them disagree
    sources: int = 0  # how many sources make it


@dataclass(frozen=True, slots=True)
class Alignment:
    """Every compared pair, each source's related sources, and the points most sources make."""

    pairs: tuple[Pair, ...]
    related: dict = field(default_factory=dict)  # slug -> the slugs it is compared with (its pairs), closest first
    points: tuple[Point, ...] = ()
    shown: dict = field(default_factory=dict)  # folded term -> as a reader sees it (DeepSeek, not deepseek)
    groups: frozenset[str] = frozenset()  # terms that are the labels of editors' figure groups
    aliases: tuple[tuple[str, str], ...] = ()  # (variant, term): the other wordings of the editors' terms
    # Each pair's cache key: a hash of everything aligning it read, so (with its `related`)
    # a hash of the pair itself, made without walking its links.
    keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Features:
    """What one paragraph is compared on."""

    slug: str
    pid: str
    order: int  # position in its document
    bigrams: frozenset  # the bigrams of the whole paragraph
    sentences: tuple  # (bigram -> count, key terms), one per sentence
    texts: tuple  # each sentence, folded
    terms: frozenset[str]  # key terms and figures of the whole paragraph
    topic: Optional[str]  # the topic whose lexicon it matches best


# --- features -----------------------------------------------------------------------

def fold(text: str) -> str:
    """Text in one script and case: what every comparison reads."""
    return normalise(text).lower()


def bigrams(folded: str) -> Counter:
    """Character bigrams of each run of Chinese characters, and Latin words whole."""
    grams: Counter = Counter()
    for run in _CJK.findall(folded):
        grams.update(map(str.__add__, run, run[1:]))  # every two neighbours, joined in C
    grams.update(w for w in _LATIN.findall(folded) if len(w) > 1)
    return grams


@lru_cache(maxsize=8)
def _term_pattern(vocabulary: tuple[str, ...]) -> re.Pattern:
    # Longest first: 国产芯片 is found as itself, not as 芯片.
    ordered = sorted(set(vocabulary), key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(t) for t in ordered) or "(?!)")


@lru_cache(maxsize=4096)
def _inside(term: str, vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    """The other terms that a found term contains: 国产芯片 also names 芯片."""
    return tuple(t for t in vocabulary if t != term and len(t) > 1 and t in term)


def key_terms(folded: str, vocabulary: tuple[str, ...], rules: Rules) -> set[str]:
    """The named terms, Latin names and figures of a folded paragraph, aliases resolved, stop terms out."""
    alias = dict(rules.aliases)
    found = set()
    for m in _term_pattern(vocabulary).finditer(folded):
        found.add(m.group(0))
        found.update(_inside(m.group(0), vocabulary))
    found.update(w for w in _LATIN.findall(folded) if len(w) > 1)
    # Figures written in digits are exact enough to match across sources; 三年 or 几个月 are not.
    found.update(f.text for f in extract_figures(folded) if re.search(r"\d", f.text))
    return {alias.get(t, t) for t in found} - rules.stop_terms


def best_topic(folded: str, topics: tuple[Topic, ...]) -> Optional[str]:
    """The topic whose lexicon weighs most in the text, or None when none appears."""
    best, top = None, 0.0
    for t in topics:
        s = sum(w for term, w in t.terms if term in folded)
        if s > top:
            best, top = t.id, s
    return best


def vocabulary_of(topics: tuple[Topic, ...], rules: Rules) -> tuple[str, ...]:
    """Every term the aligner looks for: topic lexicons, named terms and alias variants."""
    terms = ({t for topic in topics for t, _ in topic.terms} | set(rules.terms) | set(rules.names)
             | {v for v, _ in rules.aliases})
    return tuple(sorted(terms - rules.stop_terms))


def describe(docs: list[Document], topics: tuple[Topic, ...], rules: Rules,
             figure_groups: Optional[dict] = None) -> dict[str, list[Features]]:
    """The features of every statement paragraph (headings state nothing), by slug.

    `figure_groups` maps (slug, paragraph id) to (label, figure) pairs of the editors'
    "same quantity" groups: two sentences quoting one quantity share that label.
    """
    vocabulary = vocabulary_of(topics, rules)
    groups = figure_groups or {}
    out = {}
    for d in docs:
        rows = []
        for i, p in enumerate(d.text.paragraphs):
            if p.kind == "heading":
                continue
            sentences = []
            for s in split_sentences(p.text, d.source.kind):
                text = fold(s.text)
                terms = key_terms(text, vocabulary, rules) | {label for label, figure in groups.get((d.slug, p.id), ())
                                                             if fold(figure) in text}
                sentences.append((dict(bigrams(text)), frozenset(terms), text))
            rows.append(Features(d.slug, p.id, i, frozenset().union(*(g for g, _, _ in sentences)),
                                 tuple((g, t) for g, t, _ in sentences),
                                 tuple(text for _, _, text in sentences),
                                 frozenset(t for _, ts, _ in sentences for t in ts),
                                 best_topic("".join(text for _, _, text in sentences), topics)))
        out[d.slug] = rows
    return out


@dataclass(frozen=True, slots=True)
class Weights:
    """Inverse document frequencies over every paragraph of the site."""

    paragraphs: int
    bigram: dict  # bigram -> idf
    term: dict  # term -> idf
    common: frozenset[str]  # terms too frequent to find related sources or points with
    points: frozenset[str]  # terms that can make a link: editors' terms, figures, figure groups
    groups: frozenset[str]  # labels of the editors' figure groups


def is_point(term: str, rules: Rules, groups: frozenset) -> bool:
    """Whether a term can make a link: an editors' term, a figure in digits, or a figure group's label."""
    return term in rules.terms or term in groups or bool(re.search(r"\d", term)) and not _LATIN.fullmatch(term)


def weigh(features: dict[str, list[Features]], rules: Rules = Rules(), groups: frozenset = frozenset()) -> Weights:
    """Document frequencies of bigrams and terms, counted once per paragraph."""
    gram_df: Counter = Counter()
    term_df: Counter = Counter()
    n = 0
    for rows in features.values():
        for f in rows:
            n += 1
            gram_df.update(f.bigrams)
            term_df.update(f.terms)
    return weights_from(gram_df, term_df, n, rules, groups)


def weights_from(gram_df: dict, term_df: dict, n: int, rules: Rules, groups: frozenset) -> Weights:
    """Weights from the site's document frequencies over its `n` paragraphs."""
    # A small site is weighed as if it had MIN_PARAGRAPHS: with two sources, every term is
    # in half the paragraphs, and rarity would mean nothing. Counts are read rounded, so
    # one edit leaves the weights of nearly every bigram, and so nearly every pair, as they were.
    total = rarity_total(n)
    idf = lambda df: math.log((total + 1) / (rounded(df) + 1)) + 1.0  # noqa: E731
    return Weights(n, {g: idf(df) for g, df in gram_df.items()}, {t: idf(df) for t, df in term_df.items()},
                   frozenset(t for t, df in term_df.items() if df > max(2, COMMON_SHARE * n)),
                   frozenset(t for t in term_df if is_point(t, rules, groups)), frozenset(groups))


def rarity_total(n: int) -> int:
    """The number of paragraphs rarity is measured against: `n`, rounded, and at least MIN_PARAGRAPHS."""
    return max(rounded(n), MIN_PARAGRAPHS)


def rounded(count: int) -> int:
    """A count of paragraphs as rarity reads it: exact up to EXACT_COUNTS, then rounded to the
    nearest step of 2^(1/STEPS_PER_DOUBLING). Monotone, so a part never outnumbers its whole.

    Adding a paragraph moves a large count across a step only rarely: a bigram in a
    thousand paragraphs changes its rarity about once in 190 new paragraphs that use it.
    Rounding moves an inverse document frequency by at most ln 2^(1/8), about 0.09."""
    if count <= EXACT_COUNTS:
        return count
    return round(2 ** (round(STEPS_PER_DOUBLING * math.log2(count)) / STEPS_PER_DOUBLING))


VECTORS_KEPT = 20_000  # paragraphs whose vectors are remembered at once: memory stays flat at scale
FEATURES_KEPT = 2_000  # sources whose compared features are held at once; the others are read again from the cache


def compared(rows: list[Features], rules: Rules, groups: frozenset) -> list[Features]:
    """What comparing two sources reads of one source's features: its paragraphs that name a
    term that can make a link (`is_point`), and the bigrams only of their sentences that name one.

    A paragraph without such a term never links (`candidates` skips it), and a sentence
    without one is never compared word by word (`closest` skips it), so pairs aligned on
    these rows are the pairs aligned on the whole features. They are about a tenth of the
    size: a site of thousands of sources holds many more of them at once, and reads them faster.
    """
    point = {t for f in rows for t in f.terms if is_point(t, rules, groups)}
    out = []
    for f in rows:
        if f.terms & point:
            out.append(replace(f, bigrams=frozenset(),
                               sentences=tuple((grams if terms & point else {}, terms) for grams, terms in f.sentences)))
    return out


class Shelf:
    """slug -> the compared features of its paragraphs (`compared`), read from the cache or
    made when first asked for.

    The FEATURES_KEPT sources asked for last are kept: an edit reads the features of the
    few sources it realigns, and a large site never holds every source's at once. The whole
    features of a source are made only when its outline is (`described`), never cached:
    the site-wide counts need them once, the pairs never."""

    def __init__(self, full: Callable[[str], list[Features]], trim: Callable[[list[Features]], list[Features]],
                 cache, keys: dict[str, str], kept: int = FEATURES_KEPT):
        self.full, self.trim, self.cache, self.keys, self.kept = full, trim, cache, keys, kept
        self.rows: OrderedDict = OrderedDict()  # slug -> (rows, paragraph id -> row)

    def described(self, slug: str) -> list[Features]:
        """The whole features of one source, made afresh; its compared features are kept and cached."""
        rows = self.full(slug)
        self._put(slug, interned(self.trim(rows)))
        self.cache.store("align", self.keys[slug], self.rows[slug][0])
        return rows

    def _put(self, slug: str, rows: list[Features]) -> None:
        self.rows[slug] = rows, {f.pid: f for f in rows}
        self.rows.move_to_end(slug)
        while len(self.rows) > self.kept:
            self.rows.popitem(last=False)

    def __getitem__(self, slug: str) -> list[Features]:
        if slug in self.rows:
            self.rows.move_to_end(slug)
        else:
            found = self.cache.lookup("align", self.keys[slug])
            if found is MISSING:
                self.described(slug)
            else:
                self._put(slug, interned(found))
        return self.rows[slug][0]

    def paragraph(self, slug: str, pid: str) -> Features:
        self[slug]
        return self.rows[slug][1][pid]


def interned(rows: list[Features]) -> list[Features]:
    """The same features, with every bigram one shared string object for the whole site.

    A site of thousands of sources holds tens of millions of bigrams but a few hundred
    thousand distinct ones; features made or read back from the cache would otherwise
    hold a copy of each string per source."""
    out = []
    for f in rows:
        sentences = tuple(({sys.intern(g): c for g, c in grams.items()}, terms) for grams, terms in f.sentences)
        out.append(replace(f, bigrams=frozenset(map(sys.intern, f.bigrams)), sentences=sentences))
    return out


class Vectors(dict):
    """(slug, paragraph id) -> the unit TF-IDF vector of each of its sentences, made when first read:
    most paragraphs name no point term and are never compared sentence by sentence. Pairs
    come in site order, so the vectors read lately are the ones read next; past
    VECTORS_KEPT paragraphs the memo starts afresh (a vector is the same whenever it is made)."""

    def __init__(self, shelf: Shelf, w: Weights):
        super().__init__()
        self.shelf, self.w = shelf, w

    def __missing__(self, key):
        if len(self) >= VECTORS_KEPT:
            self.clear()
        value = self[key] = tuple(vector(g, self.w) for g, _ in self.shelf.paragraph(*key).sentences)
        return value


def vector(grams: dict, w: Weights) -> dict:
    """A TF-IDF bigram vector of unit length."""
    v = {g: (1 + math.log(c)) * w.bigram.get(g, 1.0) for g, c in grams.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {g: x / norm for g, x in v.items()}


def closest(x: Features, y: Features, vectors: dict, w: Weights,
            memo: dict) -> tuple[float, tuple[str, ...], int, int]:
    """The best-matching sentences of two paragraphs: their score, shared terms and positions.

    A sentence pair scores its bigram cosine plus TERM_WEIGHT for each unit of rarity of
    the terms both sentences name; it counts only if one of those terms is not common.
    """
    best = (0.0, (), -1, -1)
    points_y = [ts & w.points for _, ts in y.sentences]
    for i, (u, (_, terms_x)) in enumerate(zip(vectors[(x.slug, x.pid)], x.sentences)):
        points_x = terms_x & w.points
        if not points_x:
            continue
        for j, (v, (_, terms_y)) in enumerate(zip(vectors[(y.slug, y.pid)], y.sentences)):
            if not points_x & points_y[j]:
                continue
            shared = terms_x & terms_y
            score = cosine(u, v) + weight_of(shared, w, memo)
            why = memo[shared][0]
            if score > best[0]:
                best = (score, why, i, j)
    return best


def weight_of(shared: frozenset, w: Weights, memo: dict) -> float:
    """What sharing these terms adds to a score (remembered in `memo` with the reasons shown)."""
    if shared not in memo:
        why = reasons(shared, w)
        # The editors' figure groups say outright that two figures measure one quantity.
        memo[shared] = why, sum(TERM_WEIGHT * w.term[t] + (THRESHOLD if t in w.groups else 0.0) for t in why)
    return memo[shared][1]


def cosine(u: dict, v: dict) -> float:
    """The cosine of two unit vectors."""
    return sum(u[g] * v[g] for g in u.keys() & v.keys())


def reasons(shared: set[str], w: Weights) -> tuple[str, ...]:
    """The shared terms a reader is shown: rarest first, none that a longer shared term contains."""
    kept = [t for t in shared if not any(t != o and t in o for o in shared)]
    return tuple(sorted(kept, key=lambda t: (-w.term.get(t, 0.0), t)))


# --- one pair -----------------------------------------------------------------------

def sides(text: str, x: str, y: str) -> tuple[bool, bool]:
    """Whether `text` says x, and whether it says y; the longer is found first (不可动摇 is not 动摇)."""
    longer, shorter = (x, y) if len(x) >= len(y) else (y, x)
    has_longer = longer in text
    has_shorter = shorter in text.replace(longer, "\0")
    return (has_longer, has_shorter) if longer == x else (has_shorter, has_longer)


def relation_of(text_a: str, text_b: str, score: float, rules: Rules) -> str:
    """"opposite" when one sentence says one side of a cue pair and the other only the other side;
    "same" when the link is strong; "related" otherwise."""
    for x, y in rules.opposites:
        ax, ay = sides(text_a, x, y)
        bx, by = sides(text_b, x, y)
        if (ax and not ay and by and not bx) or (ay and not ax and bx and not by):
            return "opposite"
    return "same" if score >= SAME_FROM else "related"


def candidates(fa: list[Features], fb: list[Features], w: Weights, vectors: dict, rules: Rules,
               memo: dict) -> list[Link]:
    """Every paragraph pair of two sources that clears the threshold, strongest first.

    Only the CLOSEST paragraphs of b by shared terms are compared sentence by sentence
    with each paragraph of a: a pair of long sources costs what a short one does.
    The relation is left "related": it is read only for the links that are kept.
    """
    out = []
    for x in fa:
        near = []
        for y in fb:
            if not x.terms & y.terms & w.points:
                continue  # nothing but names and common words in common: never a link
            if ((x.slug, x.pid), (y.slug, y.pid)) in rules.excluded:
                continue
            near.append((-weight_of(x.terms & y.terms, w, memo), y.order, y))
        for _, _, y in sorted(near, key=lambda n: n[:2])[:CLOSEST]:
            score, why, i, j = closest(x, y, vectors, w, memo)
            if score < THRESHOLD:
                continue
            topic = x.topic if x.topic == y.topic else None
            out.append(Link(x.pid, y.pid, "related", round(score, 3), why, topic, "auto", i, j))
    out.sort(key=lambda k: (-k.score, k.a_paragraph, k.b_paragraph))
    return out


def number(pid: str) -> int:
    """A paragraph's position from its id: p12 -> 12."""
    return int(pid[1:])


def select(found: list[Link], pinned: list[Link]) -> tuple[Link, ...]:
    """At most MAX_LINKS links, no paragraph in more than MAX_PER_PARAGRAPH; pins first, then by score."""
    uses: Counter = Counter()
    chosen = []
    for link in pinned + found:
        a, b = ("a", link.a_paragraph), ("b", link.b_paragraph)
        if link.chosen == "auto" and (len(chosen) >= MAX_LINKS or uses[a] >= MAX_PER_PARAGRAPH
                                      or uses[b] >= MAX_PER_PARAGRAPH
                                      or any((c.a_paragraph, c.b_paragraph) == (link.a_paragraph, link.b_paragraph)
                                             for c in chosen)):
            continue
        uses[a] += 1
        uses[b] += 1
        chosen.append(link)
    return tuple(sorted(chosen, key=lambda k: (number(k.a_paragraph), number(k.b_paragraph))))


def align_pair(a: str, b: str, features: dict, w: Weights, vectors: dict, rules: Rules,
               related: float = 0.0, memo: Optional[dict] = None) -> Pair:
    """Where two sources meet: the editors' pinned links, then the strongest automatic ones."""
    pinned = []
    for p in rules.pins:
        if (p.a, p.b) == (a, b):
            pinned.append(Link(p.a_paragraph, p.b_paragraph, p.relation, 0.0, p.terms, None, "pinned"))
        elif (p.a, p.b) == (b, a):
            pinned.append(Link(p.b_paragraph, p.a_paragraph, p.relation, 0.0, p.terms, None, "pinned"))
    taken = {(k.a_paragraph, k.b_paragraph) for k in pinned}
    found = [k for k in candidates(features[a], features[b], w, vectors, rules, {} if memo is None else memo)
             if (k.a_paragraph, k.b_paragraph) not in taken]
    fa, fb = ({f.pid: f for f in features[s]} for s in (a, b))
    chosen = select(found, pinned)
    # Opposition is read on the two sentences that made each kept link.
    chosen = tuple(replace(k, relation=relation_of(fa[k.a_paragraph].texts[k.a_sentence],
                                                   fb[k.b_paragraph].texts[k.b_sentence], k.score, rules))
                   if k.chosen == "auto" else k for k in chosen)
    return Pair(a, b, chosen, round(related, 3))


# --- the whole site -----------------------------------------------------------------

def related_sources(terms: dict[str, dict], w: Weights, order: dict) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each source's RELATED most related sources, with how much rare vocabulary they share.

    Blocking keeps this linear: a source looks only at its BLOCK_TERMS rarest shared terms,
    and for each term at no more than POSTINGS of the sources that use it most. A term
    that only one source uses finds no other source, so it is never among them.
    """
    counts = {slug: {t: c for t, c in named.items() if t not in w.common} for slug, named in terms.items()}
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for slug, named in counts.items():
        i = order[slug]
        for t, c in named.items():
            postings[t].append((-c, i))
    n = len(counts)
    df = {t: len(p) for t, p in postings.items()}
    # Per shared term, once: the sources that use it most (by position) and its weight.
    top = {t: [i for _, i in sorted(p)[:POSTINGS]] for t, p in postings.items() if len(p) > 1}
    weight = {t: math.log((n + 1) / df[t]) for t in top}
    slug_at = {i: s for s, i in order.items()}
    out = {}
    for slug, named in counts.items():
        rarest = sorted((t for t in named if t in top), key=lambda t: (df[t], -named[t], t))[:BLOCK_TERMS]
        scores: defaultdict = defaultdict(float)
        for t in rarest:
            wt = weight[t]
            for i in top[t]:
                scores[i] += wt
        scores.pop(order[slug], None)
        # Highest score first, ties in site order: sorted as (-score, position) pairs.
        ranked = sorted([(-v, i) for i, v in scores.items()])[:RELATED]
        out[slug] = tuple((slug_at[i], round(-v, 3)) for v, i in ranked if v < 0)
    return out


def align_site(docs: list[Document], topics: tuple[Topic, ...], rules: Rules = Rules(),
               figure_groups: Optional[dict] = None, cache=None) -> Alignment:
    """Every pair worth comparing, aligned, and the points most sources make.

    With a `cache`, each source's features and each pair are stored apart, each keyed
    by everything it reads: an edit recomputes the features of the edited source and
    the pairs whose inputs changed, not the whole site.
    """
    cache = cache or Cache(None)
    keys = feature_keys(docs, topics, rules, figure_groups)
    if cache.folder is None:
        return align_parts(docs, topics, rules, figure_groups, cache, keys, [])
    # The whole alignment, when nothing it reads has changed; the parts it was made of are
    # kept for the next edit.
    parts: list[str] = []
    alignment, parts = cache.memo("align", digest(list(keys.values()), rules),
                                  lambda: (align_parts(docs, topics, rules, figure_groups, cache, keys, parts), parts))
    cache.keep("align", parts)
    return alignment


@dataclass(frozen=True, slots=True)
class Outline:
    """What the site-wide steps read of one source: kept apart from its features, so that an
    edit reads this much of every source, and the features only of the sources it realigns."""

    paragraphs: int  # statement paragraphs
    terms: dict  # term -> statement paragraphs naming it
    compared: str  # the bigrams of its sentences that name a point term, sorted, each between newlines
    spellings: tuple[tuple[str, str], ...]  # (folded Latin name, as this source first writes it)

    def reads(self, gram: str) -> bool:
        """Whether aligning this source reads the rarity of `gram`."""
        return f"\n{gram}\n" in self.compared


def outline_of(doc: Document, rows: list[Features], rules: Rules, groups: frozenset) -> tuple[dict, Outline]:
    """A source's bigram counts (paragraphs using each) and its outline."""
    grams: Counter = Counter()
    terms: Counter = Counter()
    for f in rows:
        grams.update(f.bigrams)
        terms.update(f.terms)
    compared = sorted({g for f in rows for gs, ts in f.sentences if any(is_point(t, rules, groups) for t in ts)
                       for g in gs})
    return dict(grams), Outline(len(rows), dict(terms), "\n" + "".join(g + "\n" for g in compared),
                                tuple(spelled(doc).items()))


@dataclass(frozen=True, slots=True)
class Tally:
    """The site-wide counts one build made, and what they were made of. The next build
    patches them with the sources that changed instead of reading every source again;
    counts are whole numbers, so the patched tally is exactly the one a clean build makes."""

    keys: dict  # slug -> the key of its outline
    outlines: dict  # slug -> Outline
    grams: dict  # bigram -> paragraphs of the site using it
    weights: dict  # slug -> weights_key of its outline
    total: int  # the paragraphs, as rarity reads them
    terms: dict  # term -> paragraphs of the site naming it
    context: str  # a key of the rules and figure groups the outlines were read with


TALLY = "tally"  # the key of the last build's Tally in the "align" stage


def tally(docs: list[Document], shelf: Shelf, cache, rules: Rules, groups: frozenset,
          keys: dict[str, str], parts: list[str]) -> tuple[Tally, Weights]:
    """The site's counts and weights, patched from the last build's where its sources are unchanged."""
    context = digest("outline", rules, sorted(groups))
    okeys = {d.slug: digest(context, keys[d.slug]) for d in docs}
    parts += [TALLY, *okeys.values()]
    prev = cache.lookup("align", TALLY)
    if not (isinstance(prev, Tally) and prev.context == context):
        prev = None
    old = [] if prev is None else [cache.lookup("align", key) for slug, key in prev.keys.items()
                                   if okeys.get(slug) != key]
    if any(o is MISSING for o in old):
        prev = None  # an old source's counts are gone: count the whole site again
    # The last build's counts are patched in place, not copied (at scale, a site-wide dict of
    # bigrams): `before` keeps the old count of each bigram the patch touches.
    grams: dict = {} if prev is None else prev.grams
    before: dict = {}
    if prev is not None:
        for counts, _ in old:
            for g, c in counts.items():
                before.setdefault(g, grams[g])
                if grams[g] == c:
                    del grams[g]
                else:
                    grams[g] -= c
    # Each new source's counts are added in and let go: a cold build of thousands of
    # sources never holds every source's bigram counts at once.
    made: dict[str, Outline] = {}
    for d in docs:
        if prev is None or prev.keys.get(d.slug) != okeys[d.slug]:
            counts, made[d.slug] = cache.memo("align", okeys[d.slug],
                                              lambda d=d: outline_of(d, shelf.described(d.slug), rules, groups))
            for g, c in counts.items():
                if prev is not None:
                    before.setdefault(g, grams.get(g, 0))
                grams[g] = grams.get(g, 0) + c
    outlines = {d.slug: made[d.slug] if d.slug in made else prev.outlines[d.slug] for d in docs}
    terms: Counter = Counter()
    for o in outlines.values():
        terms.update(o.terms)
    n = sum(o.paragraphs for o in outlines.values())
    w = weights_from(grams, terms, n, rules, groups)
    total = rarity_total(n)
    moved_grams: set = set()
    moved_terms: set = set()
    if prev is not None and prev.total == total:
        moved_grams = {g for g, was in before.items() if rounded(was) != rounded(grams.get(g, 0))}
        moved_terms = {t for t in prev.terms.keys() | terms.keys()
                       if rounded(prev.terms.get(t, 0)) != rounded(terms.get(t, 0))}

    def still(slug: str) -> bool:
        """Whether the last build's weights key of an unchanged source still holds."""
        o = outlines[slug]
        return (prev is not None and prev.total == total and slug not in made and slug in prev.weights
                and not moved_terms & o.terms.keys() and not any(o.reads(g) for g in moved_grams))

    weights = {slug: prev.weights[slug] if still(slug) else weights_key(o, w) for slug, o in outlines.items()}
    result = Tally(okeys, outlines, grams, weights, total, dict(terms), context)
    if prev is None or (prev.keys, prev.weights, prev.total) != (okeys, weights, total):
        cache.store("align", TALLY, result)
    return result, w


def align_parts(docs: list[Document], topics: tuple[Topic, ...], rules: Rules, figure_groups: Optional[dict],
                cache, keys: dict[str, str], parts: list[str]) -> Alignment:
    """align_site from each source's features and each pair, read from `cache` where their keys are
    there; the keys used are added to `parts`."""
    order = {d.slug: i for i, d in enumerate(docs)}
    by_slug = {d.slug: d for d in docs}
    groups = frozenset(label for pairs in (figure_groups or {}).values() for label, _ in pairs)
    context = digest("compared", rules, sorted(groups))  # hashed once, not once per source
    compared_keys = {slug: digest(context, key) for slug, key in keys.items()}
    shelf = Shelf(lambda slug: describe([by_slug[slug]], topics, rules, figure_groups)[slug],
                  lambda rows: compared(rows, rules, groups), cache, compared_keys,
                  FEATURES_KEPT if cache.folder is not None else len(docs))
    parts += compared_keys.values()
    counted, w = tally(docs, shelf, cache, rules, groups, keys, parts)
    vectors = Vectors(shelf, w)
    related = related_sources({slug: o.terms for slug, o in counted.outlines.items()}, w, order)
    wanted: dict[tuple[str, str], float] = {}
    for slug, others in related.items():
        for other, score in others:
            key = tuple(sorted((slug, other), key=order.get))
            wanted[key] = max(wanted.get(key, 0.0), score)
    for p in rules.pins:
        if p.a in order and p.b in order:
            wanted.setdefault(tuple(sorted((p.a, p.b), key=order.get)), 0.0)
    memo: dict = {}

    def pair(a: str, b: str, score: float) -> tuple[Pair, str]:
        key = digest(keys[a], keys[b], counted.weights[a], counted.weights[b], rules_of(a, b, rules))
        parts.append(key)
        found = cache.memo("align", key, lambda: align_pair(a, b, shelf, w, vectors, rules, 0.0, memo))
        return replace(found, related=round(score, 3)), key

    made = [pair(a, b, score)
            for (a, b), score in sorted(wanted.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]]))]
    pairs = tuple(p for p, _ in made)
    return Alignment(pairs, listed(pairs, order), find_points(pairs, w, order, dict(rules.titles)),
                     merged_spellings((dict(counted.outlines[d.slug].spellings) for d in docs), rules),
                     w.groups, rules.aliases, tuple(key for _, key in made))


def feature_keys(docs: list[Document], topics: tuple[Topic, ...], rules: Rules,
                 figure_groups: Optional[dict] = None) -> dict[str, str]:
    """slug -> a key of everything its features read: its paragraphs, the vocabulary and its figure groups."""
    groups = figure_groups or {}
    common = digest("features", [(t.id, t.terms) for t in topics], sorted(rules.stop_terms), rules.terms, rules.names, rules.aliases)
    return {d.slug: digest(common, d.slug, d.source.kind, [(p.id, p.kind, p.text) for p in d.text.paragraphs],
                           sorted((pid, sorted(v)) for (slug, pid), v in groups.items() if slug == d.slug))
            for d in docs}


def weights_key(outline: Outline, w: Weights) -> str:
    """A key of the site-wide weights that aligning one source reads: the rarity of its terms,
    which of them can link, and the rarity of the bigrams of its sentences that name a point
    term (only those sentences are ever compared word by word). Another source's edit
    changes it only where it changes these, and rarity is read in rounded steps (`rounded`)."""
    grams = outline.compared.split("\n")[1:-1]
    h = hashlib.sha256(array("d", [w.bigram.get(g, 1.0) for g in grams]).tobytes())
    h.update(repr([(t, w.term.get(t), t in w.points, t in w.groups) for t in sorted(outline.terms)]).encode("utf-8"))
    return h.hexdigest()


def rules_of(a: str, b: str, rules: Rules) -> list:
    """The editors' rules that aligning two sources reads: their pins and exclusions, and the cue pairs."""
    pins = [p for p in rules.pins if {p.a, p.b} == {a, b}]
    excluded = sorted(e for e in rules.excluded if {e[0][0], e[1][0]} == {a, b})
    return [pins, excluded, rules.opposites]


def listed(pairs: tuple[Pair, ...], order: dict) -> dict[str, tuple[str, ...]]:
    """Each source's compared sources, closest first: both sources of every pair list it.

    A source's own RELATED most related sources are among them, and so is every source
    that counts it among its own: the relation is made symmetric, so a pair page is
    linked from both of its sources. Every pair adds one entry to two lists, so the
    lists hold at most 2 x RELATED entries per source on average (plus the editors' pins).
    """
    out: dict[str, list[tuple[float, int, str]]] = {slug: [] for slug in order}
    for p in pairs:
        out[p.a].append((-p.related, order[p.b], p.b))
        out[p.b].append((-p.related, order[p.a], p.a))
    return {slug: tuple(other for *_, other in sorted(others)) for slug, others in out.items()}


def spelled(doc: Document) -> dict[str, str]:
    """Each Latin name of one source, folded, -> as the source first writes it."""
    out: dict[str, str] = {}
    for p in doc.text.paragraphs:
        for m in _LATIN_ANY_CASE.finditer(normalise(p.text)):
            out.setdefault(m.group(0).lower(), m.group(0))
    return out


def merged_spellings(by_source, rules: Rules) -> dict[str, str]:
    """How each term is shown: as the editors wrote it, else a Latin name as the first source
    spells it. `by_source` holds each source's `spelled`, in site order."""
    out: dict[str, str] = {}
    for names in by_source:
        for name, written in names.items():
            out.setdefault(name, written)
    out.update(rules.shown)
    return out


def find_points(pairs: tuple[Pair, ...], w: Weights, order: dict, titles: Optional[dict] = None) -> tuple[Point, ...]:
    """Points at least MIN_SOURCES sources make: passages linked to each other through one rare shared term.

    Each candidate term gathers the paragraphs of every link that shares it; the broadest
    candidates are kept, unless their paragraphs are mostly those of a point already kept.
    """
    by_term: dict[str, list[tuple[Pair, Link]]] = defaultdict(list)
    for pair in pairs:
        for link in pair.links:
            for t in link.terms:
                if t in w.points:
                    by_term[t].append((pair, link))
    ranked = []
    for t, links in by_term.items():
        nodes = {(p.a, k.a_paragraph) for p, k in links} | {(p.b, k.b_paragraph) for p, k in links}
        sources = {s for s, _ in nodes}
        if len(sources) >= MIN_SOURCES:
            ranked.append((-len(sources), -sum(k.score for _, k in links), t, nodes, links))
    ranked.sort(key=lambda r: r[:3])
    points: list[Point] = []
    covered: set = set()
    for neg_sources, _, t, nodes, links in ranked:
        if len(nodes & covered) * 2 >= len(nodes):
            continue
        covered |= nodes
        together = Counter(x for _, k in links for x in k.terms if x != t and x not in w.common)
        label = (t,) + tuple(x for x, c in sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))
                             if c * 2 >= len(links))[:2]
        topics = Counter(k.topic for _, k in links if k.topic)
        topic = min(topics, key=lambda x: (-topics[x], x)) if topics else None
        where = tuple(sorted(nodes, key=lambda n: (order[n[0]], number(n[1]))))
        opposed = tuple((p.a, k) for p, k in links if k.relation == "opposite")
        # The sentence each paragraph made its links with, the one used most (the first on ties).
        used: dict = defaultdict(Counter)
        for p, k in links:
            used[(p.a, k.a_paragraph)][k.a_sentence] += 1
            used[(p.b, k.b_paragraph)][k.b_sentence] += 1
        sentences = tuple(min(used[n], key=lambda i: (-used[n][i], i)) for n in where)
        points.append(Point(label, topic, where, sentences, (titles or {}).get(t), opposed, -neg_sources))
    return tuple(points)


def figure_labels(claims, groups) -> dict:
    """(slug, paragraph id) -> {(label, figure)} for every figure in one of the editors' groups."""
    labels = {g.id: g.label["zh-Hans"] for g in groups}
    out: dict = {}
    for c in claims:
        if c.group in labels:
            out.setdefault((c.source, c.paragraph), set()).add((labels[c.group], c.text))
    return out


def align_all(docs: list[Document], topics: tuple[Topic, ...], rules: Rules, claims=(), groups=(),
              cache=None) -> Alignment:
    """align_site with the editors' figure groups, each source's features and each pair cached apart."""
    return align_site(docs, topics, rules, figure_labels(claims, groups), cache)
