"""Reading two sources side by side: which passages align, which must not, and the pages that show them.

The table tests use short paragraphs written for these tests; the seed tests name
passages of the real sources that a careful reader links (or keeps apart).
"""
from __future__ import annotations

import json
from collections import Counter
import re
from pathlib import Path

import pytest

from duizhao import align, compare, figures, lexicon, matrix
from duizhao.alignrules import load_rules
from duizhao.build import Project, build
from duizhao.errors import ContentError
from duizhao.models import CleaningRules, CleanText, Document, Paragraph, Seed, Source

ROOT = Path(__file__).resolve().parents[1]


def doc(slug: str, script: str, *texts: str) -> Document:
    """A cleaned document of the given paragraphs."""
    source = Source(slug, f"{slug}.txt", slug, False, "测试报", "测试者", "2025-01-01", "article", script, None,
                    CleaningRules(), f"content/sources/{slug}.yaml")
    paragraphs = tuple(Paragraph(f"p{i}", "paragraph", t) for i, t in enumerate(texts, 1))
    return Document(source, Seed(f"{slug}.txt", "\n".join(texts), "utf-8", slug), CleanText(paragraphs, (), ()))


@pytest.fixture(scope="module")
def topics():
    return lexicon.load_lexicon(ROOT / "content" / "topics.yaml").topics


@pytest.fixture(scope="module")
def rules(docs):
    return load_rules(ROOT / "content" / "alignments.yaml", docs)


def links_between(a: Document, b: Document, topics, rules) -> set[tuple[str, str]]:
    """The links the aligner makes between two one-or-more-paragraph documents."""
    result = align.align_site([a, b], topics, rules)
    return {(k.a_paragraph, k.b_paragraph) for p in result.pairs for k in p.links}


# Same fact, one in Simplified and one in Traditional, told in different words.
MUST_ALIGN = [
    ("export controls backfired",
     "分析人士认为，美国的出口管制适得其反，反而促使中国企业加快自主创新。",
     "評論指出，華盛頓對華限制措施始料未及地刺激了中國企業的研發投入。"),
    ("China's edge is putting AI to work",
     "中国的优势在于实际应用：人工智能正被部署到工厂和电网之中。",
     "該報認為，中國擅長把模型帶進實體經濟，應用場景遍佈製造業。"),
    ("doing more with less compute",
     "这家公司用更少算力训练出了接近顶尖水平的模型。",
     "即使算力相對不足，這家企業仍以極低的訓練成本追上了頂尖模型。"),
]

# Passages that share only a common word such as 中国, 美国 or AI.
MUST_NOT_ALIGN = [
    ("only 中国 and AI",
     "中国的AI企业在春节前后密集发布新产品。",
     "中國AI圈本週最熱門的話題是一場圍棋比賽。"),
    ("only 美国 and 人工智能",
     "美国总统就人工智能发表了讲话，谈到教育。",
     "美國的人工智能公司今年的招聘人數創下新高。"),
    ("only a name, no point",
     "DeepSeek 的创始人很少接受采访。",
     "DeepSeek 的總部位於杭州。"),
]


@pytest.mark.parametrize("why, hans, hant", MUST_ALIGN, ids=[r[0] for r in MUST_ALIGN])
def test_same_fact_in_two_scripts_and_other_words_aligns(why, hans, hant, topics, rules):
    a = doc("aa", "hans", "今天天气很好，我们去公园散步。", hans)
    b = doc("bb", "hant", hant, "這家餐廳的菜單上有三十道菜。")
    assert links_between(a, b, topics, rules) == {("p2", "p1")}, why


@pytest.mark.parametrize("why, hans, hant", MUST_NOT_ALIGN, ids=[r[0] for r in MUST_NOT_ALIGN])
def test_a_common_word_alone_never_aligns(why, hans, hant, topics, rules):
    assert links_between(doc("aa", "hans", hans), doc("bb", "hant", hant), topics, rules) == set(), why


def test_each_link_says_what_its_passages_share(topics, rules):
    a = doc("aa", "hans", MUST_ALIGN[0][1])
    b = doc("bb", "hant", MUST_ALIGN[0][2])
    (pair,) = align.align_site([a, b], topics, rules).pairs
    (link,) = pair.links
    assert {"出口管制", "适得其反"} <= set(link.terms)
    assert link.topic == "export-controls"


