"""Jinja environment and one function per page kind; every page in both scripts.

Pure apart from reading templates through Jinja's loader: takes models, returns
{relative path: bytes}. Templates hold the markup; this module builds the context.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import data, urls
from .cache import Cache, digest
from .convert import to_script
from .errors import ContentError
from .figures import extract_figures
from .load import SiteConfig
from .models import Cell, Document, Page, Topic
from .pages import render_markdown
from .ui import UI

CONFIGS = {("hans", "hant"): "OpenCC s2t", ("hant", "hans"): "OpenCC t2s"}


TEMPLATES = ("base.html", "macros.html", "home.html", "matrix.html", "source.html", "topic.html", "figures.html", "search.html",
             "cell.html", "page.html", "root.html", "404.html", "sitemap.xml")


def make_env(templates: Path) -> jinja2.Environment:
    """The Jinja environment (autoescape on, StrictUndefined), every template parsed up front."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
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


class Converter:
    """Converts text into one script, remembering every conversion of the build."""

    def __init__(self, script: str):
        self.script = script
        self.memo: dict[tuple[str, str], str] = {}

    def __call__(self, text: str, src: str) -> str:
        key = (text, src)
        if key not in self.memo:
            self.memo[key] = to_script(text, src, self.script)
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

    def group(self, slug: str) -> int:
        """The matrix page (1-based) that shows this source."""
        return self.order[slug] // urls.MATRIX_GROUP + 1

    def chunk(self, size: int, number: int) -> tuple[Document, ...]:
        """The documents on page `number` of lists cut into `size`."""
        return self.docs[(number - 1) * size:number * size]


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, tuple[str, ...]]]:
    """Split text at quote boundaries: (piece, topics quoting it)."""
    cuts = sorted({0, len(text)} | {a for a, _, _ in spans} | {b for _, b, _ in spans})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        topics = tuple(t for s, e, t in spans if s <= a and b <= e)
        out.append((text[a:b], topics))
    return out


