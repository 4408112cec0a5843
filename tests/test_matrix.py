"""The topic matrix: specific quotes a careful reader expects, silence where sources are silent."""
from __future__ import annotations

import json

import pytest

from duizhao.build import Project, build
from duizhao.check import check_quotes
from duizhao.lexicon import load_lexicon, load_pins
from duizhao.convert import to_script
from duizhao.matrix import MAX_QUOTE, cell_problems, extract_matrix, highlight, quote_problems
from duizhao.sentences import dangling_opener, is_balanced

# Judged by reading all five sources: these cells say nothing on their topic.
SILENT = {("open-source", "aibase-hassabis"), ("applications", "guancha-marcus")}


@pytest.fixture(scope="module")
def lexicon(root):
    return load_lexicon(root / "content" / "topics.yaml")


@pytest.fixture(scope="module")
def auto_cells(docs, lexicon):
    return {(c.topic, c.source): c for c in extract_matrix(docs, lexicon, None)}


@pytest.fixture(scope="module")
def pinned_cells(root, docs, lexicon):
    pins = load_pins(root / "content" / "pins.yaml", lexicon.topics, docs)
    return {(c.topic, c.source): c for c in extract_matrix(docs, lexicon, pins)}


@pytest.mark.parametrize("topic, slug, passage", [
    ("export-controls", "guancha-marcus", "這些出口管制適得其反"),
    ("export-controls", "aibase-hassabis", "尽管承认美国半导体出口管制为中国训练超大型模型带来了挑战"),
    ("export-controls", "netease-minhong", "美國無意中通過出口管制"),
    ("export-controls", "netease-ft-marathon", "因為美國的限制而面臨芯片算力相對不足"),
    ("export-controls", "modern-tv-dulan", "AI芯片出口限制令還在持續"),
    ("chips", "modern-tv-dulan", "國產芯片日產量超過11億顆"),
    ("chips", "netease-minhong", "大規模部署自研AI芯片"),
    ("chips", "netease-ft-marathon", "找到了適合國產芯片的使用場景"),
    ("chips", "guancha-marcus", "沒有英偉達的先進芯片，AI公司也可以生存下去"),
    ("compute", "netease-minhong", "美國掌握了全球約74%的AI超算算力"),
    ("compute", "modern-tv-dulan", "中美算力總規模的差距"),
    ("open-source", "netease-ft-marathon", "中國的開源模型在表現上已經超過了美國的同類產品"),
    ("open-source", "guancha-marcus", "開源大型語言模型領域的“最大黑馬”"),
    ("applications", "aibase-hassabis", "部署到电子商务、金融和政府服务"),
    ("applications", "modern-tv-dulan", "應用為王"),
    ("applications", "netease-ft-marathon", "要把模型在實體經濟中進行部署"),
])
def test_automatic_choice_quotes_the_passage(auto_cells, topic, slug, passage):
    cell = auto_cells[(topic, slug)]
    assert cell.status == "quoted"
    assert any(passage in q.text for q in cell.quotes), [q.text for q in cell.quotes]


def test_silence_is_an_answer(auto_cells, pinned_cells):
    for cells in (auto_cells, pinned_cells):
        assert {k for k, c in cells.items() if c.status == "not-discussed"} == SILENT


def test_no_pins_still_fills_every_discussed_cell(auto_cells, lexicon, docs):
    assert len(auto_cells) == len(lexicon.topics) * len(docs)
    for key, cell in auto_cells.items():
        if key not in SILENT:
            assert cell.quotes and all(q.chosen == "auto" for q in cell.quotes), key


