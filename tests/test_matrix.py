"""The topic matrix: specific quotes a careful reader expects, silence where sources are silent."""
from __future__ import annotations

import json

import pytest

from duizhao.build import Project, build
from duizhao.lexicon import load_lexicon, load_pins
from duizhao.matrix import MAX_QUOTE, extract_matrix

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


def test_a_pin_replaces_the_automatic_choice(auto_cells, pinned_cells):
    key = ("open-source", "modern-tv-dulan")
    pinned = [q for q in pinned_cells[key].quotes if q.chosen == "pinned"]
    assert [q.text for q in pinned] == ["並且就在今天，DeepSeek又推出了最新的開源模型，性能直逼o1，震動了整個AI圈。"]
    assert not any("性能直逼o1" in q.text for q in auto_cells[key].quotes)


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
        assert set(cell) >= {"topic", "source", "status", "quotes", "url", "anchor_url"}
        assert cell["status"] in ("quoted", "not-discussed")
        assert all(set(q) == {"text", "paragraph", "chosen"} and q["chosen"] in ("auto", "pinned")
                   for q in cell["quotes"])
