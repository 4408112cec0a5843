"""Jinja environment and one function per page kind; every page in both scripts.

Pure apart from reading templates through Jinja's loader: takes models, returns a
plan of every output file (path, key, how to make it) that the write stage carries
out. Templates hold the markup; views.py prepares what they show.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import jinja2
import markupsafe

from . import cards, compare, data, urls
from .cache import Cache, code_version, digest
from .convert import NO_TABLE, ConversionTable, to_script
from .errors import ContentError
from .load import SiteConfig
from .matrix import highlight
from .models import Cell, Document, Page, Topic
from .pages import render_markdown
from .search import shard_dir
from .search import shard_of as search_shard_of
from .ui import UI
from .views import CONFIGS, Converter, Site, all_paths, date_label, pager, record_view, segments

TEMPLATES = ("base.html", "macros.html", "home.html", "matrix.html", "source.html", "topic.html", "figures.html",
             "search.html", "cell.html", "page.html", "root.html", "404.html", "sitemap.xml", "compare.html",
             "passage.html", "agreements.html", "point.html", "share.html", "cards.html", "nav.html", "footer.html")


def make_env(templates: Path) -> jinja2.Environment:
    """The Jinja environment (autoescape on, StrictUndefined), every template parsed up front."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["date"] = date_label
    # What every rendered page depends on besides its data: the templates' source.
    env.globals["templates_digest"] = digest(
        [(p.name, p.read_bytes()) for p in sorted(templates.glob("*")) if p.is_file()])
    for name in TEMPLATES:
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound:
            raise ContentError(str(templates / name), "template missing; restore it from the project") from None
        except jinja2.TemplateSyntaxError as e:
            raise ContentError(e.filename or str(templates / name), f"template error: {e.message}",
                               e.lineno) from None
    return env


