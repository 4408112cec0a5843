"""Table tests for the sentence splitter: real snippets, each with the case it covers."""
from __future__ import annotations

import pytest

from duizhao.sentences import split_sentences


@pytest.mark.parametrize("text, expected, why", [
    ("這種追趕速度震撼硅谷。DeepSeek R1模型的出現打破了宿命。",
     ["這種追趕速度震撼硅谷。", "DeepSeek R1模型的出現打破了宿命。"], "plain full stops"),
    ("“中國在效率方面的成就并非偶然。這是直接回應。”他說。",
     ["“中國在效率方面的成就并非偶然。", "這是直接回應。”", "他說。"], "a closing quote stays with its sentence"),
    ("差异何在？文化优先级。", ["差异何在？", "文化优先级。"], "question mark"),
    ("其他人也可能會迎頭趕上……美國公司將吸收這些新成果。",
     ["其他人也可能會迎頭趕上……美國公司將吸收這些新成果。"], "an ellipsis inside a sentence does not end it"),
    ("市值蒸發5927億美元（約合4.3萬億人民幣），創下紀錄。", ["市值蒸發5927億美元（約合4.3萬億人民幣），創下紀錄。"],
     "a decimal point is no full stop"),
    ("他是美國AI公司Robust.AI公司的創始人。對標OpenAI o1系列。", ["他是美國AI公司Robust.AI公司的創始人。", "對標OpenAI o1系列。"],
     "Latin words with dots"),
    ("以“開源”為代表（DeepSeek 的相關發布明確以 MIT 許可證開放模型與代碼）。 更重要的是。",
     ["以“開源”為代表（DeepSeek 的相關發布明確以 MIT 許可證開放模型與代碼）。", "更重要的是。"],
     "closing bracket before the stop; spaces are trimmed"),
    ("沒有句號的標題", ["沒有句號的標題"], "text without a stop is one sentence"),
])
def test_split_article(text, expected, why):
    assert [s.text for s in split_sentences(text)] == expected, why


def test_spans_are_exact():
    text = "“這些AI出口管制非但不會阻礙中國。可以說，這些出口管制適得其反。”"
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


def test_transcript_groups_spoken_clauses():
    text = ("在算力方面，美國靠著英偉達在算力領域的壟斷地位，掌握了全球最強大的AI硬件資源，"
            "而且AI芯片出口限制令還在持續，我們還是被卡了脖子。")
    units = [s.text for s in split_sentences(text, "transcript")]
    assert "".join(units) == text
    assert len(units) >= 2 and all(len(u) <= 60 for u in units)
    assert units[-1].endswith("被卡了脖子。")
