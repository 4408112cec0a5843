"""The pages of the alignment: two sources side by side, and the points most sources make.

Views are plain values for templates/compare.html and templates/agreements.html;
render.py calls `keys` and `data_file` once per build and `plan_pages` once per script;
the pages and the data file are made later, by the write stage's workers.
"""
from __future__ import annotations

import hashlib
from typing import Callable, Optional

from markupsafe import Markup

from . import urls, views as listing
from .align import MIN_SOURCES, Alignment, Link, Pair, Point, fold
from .cache import Cache, digest
from .convert import to_script
from .data import Rows, dump
from .matrix import Scored, candidate, score
from .models import Document, Quote, Topic
from .sentences import split_sentences

REUSED = 20_000  # passages kept for reuse across pair pages, per script: about 8 MB
HOME_PAIRS = 20  # pairs listed on the home page; beyond that, each source page lists its own
POINT_CARDS = 6  # sources quoted under each point on the agreements page (and disagreements listed);
# a point more sources make has pages of its own, POINT_PAGE sources a page, each quoted
POINT_PAGE = urls.TOPIC_PAGE


def ordered(site, x: str, y: str) -> tuple[str, str]:
    """Two slugs in site order: the order of a pair page's name."""
    return (x, y) if site.order[x] <= site.order[y] else (y, x)


def shown(alignment: Alignment, term: str) -> str:
    """A term as a reader sees it: as the editors wrote it, or as the source did (DeepSeek)."""
    return alignment.shown.get(term, term)