class PageMaker:
    """Renders every page of one script."""

    def __init__(self, env: jinja2.Environment, site: Site, script: str, fonts=None):
        self.env, self.site, self.script = env, site, script
        self.fonts = fonts  # the share cards' faces; None when no cards are drawn
        self.t = Converter(script, site.conversion)  # t(text, src): `text`, written in `src`, in this page's script
        self.ui = {k: to_script(v, "hans", script, site.conversion) for k, v in UI.items()}
        self.lang = urls.LANG[script]
        self.aligned = compare.Views(self, site.alignment) if site.alignment else None
        # Views shared by many pages are prepared once per script (a source appears in
        # its cells, the matrix, topic pages, figure rows...), and claims are grouped
        # once, so that every page costs what it shows, not what the site holds.
        self._source_views: dict[str, dict] = {}
        self._cell_views: dict[tuple[str, str], dict] = {}
        self.claims_at: dict[tuple, list] = {}  # (topic id or None, slug) -> claims, in source order
        self.claims_in: dict[str, list] = {}  # figure group id -> claims
        for c in site.claims:
            self.claims_at.setdefault((c.topic, c.source), []).append(c)
            if c.group is not None:
                self.claims_in.setdefault(c.group, []).append(c)
        self.quotes_total = sum(len(c.quotes) for c in site.cells.values())
        self._chrome: dict[tuple[str, str], dict] = {}
        self._nav_targets = {urls.matrix(script), urls.search(script), urls.figures(script),
                             urls.agreements(script), urls.page("about", script)}
        self._nav_targets |= {urls.topic(t.id, script) for t in site.topics}

    def render(self, template: str, path: str, title: str, **ctx) -> tuple[str, bytes]:
        """One page: the template with the context every page shares."""
        other = "hant" if self.script == "hans" else "hans"
        base = self.site.config.base_url
        shared = self.shared(path)
        try:
            html = self.env.get_template(template).render(
                title=title, other_script=other, other_lang=urls.LANG[other],
                counterpart=self.counterpart(path, other), absolute=base + path,
                alternates=[(urls.LANG[s], base + self.counterpart(path, s)) for s in urls.SCRIPTS],
                chrome=self.chrome(path, shared), **shared, **ctx)
        except jinja2.TemplateError as e:
            raise ContentError(f"templates/{template}", f"template error while rendering {path}: {e}") from None
        return path, html.encode("utf-8")

    def shared(self, path: str) -> dict:
        """What every template may use: the page's place, script and words, and links from it."""
        return {"path": path, "lang": self.lang, "script": self.script, "ui": self.ui, "topics": self.site.topics,
                "site_title": self.site.config.title[self.lang], "rel": lambda to: urls.relative(path, to),
                "urls": urls, "dev": self.site.dev, "label": lambda topic: topic.label[self.lang]}

    def chrome(self, path: str, shared: dict) -> dict:
        """The navigation and footer around a page, rendered once per folder: their links
        depend only on the folder, and the navigation marks its own pages as current."""
        folder = path.rpartition("/")[0]
        key = (folder, path if path in self._nav_targets else "")
        parts = self._chrome.get(key)
        if parts is None:
            try:
                # Set in on a line of its own in base.html: the file's last newline is not part of it.
                parts = {name: markupsafe.Markup(self.env.get_template(f"{name}.html").render(**shared).removesuffix("\n"))
                         for name in ("nav", "footer")}
            except jinja2.TemplateError as e:
                raise ContentError("templates/nav.html or footer.html", f"template error while rendering {path}: {e}") from None
            self._chrome[key] = parts
        return parts

    def counterpart(self, path: str, script: str) -> str:
        """The same page in `script`."""
        return path.replace(urls.script_dir(self.script) + "/", urls.script_dir(script) + "/", 1)

    def source_view(self, doc: Document) -> dict:
        """What pages show of a source: metadata, length and links (prepared once per script)."""
        view = self._source_views.get(doc.slug)
        if view is None:
            view = self._source_views[doc.slug] = self._source_view(doc)
        return view

    def _source_view(self, doc: Document) -> dict:
        s = doc.source
        group = self.site.group(s.slug)
        return {"slug": s.slug, "title": self.t(s.title, s.script), "outlet": self.t(s.outlet, s.script),
                "author": self.t(s.author, s.script), "published": s.published, "kind": s.kind,
                "script": s.script, "lang": urls.LANG[s.script], "url": s.url, "title_editorial": s.title_editorial,
                "chars": sum(len(p.text) for p in doc.text.paragraphs), "converted": s.script != self.script,
                "config": CONFIGS.get((s.script, self.script)), "href": urls.source(s.slug, self.script),
                "original_href": urls.source(s.slug, s.script), "group": group,
                "matrix_href": urls.matrix(self.script, group)}

    def cell_view(self, cell: Cell) -> dict:
        """What pages show of a cell: its quotes, its source, its links (prepared once per script)."""
        view = self._cell_views.get((cell.topic, cell.source))
        if view is None:
            view = self._cell_views[(cell.topic, cell.source)] = self._cell_view(cell)
        return view

    def _cell_view(self, cell: Cell) -> dict:
        doc = self.site.doc(cell.source)
        topic = next(t for t in self.site.topics if t.id == cell.topic)
        quotes = [{"text": self.t(q.display, doc.source.script), "paragraph": q.paragraph, "chosen": q.chosen,
                   "pieces": highlight(self.t(q.display, doc.source.script), topic),
                   "href": urls.source(doc.slug, self.script) + "#" + q.paragraph} for q in cell.quotes]
        return {"id": urls.cell_id(cell.topic, cell.source), "status": cell.status, "quotes": quotes,
                "lead": cell.lead,
                "source": self.source_view(doc), "href": urls.cell(cell.topic, cell.source, self.script),
                "original_href": urls.cell(cell.topic, cell.source, doc.source.script),
                "anchor": urls.cell_anchor(cell.topic, cell.source, self.script, self.site.group(cell.source))}

    def rows(self, docs) -> list[dict]:
        return [{"topic": topic, "cells": [self.cell_view(self.site.cells[(topic.id, d.slug)]) for d in docs]}
                for topic in self.site.topics]

    def figure_rows(self, claims) -> list[dict]:
        labels = {g.id: g.label[self.lang] for g in self.site.groups}
        rows = []
        for c in claims:
            doc = self.site.doc(c.source)
            rows.append({"source": self.source_view(doc), "group": labels.get(c.group),
                         "text": self.t(c.text, doc.source.script), "context": self.t(c.context, doc.source.script),
                         "href": urls.source(c.source, self.script) + "#" + c.paragraph})
        return rows

    # --- one function per page kind ---------------------------------------------

    def home(self, number: int = 1) -> tuple[str, bytes]:
        total, first = urls.page_count(len(self.site.docs), urls.LIST_PAGE), number == 1
        # Only the first page shows the matrix at a glance, the totals and the pairs.
        glance = self.site.chunk(urls.MATRIX_GROUP, 1) if first else ()
        return self.render("home.html", urls.home(self.script, number), self.site.config.title[self.lang],
                           sources=[self.source_view(d) for d in self.site.chunk(urls.LIST_PAGE, number)],
                           rows=self.rows(glance) if first else [], first=first,
                           glance=[self.source_view(d) for d in glance],
                           description=self.site.config.description[self.lang],
                           pairs=self.aligned.home_pairs() if self.aligned and number == 1 else [],
                           pager=pager(number, total, lambda n: urls.home(self.script, n)),
                           groups=urls.page_count(len(self.site.docs), urls.MATRIX_GROUP),
                           stats={"sources": len(self.site.docs), "topics": len(self.site.topics),
                                  "quotes": self.quotes_total})

    def matrix(self, group: int = 1, full: bool = False) -> tuple[str, bytes]:
        """One group of the matrix: lead quotes at a glance, or (`full`) every quote in full."""
        docs = self.site.chunk(urls.MATRIX_GROUP, group)
        total = urls.page_count(len(self.site.docs), urls.MATRIX_GROUP)
        url = urls.matrix_full if full else urls.matrix
        return self.render("matrix.html", url(self.script, group), self.ui["matrix_full" if full else "matrix"],
                           sources=[self.source_view(d) for d in docs], rows=self.rows(docs), full=full,
                           other_view=(urls.matrix if full else urls.matrix_full)(self.script, group),
                           pager=pager(group, total, lambda n: url(self.script, n)))

    def source(self, doc: Document) -> tuple[str, bytes]:
        spans: dict[str, list[tuple[int, int, str]]] = {}
        quoted = []  # per topic: the cell, and the paragraphs it quotes (id, number), for the side panel
        number = {p.id: i for i, p in enumerate(doc.text.paragraphs, 1)}
        for topic in self.site.topics:
            cell = self.site.cells[(topic.id, doc.slug)]
            for q in cell.quotes:
                start = doc.paragraph(q.paragraph).text.find(q.text)
                spans.setdefault(q.paragraph, []).append((start, start + len(q.text), topic.id))
            quoted.append({"topic": topic, "cell": self.cell_view(cell),
                           "paragraphs": [(pid, number[pid]) for pid in dict.fromkeys(q.paragraph for q in cell.quotes)]})
        by_id = {t.id: t for t in self.site.topics}
        paragraphs = []
        for p in doc.text.paragraphs:
            pieces = segments(p.text, spans.get(p.id, []))
            topics = sorted({t for _, ts in pieces for t in ts}, key=list(by_id).index)
            paragraphs.append({"id": p.id, "kind": p.kind, "topics": [by_id[t] for t in topics],
                               "pieces": [(self.t(text, doc.source.script), [by_id[t] for t in ts])
                                          for text, ts in pieces]})
        return self.render("source.html", urls.source(doc.slug, self.script),
                           self.t(doc.source.title, doc.source.script), source=self.source_view(doc),
                           paragraphs=paragraphs, quoted=quoted, record=record_view(doc.text),
                           related=self.aligned.related(doc.slug) if self.aligned else [],
                           encoding=doc.seed.encoding, controls=doc.seed.controls, og=self.source_og(doc))

    def source_og(self, doc: Document) -> dict | None:
        """The share image of a source: its card, described by its title and outlet."""
        s = doc.source
        alt = f"{self.t(s.title, s.script)} — {self.t(s.outlet, s.script)}"
        return cards.og_image(self.site.config, self.fonts, cards.source_card(s.slug, self.script), alt)

    def topic(self, topic: Topic, number: int = 1) -> tuple[str, bytes]:
        docs = self.site.chunk(urls.TOPIC_PAGE, number)
        total = urls.page_count(len(self.site.docs), urls.TOPIC_PAGE)
        return self.render("topic.html", urls.topic(topic.id, self.script, number), topic.label[self.lang],
                           topic=topic, cells=[self.cell_view(self.site.cells[(topic.id, d.slug)]) for d in docs],
                           figures=self.figure_rows([c for d in docs for c in self.claims_at.get((topic.id, d.slug), ())]),
                           pager=pager(number, total, lambda n: urls.topic(topic.id, self.script, n)))

    def figures(self, number: int = 1) -> tuple[str, bytes]:
        """Every figure of a topic page's worth of sources, by topic; the first page also holds
        the editors' groups, where sources measure the same thing. One page per chunk keeps
        the page readable at any size of site, and an edit renders one page again, not all."""
        docs = self.site.chunk(urls.TOPIC_PAGE, number)
        total = urls.page_count(len(self.site.docs), urls.TOPIC_PAGE)

        def on(topic_id):
            return [c for d in docs for c in self.claims_at.get((topic_id, d.slug), ())]

        tables = [{"topic": t, "rows": self.figure_rows(on(t.id))} for t in self.site.topics]
        tables.append({"topic": None, "rows": self.figure_rows(on(None))})
        groups = [{"label": g.label[self.lang], "rows": self.figure_rows(self.claims_in.get(g.id, []))}
                  for g in self.site.groups] if number == 1 else []
        return self.render("figures.html", urls.figures(self.script, number), self.ui["figures"],
                           tables=[t for t in tables if t["rows"]], groups=groups,
                           pager=pager(number, total, lambda n: urls.figures(self.script, n)))

    def cell(self, cell: Cell, topic: Topic) -> tuple[str, bytes]:
        view = self.cell_view(cell)
        # A pasted link names who said it: 「topic」 · outlet · title.
        title = f"「{topic.label[self.lang]}」 · {view['source']['outlet']} · {view['source']['title']}"
        first = view["quotes"][cell.lead]["text"] if view["quotes"] else self.ui["not_discussed_long"]
        lead, doc = cards.lead_quote(cell), self.site.doc(cell.source)
        og = (cards.og_image(self.site.config, self.fonts, cards.cell_card(topic.id, cell.source, self.script),
                             self.t(lead.text, doc.source.script)) if lead else self.source_og(doc))
        return self.render("cell.html", view["href"], title, topic=topic, cell=view, description=first, og=og)

    def page(self, page: Page) -> tuple[str, bytes]:
        body = render_markdown(page.body, convert=lambda text: self.t(text, page.script))
        title = page.title.get(self.lang) or self.t(next(iter(page.title.values())), page.script)
        return self.render("page.html", urls.page(page.slug, self.script), title, body=body,
                           converted=page.script != self.script, original_script=page.script,
                           original_href=urls.page(page.slug, page.script),
                           config=CONFIGS.get((page.script, self.script)))

    def search(self, shards: list[str]) -> tuple[str, bytes]:
        return self.render("search.html", urls.search(self.script), self.ui["search"], shards=shards)