class PageMaker:
    """Renders every page of one script."""

    def __init__(self, env: jinja2.Environment, site: Site, script: str):
        self.env, self.site, self.script = env, site, script
        self.conv = Converter(script)
        self.ui = {k: to_script(v, "hans", script) for k, v in UI.items()}
        self.lang = urls.LANG[script]

    def t(self, text: str, src: str) -> str:
        """`text`, written in `src`, in this page's script."""
        return self.conv(text, src)

    def render(self, template: str, path: str, title: str, **ctx) -> tuple[str, bytes]:
        """One page: the template with the context every page shares."""
        other = "hant" if self.script == "hans" else "hans"
        counterpart = path.replace(urls.script_dir(self.script) + "/", urls.script_dir(other) + "/", 1)
        base = self.site.config.base_url
        try:
            html = self._render(template, path, title, other, counterpart, base, ctx)
        except jinja2.TemplateError as e:
            raise ContentError(f"templates/{template}", f"template error while rendering {path}: {e}") from None
        return path, html.encode("utf-8")

    def _render(self, template, path, title, other, counterpart, base, ctx) -> str:
        return self.env.get_template(template).render(
            path=path, title=title, lang=self.lang, script=self.script, other_script=other,
            other_lang=urls.LANG[other], counterpart=counterpart, absolute=base + path,
            alternates=[(urls.LANG[s], base + path.replace(urls.script_dir(self.script), urls.script_dir(s), 1))
                        for s in urls.SCRIPTS],
            site_title=self.site.config.title[self.lang], ui=self.ui, topics=self.site.topics,
            rel=lambda to: urls.relative(path, to), urls=urls, dev=self.site.dev,
            label=lambda topic: topic.label[self.lang], t=self.t, **ctx)

    def quote_view(self, cell: Cell, doc: Document) -> list[dict]:
        return [{"text": self.t(q.text, doc.source.script), "paragraph": q.paragraph, "chosen": q.chosen,
                 "href": urls.source(doc.slug, self.script) + "#" + q.paragraph} for q in cell.quotes]

    def source_view(self, doc: Document) -> dict:
        s = doc.source
        chars = sum(len(p.text) for p in doc.text.paragraphs)
        return {"slug": s.slug, "title": self.t(s.title, s.script), "outlet": self.t(s.outlet, s.script),
                "author": self.t(s.author, s.script), "published": s.published, "kind": s.kind,
                "script": s.script, "url": s.url, "chars": chars, "title_editorial": s.title_editorial,
                "converted": s.script != self.script, "href": urls.source(s.slug, self.script),
                "original_href": urls.source(s.slug, s.script), "group": self.site.group(s.slug),
                "matrix_href": urls.matrix(self.script, self.site.group(s.slug))}

    def cell_view(self, cell: Cell) -> dict:
        doc = self.site.docs[self.site.order[cell.source]]
        return {"id": urls.cell_id(cell.topic, cell.source), "status": cell.status,
                "quotes": self.quote_view(cell, doc), "source": self.source_view(doc),
                "href": urls.cell(cell.topic, cell.source, self.script),
                "anchor": urls.cell_anchor(cell.topic, cell.source, self.script, self.site.group(cell.source))}

    def rows(self, docs) -> list[dict]:
        return [{"topic": topic, "cells": [self.cell_view(self.site.cells[(topic.id, d.slug)]) for d in docs]}
                for topic in self.site.topics]

    def pager(self, number: int, total: int, url) -> dict:
        """Previous and next pages of a numbered list, for the pager macro."""
        return {"number": number, "total": total,
                "prev": url(number - 1) if number > 1 else None,
                "next": url(number + 1) if number < total else None}

    # --- one function per page kind ---------------------------------------------

    def home(self, number: int = 1) -> tuple[str, bytes]:
        total = urls.page_count(len(self.site.docs), urls.LIST_PAGE)
        return self.render("home.html", urls.home(self.script, number), self.site.config.title[self.lang],
                           sources=[self.source_view(d) for d in self.site.chunk(urls.LIST_PAGE, number)],
                           rows=self.rows(self.site.chunk(urls.MATRIX_GROUP, 1)), first=number == 1,
                           glance=[self.source_view(d) for d in self.site.chunk(urls.MATRIX_GROUP, 1)],
                           description=self.site.config.description[self.lang],
                           pager=self.pager(number, total, lambda n: urls.home(self.script, n)),
                           groups=urls.page_count(len(self.site.docs), urls.MATRIX_GROUP))

    def matrix(self, group: int = 1) -> tuple[str, bytes]:
        docs = self.site.chunk(urls.MATRIX_GROUP, group)
        total = urls.page_count(len(self.site.docs), urls.MATRIX_GROUP)
        return self.render("matrix.html", urls.matrix(self.script, group), self.ui["matrix"],
                           sources=[self.source_view(d) for d in docs], rows=self.rows(docs),
                           pager=self.pager(group, total, lambda n: urls.matrix(self.script, n)))

    def source(self, doc: Document) -> tuple[str, bytes]:
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for topic in self.site.topics:
            for q in self.site.cells[(topic.id, doc.slug)].quotes:
                text = doc.paragraph(q.paragraph).text
                start = text.find(q.text)
                spans.setdefault(q.paragraph, []).append((start, start + len(q.text), topic.id))
        by_id = {t.id: t for t in self.site.topics}
        paragraphs = []
        for p in doc.text.paragraphs:
            pieces = _segments(p.text, spans.get(p.id, []))
            topics = sorted({t for _, ts in pieces for t in ts}, key=list(by_id).index)
            paragraphs.append({"id": p.id, "kind": p.kind, "topics": [by_id[t] for t in topics],
                               "pieces": [(self.t(text, doc.source.script), [by_id[t] for t in ts])
                                          for text, ts in pieces]})
        corrections: dict[str, list] = {}
        for c in doc.text.corrections:
            corrections.setdefault(c.kind, []).append(c)
        return self.render("source.html", urls.source(doc.slug, self.script),
                           self.t(doc.source.title, doc.source.script), source=self.source_view(doc),
                           paragraphs=paragraphs, removed=doc.text.removed, corrections=corrections,
                           encoding=doc.seed.encoding, config=CONFIGS.get((doc.source.script, self.script)))

    def topic(self, topic: Topic, number: int = 1) -> tuple[str, bytes]:
        docs = self.site.chunk(urls.TOPIC_PAGE, number)
        total = urls.page_count(len(self.site.docs), urls.TOPIC_PAGE)
        cells = [self.cell_view(self.site.cells[(topic.id, d.slug)]) for d in docs]
        shown = {d.slug for d in docs}
        figures = self.figure_rows([c for c in self.site.claims if c.topic == topic.id and c.source in shown])
        return self.render("topic.html", urls.topic(topic.id, self.script, number), label_of(topic, self.lang),
                           topic=topic, cells=cells, figures=figures,
                           pager=self.pager(number, total, lambda n: urls.topic(topic.id, self.script, n)))

    def figure_rows(self, claims) -> list[dict]:
        by_slug = {slug: self.site.docs[i] for slug, i in self.site.order.items()}
        labels = {g.id: g.label[self.lang] for g in self.site.groups}
        return [{"source": self.source_view(by_slug[c.source]),
                 "text": self.t(c.text, by_slug[c.source].source.script),
                 "context": self.t(c.context, by_slug[c.source].source.script),
                 "group": labels.get(c.group), "href": urls.source(c.source, self.script) + "#" + c.paragraph}
                for c in claims]

    def figures(self) -> tuple[str, bytes]:
        """Every figure by topic, and the editors' groups where sources measure the same thing."""
        tables = [{"topic": t, "rows": self.figure_rows([c for c in self.site.claims if c.topic == t.id])}
                  for t in self.site.topics]
        tables.append({"topic": None, "rows": self.figure_rows([c for c in self.site.claims if c.topic is None])})
        groups = [{"label": g.label[self.lang],
                   "rows": self.figure_rows([c for c in self.site.claims if c.group == g.id])}
                  for g in self.site.groups]
        return self.render("figures.html", urls.figures(self.script), self.ui["figures"],
                           tables=[t for t in tables if t["rows"]], groups=groups)

    def cell(self, cell: Cell, topic: Topic) -> tuple[str, bytes]:
        view = self.cell_view(cell)
        title = f"{label_of(topic, self.lang)} — {view['source']['title']}"
        first = view["quotes"][0]["text"] if view["quotes"] else self.ui["not_discussed_long"]
        return self.render("cell.html", view["href"], title, topic=topic, cell=view, description=first)

    def page(self, page: Page) -> tuple[str, bytes]:
        body = render_markdown(self.t(page.body, page.script))
        title = page.title.get(self.lang) or self.t(next(iter(page.title.values())), page.script)
        return self.render("page.html", urls.page(page.slug, self.script), title, body=body,
                           converted=page.script != self.script)