def test_every_quote_is_verbatim_short_and_in_source_order(pinned_cells, docs_by_slug):
    for (topic, slug), cell in pinned_cells.items():
        doc = docs_by_slug[slug]
        ids = [p.id for p in doc.text.paragraphs]
        positions = []
        assert 1 <= len(cell.quotes) <= 3 or cell.status == "not-discussed"
        for q in cell.quotes:
            para = doc.paragraph(q.paragraph)
            assert para is not None and q.text in para.text, (topic, slug, q)
            assert para.kind != "heading", "a bare heading is never a quote"
            assert len(q.text) <= MAX_QUOTE and not q.text.endswith(("，", "、"))
            positions.append((ids.index(q.paragraph), para.text.find(q.text)))
        assert positions == sorted(positions), (topic, slug)


def test_a_pin_leads_its_cell(auto_cells, pinned_cells):
    key = ("open-source", "modern-tv-dulan")
    pinned = pinned_cells[key]
    assert pinned.lead_quote.chosen == "pinned"
    assert pinned.lead_quote.text == ("紮克伯格最近就點名表揚了國產大模型DeepSeek，說他們擁有相當先進的技術，"
                                      "並且就在今天，DeepSeek又推出了最新的開源模型，性能直逼o1，震動了整個AI圈。")
    assert "性能直逼o1" not in auto_cells[key].lead_quote.text


def test_quotes_never_come_from_removed_text(pinned_cells, docs_by_slug):
    for (topic, slug), cell in pinned_cells.items():
        for q in cell.quotes:
            for removed in docs_by_slug[slug].text.removed:
                assert q.text not in removed.text


def test_lexicon_matches_across_scripts(tmp_path, docs):
    path = tmp_path / "topics.yaml"
    path.write_text("threshold: 3\ntopics:\n"
                    "  - id: t\n    label: {zh-Hans: 甲, zh-Hant: 甲, en: A}\n    description: {zh-Hans: 丁, zh-Hant: 丁}\n"
                    "    terms: {半導體出口管制: 3}\n"
                    "  - id: s\n    label: {zh-Hans: 乙, zh-Hant: 乙, en: B}\n    description: {zh-Hans: 丁, zh-Hant: 丁}\n"
                    "    terms: {国产芯片日产量: 3}\n", encoding="utf-8")
    cells = {(c.topic, c.source): c for c in extract_matrix(docs, load_lexicon(path))}
    assert cells[("t", "aibase-hassabis")].status == "quoted", "a Traditional term finds Simplified text"
    assert cells[("s", "modern-tv-dulan")].status == "quoted", "a Simplified term finds Traditional text"


def test_matrix_json_contract(tmp_path, root):
    out = tmp_path / "site"
    build(Project(root), out)
    matrix = json.loads((out / "data" / "matrix.json").read_text("utf-8"))
    assert [t["id"] for t in matrix["topics"]] == ["compute", "chips", "open-source", "applications",
                                                   "export-controls"]
    assert all(set(t["label"]) == {"zh-Hans", "zh-Hant", "en"} and t["description"] for t in matrix["topics"])
    assert len(matrix["cells"]) == 25
    for cell in matrix["cells"]:
        assert set(cell) >= {"topic", "source", "status", "quotes", "url", "anchor_url", "lead"}
        assert cell["status"] in ("quoted", "not-discussed")
        assert all(set(q) >= {"text", "paragraph", "chosen", "cut"} and q["chosen"] in ("auto", "pinned")
                   and q["cut"] in ("", "start", "end", "both") for q in cell["quotes"])
        assert cell["lead"] == 0 or cell["lead"] < len(cell["quotes"])
    # The quality check reads the same data: clean as built, and it notices a dangling quote.
    assert check_quotes(out) == []
    cell = next(c for c in matrix["cells"] if (c["topic"], c["source"]) == ("chips", "netease-ft-marathon"))
    cell["quotes"][0] = {"text": "所以中國的芯片發展戰略和企業選擇的這種應用場景，能讓中國擁有長久和重大的優勢。",
                         "paragraph": "p7", "chosen": "auto", "cut": ""}
    (out / "data" / "matrix.json").write_text(json.dumps(matrix, ensure_ascii=False), "utf-8")
    assert [p for p in check_quotes(out) if "'所以'" in p and "chips--netease-ft-marathon" in p]


