"""Table tests for the sentence splitter: real snippets, each with the case it covers."""
from __future__ import annotations

import pytest

from duizhao.sentences import dangling_opener, ends_sentence, is_balanced, is_label, split_sentences


@pytest.mark.parametrize("text, expected, why", [
    ("這種追趕速度震撼硅谷。DeepSeek R1模型的出現打破了宿命。",
     ["這種追趕速度震撼硅谷。", "DeepSeek R1模型的出現打破了宿命。"], "plain full stops"),
    ("“中國在效率方面的成就并非偶然。這是直接回應。”他說。",
     ["“中國在效率方面的成就并非偶然。這是直接回應。”", "他說。"], "a quoted speech stays whole, with its closing mark"),
    ("張湖月當時在文中指出：“中國在效率方面的成就并非偶然。這是中國對美國及其盟友不斷升級的出口限制的直接回應。”",
     ["張湖月當時在文中指出：“中國在效率方面的成就并非偶然。這是中國對美國及其盟友不斷升級的出口限制的直接回應。”"],
     "a sentence never ends inside an open quotation"),
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


def test_a_transcript_unit_is_the_whole_spoken_sentence():
    text = ("在算力方面，美國靠著英偉達在算力領域的壟斷地位，掌握了全球最強大的AI硬件資源，"
            "而且AI芯片出口限制令還在持續，我們還是被卡了脖子。"
            "但另一方面，這也加速了國產芯片的替代。")
    units = [s.text for s in split_sentences(text, "transcript")]
    assert units == [text[:text.index("但")], "但另一方面，這也加速了國產芯片的替代。"]


def test_an_unclosed_quotation_does_not_swallow_the_paragraph():
    text = "他說：“" + "中國在效率方面的成就并非偶然。" * 40
    units = split_sentences(text)
    assert len(units) > 1 and all(len(u.text) <= 400 for u in units)


@pytest.mark.parametrize("text, opener", [
    ("而且，該媒體還引用專業機構的分析指出，需要更少算力的模型。", "而且"),
    ("所以中國的芯片發展戰略和企業選擇的這種應用場景，能讓中國擁有長久和重大的優勢。", "所以"),
    ("其中，美國有線電視新聞網（CNN）認為，深度求索的成功，是對于美國政府對華限制措施的打擊。", "其中"),
    ("這一點，已經在開源模型的競爭上得到了展現。", "這"),
    ("但另一方面，這也加速了國產芯片的替代。", "但"),
    ("更重要的是，開源讓更多開發者用上了模型。", "更重要的是"),
    ("与此同时，算力成本正在下降。", "与此同时"),
    ("相比之下，美國的模型更依賴算力。", "相比之下"),
    ("另一方面，國產芯片的替代正在加速。", "另一方面"),
    ("重要的是算力之外的研究環境。", ""),
    ("他說，英偉達“也很可能遭受嚴重打擊”。", "他"),
    ("該報還特別強調了中國國產芯片這一應用場景的重要性。", "該"),
    ("“这比复制计算集群更难。”", "这"),
    ("最后，該報總結說，就AI領域來說，中國的后勁更大。", "最后，該"),
    ("《金融時報》指出，中國的開源模型在表現上已經超過了美國的同類產品。", ""),
    ("其他人也可能會迎頭趕上。", ""),
    ("尽管承认美国半导体出口管制为中国训练超大型模型带来了挑战，但Hassabis认为更深层次的瓶颈涉及研究环境。", ""),
    ("根據中國信通院的數據，中美算力總規模的差距，已經縮小到了5%以內。", ""),
])
def test_dangling_openers(text, opener):
    assert dangling_opener(text) == opener


@pytest.mark.parametrize("text, balanced", [
    ("張湖月當時在文中指出：“中國在效率方面的成就并非偶然。", False),
    ("張湖月當時在文中指出：“中國在效率方面的成就并非偶然。這是直接回應。”", True),
    ("市值蒸發5927億美元（約合4.3萬億人民幣），創下紀錄。", True),
    ("他還是《重啟人工智能：打造我們可以信賴的人工智能》一書的合著者。", True),
    ("這是直接回應。”", False),
    ("《金融時報（", False),
])
def test_balanced_marks(text, balanced):
    assert is_balanced(text) is balanced


@pytest.mark.parametrize("text, whole", [
    ("首先是中國領先的制造業和實體經濟，正在不斷用高質量的行業私有數據", False),
    ("在算力方面，美國靠著英偉達在算力領域的壟斷地位", False),
    ("“很明顯，游戲規則已經改變”。", True),
    ("可以說，這些出口管制適得其反。”", True),
    ("誰在開源方面做得更好？", True),
    ("其他人也可能會迎頭趕上……", True),
])
def test_ends_sentence(text, whole):
    assert ends_sentence(text) is whole


@pytest.mark.parametrize("text, label", [
    ("实施优势：中国在实际应用中部署AI方面领先", True),
    ("地缘政治背景：出口管制带来挑战但可能不决定最终结果", True),
    ("馬庫斯強調：“AI競賽的勝利者不是擁有最多芯片的國家，而是最能促進真正創新的國家。”", False),
    ("張湖月當時在文中指出：“中國在效率方面的成就并非偶然。”", False),
    ("阿里巴巴和百度等公司已開始大規模部署自研AI芯片，以減少對NVIDIA的依賴。", False),
])
def test_bullet_labels(text, label):
    assert is_label(text) is label