class Views:
    """The view of every alignment page of one script."""

    def __init__(self, maker, alignment: Alignment, quotes: Optional[Callable] = None, paged: frozenset = frozenset()):
        self.maker, self.al, self.paged = maker, alignment, paged  # paged: the points with pages of their own
        # (k, c, point) -> point_quotes of the cth page of the kth point: made here, or read from the cache.
        self.quotes = quotes or (lambda k, c, point: point_quotes(self.site, alignment, point, point_pages(point)[c]))
        self.link_pairs = link_pairs(alignment)
        self.site, self.script, self.t = maker.site, maker.script, maker.t
        self.pairs = {(p.a, p.b): p for p in alignment.pairs}
        self.topics = {t.id: t for t in self.site.topics}
        # Made once per script and reused across pair pages: a source is on up to ten of them.
        self._passage = None
        self._unlinked: dict[tuple, object] = {}
        self._numbers: dict[str, dict[str, int]] = {}
        self._pieces: dict[tuple, list] = {}

    def terms(self, terms) -> list[str]:
        """Terms in this page's script; an editors' figure group reads as what it measures."""
        return [to_script((self.maker.ui["figure_is"] if t in self.al.groups else "") + shown(self.al, t),
                          "hans", self.script, self.site.conversion) for t in terms]

    def topic_label(self, topic_id):
        return self.topics[topic_id].label[self.maker.lang] if topic_id in self.topics else None

    def href(self, x: str, y: str) -> str:
        return urls.compare(*ordered(self.site, x, y), self.script)

    def related(self, slug: str) -> list[dict]:
        """The sources most related to `slug`, each with its pair page and how many places they meet."""
        out = []
        for other in self.al.related.get(slug, ()):
            pair = self.pairs.get(ordered(self.site, slug, other))
            if pair is not None:
                out.append({"source": self.maker.source_view(self.site.doc(other)), "href": self.href(slug, other),
                            "links": len(pair.links)})
        return out

    def home_pairs(self) -> list[dict]:
        """The pairs that meet most, for the home page: never a pair that meets nowhere.

        Such a pair still has its page, linked from both of its sources' pages: the two
        are related, and can be read side by side, even where no passage links."""
        ranked = sorted((p for p in self.al.pairs if p.links),
                        key=lambda p: (-len(p.links), self.site.order[p.a], self.site.order[p.b]))
        return [{"a": self.maker.source_view(self.site.doc(p.a)), "b": self.maker.source_view(self.site.doc(p.b)),
                 "href": self.href(p.a, p.b), "links": len(p.links)} for p in ranked[:HOME_PAIRS]]

    def link_view(self, n: int, pair: Pair, link: Link, number: dict) -> dict:
        return {"n": n, "a": link.a_paragraph, "b": link.b_paragraph,
                "a_number": number[pair.a][link.a_paragraph], "b_number": number[pair.b][link.b_paragraph],
                "relation": link.relation, "terms": self.terms(link.terms), "topic": self.topic_label(link.topic),
                "chosen": link.chosen}

    def pair_page(self, pair: Pair) -> tuple[str, bytes]:
        path = self.href(pair.a, pair.b)
        docs = {s: self.site.doc(s) for s in (pair.a, pair.b)}
        number = {s: self.numbers(d) for s, d in docs.items()}
        links = [self.link_view(n, pair, k, number) for n, k in enumerate(pair.links, 1)]
        sides = {"a": self.maker.source_view(docs[pair.a]), "b": self.maker.source_view(docs[pair.b])}
        columns = []
        for side, other_side, slug in (("a", "b", pair.a), ("b", "a", pair.b)):
            doc = docs[slug]
            col = {"side": side, "other": other_side, "source": sides[side]}
            mine, marked = {}, {}
            for link, k in zip(links, pair.links):
                mine.setdefault(link[side], []).append(link)
                marked.setdefault(link[side], set()).add(k.a_sentence if side == "a" else k.b_sentence)
            passages = []
            for p in doc.text.paragraphs:
                if p.id in mine:
                    view = self.passage_view(doc, side, p, number[slug][p.id], marked[p.id], mine[p.id])
                    passages.append(self.passage()(view, col, sides, self.maker.ui, lambda to: urls.relative(path, to)))
                else:
                    passages.append(self.unlinked(doc, side, p, path))
            columns.append({**col, "passages": Markup("").join(passages)})
        title = f"{sides['a']['outlet']} × {sides['b']['outlet']}"
        return self.maker.render("compare.html", path, title, links=links, columns=columns, sides=sides)

    def passage(self):
        """The macro of templates/passage.html: one passage of a pair page."""
        if self._passage is None:
            self._passage = self.maker.env.get_template("passage.html").module.passage
        return self._passage

    def passage_view(self, doc, side: str, p, number: int, marked: set, links: list) -> dict:
        return {"id": p.id, "anchor": f"{side}-{p.id}", "number": number, "kind": p.kind,
                "pieces": self.pieces(p.text, doc, marked), "links": links,
                "href": urls.source(doc.slug, self.script) + "#" + p.id}

    def unlinked(self, doc, side: str, p, path: str):
        """A passage that links nowhere, made once per source, side and folder of pair pages:
        it reads the same on every pair page of its source."""
        key = (doc.slug, side, p.id, path.rpartition("/")[0])
        html = self._unlinked.get(key)
        if html is None:
            if len(self._unlinked) >= REUSED:
                self._unlinked.clear()  # a bound on memory at scale; pages come in site order, so little is lost
            view = self.passage_view(doc, side, p, self.numbers(doc)[p.id], set(), [])
            html = self._unlinked[key] = self.passage()(view, {"side": side}, {}, self.maker.ui,
                                                        lambda to: urls.relative(path, to))
        return html

    def numbers(self, doc) -> dict[str, int]:
        """Paragraph id -> its number on the source page, from 1."""
        found = self._numbers.get(doc.slug)
        if found is None:
            found = self._numbers[doc.slug] = {p.id: i for i, p in enumerate(doc.text.paragraphs, 1)}
        return found

    def pieces(self, text: str, doc, marked: set) -> list[tuple[str, bool]]:
        """A paragraph in this page's script, cut into (text, marked): the sentences that made a link are marked."""
        key = (text, doc.source.kind, doc.source.script, frozenset(marked - {-1}))
        found = self._pieces.get(key)
        if found is None:
            if len(self._pieces) >= REUSED:
                self._pieces.clear()
            found = self._pieces[key] = self._cut(text, doc, marked)
        return found

    def _cut(self, text: str, doc, marked: set) -> list[tuple[str, bool]]:
        if not marked - {-1}:
            return [(self.t(text, doc.source.script), False)]
        out, at = [], 0
        for i, s in enumerate(split_sentences(text, doc.source.kind)):
            if i in marked:
                out += [(text[at:s.start], False), (text[s.start:s.end], True)]
                at = s.end
        out.append((text[at:], False))
        return [(self.t(piece, doc.source.script), flag) for piece, flag in out if piece]

    def point_cards(self, k: int, c: int, point: Point) -> list[dict]:
        """The sources of the `c`th page (from 0) of the `k`th point that can be quoted on it, each with its quotes."""
        cards = []
        for slug, kept in self.quotes(k, c, point):
            doc = self.site.doc(slug)
            number = self.numbers(doc)
            quotes = [{"text": self.t(q.display, doc.source.script), "number": number[pid],
                       "href": urls.source(slug, self.script) + "#" + pid} for pid, q in kept]
            cards.append({"source": self.maker.source_view(doc), "quotes": quotes})
        return cards

    def opposed_view(self, opposed) -> list[dict]:
        out = []
        for a, link in opposed:
            pair = self.link_pairs[(a, link)]
            out.append({"a": self.maker.source_view(self.site.doc(pair.a)),
                        "b": self.maker.source_view(self.site.doc(pair.b)),
                        "href": self.href(pair.a, pair.b) + f"#link-{pair.links.index(link) + 1}"})
        return out

    def point_view(self, point: Point, k: int, cards: list[dict], opposed, quoted: int) -> dict:
        """The `k`th point as the agreements page and its own pages show it in this script.
        `quoted`: how many of its sources its first page quotes."""
        title = self.t(point.title, "hans") if point.title else "、".join(self.terms(point.label))
        return {"id": point_id(point), "number": k + 1, "title": title, "label": self.terms(point.label),
                "topic": self.topic_label(point.topic), "cards": cards, "opposed": self.opposed_view(opposed),
                # Past one page of sources, not every source has been quoted yet: count what the alignment found.
                "sources": quoted if len(point_pages(point)) == 1 else point.sources,
                "href": urls.point(point_id(point), self.script) if k in self.paged else None}

    def agreements_page(self) -> tuple[str, bytes]:
        """The points most sources make: each with the first POINT_CARDS sources' quotes and
        disagreements, and a link to the point's own pages when there are more."""
        points = []
        for k, point in enumerate(self.al.points):
            cards = self.point_cards(k, 0, point)
            # A point whose sources cannot be quoted whole is not shown as made by three or more.
            if len(cards) < MIN_SOURCES and len(point_pages(point)) == 1:
                continue
            points.append(self.point_view(point, k, cards[:POINT_CARDS], point.opposed[:POINT_CARDS], len(cards)))
        return self.maker.render("agreements.html", urls.agreements(self.script), self.maker.ui["agreements"],
                                 points=points)

    def point_page(self, k: int, c: int) -> tuple[str, bytes]:
        """Page `c` (from 0) of the `k`th point: every source on it quoted, and the disagreements they take part in."""
        point = self.al.points[k]
        pages = point_pages(point)
        cards = self.point_cards(k, c, point)
        view = self.point_view(point, k, cards, opposed_among(point, pages[c]), len(cards))
        path = urls.point(view["id"], self.script, c + 1)
        return self.maker.render("point.html", path, view["title"], point=view,
                                 pager=listing.pager(c + 1, len(pages), lambda n: urls.point(view["id"], self.script, n)))


