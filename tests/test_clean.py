"""Table tests for every cleaning rule: each row is a real snippet from a seed, with the damage it undoes."""
from __future__ import annotations

import pytest

from duizhao.clean import classify_junk, clean, group_transcript, leftover_damage
from duizhao.models import CleaningRules, Erratum
from duizhao.repair import apply_errata, fix_punctuation, repair_mojibake, strip_pinyin


@pytest.mark.parametrize("raw, expected, why", [
    ("全球AI爭霸賽已結(jié)束", "全球AI爭霸賽已結束", "pinyin glued to a character (001 title)"),
    ("【文/觀察者網(wǎng) 齊倩】", "【文/觀察者網 齊倩】", "pinyin inside a byline"),
    ("亦包括在內(nèi))為自媒體", "亦包括在內)為自媒體", "pinyin nested in a real parenthetical"),
    ("深度求索(DeepSeek)橫空出世", "深度求索(DeepSeek)橫空出世", "a Latin name is no pinyin"),
    ("超威半導體公司(AMD)股價", "超威半導體公司(AMD)股價", "an acronym is no pinyin"),
    ("美國有線電視新聞網(CNN)認為", "美國有線電視新聞網(CNN)認為", "an acronym is no pinyin"),
    ("剛果(金)與盧旺達", "剛果(金)與盧旺達", "a Chinese parenthetical is no pinyin"),
    ("(Geometric Intelligence,2016年", "(Geometric Intelligence,2016年", "English words without tone marks"),
])
def test_strip_pinyin(raw, expected, why):
    assert strip_pinyin(raw)[0] == expected, why


def test_strip_pinyin_records_each_annotation():
    _, record = strip_pinyin("網(wǎng)易號用戶上傳并發(fā)布")
    assert [(c.kind, c.before, c.after) for c in record] == [
        ("pinyin", "網(wǎng)", "網"), ("pinyin", "發(fā)", "發")]


@pytest.mark.parametrize("raw, expected, why", [
    ("更愿意在創新上投入大筆資金的國家?!薄昂苊黠@,游戲規則已經改變”",
     "更愿意在創新上投入大筆資金的國家。”“很明顯,游戲規則已經改變”",
     "shifted GBK: 。”“很明顯 read one byte late, realigned by '@'"),
    ("並加速中國AI能力的發展??梢哉f,這些出口管制",
     "並加速中國AI能力的發展。可以說,這些出口管制",
     "shifted GBK: 。可以說 read one byte late, realigned by 'f'"),
    ("“至少目前而言,‘AI霸權’之爭已經結束,美國并未獲勝?!?",
     "“至少目前而言,‘AI霸權’之爭已經結束,美國并未獲勝。”",
     "the line ends on a lead byte: only a closing quote balances the open one"),
    ("差异何在?文化优先级。", "差异何在?文化优先级。", "a real question mark is left for punctuation"),
    ("美國并未獲勝?!?", "美國并未獲勝?!?", "no open quote: the lost byte cannot be known"),
])
def test_repair_mojibake(raw, expected, why):
    assert repair_mojibake(raw)[0] == expected, why


def test_errata_apply_exactly_and_report_unused():
    errata = (Erratum("當(dāng)?shù)貢r間", "當地時間"), Erratum("不存在", "x"))
    text, record, unused = apply_errata("當(dāng)?shù)貢r間27日", errata)
    assert text == "當地時間27日"
    assert [c.kind for c in record] == ["erratum"]
    assert unused == [errata[1]]


@pytest.mark.parametrize("raw, expected, why", [
    ("DeepMind负责人认为中国正在缩小AI差距,但指出创新挑战", "DeepMind负责人认为中国正在缩小AI差距，但指出创新挑战",
     "comma between Chinese clauses"),
    ("中国AI的追赶:进展与持续差距", "中国AI的追赶：进展与持续差距", "colon after Chinese"),
    ("时间差距缩小: 据估计", "时间差距缩小：据估计", "the full-width colon carries its own space"),
    ("差异何在?文化优先级", "差异何在？文化优先级", "question mark after Chinese"),
    ("人工智能(AI)領域", "人工智能（AI）領域", "brackets touching Chinese"),
    ("約合4.3萬億人民幣", "約合4.3萬億人民幣", "a decimal stays"),
    ("DeepSeek-V3和DeepSeek-R1", "DeepSeek-V3和DeepSeek-R1", "a hyphenated model name stays"),
    ("成本僅為之前模型的約1/50", "成本僅為之前模型的約1/50", "a fraction stays"),
    ("出口總額增長25.8%", "出口總額增長25.8%", "a percentage stays"),
    ("10,469 次觀看", "10,469 次觀看", "a thousands separator stays"),
    ("(Geometric Intelligence,2016年被Uber收購)", "（Geometric Intelligence，2016年被Uber收購）",
     "the comma opens a Chinese clause; the brackets enclose Chinese"),
    ("以”人工智能+“命名的", "以“人工智能+”命名的", "curly quotes facing the wrong way"),
    ("大模型上 “短跑沖線”,而是", "大模型上“短跑沖線”，而是", "no space before an opening quote"),
    ("Hugging Face 等平臺", "Hugging Face 等平臺", "spaces around Latin words stay"),
    ("see https://example.com now", "see https://example.com now", "a URL is not Chinese"),
])
def test_fix_punctuation(raw, expected, why):
    assert fix_punctuation(raw)[0] == expected, why