# --- quotes a reader trusts ----------------------------------------------------------------

def test_no_quote_quality_problem_with_or_without_pins(docs, auto_cells, pinned_cells):
    assert cell_problems(docs, list(auto_cells.values())) == []
    assert cell_problems(docs, list(pinned_cells.values())) == []


def test_every_quote_reads_whole(auto_cells, pinned_cells):
    for cells in (auto_cells, pinned_cells):
        for key, cell in cells.items():
            for q in cell.quotes:
                assert is_balanced(q.text), (key, q.text)
                assert not dangling_opener(q.text), (key, q.text)


def test_a_spoken_sentence_is_never_split_at_a_comma(auto_cells):
    quotes = [q for (t, slug), c in auto_cells.items() if slug == "modern-tv-dulan" for q in c.quotes]
    assert not [q for q in quotes if q.text.endswith(("壟斷地位", "行業私有數據", "叠代升級", "超越了手機和汽車"))]
    lead = auto_cells[("export-controls", "modern-tv-dulan")].lead_quote
    assert lead.text.startswith("在算力方面，美國靠著英偉達") and lead.text.endswith("我們還是被卡了脖子。")
    assert not [q for q in quotes if q.text.startswith("掌握了全球最強大的AI硬件資源")]


def test_a_quotation_opened_is_closed(auto_cells):
    quote = next(q for q in auto_cells[("export-controls", "guancha-marcus")].quotes if "張湖月" in q.text)
    assert quote.text.endswith("卻無意中刺激了中國的創新。”")


def test_a_pointing_sentence_takes_its_antecedent(auto_cells):
    (quote,) = auto_cells[("compute", "aibase-hassabis")].quotes
    assert quote.text.startswith("“真正的创新需要容忍失败") and quote.text.endswith("“这比复制计算集群更难。”")
    chips = [q.text for q in auto_cells[("chips", "netease-minhong")].quotes]
    assert any(t.startswith("隨著DeepSeek") and "這不僅是一場關于芯片的博弈" in t for t in chips)


def test_a_pointing_sentence_without_antecedent_is_cut_and_marked(auto_cells):
    (quote,) = auto_cells[("chips", "modern-tv-dulan")].quotes
    assert quote.cut == "start" and quote.text.startswith("去年上半年，國產芯片日產量超過11億顆")
    assert quote.display.startswith("……去年上半年")
    texts = [q.text for c in auto_cells.values() for q in c.quotes]
    assert not [t for t in texts if t.startswith(("而且，該媒體", "這一點，", "已經在開源模型"))]


def test_bullet_labels_give_way_to_prose(auto_cells):
    for topic in ("applications", "export-controls"):
        texts = [q.text for q in auto_cells[(topic, "aibase-hassabis")].quotes]
        assert texts and not [t for t in texts if t.startswith(("实施优势：", "地缘政治背景："))], texts


def test_a_sentence_serves_the_topic_it_serves_best(auto_cells):
    sentence = "《金融時報》分析稱，在人們最關心的大模型方面"
    holders = [t for (t, slug), c in auto_cells.items() if slug == "netease-ft-marathon"
               and any(q.text.startswith(sentence) for q in c.quotes)]
    assert "compute" in holders and len(holders) <= 2
    assert auto_cells[("chips", "netease-ft-marathon")].quotes, "chips takes its next best instead"


def test_the_lead_quote_is_one_of_the_cell(auto_cells, pinned_cells):
    for cells in (auto_cells, pinned_cells):
        for cell in cells.values():
            assert (cell.lead_quote is None) == (cell.status == "not-discussed")
            assert cell.lead_quote is None or cell.lead_quote in cell.quotes