def label_of(topic: Topic, lang: str) -> str:
    return topic.label[lang]


def render_site(env: jinja2.Environment, config: SiteConfig, docs: list[Document], topics: list[Topic],
                cells: list[Cell], pages: list[Page], static: dict[str, bytes],
                dev: bool = False, cache: Cache = Cache(None), claims=(), groups=()) -> dict[str, bytes]:
    """Every output file, keyed by path relative to the site root.

    Each page is cached under a hash of exactly what it shows, so editing one source
    re-renders its own pages and the pages that list it, and nothing else.
    """
    site = Site(config, tuple(docs), tuple(topics), {(c.topic, c.source): c for c in cells}, tuple(pages), dev,
                {d.slug: i for i, d in enumerate(docs)}, tuple(claims), tuple(groups))
    by_slug = {d.slug: d for d in docs}

    def about(chunk) -> list:
        return [(repr(d.source), [repr(site.cells[(t.id, d.slug)]) for t in topics]) for d in chunk]

    files: dict[str, bytes] = {}
    n = len(docs)
    for script in urls.SCRIPTS:
        maker = PageMaker(env, site, script)
        base = digest(env.globals["templates_digest"], repr(config), repr(site.topics), script, dev,
                      [d.slug for d in docs], [(p.slug, repr(p.title)) for p in pages], repr(site.groups))

        def page(kind: str, key: list, make):
            files.update([cache.memo("page", digest(base, kind, key), make)])

        for i in range(1, urls.page_count(n, urls.LIST_PAGE) + 1):
            page("home", [i, about(site.chunk(urls.LIST_PAGE, i)), about(site.chunk(urls.MATRIX_GROUP, 1))],
                 lambda i=i: maker.home(i))
        for g in range(1, urls.page_count(n, urls.MATRIX_GROUP) + 1):
            page("matrix", [g, about(site.chunk(urls.MATRIX_GROUP, g))], lambda g=g: maker.matrix(g))
        for d in docs:
            page("source", [d.seed.sha256, d.seed.encoding, about([d])], lambda d=d: maker.source(d))
        for t in topics:
            for i in range(1, urls.page_count(n, urls.TOPIC_PAGE) + 1):
                chunk = site.chunk(urls.TOPIC_PAGE, i)
                shown = {d.slug for d in chunk}
                page("topic", [t.id, i, about(chunk), [repr(c) for c in claims if c.source in shown]],
                     lambda t=t, i=i: maker.topic(t, i))
        for c in cells:
            topic = next(t for t in topics if t.id == c.topic)
            page("cell", [repr(c), repr(by_slug[c.source].source)], lambda c=c, topic=topic: maker.cell(c, topic))
        for p in pages:
            page("page", [repr(p)], lambda p=p: maker.page(p))
        files.update([maker.figures(), maker.render("search.html", urls.search(script), maker.ui["search"])])
    files.update(site_files(env, site))
    # The live-reload helper ships only with the development server's pages.
    files.update({f"static/{name}": content for name, content in static.items() if dev or name != "dev.js"})
    files.update(data.data_files(docs, topics, cells, claims, groups,
                                 cell_url=lambda c: urls.cell(c.topic, c.source, config.default_script),
                                 anchor_url=lambda c: urls.cell_anchor(c.topic, c.source, config.default_script,
                                                                       site.group(c.source))))
    return files