@pytest.mark.parametrize("line, reason", [
    ("色婷婷久,激情色播,久久久无码专区,亚洲中文字幕av,国产成人A片", "spam"),
    ("跳转到主要内容", "skip link"),
    ("網易首頁 > 網易號 > 正文 申請入駐", "breadcrumb"),
    ("分享至", "share widget"),
    ("0", "view counter"),
    ("10,469 次觀看・2 天前", "view counter"),
    ("订阅我们的 Newsletter,获取最新 AI 资讯、产品评测和项目推荐,每周精选直达邮箱。", "newsletter prompt"),
    ("本賬號接受投稿,投稿郵箱:jingjixuejiaquan@126.com", "submission prompt"),
    ("掃碼入群可參加全年至少12場精彩閉門研討", "QR-code prompt"),
    ("特別聲明:以上內容(如有圖片或視頻亦包括在內)為自媒體平臺“網易號”用戶上傳並發布", "platform disclaimer"),
    ("Notice: The content above (including the pictures and videos if any) is uploaded", "platform disclaimer"),
    ("![]()", "image placeholder"),
    ("深度求索成功後,馬庫斯回應 推文截圖", "image caption"),
    ("齊倩郵箱:qiqian@guancha.cn", "e-mail line"),
    ("原創(chuàng)耿直哥", "byline"),
    ("-", "layout debris"),
])
def test_junk_lines(line, reason):
    assert classify_junk(line) == reason


@pytest.mark.parametrize("line", [
    "技术差距的缩小",
    "這種追趕速度震撼硅谷。",
    "2022年11月30日，OpenAI發布ChatGPT",
    "在歐洲,科技股領跌市場,芯片設備制造商ASML股價下跌逾8%。",
])
def test_text_is_not_junk(line):
    assert classify_junk(line) is None


def test_article_end_and_inline_junk():
    raw = ("標題\n正文第一段。【點擊查看】此前如此。\n![]()\n第二段,完。■\n掃碼入群可參加研討\n"
           "相關推薦\n斯洛特昏招!死保這兩位\n2026-01-25 04:14:48\n")
    result = clean(raw)
    assert result.title_line == "標題"
    assert [p.text for p in result.paragraphs] == ["正文第一段。此前如此。", "第二段，完。"]
    reasons = [r.reason for r in result.removed]
    assert "inline link label" in reasons and "image placeholder" in reasons and "end mark" in reasons
    assert any("斯洛特昏招" in r.text for r in result.removed), "the related list is recorded, not lost"


def test_html_debris_and_entities():
    raw = '<cite id="ffb66"></cite><track id="x"></track>\n標題\nAT&amp;T 與 <b>英偉達</b>。\n'
    result = clean(raw)
    assert [p.text for p in result.paragraphs] == ["AT&T 與 英偉達。"]
    assert result.removed[0].reason == "HTML debris"


def test_title_repeated_in_body_is_removed_once():
    result = clean("百倍算力差距\n0\n分享至\n百倍算力差距\n正文。\n")
    assert [p.text for p in result.paragraphs] == ["正文。"]
    assert [r.reason for r in result.removed].count("title repeated in body") == 1


def test_transcript_repeated_opening_and_grouping():
    phrases = ["特朗普正式上台了", "一上台", "就一口氣撤銷了行政命令", "那麽現在", "差距還有多大?",
               "在數據方面", "美國的優勢是能夠獲取到來自世界各地的", "龐大的互聯網數據"]
    raw = "標題\n" + "\n".join(phrases + phrases[1:]) + "\n相關影片推薦\n- 1:33 影片\n"
    result = clean(raw, "transcript")
    texts = [p.text for p in result.paragraphs]
    assert texts == ["特朗普正式上台了，一上台，就一口氣撤銷了行政命令。",
                     "那麽現在，差距還有多大？",
                     "在數據方面，美國的優勢是能夠獲取到來自世界各地的龐大的互聯網數據。"]
    assert any(r.reason == "repeated opening at the end" for r in result.removed)


def test_group_transcript_breaks_at_editor_openers():
    groups = group_transcript(["甲說了", "乙也說了", "但另一方面", "丙"], breaks=("但另一方面",))
    assert groups == [["甲說了", "乙也說了"], ["但另一方面", "丙"]]


def test_byline_rules_from_yaml():
    rules = CleaningRules(byline_lines=("旻宏",))
    result = clean("標題\n旻宏\n正文。\n", rules=rules)
    assert [p.text for p in result.paragraphs] == ["正文。"]
    assert result.bylines == ("旻宏",)


@pytest.mark.parametrize("text", ["結(jié)束", "國家?!薄昂苊黠@", "已結束,美國"])
def test_leftover_damage_detects_each_kind(text):
    assert leftover_damage(text)
