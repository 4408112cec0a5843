"""Scraped markup -> plain lines: Markdown clippings and saved HTML pages. Pure.

Both return `Line`s (text plus what the markup said: heading, list, quote, how much of
it was link text) and the Removals for what the markup alone shows to be no text:
front matter, HTML comments, bare images.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .furniture import Line
from .models import Removal

# Link text is wrapped in these while a line is built, so its share can be measured.
_OPEN, _CLOSE = "\x01", "\x02"
_IMG = "\x03"  # where an image stood: a short line right after it is its caption

# --- Markdown -------------------------------------------------------------------------

_FRONT = re.compile(r"\A\s*---[ \t]*\n(.{0,4000}?)\n---[ \t]*(\n|\Z)", re.S)
_COMMENT = re.compile(r"<!--.{0,5000}?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^()\n]{0,500}(?:\([^()\n]{0,100}\)[^()\n]{0,200})?\)")
_LINK = re.compile(r"\[([^\[\]]{0,400})\]\((?:[^()\s]{0,800}|[^()\s]{0,800}\s+\"[^\"\n]{0,200}\")\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\[[^\]\n]{0,50}\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]{1,800})>")
_EMPTY_LINK = re.compile(r"\[\s*\]\([^()\n]{0,800}\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^([*+-]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^(>\s?)+")
_EMPHASIS = re.compile(r"(\*\*|__|~~)")
_RULE = re.compile(r"^\s*([-*_]\s*){3,}$")


def is_markdown(text: str) -> bool:
    """True if the text is a Markdown clipping: front matter, or several links, images or # headings."""
    if _FRONT.match(text):
        return True
    head = text[:20000]
    marks = len(re.findall(r"\]\(", head)) + len(re.findall(r"(?m)^#{1,6} \S", head))
    return marks >= 3


def front_matter(text: str) -> dict:
    """The simple `key: value` pairs of a Markdown clipping's front matter."""
    m = _FRONT.match(text)
    if not m:
        return {}
    out = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and re.fullmatch(r"[A-Za-z_-]{1,30}", key.strip()):
            out[key.strip().lower()] = value.strip().strip("'\"")
    return out


def markdown_lines(text: str) -> tuple[list[Line], list[Removal]]:
    """The visible lines of a Markdown clipping, and what its markup alone shows to be no text."""
    removed: list[Removal] = []
    m = _FRONT.match(text)
    if m:
        removed.append(Removal("front matter", m.group(0).strip()))
        text = text[m.end():]
    for c in _COMMENT.findall(text):
        removed.append(Removal("HTML comment", c))
    text = _COMMENT.sub("\n", text)
    for img in _IMAGE.findall(text):
        removed.append(Removal("image placeholder", img))
    text = _IMAGE.sub(_IMG, text)
    text = _EMPTY_LINK.sub("", text)
    # A link's text may run over a line break once its image is gone: `[\n  headline](url)`.
    text = _LINK.sub(lambda m: _OPEN + m.group(1).strip() + _CLOSE, text)
    text = _REF_LINK.sub(lambda m: _OPEN + m.group(1) + _CLOSE, text)
    text = _AUTOLINK.sub(lambda m: _OPEN + m.group(1) + _CLOSE, text)
    lines: list[Line] = []
    image_before = False
    for raw in text.split("\n"):
        line = raw.strip()
        if _IMG in line and not line.replace(_IMG, "").strip(_OPEN + _CLOSE + " *-+#>|"):
            image_before = True
            continue
        line = line.replace(_IMG, "")
        if not line or _RULE.match(line):
            continue
        hint = ""
        h = _HEADING.match(line)
        if h:
            hint, line = "heading", h.group(2)
        q = _QUOTE.match(line)
        if q:
            hint, line = hint or "quote", line[q.end():]
        b = _BULLET.match(line)
        if b:
            hint, line = hint or "list", line[b.end():]
        line = _EMPHASIS.sub("", line).strip()
        line = line.lstrip("·•").strip() if hint == "list" or line.startswith("·") else line
        if not line.strip(_OPEN + _CLOSE + " "):
            continue
        lines.append(_make_line(line, hint, after_image=image_before))
        image_before = False
    return lines, removed


def _make_line(line: str, hint: str, after_image: bool = False) -> Line:
    """A Line from text carrying link markers: the share of link text, then the plain text."""
    inside, depth, total = 0, 0, 0
    for c in line:
        if c == _OPEN:
            depth += 1
        elif c == _CLOSE:
            depth = max(0, depth - 1)
        elif not c.isspace():
            total += 1
            inside += depth > 0
    plain = re.sub(r"\s+", " ", line.replace(_OPEN, "").replace(_CLOSE, "")).strip()
    return Line(plain, hint, inside / max(1, total), after_image)


# --- HTML -----------------------------------------------------------------------------

_BLOCKS = {"address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div",
           "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
           "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
           "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul"}
_SKIP = {"script", "style", "noscript", "svg", "iframe", "template", "head", "select", "button", "textarea",
         "object", "canvas", "video", "audio"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


def is_html_page(text: str) -> bool:
    """True if the text is a saved HTML page rather than a text scrape with stray tags."""
    head = text[:3000].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in text[:20000].lower()
                                                                     and "</p>" in text.lower())


class _Blocks(HTMLParser):
    """Collects the visible text of an HTML page as one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.skip = 0  # depth inside elements whose text is never shown
        self.links = 0  # depth inside <a>
        self.hint: list[str] = []
        self.title: list[str] = []
        self.in_title = False
        self.after_image = False

    def flush(self) -> None:
        text = "".join(self.buf)
        self.buf = []
        if text.replace(_OPEN, "").replace(_CLOSE, "").strip():
            self.lines.append(_make_line(text, self.hint[-1] if self.hint else "", self.after_image))
            self.after_image = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "title":
            self.in_title = True
            return
        hidden = "hidden" in a or re.search(r"display\s*:\s*none", a.get("style") or "")
        if tag in _SKIP or (hidden and tag not in _VOID):
            if tag not in _VOID:
                self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self.flush()
        elif tag == "img":
            self.flush()
            self.after_image = True
        elif tag in _BLOCKS:
            self.flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.hint.append("heading")
            elif tag == "li":
                self.hint.append("list")
            elif tag == "blockquote":
                self.hint.append("quote")
        elif tag == "a":
            self.links += 1
            self.buf.append(_OPEN)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _BLOCKS:
            self.flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote") and self.hint:
                self.hint.pop()
        elif tag == "a" and self.links:
            self.links -= 1
            self.buf.append(_CLOSE)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.buf.append(data)


def html_lines(text: str) -> tuple[list[Line], list[Removal]]:
    """The visible lines of a saved HTML page: its <title> first, then one line per block."""
    parser = _Blocks()
    parser.feed(text)
    parser.close()
    parser.flush()
    title = re.sub(r"\s+", " ", html.unescape("".join(parser.title))).strip()
    lines = ([Line(title)] if title else []) + parser.lines
    removed = [Removal("HTML markup", f"{len(text) - sum(len(ln.text) for ln in lines)} characters of tags, "
                                      f"scripts and styles")]
    return lines, removed