# The check's rules, each on a real sentence from the seeds.
DANGLING = "他說，英偉達“也很可能遭受嚴重打擊”，因為現實證明：沒有英偉達的先進芯片，AI公司也可以生存下去。"
UNCLOSED = "張湖月當時在文中指出：“中國在效率方面的成就并非偶然。"
CLAUSE = "首先是中國領先的制造業和實體經濟，正在不斷用高質量的行業私有數據"
WHOLE = "阿里巴巴和百度等公司已開始大規模部署自研AI芯片，以減少對NVIDIA的依賴。"
PARAGRAPHS = {"s": {"p1": DANGLING, "p2": UNCLOSED + "這是直接回應。”", "p3": CLAUSE + "，反哺AI行業。", "p4": WHOLE}}


@pytest.mark.parametrize("quotes, expected", [
    ([[(WHOLE, "p4", "")]], []),
    ([[(DANGLING, "p1", "")]], ["opens with '他'"]),
    ([[(UNCLOSED, "p2", "")]], ["unbalanced"]),
    ([[(CLAUSE, "p3", "")]], ["ends mid-clause without ……"]),
    ([[(CLAUSE, "p3", "end")]], []),
    ([[(WHOLE, "p4", "")]] * 2, []),
    ([[(WHOLE, "p4", "")]] * 3, ["is quoted in 3 cells"]),
])
def test_quote_problems(quotes, expected):
    cells = [(f"t{i}", "s", qs) for i, qs in enumerate(quotes)]
    problems = quote_problems(cells, PARAGRAPHS, {"s": "article"})
    assert len(problems) == len(expected), problems
    for problem, words in zip(problems, expected):
        assert words in problem


def test_highlight_marks_the_topics_terms_in_either_script(lexicon):
    topics = {t.id: t for t in lexicon.topics}
    text = "在算力方面，美國靠著英偉達在算力領域的壟斷地位，掌握了全球最強大的AI硬件資源，而且AI芯片出口限制令還在持續，我們還是被卡了脖子。"
    pieces = highlight(text, topics["export-controls"])
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, marked in pieces if marked] == ["出口限制", "卡了脖子"], "the longer term wins an overlap"
    assert [p for p, marked in highlight(text, topics["compute"]) if marked][:2] == ["算力", "算力"]
    assert [p for p, m in highlight(to_script(text, "hant", "hans"), topics["compute"]) if m][-1] == "硬件资源"


def test_the_builds_quote_check_finds_what_the_whole_matrix_check_finds(tmp_path, docs, lexicon):
    """The build checks each row's quotes with the row (and caches them together); it must
    report exactly what checking the whole matrix reports. Pinning one sentence in three
    cells of one source makes a problem to find."""
    from duizhao.cache import Cache
    from duizhao.matrix import extract_checked

    doc = next(d for d in docs if d.slug == "modern-tv-dulan")
    para = next(p for p in doc.text.paragraphs if p.id == "p11")
    sentence = para.text[:para.text.index("。") + 1]
    pins = tmp_path / "pins.yaml"
    pins.write_text("pins:\n" + "".join(f"  - cell: {t}--{doc.slug}\n    paragraph: p11\n    text: {sentence}\n"
                                        for t in ("compute", "chips", "open-source")) + "exclude: []\n",
                    encoding="utf-8")
    pinned = load_pins(pins, lexicon.topics, docs)
    for cache in (Cache(None), Cache(tmp_path / "cache"), Cache(tmp_path / "cache")):  # cold, then cached
        cells, problems = extract_checked(docs, lexicon, pinned, cache)
        assert cells == extract_matrix(docs, lexicon, pinned)
        assert sorted(problems) == sorted(cell_problems(docs, cells))
        assert any("quoted in 3 cells" in p for p in problems)


