"""Verify a built site: links, fragments, HTML, quotes (verbatim and readable) and the data contract.

Used by CI and by editors (`python site.py check [DIR]`). Reads only the built
folder; returns a list of problems, one line each, naming the page at fault.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Control characters other than tab, line feed, form feed and carriage return: a parse error in HTML.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Elements whose end tag HTML lets an author omit; the parser closes them itself.
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "colgroup"}


@dataclass(frozen=True)
class PageScan:
    """What one HTML page links to and what it defines."""

    ids: frozenset[str]
    links: tuple[tuple[str, int], ...]  # (url, line)
    errors: tuple[str, ...]  # parse problems, with their line


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []
        self.errors: list[str] = []
        self.stack: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        attrs = dict(attrs)
        if attrs.get("id"):
            if attrs["id"] in self.ids:
                self.errors.append(f"line {line}: duplicate id {attrs['id']!r}")
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) is not None and not (tag == "link" and attrs.get("rel") in ("canonical",)):
                self.links.append((attrs[key], line))
        if tag not in VOID:
            self.stack.append((tag, line))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        line = self.getpos()[0]
        if tag in VOID:
            return
        while self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in OPTIONAL_END:
            self.stack.pop()
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()
        else:
            self.errors.append(f"line {line}: unexpected </{tag}>")

    def close(self):
        super().close()
        for tag, line in self.stack:
            if tag not in OPTIONAL_END and tag not in ("html", "body", "head"):
                self.errors.append(f"line {line}: <{tag}> is never closed")


def scan_page(html: str) -> PageScan:
    """Parse one page; collect ids, links and structural errors."""
    s = _Scanner()
    s.feed(html)
    s.close()
    if "<!doctype html>" not in html[:200].lower():
        s.errors.append("line 1: missing <!doctype html>")
    control = CONTROL_RE.search(html)
    if control:
        line = html.count("\n", 0, control.start()) + 1
        s.errors.append(f"line {line}: control character U+{ord(control.group()):04X} (HTML forbids it)")
    return PageScan(frozenset(s.ids), tuple(s.links), tuple(s.errors))


def _resolve(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """The file a relative link points to, and its fragment."""
    parts = urlsplit(url)
    target = page if not parts.path else (page.parent / unquote(parts.path))
    if parts.path.endswith("/") or (target.exists() and target.is_dir()):
        target = target / "index.html"
    return target.resolve(), unquote(parts.fragment)


def check_links(site: Path) -> list[str]:
    """Broken links, missing fragments, root-absolute links and unparsable pages."""
    problems: list[str] = []
    pages = sorted(site.rglob("*.html"))
    scans = {p.resolve(): scan_page(p.read_text(encoding="utf-8", errors="replace")) for p in pages}
    for page in pages:
        rel = page.relative_to(site).as_posix()
        scan = scans[page.resolve()]
        problems += [f"{rel}: {e}" for e in scan.errors]
        for url, line in scan.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto", "data") or url.startswith("//"):
                continue
            if parts.scheme:
                problems.append(f"{rel}:{line}: link with scheme {parts.scheme!r}: {url}")
                continue
            if url.startswith("/") and rel != "404.html":
                problems.append(f"{rel}:{line}: root-absolute link {url} breaks under a project path")
                continue
            target, fragment = _resolve(site, page, url)
            if not target.is_file() or site.resolve() not in target.parents:
                problems.append(f"{rel}:{line}: broken link {url}")
                continue
            if fragment and target.suffix == ".html" and fragment not in scans[target].ids:
                problems.append(f"{rel}:{line}: link {url} points to a missing #{fragment}")
    return problems


def check_data(site: Path) -> list[str]:
    """The data contract: required fields, types, and every quote verbatim in its paragraph."""
    problems: list[str] = []
    data = site / "data"
    docs: dict[str, dict] = {}
    for path in sorted((data / "sources").glob("*.json")):
        rel = path.relative_to(site).as_posix()
        try:
            record = json.loads(path.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            problems.append(f"{rel}: not valid JSON ({e})")
            continue
        for key, kind in (("slug", str), ("seed", str), ("title", str), ("outlet", str), ("author", str),
                          ("published", str), ("kind", str), ("script", str), ("url", str),
                          ("paragraphs", list), ("removed", list), ("corrections", list)):
            if not isinstance(record.get(key), kind):
                problems.append(f"{rel}: field `{key}` missing or not {kind.__name__}")
        paragraphs = record.get("paragraphs") or []
        for i, p in enumerate(paragraphs, 1):
            if not (isinstance(p, dict) and p.get("id") == f"p{i}" and isinstance(p.get("text"), str)
                    and p.get("kind") in ("heading", "paragraph", "list-item")):
                problems.append(f"{rel}: paragraph {i} does not match {{id: p{i}, kind, text}}")
        if isinstance(record.get("url"), str) and not (site / record["url"]).is_file():
            problems.append(f"{rel}: url {record['url']} does not exist in the site")
        docs[str(record.get("slug"))] = {p.get("id"): p.get("text", "") for p in paragraphs if isinstance(p, dict)}
    matrix_path = data / "matrix.json"
    if not matrix_path.is_file():
        return problems + ["data/matrix.json: missing"]
    try:
        matrix = json.loads(matrix_path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        return problems + [f"data/matrix.json: not valid JSON ({e})"]
    topics = {t.get("id") for t in matrix.get("topics", [])}
    for t in matrix.get("topics", []):
        if not (isinstance(t.get("label"), dict) and {"zh-Hans", "zh-Hant", "en"} <= set(t["label"])):
            problems.append(f"data/matrix.json: topic {t.get('id')!r} lacks labels zh-Hans, zh-Hant, en")
    for cell in matrix.get("cells", []):
        where = f"data/matrix.json: cell {cell.get('topic')}--{cell.get('source')}"
        if cell.get("topic") not in topics or cell.get("source") not in docs:
            problems.append(f"{where}: unknown topic or source")
            continue
        if cell.get("status") not in ("quoted", "not-discussed"):
            problems.append(f"{where}: status must be quoted or not-discussed")
        if (cell.get("status") == "quoted") != bool(cell.get("quotes")):
            problems.append(f"{where}: status {cell.get('status')} disagrees with its quotes")
        for q in cell.get("quotes", []):
            text = docs[cell["source"]].get(q.get("paragraph"))
            if text is None:
                problems.append(f"{where}: quote names missing paragraph {q.get('paragraph')!r}")
            elif not q.get("text") or q["text"] not in text:
                problems.append(f"{where}: quote is not verbatim in {q.get('paragraph')}: {q.get('text', '')[:30]!r}")
        for key in ("url", "anchor_url"):
            value = cell.get(key)
            if value is not None and not (site / value.partition("#")[0]).is_file():
                problems.append(f"{where}: {key} {value} does not exist in the site")
    return problems + check_alignments(site, docs)


def check_alignments(site: Path, docs: dict) -> list[str]:
    """data/alignments.json: every link and claim names paragraphs that exist, and its pair page exists."""
    path = site / "data" / "alignments.json"
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        return [f"data/alignments.json: not valid JSON ({e})"]
    problems = []
    for pair in data.get("pairs", []):
        where = f"data/alignments.json: pair {pair.get('a')}--{pair.get('b')}"
        if pair.get("a") not in docs or pair.get("b") not in docs:
            problems.append(f"{where}: unknown source")
            continue
        for link in pair.get("links", []):
            if link.get("a_paragraph") not in docs[pair["a"]] or link.get("b_paragraph") not in docs[pair["b"]]:
                problems.append(f"{where}: link names a missing paragraph")
            if link.get("relation") not in ("same", "opposite", "related"):
                problems.append(f"{where}: relation must be same, opposite or related")
    for claim in data.get("claims", []):
        for w in claim.get("where", []):
            if w.get("paragraph") not in docs.get(w.get("source"), {}):
                problems.append(f"data/alignments.json: claim {claim.get('label')!r} names a missing paragraph")
    return problems


def check_quotes(site: Path) -> list[str]:
    """Quote quality, from the data: balanced marks, whole sentences, no dangling opener, variety."""
    from .matrix import quote_problems

    try:
        matrix = json.loads((site / "data" / "matrix.json").read_text("utf-8"))
        records = [json.loads(p.read_text("utf-8")) for p in sorted((site / "data" / "sources").glob("*.json"))]
    except (OSError, ValueError, UnicodeDecodeError):
        return []  # check_data has already said what is wrong with the files
    paragraphs = {r.get("slug"): {p.get("id"): p.get("text", "") for p in r.get("paragraphs") or []
                                  if isinstance(p, dict)} for r in records if isinstance(r, dict)}
    kinds = {r.get("slug"): r.get("kind") for r in records if isinstance(r, dict)}
    cells = [(c.get("topic"), c.get("source"),
              [(q.get("text", ""), q.get("paragraph"), q.get("cut", "")) for q in c.get("quotes") or []])
             for c in matrix.get("cells", []) if isinstance(c, dict)]
    return [f"data/matrix.json: {line}" for line in quote_problems(cells, paragraphs, kinds)]


def page_weights(site: Path, top: int = 5) -> list[str]:
    """A short report: total size and the largest pages."""
    pages = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True)
    # Pages are the HTML files; files are everything published (the build's manifest aside),
    # counted the same way as the build's summary.
    files = [p for p in site.rglob("*") if p.is_file() and p.relative_to(site).as_posix() != ".duizhao-build"]
    total = sum(p.stat().st_size for p in files)
    lines = [f"{len(pages)} pages, {len(files)} files, {total / 1024:.0f} KiB in all"]
    lines += [f"  {size / 1024:7.1f} KiB  {name}" for size, name in pages[:top]]
    return lines


def check_site(site: Path) -> list[str]:
    """Every problem in a built site, one line each; empty when it is sound."""
    if not (site / "index.html").is_file() and not (site / "data").is_dir():
        return [f"{site}: not a built site (no index.html or data/); run `python site.py build` first"]
    return check_links(site) + check_data(site) + check_quotes(site)


def check_pins(project) -> list[str]:
    """Editors' pins and exclusions checked against the current text (as the build does)."""
    from . import alignrules, corpus, lexicon, load
    from .errors import SiteError

    try:
        docs = corpus.clean_documents(load.load_sources(project.content, project.seeds))
        topics = lexicon.load_lexicon(project.content / "topics.yaml")
        lexicon.load_pins(project.content / "pins.yaml", topics.topics, docs)
        alignrules.load_rules(project.content / "alignments.yaml", docs)
    except SiteError as e:
        return [str(e)]
    return []
