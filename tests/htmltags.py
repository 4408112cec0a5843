"""A helper for tests: every real element of a page, with its attributes."""
from __future__ import annotations

from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    """(tag, attributes) for every start tag; text that merely looks like markup is not one."""
    parser = _Elements()
    parser.feed(html)
    return parser.found