# --- the real seeds ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def alignment(docs, topics, rules):
    lex = lexicon.load_lexicon(ROOT / "content" / "topics.yaml")
    groups = tuple(g for g, _ in lexicon.load_figure_groups(ROOT / "content" / "figures.yaml", topics))
    claims = figures.collect_claims(matrix.score_all(docs, lex), groups)
    return align.align_all(docs, topics, rules, claims, groups)


def seed_links(alignment) -> set[tuple[str, str, str, str]]:
    return {(p.a, k.a_paragraph, p.b, k.b_paragraph) for p in alignment.pairs for k in p.links}


SEEDS_ALIGN = [
    # Marcus's closing claim and the think tank's: the export controls backfired.
    ("guancha-marcus", "p21", "netease-minhong", "p12"),
    # The transcript and the FT: China's advantage lies in applying AI, in the real economy.
    ("modern-tv-dulan", "p10", "netease-minhong", "p16"),
    # Hassabis's "a few months" and the think tank's "three months": one quantity (figures.yaml).
    ("aibase-hassabis", "p4", "netease-minhong", "p4"),
    # DeepSeek trained without the best Nvidia chips and matched OpenAI.
    ("guancha-marcus", "p12", "netease-minhong", "p5"),
]

SEEDS_APART = [
    # Trump's first day and the Nasdaq fall: both mention 美国 and AI, and nothing else.
    ("guancha-marcus", "p7", "modern-tv-dulan", "p1"),
    # Marcus's biography and the FT on data centres.
    ("guancha-marcus", "p11", "netease-ft-marathon", "p8"),
]


@pytest.mark.parametrize("a, pa, b, pb", SEEDS_ALIGN)
def test_seed_passages_that_make_one_point_are_linked(alignment, a, pa, b, pb):
    assert (a, pa, b, pb) in seed_links(alignment)


@pytest.mark.parametrize("a, pa, b, pb", SEEDS_APART)
def test_seed_passages_that_share_only_common_words_are_not(alignment, a, pa, b, pb):
    assert (a, pa, b, pb) not in seed_links(alignment)


def test_every_pair_of_five_sources_is_compared_and_meets_at_most_eight_times(alignment, docs):
    assert len(alignment.pairs) == len(docs) * (len(docs) - 1) // 2
    assert all(len(p.links) <= align.MAX_LINKS for p in alignment.pairs)
    assert sum(1 for p in alignment.pairs if len(p.links) >= 3) >= 5


def test_points_most_sources_make_are_made_by_three_or_more(alignment):
    assert alignment.points
    for point in alignment.points:
        assert len({s for s, _ in point.where}) >= align.MIN_SOURCES
    labels = {t for p in alignment.points for t in p.label}
    assert "出口管制" in labels and "应用落地" in labels


def test_the_editors_opposite_pin_marks_the_compute_gap(alignment):
    pair = next(p for p in alignment.pairs if (p.a, p.b) == ("modern-tv-dulan", "netease-minhong"))
    link = next(k for k in pair.links if (k.a_paragraph, k.b_paragraph) == ("p7", "p9"))
    assert link.relation == "opposite" and link.chosen == "pinned"


# --- editors' pins and exclusions ----------------------------------------------------------

def write_rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "alignments.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_exclusion_removes_a_link_and_a_pin_adds_one(tmp_path, topics, rules):
    a = doc("aa", "hans", MUST_ALIGN[0][1], "今天天气很好。")
    b = doc("bb", "hant", MUST_ALIGN[0][2], "這家餐廳很好吃。")
    base = (ROOT / "content" / "alignments.yaml").read_text("utf-8").split("pins:")[0]
    edited = load_rules(write_rules(tmp_path, base + """pins:
  - a: {source: aa, paragraph: p2, text: 天气}
    b: {source: bb, paragraph: p2}
    relation: opposite
    terms: [天气]
exclude:
  - a: {source: aa, paragraph: p1}
    b: {source: bb, paragraph: p1}
"""), [a, b])
    (pair,) = align.align_site([a, b], topics, edited).pairs
    assert [(k.a_paragraph, k.b_paragraph, k.relation, k.chosen) for k in pair.links] == \
        [("p2", "p2", "opposite", "pinned")]


