"""Markdown pages -> HTML with markdown-it-py. Raw HTML in Markdown is escaped, never passed through."""
from __future__ import annotations

from typing import Callable, Optional

from markdown_it import MarkdownIt
from markupsafe import Markup

# "commonmark" with html off: <script> in a page is shown as text. Links are
# validated by markdown-it itself, which refuses javascript: and data: URLs.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(source: str, convert: Optional[Callable[[str], str]] = None) -> Markup:
    """The HTML of one Markdown page, safe to insert into a template.

    `convert` rewrites the prose into the other script. Code spans and blocks are left
    as written: the method page quotes characters (`为` -> `爲`) that must not be converted.
    """
    tokens = _MD.parse(source)
    if convert:
        for token in tokens:
            for child in token.children or ():
                if child.type == "text":
                    child.content = convert(child.content)
    return Markup(_MD.renderer.render(tokens, _MD.options, {}))