POINT = "point"  # the id of the stand-in topic a point's terms make


def point_id(point: Point) -> str:
    """A point's stable ASCII id, for its pages' names: from its first term, which no other point has."""
    return "p" + hashlib.sha1(point.label[0].encode("utf-8")).hexdigest()[:10]


def point_pages(point: Point) -> list[tuple[str, ...]]:
    """The sources that make a point, in site order, POINT_PAGE a page."""
    slugs = tuple(dict.fromkeys(slug for slug, _ in point.where))
    return [slugs[i:i + POINT_PAGE] for i in range(0, len(slugs), POINT_PAGE)] or [()]


def opposed_among(point: Point, slugs) -> list[tuple[str, Link]]:
    """The disagreements of a point that a page of it lists: those whose first source is on the page."""
    slugs = set(slugs)
    return [o for o in point.opposed if o[0] in slugs]


def paged(site, alignment: Alignment, hashed: dict, cache: Cache) -> frozenset[int]:
    """The points (by index) that have pages of their own: those the agreements page cannot
    show whole, with more quotable sources or disagreements than it lists. A point of more
    than one page of sources always has them; for a point of one page, deciding reads its
    quotes (cached: its page and the agreements page reuse them)."""
    out = set()
    for k, point in enumerate(alignment.points):
        pages = point_pages(point)
        if len(pages) > 1 or len(point.opposed) > POINT_CARDS or (
                point.sources > POINT_CARDS and len(quote_page(site, alignment, point, 0, hashed["quotes"][k][0], cache))
                > POINT_CARDS):
            out.add(k)
    return frozenset(out)


def quote_page(site, alignment: Alignment, point: Point, c: int, key: str, cache: Cache):
    """point_quotes of the sources on the `c`th page of a point, cached under `key`."""
    return cache.memo("quote", key, lambda: point_quotes(site, alignment, point, point_pages(point)[c]))


