"""The site's URL scheme, in one place. Every path is relative to the site root.

Pages are files (`.html`), not folders, so links work from disk as well as on a
server. Part of the public contract: change by adding, never by moving.
"""
from __future__ import annotations

from functools import lru_cache

SCRIPTS = ("hans", "hant")
# At scale, long lists are split into numbered pages of these sizes; page 1 keeps the plain name.
MATRIX_GROUP = 8  # sources side by side in one matrix page: what a reader can compare
TOPIC_PAGE = 24  # sources on one page of a topic
LIST_PAGE = 50  # sources listed on one page of the home list
SITEMAP_URLS = 50_000  # pages one sitemap file may list (the sitemap protocol's limit); beyond, an index
LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}


def script_dir(script: str) -> str:
    """The folder of one script's site: zh-hans or zh-hant."""
    return f"zh-{script}"


def _numbered(stem: str, page: int) -> str:
    return f"{stem}.html" if page <= 1 else f"{stem}-{page}.html"


def home(script: str, page: int = 1) -> str:
    """The home page; from page 2 on, the rest of the source list."""
    return f"{script_dir(script)}/" + ("index.html" if page <= 1 else f"sources-{page}.html")


def matrix(script: str, group: int = 1) -> str:
    """One group of the matrix: MATRIX_GROUP sources side by side."""
    return f"{script_dir(script)}/{_numbered('matrix', group)}"


def matrix_full(script: str, group: int = 1) -> str:
    """The same group of the matrix with every quote in full: the view to read through and print."""
    return f"{script_dir(script)}/{_numbered('matrix-full', group)}"


def source(slug: str, script: str) -> str:
    return f"{script_dir(script)}/sources/{slug}.html"


def topic(topic_id: str, script: str, page: int = 1) -> str:
    return f"{script_dir(script)}/topics/{_numbered(topic_id, page)}"


def cell_id(topic_id: str, slug: str) -> str:
    """The stable ASCII id of a cell: <topic>--<slug>."""
    return f"{topic_id}--{slug}"


def cell(topic_id: str, slug: str, script: str) -> str:
    """The share page of one cell."""
    return f"{script_dir(script)}/cells/{cell_id(topic_id, slug)}.html"


def cell_anchor(topic_id: str, slug: str, script: str, group: int = 1) -> str:
    """The cell inside the matrix page of its source's group."""
    return f"{matrix(script, group)}#{cell_id(topic_id, slug)}"


def page_count(items: int, size: int) -> int:
    """How many pages `items` things fill, at least one."""
    return max(1, -(-items // size))


def figures(script: str, page: int = 1) -> str:
    """Every figure one topic page's worth of sources give, by topic."""
    return f"{script_dir(script)}/{_numbered('figures', page)}"


def search(script: str) -> str:
    """The search page."""
    return f"{script_dir(script)}/search.html"


def page(slug: str, script: str) -> str:
    """A Markdown page from content/pages/."""
    return f"{script_dir(script)}/pages/{slug}.html"


def sitemap(part: int = 0) -> str:
    """The sitemap (robots.txt names it); part k >= 1 of a site too large for one file."""
    return "sitemap.xml" if part < 1 else f"sitemap-{part}.xml"


def relative(from_path: str, to_path: str) -> str:
    """A relative link from one site path to another (both relative to the root)."""
    to_path, _, fragment = to_path.partition("#")
    return _relative(from_path, to_path) + (f"#{fragment}" if fragment else "")


@lru_cache(maxsize=65536)
def _relative(from_path: str, to_path: str) -> str:
    # posixpath.relpath, without its abspath calls: site paths are already clean.
    src = from_path.split("/")[:-1]
    dst = to_path.split("/")
    common = 0
    while common < len(src) and common < len(dst) - 1 and src[common] == dst[common]:
        common += 1
    return "/".join([".."] * (len(src) - common) + dst[common:])


def compare(slug_a: str, slug_b: str, script: str) -> str:
    """Two sources side by side; slug_a comes first in site order."""
    return f"{script_dir(script)}/compare/{slug_a}--{slug_b}.html"


def agreements(script: str) -> str:
    """The points that most sources make."""
    return f"{script_dir(script)}/agreements.html"


def point(point_id: str, script: str, page: int = 1) -> str:
    """The pages of one point the agreements page lists: every source that makes it, quoted."""
    return f"{script_dir(script)}/points/{_numbered(point_id, page)}"


def cards(script: str, page: int = 1) -> str:
    """The editors' contact sheet of share cards."""
    return f"{script_dir(script)}/{_numbered('cards', page)}"