def test_an_edit_scores_one_source_again_and_reads_no_other_sources_sentences(tmp_path, docs, lexicon):
    """After one source's text changes, the build scores that source again and reads the
    other sources' figure rows only; its matrix, claims and quote check equal a build's
    without the cache."""
    import dataclasses

    from duizhao.cache import Cache
    from duizhao.figures import collect_claims
    from duizhao.matrix import extract_checked, score_all

    folder = tmp_path / "cache"
    extract_checked(docs, lexicon, None, Cache(folder), score_all(docs, lexicon, Cache(folder)))
    first = docs[0]
    k = max(i for i, p in enumerate(first.text.paragraphs) if p.kind == "paragraph")
    para = first.text.paragraphs[k]
    edited = dataclasses.replace(para, text=para.text + "受出口管制影響，芯片算力減少了37%。")
    paragraphs = first.text.paragraphs[:k] + (edited,) + first.text.paragraphs[k + 1:]
    # (a source's text is made from its seed: a new text comes from a new seed)
    changed = [dataclasses.replace(first, text=dataclasses.replace(first.text, paragraphs=paragraphs),
                                   seed=dataclasses.replace(first.seed, sha256="0" * 64))] + docs[1:]
    scores = score_all(changed, lexicon, Cache(folder))
    assert set(scores.made) == {first.slug}
    fresh = score_all(changed, lexicon, Cache(None))
    assert collect_claims(scores) == collect_claims(fresh)
    assert any(c.text == "37%" for c in collect_claims(scores) if c.source == first.slug)
    # The edited source's row is made again from its new scores; the others come from the cache.
    assert extract_checked(changed, lexicon, None, Cache(folder), scores) == \
        extract_checked(changed, lexicon, None, Cache(None), fresh)
    assert set(scores.made) == {first.slug}


def test_the_builds_quoting_in_workers_equals_quoting_in_one_process(tmp_path, docs, lexicon, monkeypatch):
    """quote_all scores and quotes the sources in worker processes (twenty sources: enough
    to share out) and sends back their rows and figure rows only. The cells, the quote check
    and the claims equal the ones made in one process without a cache; a second build
    scores nothing, and an edit scores the edited source only."""
    import dataclasses

    from duizhao import matrix
    from duizhao.cache import Cache
    from duizhao.figures import collect_claims

    site = [dataclasses.replace(d, source=dataclasses.replace(d.source, slug=f"{d.slug}-{i}"))
            for i in range(4) for d in docs]
    expected = matrix.extract_checked(site, lexicon, None, Cache(None))
    claims = collect_claims(matrix.score_all(site, lexicon, Cache(None)))
    folder = tmp_path / "cache"
    cells, problems, scores = matrix.quote_all(site, lexicon, None, Cache(folder), workers=2)
    assert (cells, problems) == expected and collect_claims(scores) == claims

    def no_scoring(*args):
        raise AssertionError("a cached source was scored again")

    monkeypatch.setattr(matrix, "score_document", no_scoring)
    assert matrix.quote_all(site, lexicon, None, Cache(folder), workers=2)[:2] == expected
    monkeypatch.undo()

    original, scored = matrix.score_document, []
    monkeypatch.setattr(matrix, "score_document", lambda d, topics: scored.append(d.slug) or original(d, topics))
    first = site[0]
    para = first.text.paragraphs[-1]
    edited = dataclasses.replace(para, text=para.text + "芯片算力減少了37%。")
    changed = [dataclasses.replace(first, text=dataclasses.replace(first.text, paragraphs=first.text.paragraphs[:-1] + (edited,)),
                                   seed=dataclasses.replace(first.seed, sha256="0" * 64))] + site[1:]
    cells, problems, scores = matrix.quote_all(changed, lexicon, None, Cache(folder), workers=2)
    assert scored == [first.slug]
    monkeypatch.undo()
    assert (cells, problems) == matrix.extract_checked(changed, lexicon, None, Cache(None))
    assert collect_claims(scores) == collect_claims(matrix.score_all(changed, lexicon, Cache(None)))