def point_quotes(site, alignment: Alignment, point: Point,
                 slugs=None) -> tuple[tuple[str, tuple[tuple[str, Quote], ...]], ...]:
    """Who says a point, and in what words, in the sources' own script: for each source
    (of `slugs`, or all) that can be quoted on it, in order, its (paragraph id, quote) pairs.

    Reads only the point, the editors' other wordings and the quoted sources' texts, so
    both scripts' pages, and the next build's, can share it."""
    by_source: dict[str, list[tuple[str, int]]] = {}
    for (slug, pid), i in zip(point.where, point.sentences or [-1] * len(point.where)):
        if slugs is None or slug in slugs:
            by_source.setdefault(slug, []).append((pid, i))
    terms = point_terms(point.label, alignment.aliases)
    out = []
    for slug, made in by_source.items():
        doc = site.doc(slug)
        found = [(pid, point_quote(doc, pid, i, terms)) for pid, i in made]
        # A bullet label speaks for a source only where none of its prose does: its
        # linked passages first, then any prose paragraph that names the point.
        prose = [(pid, q) for pid, q in found if q is not None and not q[1]] or prose_on(doc, terms)
        kept = prose or [(pid, q) for pid, q in found if q is not None]
        if kept:
            out.append((slug, tuple((pid, q) for pid, (q, _) in kept)))
    return tuple(out)


def point_terms(label: tuple[str, ...], aliases) -> Topic:
    """A point's terms, with every other wording of them, as a topic the matrix's quote rules can score."""
    terms = set(label) | {variant for variant, term in aliases if term in label}
    return Topic(POINT, {}, {}, tuple((t, 1.0) for t in sorted(terms)))


def prose_on(doc: Document, terms: Topic) -> list[tuple[str, tuple[Quote, bool]]]:
    """The first prose passage of a document that names a point's terms and reads alone, if any."""
    for p in doc.text.paragraphs:
        if p.kind == "paragraph" and score(fold(p.text), terms) > 0:
            found = point_quote(doc, p.id, -1, terms)
            if found is not None and not found[1]:
                return [(p.id, found)]
    return []


def point_quote(doc: Document, pid: str, index: int, terms: Topic) -> Optional[tuple[Quote, bool]]:
    """The passage of a paragraph that makes a point, as a quote that reads alone, and whether it is a
    bullet label; None when no sentence of the paragraph can stand alone.

    The matrix's rules decide (matrix.candidate): whole sentences with their quotation
    marks closed; a sentence that opens with 该报, 他写道, 这, 此外... takes the sentence it
    points back to, or loses its leading clauses (marked ……), or gives way. The sentence
    the links were made with comes first, then the others that name the point's terms.
    """
    para = doc.paragraph(pid)
    sentences = split_sentences(para.text, doc.source.kind)
    scored = [Scored(pid, k, s, {POINT: score(fold(s.text), terms)}) for k, s in enumerate(sentences)]
    tried = [index] if 0 <= index < len(sentences) else []
    tried += sorted((k for k in range(len(scored)) if k != index and scored[k].scores[POINT] > 0),
                    key=lambda k: (-scored[k].scores[POINT], k))
    for k in tried:
        # What is left of a cut sentence must still name one of the point's terms, where it named one.
        c = candidate(doc, {pid: para.kind}, scored, k, terms, min(1.0, scored[k].scores[POINT]))
        if c is not None:
            text = para.text[c.start:c.end]
            if not c.cut:
                text = text.rstrip("，；、,; ")  # a spoken unit may end on a comma
            return Quote(text, pid, "auto", c.cut), c.label
    return None


def keys(alignment: Alignment, fingerprint: dict) -> dict:
    """What each page of the alignment shows, hashed once per build for both scripts: each
    pair by its key, each point, what each page of each point quotes (the point, the other
    wordings, and its sources' fingerprints), and how terms are shown."""
    # A pair's cache key already hashes all that aligning it read: with its `related`, it
    # stands for the pair, and the pair's links need not be walked again.
    assert len(alignment.keys) == len(alignment.pairs), "an alignment without its pairs' keys"
    pairs = {(p.a, p.b): digest("pair", key, p.related) for p, key in zip(alignment.pairs, alignment.keys)}
    quotes = [[digest("point quotes", p, alignment.aliases, [fingerprint[s] for s in slugs]) for slugs in point_pages(p)]
              for p in alignment.points]
    return {"pairs": pairs, "quotes": quotes, "points": [digest(p) for p in alignment.points],
            "terms": digest(sorted(alignment.shown.items()), sorted(alignment.groups))}


