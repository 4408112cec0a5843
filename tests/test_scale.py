"""A site of many sources stays usable: matrix groups, paged topics and lists, nothing unbounded."""
from __future__ import annotations

import json
import re

import pytest

from duizhao import urls
from duizhao.build import Project, build
from duizhao.check import check_site


@pytest.fixture(scope="module")
def big_site(tmp_path_factory, bench):
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


def test_the_agreements_page_quotes_a_few_sources_a_point_and_links_to_all(tmp_path, bench, monkeypatch):
    """A point many sources make is summed up on the agreements page, and quoted in full on
    numbered pages of its own: no page grows with the number of sources."""
    from duizhao import compare

    monkeypatch.setattr(compare, "POINT_CARDS", 3)
    monkeypatch.setattr(compare, "POINT_PAGE", 4)
    project, site = tmp_path / "project", tmp_path / "site"
    bench.make_site(project, 60, chars=600)
    build(Project(project), site)
    page = (site / "zh-hans" / "agreements.html").read_text("utf-8")
    sections = page.split('<section class="point"')[1:]
    linked = [s for s in sections if 'href="points/' in s]
    assert linked, "no point of the synthetic site is made by more sources than the page quotes"
    assert all(s.count('class="card') <= compare.POINT_CARDS for s in sections)
    alignments = json.loads((site / "data" / "alignments.json").read_text("utf-8"))
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    for section in linked:
        first = re.search(r'href="(points/p[0-9a-f]+)\.html"', section).group(1)
        title = re.search(r'<h2 id="point-\d+-h">(.*?)</h2>', section).group(1)
        claim = next(c for c in alignments["claims"] if c["label"] == title)
        making = list(dict.fromkeys(w["source"] for w in claim["where"]))
        pages = urls.page_count(len(making), compare.POINT_PAGE)
        shown = []
        for n in range(1, pages + 1):
            path = f"zh-hans/{first}.html" if n == 1 else f"zh-hans/{first}-{n}.html"
            own = (site / path).read_text("utf-8")
            assert f"<h1>{title}</h1>" in own and path in sitemap
            assert ('rel="next"' in own) == (n < pages)
            shown += re.findall(r'<h2><a href="../sources/(synthetic-\d+)\.html">', own)
        assert not (site / f"zh-hans/{first}-{pages + 1}.html").exists()
        assert len(shown) > compare.POINT_CARDS and shown == [s for s in making if s in shown], \
            "the point's pages quote more sources than the summary, each once, in site order"