@dataclass(frozen=True, slots=True)
class Planned:
    """One output file, not yet made."""

    path: str  # relative to the site root
    key: Optional[str]  # a hash of everything the file shows; None: made on every build
    make: Callable[[], bytes]  # renders the file
    shard: Optional[int] = None  # the search shard a source page belongs to
    # A hash of what search indexes of the page (its data-pagefind-body and title): a
    # shard is indexed again only when this changes, not when, say, a related source's
    # title does. None: the page's key.
    index_key: Optional[str] = None
    # Made in the build process, not in a worker: a file that reads every source (the data
    # files, the sitemap) would touch every object a worker shares with the build, and the
    # system would copy each page of memory it touches.
    here: bool = False


def plan_site(env: jinja2.Environment, config: SiteConfig, docs: list[Document], topics: list[Topic],
              cells: list[Cell], pages: list[Page], static: dict[str, bytes], dev: bool = False,
              claims=(), groups=(), alignment=None, conversion: ConversionTable = NO_TABLE, fonts=None,
              shard_of: Callable[[int], int] = search_shard_of, cache: Cache = Cache(None)) -> list[Planned]:
    """Every output file as a plan: its path, the key of what it shows, and how to make it.

    A page's key combines the fingerprints of the sources it shows with what every page
    shows (templates, topics, site settings, the list of sources). The write stage
    reuses the previous site's file wherever the key is unchanged, so editing one
    source renders its own pages and the pages that list it, and nothing else.
    """
    site = Site(config, tuple(docs), tuple(topics), {(c.topic, c.source): c for c in cells}, tuple(pages), dev,
                {d.slug: i for i, d in enumerate(docs)}, tuple(claims), tuple(groups), alignment, conversion)

    # What a source contributes to any page that shows it: its metadata, seed, cleaned
    # text and record, its cells on every topic and its figures. The cleaned text is a
    # pure function of the seed's bytes and the source's rules (and the code, which every
    # key holds), so the seed's hash stands for it: nothing re-reads the whole text.
    claims_of: dict[str, list] = {d.slug: [] for d in docs}
    for c in claims:
        claims_of[c.source].append(c)
    fingerprint = {d.slug: digest(d.source, d.seed.name, d.seed.encoding, d.seed.sha256,
                                  [site.cells[(t.id, d.slug)] for t in topics], claims_of[d.slug])
                   for d in docs}

    def about(chunk) -> list:
        return [fingerprint[d.slug] for d in chunk]

    # The sources whose figures the editors grouped: the first figures page shows them.
    in_groups = {c.source for c in claims if c.group}
    grouped = [d for d in docs if d.slug in in_groups]

    plan: list[Planned] = []
    n = len(docs)
    quotes_total = sum(len(c.quotes) for c in cells)
    makers = {script: PageMaker(env, site, script, fonts) for script in urls.SCRIPTS}
    bases = {script: digest(code_version(), env.globals["templates_digest"], config, site.topics, script, dev,
                            bool(fonts), [d.slug for d in docs], [(p.slug, p.title) for p in pages], site.groups,
                            conversion)
             for script in urls.SCRIPTS}
    shards = sorted({shard_of(i) for i in range(n)})

    def now(path: str, make: Callable[[], bytes]) -> None:
        plan.append(Planned(path, None, make))

    # Source pages first, both scripts of a source together: each search shard is
    # whole early, and is indexed while the rest of the site is rendered.
    related = compare.about_sources(alignment, site, fingerprint)
    hashed = compare.keys(alignment, fingerprint) if alignment is not None else {}
    if alignment is not None:
        hashed["paged"] = compare.paged(site, alignment, hashed, cache)
    for i, d in enumerate(docs):
        for script, maker in makers.items():
            plan.append(Planned(urls.source(d.slug, script),
                                digest(bases[script], "source", about([d]), related.get(d.slug, [])),
                                lambda d=d, maker=maker: maker.source(d)[1], shard_of(i),
                                digest(bases[script], "source-index", about([d]))))
    for script, maker in makers.items():
        base = bases[script]

        def page(kind: str, path: str, key, make) -> None:
            plan.append(Planned(path, digest(base, kind, key), lambda: make()[1]))

        for i in range(1, urls.page_count(n, urls.LIST_PAGE) + 1):
            glance = [about(site.chunk(urls.MATRIX_GROUP, 1)), quotes_total,
                      compare.about_pairs(alignment, site, i, fingerprint)] if i == 1 else []
            page("home", urls.home(script, i), [i, about(site.chunk(urls.LIST_PAGE, i)), glance],
                 lambda i=i, maker=maker: maker.home(i))
        for g in range(1, urls.page_count(n, urls.MATRIX_GROUP) + 1):
            page("matrix", urls.matrix(script, g), [g, about(site.chunk(urls.MATRIX_GROUP, g))],
                 lambda g=g, maker=maker: maker.matrix(g))
            page("matrix-full", urls.matrix_full(script, g), [g, about(site.chunk(urls.MATRIX_GROUP, g))],
                 lambda g=g, maker=maker: maker.matrix(g, full=True))
        for t in topics:
            for i in range(1, urls.page_count(n, urls.TOPIC_PAGE) + 1):
                page("topic", urls.topic(t.id, script, i), [t.id, i, about(site.chunk(urls.TOPIC_PAGE, i))],
                     lambda t=t, i=i, maker=maker: maker.topic(t, i))
        by_id = {t.id: t for t in topics}
        for c in cells:
            page("cell", urls.cell(c.topic, c.source, script), [c.topic, about([site.doc(c.source)])],
                 lambda c=c, maker=maker: maker.cell(c, by_id[c.topic]))
        for p in pages:
            page("page", urls.page(p.slug, script), [p], lambda p=p, maker=maker: maker.page(p))
        for i in range(1, urls.page_count(n, urls.TOPIC_PAGE) + 1):  # a source's claims are in its fingerprint
            page("figures", urls.figures(script, i),
                 [i, about(site.chunk(urls.TOPIC_PAGE, i)), about(grouped) if i == 1 else []],
                 lambda i=i, maker=maker: maker.figures(i))
        page("search", urls.search(script), [shards], lambda maker=maker: maker.search([shard_dir(k) for k in shards]))
        if alignment is not None:
            for path, key, make in compare.plan_pages(maker, alignment, fingerprint, hashed, cache):
                page("compare", path, key, make)
        for i in range(1, urls.page_count(n, urls.TOPIC_PAGE) + 1):  # the editors' contact sheet of cards
            page("cards", urls.cards(script, i), [i, about(site.chunk(urls.TOPIC_PAGE, i))],
                 lambda i=i, maker=maker: cards.sheet_page(maker, i))

    for path, content in site_files(env, site).items():
        now(path, lambda content=content: content)
    # The sitemap lists every page: made again only when a page comes or goes.
    sitemap_key = digest(code_version(), env.globals["templates_digest"], config.base_url)
    plan += [Planned(path, digest(sitemap_key, listed), make, here=True)
             for path, listed, make in sitemaps(env, site, all_paths(site, hashed.get("paged", frozenset())))]
    # The live-reload helper ships only with the development server's pages.
    for name, content in static.items():
        if dev or name != "dev.js":
            now(f"static/{name}", lambda content=content: content)
    data_base = digest(code_version(), "data")
    for d in docs:
        plan.append(Planned(f"data/sources/{d.slug}.json", digest(data_base, fingerprint[d.slug]),
                            lambda d=d: data.dump(data.document_record(d))))
    tables = data.site_records(docs, topics, cells, claims, groups,
                               cell_url=lambda c: urls.cell(c.topic, c.source, config.default_script),
                               anchor_url=lambda c: urls.cell_anchor(c.topic, c.source, config.default_script,
                                                                     site.group(c.source)))
    if alignment is not None:
        tables.update(compare.data_file(alignment))
    for path, make in tables.items():
        plan.append(Planned(path, None, make, here=True))
    return plan