def link_pairs(alignment: Alignment) -> dict:
    """(slug a, link) -> the first pair that link belongs to: where a point's disagreements lead."""
    out: dict = {}
    for pair in alignment.pairs:
        for link in pair.links:
            if link.relation == "opposite":
                out.setdefault((pair.a, link), pair)
    return out


def plan_pages(maker, alignment: Alignment, fingerprint: dict, hashed: dict,
               cache: Cache = Cache(None)) -> list[tuple]:
    """Every pair page, the agreements page and each point's pages, of one script: (path,
    what it shows, make). `hashed` is keys(alignment, fingerprint). The quotes of each page
    of a point are cached under its key there: both scripts and the next build share them,
    and an edit quotes again only the pages of points it touches."""
    site = maker.site
    quoted = hashed["quotes"]
    cache.keep("quote", [key for keys in quoted for key in keys])  # made by the workers that render the pages

    def quotes(k: int, c: int, point: Point):
        return quote_page(site, alignment, point, c, quoted[k][c], cache)

    views = Views(maker, alignment, quotes, hashed["paged"])
    plan = []
    for pair in alignment.pairs:
        plan.append((urls.compare(*ordered(site, pair.a, pair.b), maker.script),
                     [hashed["pairs"][(pair.a, pair.b)], fingerprint[pair.a], fingerprint[pair.b]],
                     lambda pair=pair: views.pair_page(pair)))

    def opposed(shown) -> list:
        """What a page shows of a point's disagreements: their pairs, and the two sources' fingerprints."""
        return [[hashed["pairs"][(p.a, p.b)], fingerprint[p.a], fingerprint[p.b]]
                for p in (views.link_pairs[o] for o in shown)]

    overview = []
    for k, point in enumerate(alignment.points):
        pages = point_pages(point)
        overview.append([hashed["points"][k], quoted[k][0], opposed(point.opposed[:POINT_CARDS])])
        for c, slugs in enumerate(pages if k in hashed["paged"] else ()):
            plan.append((urls.point(point_id(point), maker.script, c + 1),
                         [k, hashed["points"][k], quoted[k][c], hashed["terms"], opposed(opposed_among(point, slugs))],
                         lambda k=k, c=c: views.point_page(k, c)))
    plan.append((urls.agreements(maker.script), [overview, hashed["terms"]], views.agreements_page))
    return plan


def paths(alignment: Alignment, script: str, site, paged: frozenset = frozenset()) -> list[str]:
    """Every page of the alignment in one script, for the sitemap; `paged` as in `paged`."""
    points = [urls.point(point_id(p), script, c) for k, p in enumerate(alignment.points) if k in paged
              for c in range(1, len(point_pages(p)) + 1)]
    return [urls.compare(*ordered(site, p.a, p.b), script) for p in alignment.pairs] + [urls.agreements(script)] + points


def data_file(alignment: Alignment) -> dict:
    """build/data/alignments.json: path -> a function that makes its bytes, as data.site_records."""
    return {"data/alignments.json": lambda: dump({
        "pairs": Rows(lambda: ({"a": p.a, "b": p.b, "links": [
            {"a_paragraph": k.a_paragraph, "b_paragraph": k.b_paragraph, "relation": k.relation, "score": k.score,
             "terms": [shown(alignment, t) for t in k.terms], "topic": k.topic, "chosen": k.chosen}
            for k in p.links]} for p in alignment.pairs)),
        "claims": Rows(lambda: ({"label": c.title or "、".join(shown(alignment, t) for t in c.label),
                                 "terms": [shown(alignment, t) for t in c.label], "topic": c.topic,
                                 "where": [{"source": s, "paragraph": pid} for s, pid in c.where]}
                                for c in alignment.points)),
        "related": {slug: list(others) for slug, others in alignment.related.items()},
    })}



def about_sources(alignment, site, fingerprint: dict) -> dict[str, list]:
    """What each source page shows of the alignment: its related sources and where they meet (a cache key)."""
    if alignment is None:
        return {}
    pairs = {(p.a, p.b): p for p in alignment.pairs}
    out = {}
    for slug, others in alignment.related.items():
        out[slug] = [(fingerprint[o], len(pairs[ordered(site, slug, o)].links))
                     for o in others if ordered(site, slug, o) in pairs]
    return out


def about_pairs(alignment, site, number: int, fingerprint: dict) -> list:
    """What the home page shows of the alignment (a cache key)."""
    if alignment is None or number != 1:
        return []
    return [(fingerprint[p.a], fingerprint[p.b], len(p.links)) for p in alignment.pairs]
