"""Markdown pages -> HTML with markdown-it-py. Raw HTML in Markdown is escaped, never passed through."""
from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

# "commonmark" with html off: <script> in a page is shown as text. Links are
# validated by markdown-it itself, which refuses javascript: and data: URLs.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(source: str) -> Markup:
    """The HTML of one Markdown page, safe to insert into a template."""
    return Markup(_MD.render(source))
