"""Search results: each links to the paragraph holding its excerpt, shown as text with its marks."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from duizhao.build import Project, build

from .conftest import serve_folder


def results(page, base, script, query):
    """[(href, excerpt text, first marked word)] as the search page shows them."""
    page.goto(f"{base}zh-{script}/search.html?q={quote(query)}")
    page.wait_for_selector("#search-status:not(:empty)", timeout=15000)
    found = []
    for li in page.locator("#search-results li").all():
        marks = li.locator("p mark").all()
        found.append((li.locator("a.search-hit").get_attribute("href"), li.locator("p").inner_text(),
                      marks[0].inner_text() if marks else None))
    return found


def excerpt_context(excerpt: str, mark: str) -> str:
    """The excerpt's text from its first mark to the end of that sentence (paragraphs join with a space)."""
    at = excerpt.index(mark)
    end = min((i for i in (excerpt.find(c, at) for c in "。！？； ") if i >= 0), default=len(excerpt))
    return excerpt[at:end]


@pytest.mark.parametrize("script,query", [("hans", "晶片"), ("hant", "晶片"), ("hans", "出口管制"),
                                          ("hant", "開源"), ("hans", "算力")])
def test_each_result_opens_the_paragraph_that_holds_its_excerpt(page, site, script, query):
    base, _ = site
    hits = results(page, base, script, query)
    assert hits
    for href, excerpt, mark in hits:
        assert mark, (href, excerpt)
        page.goto(base.rstrip("/") + href)
        text = page.locator("#" + href.split("#")[1]).inner_text()
        assert excerpt_context(excerpt, mark) in text.replace("\n", ""), (href, excerpt, text[:80])


@pytest.fixture(scope="module")
def entity_site(tmp_path_factory, root):
    """The hostile fixture, with a line that shows markup as text."""
    project = tmp_path_factory.mktemp("entities") / "project"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "hostile", project)
    for name in ("templates", "static"):
        shutil.copytree(root / name, project / name)
    shutil.copy(root / "content" / "topics.yaml", project / "content" / "topics.yaml")
    seed = project / "seeds" / "evil.txt"
    line = ("出口管制的讨论仍在继续，一位网友在帖子里写下&lt;img src=x onerror=alert(3)&gt;和&amp;符号，"
            "这段文字应当原样显示，而不是被当作网页标记。")
    seed.write_text(seed.read_text("utf-8") + "\n" + line + "\n", "utf-8")
    out = project.parent / "site"
    build(Project(project), out)
    server, base = serve_folder(out)
    yield base
    server.shutdown()


def test_excerpt_shows_escaped_markup_as_text_and_keeps_only_marks(browser, entity_site):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hits = results(page, entity_site, "hans", "帖子")
    assert hits
    excerpt = hits[0][1]
    assert "<img src=x onerror=alert(3)>" in excerpt and "&lt;" not in excerpt and "&amp;" not in excerpt
    tags = page.eval_on_selector_all("#search-results li p *", "els => els.map(e => e.localName)")
    assert tags and set(tags) == {"mark"}, tags
    assert dialogs == []
    context.close()
