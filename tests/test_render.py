"""The published pages: golden HTML, both scripts, share previews, and what check catches.

Regenerate the golden pages after an intended change to templates or rendering:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py
"""
from __future__ import annotations

import base64
import difflib
import hashlib
import json
import os
import re
import shutil

import pytest

from duizhao import render
from duizhao.build import Project, build
from duizhao.check import check_site
from duizhao.convert import to_script
from duizhao.load import load_pages, load_site, load_static
from duizhao.models import Cell, Quote, Topic

from .htmltags import elements

GOLDEN = {"zh-hant/sources/modern-tv-dulan.html": "source-modern-tv-dulan.html",
          "zh-hans/cells/export-controls--guancha-marcus.html": "cell-export-controls--guancha-marcus.html"}


@pytest.fixture(scope="module")
def built(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("render") / "site"
    build(Project(root), out)
    return out


def tags(path):
    return elements(path.read_text("utf-8"))


@pytest.mark.parametrize("page, golden", sorted(GOLDEN.items()))
def test_golden_html(built, root, page, golden):
    expected_path = root / "tests" / "expected" / "html" / golden
    actual = (built / page).read_text("utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    expected = expected_path.read_text("utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
        pytest.fail(f"{page} changed (UPDATE_GOLDEN=1 to accept):\n{diff}")


def test_every_page_declares_its_script_and_counterpart(built):
    for page in built.glob("zh-*/**/*.html"):
        found = tags(page)
        html = next(a for t, a in found if t == "html")
        assert html["lang"] in ("zh-Hans", "zh-Hant"), page
        alternates = {a["hreflang"]: a["href"] for t, a in found if t == "link" and a.get("rel") == "alternate"}
        assert set(alternates) == {"zh-Hans", "zh-Hant"}, page
        toggle = [a for t, a in found if t == "a" and "script-toggle" in (a.get("class") or "")]
        assert len(toggle) == 1 and (page.parent / toggle[0]["href"]).resolve().is_file(), page


def test_no_root_absolute_links(built):
    for page in built.rglob("*.html"):
        if page.name == "404.html" and page.parent == built:
            continue
        for tag, attrs in tags(page):
            for key in ("href", "src"):
                value = attrs.get(key) or ""
                assert not value.startswith("/"), f"{page}: {key}={value}"


def test_share_page_previews_with_the_quote(built):
    page = built / "zh-hans" / "cells" / "export-controls--guancha-marcus.html"
    meta = {a.get("property") or a.get("name"): a.get("content") for t, a in tags(page) if t == "meta"}
    matrix = json.loads((built / "data" / "matrix.json").read_text("utf-8"))
    cell = next(c for c in matrix["cells"] if c["topic"] == "export-controls" and c["source"] == "guancha-marcus")
    assert meta["og:title"] == "「出口管制」 · 观察者网 · 美国AI专家：全球AI争霸赛已结束，目前来看，美国没赢"
    assert meta["og:url"] == "https://duizhao.github.io/duizhao/zh-hans/cells/export-controls--guancha-marcus.html"
    lead = cell["quotes"][cell["lead"]]["text"]  # the share preview quotes the cell's lead quote
    assert meta["og:description"] == to_script(lead, "hant", "hans")
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:description"] == meta["og:description"]
    assert meta["og:image"] == "https://duizhao.github.io/duizhao/cards/zh-hans/export-controls--guancha-marcus.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    canonical = [a["href"] for t, a in tags(page) if t == "link" and a.get("rel") == "canonical"]
    assert canonical == [meta["og:url"]]
    links = [a.get("href", "") for t, a in tags(page) if t == "a"]
    assert "../matrix.html#export-controls--guancha-marcus" in links


def test_every_page_has_a_strict_csp_and_no_inline_code(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        found = tags(page)
        csp = [a["content"] for t, a in found if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert len(csp) == 1, f"{page}: one CSP meta"
        policy = dict((d.split()[0], d.split()[1:]) for d in csp[0].split("; "))
        assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in csp[0], (page, csp)
        assert all(a.get("src") for t, a in found if t == "script"), f"{page}: inline <script>"
        if page == built / "404.html":
            # Its own stylesheet is inline, allowed by exactly its hash, and nothing else is.
            css = re.search(r"<style>(.*?)</style>", page.read_text("utf-8"), re.S).group(1)
            digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
            assert policy["style-src"] == [f"'sha256-{digest}'"] and policy["default-src"] == ["'none'"], csp
            assert len([t for t, a in found if t == "style"]) == 1
            continue
        assert policy["style-src"][0] == "'self'" and policy["default-src"] == ["'self'"], (page, csp)
        assert not [t for t, a in found if t == "style"], f"{page}: <style> element"
        assert not [a for t, a in found if "style" in a or any(k.startswith("on") for k in a)], \
            f"{page}: style= or on*= attribute"


def test_converted_quotes_are_marked_on_cell_pages(built):
    converted = tags(built / "zh-hans" / "cells" / "export-controls--guancha-marcus.html")
    note = [a for t, a in converted if t == "p" and "converted-note" in (a.get("class") or "")]
    assert note and note[0]["data-converted"] == "OpenCC t2s"
    assert any(t == "a" and a.get("href") == "../../zh-hant/cells/export-controls--guancha-marcus.html"
               and a.get("hreflang") == "zh-Hant" for t, a in converted), "the original-script cell is linked"
    original = tags(built / "zh-hant" / "cells" / "export-controls--guancha-marcus.html")
    assert not [a for t, a in original if "converted-note" in (a.get("class") or "")]


def test_cleaning_record_groups_repeated_corrections(built):
    html = (built / "zh-hant" / "sources" / "guancha-marcus.html").read_text("utf-8")
    record = html[html.index('<details class="record"'):]
    # 創(chuàng) is annotated 16 times in the seed: one row, counted, with the removed part marked.
    assert record.count("創<del>(chuàng)</del>") == 1
    row = record[record.index("創<del>(chuàng)</del>"):].split("</tr>")[0]
    assert '<td class="num">16</td>' in row


def test_templates_render_a_tiny_fixture_with_and_without_cells(tmp_path, root, docs_by_slug):
    """Hand-made topics and cells: a quoted cell, a silent one, and a site with no topics at all."""
    config, pages = load_site(root / "content"), load_pages(root / "content")
    env = render.make_env(root / "templates")
    docs = [docs_by_slug["modern-tv-dulan"], docs_by_slug["guancha-marcus"]]
    p = docs[0].text.paragraphs[1]
    topic = Topic("fixture", {"zh-Hans": "测试主题", "zh-Hant": "測試主題", "en": "fixture"},
                  {"zh-Hans": "测试用的主题", "zh-Hant": "測試用的主題"}, ())
    cells = [Cell("fixture", "modern-tv-dulan", "quoted", (Quote(p.text[:12], p.id, "pinned"),)),
             Cell("fixture", "guancha-marcus", "not-discussed")]
    files = render.render_site(env, config, docs, [topic], cells, pages, load_static(root / "static"))
    matrix = files["zh-hans/matrix.html"].decode("utf-8")
    assert 'id="fixture--modern-tv-dulan"' in matrix and f'href="sources/modern-tv-dulan.html#{p.id}"' in matrix
    silent = matrix[matrix.index('id="fixture--guancha-marcus"'):].split("</td>")[0]
    assert "未提及" in silent
    source = files["zh-hant/sources/modern-tv-dulan.html"].decode("utf-8")
    assert f'<mark data-topics="fixture" title="測試主題">{p.text[:12]}</mark>' in source
    assert "編者選定" in files["zh-hant/cells/fixture--modern-tv-dulan.html"].decode("utf-8")

    bare = render.render_site(env, config, docs, [], [], pages, {})
    assert "zh-hans/matrix.html" in bare and not [k for k in bare if "/cells/" in k]
    assert b'"cells": []' in bare["data/matrix.json"]


def test_matrix_json_links_resolve(built):
    matrix = json.loads((built / "data" / "matrix.json").read_text("utf-8"))
    for source in matrix["sources"]:
        assert (built / source["url"]).is_file()
    for cell in matrix["cells"]:
        assert (built / cell["url"]).is_file()
        page, _, anchor = cell["anchor_url"].partition("#")
        assert anchor == f"{cell['topic']}--{cell['source']}"
        assert f'id="{anchor}"' in (built / page).read_text("utf-8")


def test_github_pages_files(built):
    assert (built / ".nojekyll").is_file()
    sitemap = (built / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://duizhao.github.io/duizhao/zh-hant/matrix.html</loc>" in sitemap
    assert "Sitemap: https://duizhao.github.io/duizhao/sitemap.xml" in (built / "robots.txt").read_text("utf-8")
    notfound = (built / "404.html").read_text("utf-8")
    assert 'href="https://duizhao.github.io/duizhao/zh-hans/index.html"' in notfound
    assert "stylesheet" not in notfound and "<style>" in notfound, "styled wherever it is served"


def test_a_site_past_the_sitemap_limit_gets_a_sitemap_index(root):
    """The sitemap protocol allows 50,000 pages a file: past that, sitemap.xml must be an index."""
    import xml.etree.ElementTree as ET
    from types import SimpleNamespace

    env = render.make_env(root / "templates")
    site = SimpleNamespace(config=SimpleNamespace(base_url="https://example.org/site/"))
    paths = [f"zh-hans/sources/s{i}.html" for i in range(7)]
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    [(name, listed, make)] = render.sitemaps(env, site, paths, per=7)
    assert name == "sitemap.xml" and listed == paths
    assert [u.text for u in ET.fromstring(make()).iter(f"{ns}loc")] == ["https://example.org/site/" + p for p in paths]

    files = {name: ET.fromstring(make()) for name, _, make in render.sitemaps(env, site, paths, per=3)}
    index = files.pop("sitemap.xml")
    assert index.tag == f"{ns}sitemapindex"
    parts = [loc.text.removeprefix("https://example.org/site/") for loc in index.iter(f"{ns}loc")]
    assert parts == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"] == sorted(files)
    listed = [u.text for name in parts for u in files[name].iter(f"{ns}loc")]
    assert listed == ["https://example.org/site/" + p for p in paths], "every page once, in order"
    assert max(len(list(f.iter(f"{ns}url"))) for f in files.values()) == 3


def test_converted_text_is_marked_and_original_reachable(built):
    page = (built / "zh-hans" / "sources" / "guancha-marcus.html").read_text("utf-8")
    assert 'data-converted="OpenCC t2s"' in page and 'href="../../zh-hant/sources/guancha-marcus.html"' in page
    assert "芯片" in page and "晶片" not in page, "t2s/s2t convert characters, never vocabulary"
    original = (built / "zh-hant" / "sources" / "guancha-marcus.html").read_text("utf-8")
    assert "data-converted" not in original


def test_markdown_raw_html_is_escaped(tmp_path, root):
    project = tmp_path / "p"
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(root / name, project / name)
    (project / "content" / "pages" / "about.md").write_text(
        "---\ntitle: {zh-Hans: 关于, zh-Hant: 關於}\nscript: hans\n---\n# 关于\n\n<script>alert(1)</script>\n",
        encoding="utf-8")
    build(Project(project), tmp_path / "out")
    html = (tmp_path / "out" / "zh-hans" / "pages" / "about.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_markdown_pages_convert_prose_but_not_code(built):
    converted = (built / "zh-hant" / "pages" / "about.html").read_text("utf-8")
    assert "關於與方法" in converted and 'data-converted="OpenCC s2tw"' in converted
    # The examples of what conversion does are code: converting them would make them say nothing.
    assert "<code>为</code>" in converted and "<code>软件</code>" in converted


# --- check catches damage -------------------------------------------------------

def damaged_copy(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    assert check_site(site) == []
    return site


def test_check_catches_a_broken_link(built, tmp_path):
    site = damaged_copy(built, tmp_path)
    page = site / "zh-hans" / "matrix.html"
    page.write_text(page.read_text("utf-8").replace('href="sources/guancha-marcus.html', 'href="sources/gone.html', 1),
                    encoding="utf-8")
    problems = check_site(site)
    assert any(p.startswith("zh-hans/matrix.html:") and "broken link sources/gone.html" in p for p in problems)


def test_check_catches_a_missing_anchor(built, tmp_path):
    site = damaged_copy(built, tmp_path)
    page = site / "zh-hant" / "sources" / "guancha-marcus.html"
    page.write_text(page.read_text("utf-8").replace('id="p21"', 'id="p21-gone"'), encoding="utf-8")
    problems = check_site(site)
    assert any("guancha-marcus.html#p21" in p and "missing #p21" in p for p in problems), problems


def test_check_catches_an_altered_quote(built, tmp_path):
    site = damaged_copy(built, tmp_path)
    path = site / "data" / "matrix.json"
    matrix = json.loads(path.read_text("utf-8"))
    cell = next(c for c in matrix["cells"] if c["quotes"])
    cell["quotes"][0]["text"] = cell["quotes"][0]["text"][:-3] + "（改）"
    path.write_text(json.dumps(matrix, ensure_ascii=False), encoding="utf-8")
    problems = check_site(site)
    assert any("quote is not verbatim" in p and f"{cell['topic']}--{cell['source']}" in p for p in problems)


def test_check_catches_a_root_absolute_link_and_bad_html(built, tmp_path):
    site = damaged_copy(built, tmp_path)
    page = site / "zh-hans" / "index.html"
    html = page.read_text("utf-8").replace("<main", '<a href="/zh-hans/matrix.html">x</a><div><main', 1)
    page.write_text(html, encoding="utf-8")
    problems = check_site(site)
    assert any("root-absolute link /zh-hans/matrix.html" in p for p in problems)
    assert any(p.startswith("zh-hans/index.html") and ("never closed" in p or "unexpected" in p) for p in problems)


def test_check_reports_a_stale_pin(built, tmp_path, root, capsys):
    from duizhao.cli import main

    project = tmp_path / "p"
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(root / name, project / name)
    pins = project / "content" / "pins.yaml"
    pins.write_text(pins.read_text("utf-8").replace("性能直逼o1", "性能超越o1"), encoding="utf-8")
    assert main(["--root", str(project), "check", str(built), "-q"]) == 1
    err = capsys.readouterr().err
    assert "pins.yaml:" in err and "stale pin for open-source--modern-tv-dulan" in err