@pytest.mark.parametrize("body, says", [
    ("pins:\n  - a: {source: aa, paragraph: p9}\n    b: {source: bb, paragraph: p1}\n    terms: [x]\n",
     "stale link: aa has no paragraph p9"),
    ("pins:\n  - a: {source: aa, paragraph: p1, text: 不在这里}\n    b: {source: bb, paragraph: p1}\n    terms: [x]\n",
     "is no longer in p1 of aa"),
    ("exclude:\n  - a: {source: zz, paragraph: p1}\n    b: {source: bb, paragraph: p1}\n",
     "unknown source 'zz'"),
    ("pins:\n  - a: {source: aa, paragraph: p1}\n    b: {source: bb, paragraph: p1}\n    relation: maybe\n    terms: [x]\n",
     "relation 'maybe'"),
])
def test_a_stale_or_wrong_rule_names_file_and_line(tmp_path, body, says):
    path = write_rules(tmp_path, body)
    with pytest.raises(ContentError) as e:
        load_rules(path, [doc("aa", "hans", "一段文字。"), doc("bb", "hant", "一段文字。")])
    assert says in str(e.value)
    assert str(e.value).startswith(f"{path}:2:")


# --- the published pages and data -------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("align") / "site"
    build(Project(ROOT), out)
    return out


def page_links(page: Path) -> set[tuple[str, str]]:
    """(paragraph, counterpart) for every jump on a pair page, read from the HTML."""
    html = page.read_text("utf-8")
    found = set()
    for m in re.finditer(r'<div class="passage [^"]*" id="(a-p\d+)">(.*?)</div>', html, re.S):
        found |= {(m.group(1), t) for t in re.findall(r'class="counterpart" href="#(b-p\d+)"', m.group(2))}
    return found


def test_every_link_names_paragraphs_that_exist_and_both_scripts_show_it(built):
    data = json.loads((built / "data" / "alignments.json").read_text("utf-8"))
    paragraphs = {}
    for path in (built / "data" / "sources").glob("*.json"):
        record = json.loads(path.read_text("utf-8"))
        paragraphs[record["slug"]] = {p["id"] for p in record["paragraphs"]}
    assert len(data["pairs"]) == 10
    for pair in data["pairs"]:
        expected = set()
        for link in pair["links"]:
            assert link["a_paragraph"] in paragraphs[pair["a"]] and link["b_paragraph"] in paragraphs[pair["b"]]
            assert link["relation"] in ("same", "opposite", "related") and link["terms"]
            expected.add((f"a-{link['a_paragraph']}", f"b-{link['b_paragraph']}"))
        name = f"compare/{pair['a']}--{pair['b']}.html"
        assert page_links(built / "zh-hans" / name) == expected == page_links(built / "zh-hant" / name)
    for claim in data["claims"]:
        assert len({w["source"] for w in claim["where"]}) >= 3
        assert all(w["paragraph"] in paragraphs[w["source"]] for w in claim["where"])


def test_pair_pages_are_reachable_from_source_pages_home_and_sitemap(built):
    sitemap = (built / "sitemap.xml").read_text("utf-8")
    home = (built / "zh-hans" / "index.html").read_text("utf-8")
    source = (built / "zh-hant" / "sources" / "guancha-marcus.html").read_text("utf-8")
    for script in ("zh-hans", "zh-hant"):
        for page in (built / script / "compare").glob("*.html"):
            assert f"{script}/compare/{page.name}" in sitemap
        assert f"{script}/agreements.html" in sitemap
    assert "compare/guancha-marcus--netease-minhong.html" in home and "agreements.html" in home
    assert "../compare/guancha-marcus--netease-minhong.html" in source


def test_every_passage_links_to_its_paragraph_on_the_source_page(built):
    html = (built / "zh-hans" / "compare" / "guancha-marcus--netease-minhong.html").read_text("utf-8")
    anchors = re.findall(r'class="in-source" href="\.\./sources/([a-z-]+)\.html#(p\d+)"', html)
    assert ("guancha-marcus", "p22") in anchors and ("netease-minhong", "p25") in anchors
    assert len(anchors) == 22 + 25


def test_no_english_on_the_new_pages_but_names(built):
    for page in [built / "zh-hant" / "agreements.html", *(built / "zh-hans" / "compare").glob("*.html")]:
        main = page.read_text("utf-8").split('<main id="main" class="wrap">')[1].split("</main>")[0]
        visible = re.sub(r"<[^>]+>", " ", main)
        for word in ("same", "opposite", "related", "score", "pinned"):
            assert not re.search(rf"\b{word}\b", visible), (page.name, word)


