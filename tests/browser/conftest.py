"""Real-browser fixtures: Debian's Chromium driven by Playwright, against a built site on loopback.

Without /usr/bin/chromium every browser test is skipped, loudly: the reason shows in
pytest's summary (install it with `apt-get install chromium`).
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
import warnings
from pathlib import Path

import pytest

from duizhao.build import Project, build

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need the playwright package (pip install -r requirements-dev.txt)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _skip_reason()
    if reason:
        warnings.warn(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path):
    """A threaded static server on a free loopback port; returns (server, base URL)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site(tmp_path_factory, root):
    """The real site, built once, served over http."""
    out = tmp_path_factory.mktemp("browser") / "site"
    build(Project(root), out)
    server, base = serve_folder(out)
    yield base, out
    server.shutdown()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
