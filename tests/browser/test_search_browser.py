"""Full-text search in a real browser, over the Pagefind index the build writes."""
from __future__ import annotations

from urllib.parse import quote


def search(page, base, script, query):
    page.goto(f"{base}zh-{script}/search.html?q={quote(query)}")
    page.wait_for_selector("#search-status:not(:empty)", timeout=15000)
    return [(a.get_attribute("href"), a.inner_text()) for a in page.locator("a.search-hit").all()]


def test_search_finds_passages_in_three_sources_and_lands_on_them(page, site):
    base, out = site
    hits = search(page, base, "hans", "出口管制")
    slugs = {href.split("/sources/")[1].split(".html")[0] for href, _ in hits}
    assert len(slugs) >= 3, hits
    for href, _ in hits:
        assert "#p" in href, "each result links to its paragraph"
        page.goto(base.rstrip("/") + href)
        fragment = href.split("#")[1]
        text = page.locator(f"#{fragment}").inner_text()
        assert "出口管制" in text, (href, text)


def test_traditional_query_finds_a_simplified_source(page, site):
    base, _ = site
    hits = search(page, base, "hans", "半導體出口管制")
    assert any("aibase-hassabis" in href for href, _ in hits), hits


def test_regional_word_finds_the_sources_word(page, site):
    base, _ = site
    hits = search(page, base, "hant", "國產晶片")
    assert any("modern-tv-dulan" in href for href, _ in hits), hits


def test_regional_word_in_the_other_script_finds_the_sources_word(page, site):
    """A Traditional regional spelling typed on a Simplified page meets its alias too."""
    base, _ = site
    assert search(page, base, "hans", "輝達"), "輝達 is searched as 英伟达"
    assert search(page, base, "hans", "資料中心"), "資料中心 is searched as 数据中心"


def test_search_without_javascript_degrades_to_a_note(browser, site):
    base, _ = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "zh-hans/search.html")
    assert page.locator("#search-note").is_visible()
    assert not page.locator("#search-form").is_visible()
    context.close()


def test_a_term_found_in_two_shards(page, tmp_path, root, monkeypatch):
    """The index is split into shards; the browser merges them, so one query finds pages in each."""
    import json

    from duizhao import search as search_module
    from duizhao.build import Project, build

    from .conftest import serve_folder

    monkeypatch.setattr(search_module, "SHARD_SOURCES", 2)  # five sources: three shards
    out = tmp_path / "site"
    build(Project(root), out)
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["001", "002", "003"]
    order = [s["slug"] for s in json.loads((out / "data" / "matrix.json").read_text("utf-8"))["sources"]]
    server, base = serve_folder(out)
    try:
        hits = search(page, base, "hans", "出口管制")
    finally:
        server.shutdown()
    slugs = {href.split("/sources/")[1].split(".html")[0] for href, _ in hits}
    shards = {order.index(slug) // 2 for slug in slugs}
    assert len(shards) >= 2, (hits, order)