def render_site(env: jinja2.Environment, config: SiteConfig, docs: list[Document], topics: list[Topic],
                cells: list[Cell], pages: list[Page], static: dict[str, bytes],
                dev: bool = False, claims=(), groups=(), alignment=None,
                conversion: ConversionTable = NO_TABLE, fonts=None) -> dict[str, bytes]:
    """Every output file, made now, keyed by path relative to the site root."""
    return {p.path: p.make() for p in plan_site(env, config, docs, topics, cells, pages, static, dev=dev,
                                                claims=claims, groups=groups, alignment=alignment,
                                                conversion=conversion, fonts=fonts)}


def sitemaps(env: jinja2.Environment, site: Site, paths: list[str], per: int = urls.SITEMAP_URLS) -> list[tuple]:
    """sitemap.xml listing every page of `paths` (views.all_paths) under the site's address:
    (path, what it lists, make) for each file. Past `per` pages, the protocol's limit for one
    file, sitemap.xml is an index of sitemap-1.xml, sitemap-2.xml...: each is made again only
    when a page it lists comes or goes."""
    base = site.config.base_url
    template = env.get_template("sitemap.xml")

    def listing(pages=(), parts=()) -> Callable[[], bytes]:
        return lambda: template.render(base=base, pages=pages, parts=parts).encode("utf-8")

    if len(paths) <= per:
        return [(urls.sitemap(), paths, listing(pages=paths))]
    chunks = [paths[i:i + per] for i in range(0, len(paths), per)]
    parts = [urls.sitemap(k) for k in range(1, len(chunks) + 1)]
    return [(part, chunk, listing(pages=chunk)) for part, chunk in zip(parts, chunks)] + \
        [(urls.sitemap(), parts, listing(parts=parts))]