# --- scale ---------------------------------------------------------------------------------

def test_related_sources_are_bounded_so_pairs_grow_linearly(topics, rules):
    sentences = ["美国的出口管制适得其反。", "中国在实际应用方面领先。", "这家公司用更少算力训练模型。",
                 "开源模型正在改变格局。", "英伟达的股价下跌。", "国产芯片的产量增长。"]

    def site(n):
        return [doc(f"s{i:04d}", "hans", *(sentences[(i + k) % len(sentences)] for k in range(3))) for i in range(n)]

    for n in (20, 40):
        docs = site(n)
        result = align.align_site(docs, topics, rules)
        order = {d.slug: i for i, d in enumerate(docs)}
        features = align.describe(docs, topics, rules)
        w = align.weigh(features, rules)
        terms = {slug: Counter(t for f in rows for t in f.terms) for slug, rows in features.items()}
        own = align.related_sources(terms, w, order)
        assert all(len(r) <= align.RELATED for r in own.values())
        assert len(result.pairs) <= align.RELATED * n
        assert sum(len(r) for r in result.related.values()) == 2 * len(result.pairs)


# A small corpus where blocking once went wrong: eight sources share sentences, and a
# ninth shares one sentence with some of them and has thirty figures of its own, its
# rarest terms, that no other source uses.
POOL = ["美国的出口管制适得其反，反而促使中国企业加快自主创新。", "中国在实际应用方面领先，人工智能正被部署到工厂。",
        "这家公司用更少算力训练出了接近顶尖水平的模型。", "开源模型正在改变格局，下载量不断增长。",
        "国产芯片的产量增长，替代进口的步伐加快。", "数据中心的建设需要大量电力和算力。"]
LONE = [f"第{k}季度的产量达到{1000 + 37 * k}万颗，增长了{k + 3}.{k}%。" for k in range(30)]


def small_corpus() -> list[tuple[str, str, list[str]]]:
    """(slug, script, paragraphs) of nine sources."""
    out = [(f"s{i}", "hans" if i % 2 else "hant", [POOL[(i + k) % len(POOL)] for k in range(3)]) for i in range(8)]
    return out + [("lone", "hans", [POOL[0], *LONE])]


def test_a_source_whose_rarest_terms_are_its_own_still_finds_related_sources(topics, rules):
    result = align.align_site([doc(slug, "hans", *texts) for slug, _, texts in small_corpus()], topics, rules)
    assert {"s0", "s4", "s5", "s6"} <= set(result.related["lone"])  # those that share its sentence


def test_every_pair_is_listed_by_both_of_its_sources(topics, rules):
    result = align.align_site([doc(slug, "hans", *texts) for slug, _, texts in small_corpus()], topics, rules)
    pairs = {frozenset((p.a, p.b)) for p in result.pairs}
    listed = {frozenset((slug, other)) for slug, others in result.related.items() for other in others}
    assert pairs == listed
    for p in result.pairs:
        assert p.b in result.related[p.a] and p.a in result.related[p.b]


def write_project(folder: Path, sources) -> Path:
    """A project of the given sources with the real topics, templates and the editors' terms (no pins)."""
    import shutil

    content = folder / "content"
    (content / "sources").mkdir(parents=True)
    (folder / "seeds").mkdir()
    (content / "site.yaml").write_text(
        "title: {zh-Hans: 测试站, zh-Hant: 測試站, en: Test}\ndescription: {zh-Hans: 测试。, zh-Hant: 測試。}\n"
        "base_url: https://example.org/t/\ndefault_script: hans\nshare_cards: false\n", encoding="utf-8")
    shutil.copy(ROOT / "content" / "topics.yaml", content / "topics.yaml")
    (content / "alignments.yaml").write_text(
        (ROOT / "content" / "alignments.yaml").read_text("utf-8").split("pins:")[0], encoding="utf-8")
    for name in ("templates", "static"):
        shutil.copytree(ROOT / name, folder / name)
    for slug, script, texts in sources:
        (folder / "seeds" / f"{slug}.txt").write_text("\n\n".join(["标题" + slug, *texts]) + "\n", encoding="utf-8")
        (content / "sources" / f"{slug}.yaml").write_text(
            f"seed: {slug}.txt\nslug: {slug}\ntitle: 标题{slug}\ntitle_editorial: false\noutlet: 报{slug}\n"
            f"author: 测试者\npublished: \"2025-02-01\"\nkind: article\nscript: {script}\nurl: null\n", encoding="utf-8")
    return folder


