"""A site of many sources stays usable: matrix groups, paged topics and lists, nothing unbounded."""
from __future__ import annotations

import importlib.util
import json
import re

import pytest

from duizhao import urls
from duizhao.build import Project, build
from duizhao.check import check_site


@pytest.fixture(scope="module")
def big_site(tmp_path_factory, root):
    spec = importlib.util.spec_from_file_location("bench_run", root / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    project = tmp_path_factory.mktemp("scale") / "project"
    bench.make_site(project, 60, chars=600)
    out = project.parent / "site"
    build(Project(project), out)
    return out


def test_large_site_passes_check(big_site):
    assert check_site(big_site) == []


def test_matrix_is_grouped(big_site):
    groups = sorted(p for p in big_site.glob("zh-hans/matrix*.html") if not p.name.startswith("matrix-full"))
    assert len(groups) == urls.page_count(60, urls.MATRIX_GROUP) == 8
    assert len(list(big_site.glob("zh-hans/matrix-full*.html"))) == 8, "the full view is grouped the same way"
    for page in groups:
        html = page.read_text("utf-8")
        header = html.split("<thead>")[1].split("</thead>")[0]
        assert header.count('scope="col"') <= urls.MATRIX_GROUP + 1
    matrix = json.loads((big_site / "data" / "matrix.json").read_text("utf-8"))
    last = [c for c in matrix["cells"] if c["source"] == "synthetic-00059"][0]
    assert last["anchor_url"].startswith("zh-hans/matrix-8.html#")


def test_topics_and_lists_are_paged(big_site):
    assert (big_site / "zh-hant" / "topics" / "chips-3.html").is_file()
    assert not (big_site / "zh-hant" / "topics" / "chips-4.html").exists()
    assert (big_site / "zh-hans" / "sources-2.html").is_file()
    # Figures come a topic page's worth of sources at a time, each page linked from the sitemap.
    assert (big_site / "zh-hant" / "figures-3.html").is_file()
    assert not (big_site / "zh-hant" / "figures-4.html").exists()
    assert "zh-hans/figures-2.html" in (big_site / "sitemap.xml").read_text("utf-8")
    second = (big_site / "zh-hans" / "figures-2.html").read_text("utf-8")
    shown = {int(n) for n in re.findall(r'href="sources/synthetic-(\d+)\.html#', second)}
    assert shown and shown <= set(range(urls.TOPIC_PAGE, 2 * urls.TOPIC_PAGE))
    assert 'rel="next"' in second and 'rel="prev"' in second
    home = (big_site / "zh-hans" / "index.html").read_text("utf-8")
    assert len(re.findall(r'href="sources/synthetic-', home)) <= urls.LIST_PAGE + urls.MATRIX_GROUP


def test_no_page_grows_with_the_number_of_sources(big_site):
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    shared = [size for name, size in sizes.items() if "/sources/" not in name and "/cells/" not in name]
    assert max(shared) < 200_000
