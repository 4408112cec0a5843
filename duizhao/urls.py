"""The site's URL scheme, in one place. Every path is relative to the site root.

Pages are files (`.html`), not folders, so links work from disk as well as on a
server. Part of the public contract: change by adding, never by moving.
"""
from __future__ import annotations

import posixpath

SCRIPTS = ("hans", "hant")
LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}


def script_dir(script: str) -> str:
    """The folder of one script's site: zh-hans or zh-hant."""
    return f"zh-{script}"


def home(script: str) -> str:
    return f"{script_dir(script)}/index.html"


def matrix(script: str) -> str:
    return f"{script_dir(script)}/matrix.html"


def source(slug: str, script: str) -> str:
    return f"{script_dir(script)}/sources/{slug}.html"


def topic(topic_id: str, script: str) -> str:
    return f"{script_dir(script)}/topics/{topic_id}.html"


def cell_id(topic_id: str, slug: str) -> str:
    """The stable ASCII id of a cell: <topic>--<slug>."""
    return f"{topic_id}--{slug}"


def cell(topic_id: str, slug: str, script: str) -> str:
    """The share page of one cell."""
    return f"{script_dir(script)}/cells/{cell_id(topic_id, slug)}.html"


def cell_anchor(topic_id: str, slug: str, script: str) -> str:
    """The cell inside the matrix."""
    return f"{matrix(script)}#{cell_id(topic_id, slug)}"


def page(slug: str, script: str) -> str:
    """A Markdown page from content/pages/."""
    return f"{script_dir(script)}/pages/{slug}.html"


def relative(from_path: str, to_path: str) -> str:
    """A relative link from one site path to another (both relative to the root)."""
    to_path, _, fragment = to_path.partition("#")
    rel = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    return rel + (f"#{fragment}" if fragment else "")