def test_every_pair_page_is_linked_from_both_source_pages(tmp_path):
    out = tmp_path / "site"
    build(Project(write_project(tmp_path / "project", small_corpus())), out)
    data = json.loads((out / "data" / "alignments.json").read_text("utf-8"))
    assert len(data["pairs"]) > 8 and data["related"]["lone"]
    for pair in data["pairs"]:
        assert pair["b"] in data["related"][pair["a"]] and pair["a"] in data["related"][pair["b"]]
        for script in ("zh-hans", "zh-hant"):
            page = f"compare/{pair['a']}--{pair['b']}.html"
            assert (out / script / page).is_file()
            for slug in (pair["a"], pair["b"]):
                assert f'href="../{page}"' in (out / script / "sources" / f"{slug}.html").read_text("utf-8"), \
                    (slug, page)


@pytest.mark.parametrize("a, b, relation", [
    ("中美差距正在缩小。", "中美差距仍在扩大。", "opposite"),
    ("美国的霸主地位依然不可动摇。", "美国的霸权已经动摇了。", "opposite"),
    ("美国的霸主地位不可动摇。", "美国的地位依然不可动摇。", "related"),  # 不可动摇 is not 动摇
    ("差距正在缩小。", "差距也在缩小。", "related"),
])
def test_opposite_cues_are_read_whole_words_first(a, b, relation, rules):
    assert align.relation_of(align.fold(a), align.fold(b), 0.5, rules) == relation


def test_the_sentences_that_made_a_link_are_marked_on_the_pair_page(built):
    html = (built / "zh-hant" / "compare" / "guancha-marcus--netease-minhong.html").read_text("utf-8")
    passage = re.search(r'<div class="passage [^"]*" id="b-p12">(.*?)</div>', html, re.S).group(1)
    assert "<mark>不僅如此" not in passage  # the opening sentence names no point
    assert re.search(r"<mark>美國無意中通過出口管制[^<]*</mark>", passage)


# --- the agreements page: each quote reads alone ---------------------------------------------

EXPORT = align.fold("出口管制")


def quote_of(text: str, index: int, *more: str):
    """The agreements quote of paragraph p1 of a one-source fixture, on the point 出口管制."""
    d = doc("aa", "hans", text, *more)
    return compare.point_quote(d, "p1", index, compare.point_terms((EXPORT,), (("禁运", EXPORT),)))


@pytest.mark.parametrize("why, text, index, expected, cut", [
    ("a back-pointer takes the sentence it points at",
     "《金融时报》记者走访了三家工厂。该报指出，美国的出口管制适得其反。", 1,
     "《金融时报》记者走访了三家工厂。该报指出，美国的出口管制适得其反。", ""),
    ("a speech frame with nothing before it loses its leading clause",
     "他写道，美国的出口管制非但没有拖慢中国，反而促使中国企业加快自主创新。", 0,
     "美国的出口管制非但没有拖慢中国，反而促使中国企业加快自主创新。", "start"),
    ("another wording of the point counts as naming it",
     "此外，对华禁运也在扩大，许多企业因此转向国产替代方案。", 0,
     "对华禁运也在扩大，许多企业因此转向国产替代方案。", "start"),
    ("a sentence that cannot stand alone gives way to one that can",
     "这也是出口管制的结果。美国的出口管制让中国企业转向了自主研发的道路。", 0,
     "美国的出口管制让中国企业转向了自主研发的道路。", ""),
    ("a quotation is never cut inside its marks",
     "专家说：“出口管制适得其反。它让中国更快地自立。”", 0,
     "专家说：“出口管制适得其反。它让中国更快地自立。”", ""),
])
def test_an_agreements_quote_is_a_sentence_that_reads_alone(why, text, index, expected, cut):
    quote, label = quote_of(text, index)
    assert (quote.text, quote.cut, label) == (expected, cut, False), why
    assert quote.text in text


def test_a_passage_that_only_points_back_is_not_quoted():
    assert quote_of("这就是出口管制。", 0) is None


