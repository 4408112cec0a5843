"""Table tests of the number extractor on real snippets, in both scripts and with Chinese numerals."""
from __future__ import annotations

import pytest

from duizhao.figures import extract_figures


@pytest.mark.parametrize("text, expected", [
    ("英偉達股票暴跌近17%，市值蒸發5927億美元（約合4.3萬億人民幣）", ["近17%", "5927億美元", "4.3萬億人民幣"]),
    ("国产芯片日产量超过11亿颗，平均每小时有5000万颗芯片在中国诞生", ["超过11亿颗", "5000万颗"]),
    ("國產芯片日產量超過11億顆", ["超過11億顆"]),
    ("所需的訓練成本僅為之前模型的約1/50", ["約1/50"]),
    ("在沒有數十萬個英偉達H100芯片的情況下", ["數十萬個"]),
    ("核心能力差距被評估為“僅剩三個月”", ["三個月"]),
    ("中国的大型语言模型现在仅落后美国发展“几个月”", ["几个月"]),
    ("當中國模型能以十分之一的價格提供美國模型95%的性能時", ["十分之一", "95%"]),
    ("其訓練成本僅為美國同類模型的幾分之一，推理成本更是降低了90%以上", ["幾分之一", "90%以上"]),
    ("美國更是擁有近乎百倍的數量級優勢", ["百倍"]),
    ("集成電路產業的出口總額增長25.8%", ["25.8%"]),
    ("已經縮小到了5%以內", ["5%以內"]),
    ("而OpenAI則收取每月200美元的費用", ["200美元"]),
])
def test_figures_found_verbatim(text, expected):
    figures = extract_figures(text)
    assert [f.text for f in figures] == expected
    for f in figures:
        assert text[f.start:f.start + len(f.text)] == f.text
        assert f.text in f.context and f.context in text


@pytest.mark.parametrize("text", [
    "2022年11月30日，OpenAI發布ChatGPT",
    "在一次引发行业讨论的CNBC坦诚采访中",
    "中美兩個大國在人工智能領域的實力",
    "其中有一項政策",
    "一、漸近線的收斂",
])
def test_dates_articles_and_list_numbers_are_not_claims(text):
    assert extract_figures(text) == []


def test_every_published_figure_is_verbatim_in_its_paragraph(tmp_path, root):
    import json

    from duizhao.build import Project, build

    build(Project(root), tmp_path / "site")
    figures = json.loads((tmp_path / "site" / "data" / "figures.json").read_text("utf-8"))
    docs = {p.stem: json.loads(p.read_text("utf-8")) for p in (tmp_path / "site" / "data" / "sources").glob("*.json")}
    assert len(figures["figures"]) > 20
    topics = {"compute", "chips", "open-source", "applications", "export-controls", None}
    for f in figures["figures"]:
        text = next(p["text"] for p in docs[f["source"]]["paragraphs"] if p["id"] == f["paragraph"])
        assert f["text"] in f["context"] and f["context"] in text
        assert f["topic"] in topics
    grouped = {(f["source"], f["text"]): f["group"] for f in figures["figures"] if f["group"]}
    assert grouped[("netease-minhong", "三個月")] == grouped[("aibase-hassabis", "几个月")] == "model-gap"
    assert {g["id"] for g in figures["groups"]} == {"model-gap", "compute-gap", "training-cost"}
    page = (tmp_path / "site" / "zh-hans" / "figures.html").read_text("utf-8")
    assert "三个月" in page and "几个月" in page