def site_files(env: jinja2.Environment, site: Site) -> dict[str, bytes]:
    """The root chooser, 404 page, robots.txt and .nojekyll (the sitemap is apart: see sitemaps)."""
    base = site.config.base_url
    try:
        css = env.loader.get_source(env, "404.css")[0]
    except jinja2.TemplateNotFound:
        raise ContentError("templates/404.css", "template missing; restore it from the project") from None
    # The 404 page carries its own styles: it is served at any depth, and under
    # `serve` (whose site lives at "/") its links lead to the local site, not base_url.
    not_found = {"css": markupsafe.Markup(css),
                 "css_hash": "sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode(),
                 "base": "/" if site.dev else base}
    ctx = {"site": site.config, "base": base, "default_lang": urls.LANG[site.config.default_script],
           "scripts": [(s, urls.LANG[s], urls.home(s)) for s in urls.SCRIPTS],
           "ui_by_script": {s: {k: to_script(v, "hans", s, site.conversion) for k, v in UI.items()}
                            for s in urls.SCRIPTS}}
    return {
        "index.html": env.get_template("root.html").render(**ctx).encode("utf-8"),
        "404.html": env.get_template("404.html").render(**{**ctx, **not_found}).encode("utf-8"),
        "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {base}{urls.sitemap()}\n".encode("utf-8"),
        ".nojekyll": b"",
    }