def test_a_bullet_label_gives_way_to_prose_that_names_the_point():
    d = doc("aa", "hans", "背景：出口管制带来挑战", "今天天气很好。", "美国的出口管制并没有拖慢中国企业的研发速度。")
    terms = compare.point_terms((EXPORT,), ())
    quote, label = compare.point_quote(d, "p1", 0, terms)
    assert label
    ((pid, (prose, label)),) = compare.prose_on(d, terms)
    assert (pid, prose.text, label) == ("p3", "美国的出口管制并没有拖慢中国企业的研发速度。", False)


def test_no_agreements_quote_on_the_seeds_points_back_or_is_a_label(built):
    from duizhao.sentences import dangling_opener, is_balanced, is_label

    for script in ("zh-hans", "zh-hant"):
        html = (built / script / "agreements.html").read_text("utf-8")
        quotes = [q.replace("&#34;", '"').replace("&#39;", "'") for q in re.findall(r"<q>(.*?)</q>", html)]
        assert len(quotes) >= 15
        for q in quotes:
            text = q.removeprefix("……").removesuffix("……")
            assert not dangling_opener(text) and is_balanced(text) and not is_label(text), q


def test_a_pair_that_meets_nowhere_has_a_page_linked_from_its_sources_but_not_the_home_page(tmp_path):
    # x1 and x2 share only a name, which never links: related, but no passage meets.
    apart = [("x1", "hans", ["Zhipu的总部位于北京，员工有三百人。", "今天天气很好，我们去公园散步。"]),
             ("x2", "hant", ["Zhipu的新辦公樓今年落成。", "這家餐廳的菜單上有三十道菜。"])]
    out = tmp_path / "site"
    build(Project(write_project(tmp_path / "project", small_corpus()[:4] + apart)), out)
    data = json.loads((out / "data" / "alignments.json").read_text("utf-8"))
    empty = [p for p in data["pairs"] if not p["links"]]
    assert any((p["a"], p["b"]) == ("x1", "x2") for p in empty)
    for script in ("zh-hans", "zh-hant"):
        home = (out / script / "index.html").read_text("utf-8")
        for pair in data["pairs"]:
            page = f"compare/{pair['a']}--{pair['b']}.html"
            assert (out / script / page).is_file()
            assert (f'href="{page}"' in home) == bool(pair["links"]), page
            for slug in (pair["a"], pair["b"]):
                assert f'href="../{page}"' in (out / script / "sources" / f"{slug}.html").read_text("utf-8")


# --- incremental: an edit realigns only what it touches --------------------------------------

def test_an_edit_to_one_source_realigns_only_the_pairs_that_touch_it(tmp_path, topics, rules):
    from duizhao.cache import Cache

    docs = [doc(slug, "hans", *texts) for slug, _, texts in small_corpus()]
    align.align_site(docs, topics, rules, cache=Cache(tmp_path))
    # A new paragraph in words no other source uses: no weight another pair reads changes.
    edited = docs[:1] + [doc("s1", "hans", *small_corpus()[1][2], "甲乙丙丁，戊己庚辛。")] + docs[2:]
    cache = Cache(tmp_path)
    result = align.align_site(edited, topics, rules, cache=cache)
    assert result == align.align_site(edited, topics, rules)  # as if nothing were cached
    touching = sum(1 for p in result.pairs if "s1" in (p.a, p.b))
    others = len(result.pairs) - touching
    assert touching and others
    partners = {p.a if p.b == "s1" else p.b for p in result.pairs if "s1" in (p.a, p.b)}
    # Misses: the whole alignment, the edited source's outline (its features are made with
    # it, and not looked up), and each pair of the edited source. Hits: the last build's
    # tally, the edited source's old outline (to take its counts out), every other pair, and
    # the features of the sources it is realigned with: the features of the sources it is
    # not compared with are never read.
    assert cache.misses == 1 + 1 + touching
    assert cache.hits == 1 + 1 + others + len(partners)
    assert len(partners) < len(docs) - 1