def site_files(env: jinja2.Environment, site: Site) -> dict[str, bytes]:
    """The root chooser, 404 page, sitemap, robots.txt and .nojekyll."""
    base = site.config.base_url
    ctx = {"site": site.config, "base": base, "scripts": [(s, urls.LANG[s], urls.home(s)) for s in urls.SCRIPTS],
           "ui_hans": UI, "ui_hant": {k: to_script(v, "hans", "hant") for k, v in UI.items()}}
    pages = sorted(p for p in _all_paths(site))
    return {
        "index.html": env.get_template("root.html").render(**ctx).encode("utf-8"),
        "404.html": env.get_template("404.html").render(**ctx).encode("utf-8"),
        "sitemap.xml": env.get_template("sitemap.xml").render(base=base, pages=pages).encode("utf-8"),
        "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n".encode("utf-8"),
        ".nojekyll": b"",
    }


def _all_paths(site: Site) -> list[str]:
    n = len(site.docs)
    paths = ["index.html"]
    for s in urls.SCRIPTS:
        paths += [urls.home(s, i) for i in range(1, urls.page_count(n, urls.LIST_PAGE) + 1)]
        paths += [urls.matrix(s, g) for g in range(1, urls.page_count(n, urls.MATRIX_GROUP) + 1)]
        paths += [urls.source(d.slug, s) for d in site.docs] + [urls.page(p.slug, s) for p in site.pages]
        paths += [urls.topic(t.id, s, i) for t in site.topics for i in range(1, urls.page_count(n, urls.TOPIC_PAGE) + 1)]
        paths += [urls.cell(t, slug, s) for (t, slug) in site.cells] + [urls.figures(s), urls.search(s)]
    return paths