@pytest.mark.parametrize("size", [12, 40])
def test_counts_patched_edit_by_edit_equal_counts_made_afresh(tmp_path, topics, rules, size):
    # Twelve sources: every count is read exactly, and the site is weighed as MIN_PARAGRAPHS.
    # Forty: bigram counts pass EXACT_COUNTS, so rarity is read in rounded steps.
    # A seeded walk of edits (a paragraph added, a source removed, one added, one rewritten),
    # each built on the last build's cache, must give what a build without a cache gives,
    # and a tally equal to one counted afresh.
    import random

    from duizhao.cache import MISSING, Cache

    rng = random.Random(7)
    texts = {f"s{i:02d}": [POOL[(i + k) % len(POOL)] for k in range(3)] for i in range(size)}
    texts["s00"].append(LONE[0])
    for step in range(8):
        docs = [doc(slug, "hans", *paragraphs) for slug, paragraphs in texts.items()]
        cache = Cache(tmp_path / "cache")
        assert align.align_site(docs, topics, rules, cache=cache) == align.align_site(docs, topics, rules), step
        patched = cache.lookup("align", align.TALLY)
        assert patched is not MISSING
        fresh_cache = Cache(tmp_path / f"fresh{step}")
        align.align_site(docs, topics, rules, cache=fresh_cache)
        fresh = fresh_cache.lookup("align", align.TALLY)
        assert (patched.grams, patched.weights, patched.outlines, patched.total) == \
               (fresh.grams, fresh.weights, fresh.outlines, fresh.total), step
        slug = rng.choice(sorted(texts))
        change = step % 4
        if change == 0:
            texts[slug] = texts[slug] + [LONE[step + 1]]
        elif change == 1:
            del texts[slug]
        elif change == 2:
            texts[f"n{step}"] = [POOL[step % len(POOL)], LONE[step]]
        else:
            texts[slug] = [POOL[(step + 2) % len(POOL)], POOL[(step + 4) % len(POOL)]]


def test_a_figure_another_source_stops_giving_reweighs_the_sources_that_still_give_it(tmp_path, topics, rules):
    # s00 to s02 give the same figure; s02 then gives another. No bigram's count changes,
    # only the figure's: the sources still giving it are reweighed and realigned.
    from duizhao.cache import Cache

    def site(last: str):
        texts = {f"s{i:02d}": [POOL[(i + k) % len(POOL)] for k in range(3)] for i in range(12)}
        for slug in ("s00", "s01", "s02"):
            texts[slug].append("出货量增长了45%。" if slug != "s02" else last)
        return [doc(slug, "hans", *paragraphs) for slug, paragraphs in texts.items()]

    align.align_site(site("出货量增长了45%。"), topics, rules, cache=Cache(tmp_path / "cache"))
    before = Cache(tmp_path / "cache").lookup("align", align.TALLY)
    edited = site("出货量增长了46%。")
    assert align.align_site(edited, topics, rules, cache=Cache(tmp_path / "cache")) == align.align_site(edited, topics, rules)
    patched = Cache(tmp_path / "cache").lookup("align", align.TALLY)
    fresh_cache = Cache(tmp_path / "fresh")
    align.align_site(edited, topics, rules, cache=fresh_cache)
    assert patched.weights == fresh_cache.lookup("align", align.TALLY).weights
    assert {s for s in patched.weights if patched.weights[s] != before.weights[s]} >= {"s00", "s01", "s02"}


def test_pairs_aligned_on_the_compared_features_are_the_pairs_aligned_on_the_whole_features(topics, rules):
    from duizhao.cache import Cache

    docs = [doc(slug, "hans", *texts, "这一段没有数字，也没有任何编辑的术语。") for slug, _, texts in small_corpus()]
    full = align.describe(docs, topics, rules)
    w = align.weigh(full, rules)
    keys = {d.slug: d.slug for d in docs}
    whole = align.Shelf(full.__getitem__, lambda rows: rows, Cache(None), keys, len(docs))
    trimmed = align.Shelf(full.__getitem__, lambda rows: align.compared(rows, rules, frozenset()), Cache(None),
                          keys, len(docs))
    linked = 0
    for a, b in zip(keys, list(keys)[1:] + list(keys)[:1]):
        expected = align.align_pair(a, b, whole, w, align.Vectors(whole, w), rules, 0.0, {})
        assert align.align_pair(a, b, trimmed, w, align.Vectors(trimmed, w), rules, 0.0, {}) == expected
        linked += len(expected.links)
    assert linked  # the pairs meet: the comparison was not of empty pairs
    # The compared features leave out the paragraphs and sentences that can never link.
    assert sum(map(len, (trimmed[s] for s in keys))) < sum(map(len, full.values()))
