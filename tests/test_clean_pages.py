"""Cleaning a page from a site nobody wrote a rule for: one short hand-written fixture per kind of failure.

Each fixture imitates the shape of a real scrape (menus, related lists, credits, Markdown,
saved HTML) with sentences written for the test.
"""
from __future__ import annotations

import pytest

from duizhao.add import guess_metadata
from duizhao.clean import clean
from duizhao.convert import normalise
from duizhao.furniture import (cjk_length, ends_sentence, furniture_reason, has_count, has_timestamp, is_end_marker,
                               is_prose, separator_count, short_item_count)
from duizhao.lexicon import load_lexicon
from duizhao.matrix import score
from duizhao.repair import fix_punctuation

P1 = "美國商務部週一公布新規，進一步收緊先進晶片的出口，涉及的國家多達一百二十個。"
P2 = "分析人士認為，新規將迫使相關企業調整供應鏈，並加快自主研發的步伐，影響可能持續數年。"
P3 = "業者表示，目前仍在評估新規的細節，預計下個月將公布具體的因應方案。"
BODY = [P1, P2, P3]


def texts(raw: str, **kw) -> list[str]:
    return [p.text for p in clean(raw, **kw).paragraphs]


def page(top: str, bottom: str, title: str = "新規收緊晶片出口 業者評估影響") -> str:
    return f"{title} - 財經 - 測試新聞網\n{top}\n{title}\n" + "\n".join(BODY) + f"\n{bottom}\n"


# --- each kind of furniture around the article ----------------------------------------

MENU_TOP = "前往主要內容\n即時\n開闔次選單\n政治\n開闔次選單\n財經\n開闔次選單\n追蹤我們\n登入\n雜誌訂閱優惠\n首頁 > 財經"


@pytest.mark.parametrize("top, bottom, junk, why", [
    (MENU_TOP, "", ["開闔次選單", "追蹤我們", "前往主要內容", "雜誌訂閱"], "a run of menu lines before the headline"),
    ("", "相關報導\n晶片股全面走高，投資人關注後市發展。\n半導體設備商擴產計畫曝光",
     ["晶片股全面走高", "擴產計畫"], "a related list, even when one entry reads like a sentence"),
    ("", "您可能感兴趣的文章\n某公司发布新款服务器\n推薦閱讀\n六年後的通訊標準", ["新款服务器", "通訊標準"],
     "related lists under other names"),
    ("", "熱門新聞\n颱風明天登陸\n油價下週調漲\n相關新聞\n某某新聞標題", ["颱風明天登陸", "油價下週"],
     "a hot-news sidebar before the related list"),
    ("", "上一篇：某某公司財報出爐\n下一篇：某某展覽開幕", ["上一篇", "下一篇"], "previous and next links"),
    ("", "暂无评论\n12人参与\n发表评论", ["暂无评论", "人参与", "发表评论"], "a comment box"),
    ("", "本網站使用Cookie以提升瀏覽體驗\n微信扫一扫\n下載APP看更多新聞", ["Cookie", "扫一扫", "APP"],
     "cookie banner, QR and app prompts"),
    ("", "關於我們 | 聯絡我們 | 廣告刊登 | 隱私權政策\n© 2025 測試新聞網 版權所有\n京ICP备12345678号-1",
     ["關於我們", "版權所有", "ICP"], "footer site map, copyright and ICP lines"),
    ("", "责编：王小明\n編輯／李大華\n來源：測試通訊社\n原标题：另一個標題", ["责编", "編輯", "來源", "原标题"],
     "editor and source lines in other shapes"),
    ("文／陳記者\n2025-03-02 10:15\n1,234 次瀏覽", "", ["陳記者", "2025-03-02", "瀏覽"],
     "byline, time stamp and view counter under the headline"),
    ("", "關鍵字：晶片 台積電 出口管制\n標籤：半導體", ["關鍵字", "標籤"], "keyword trackers"),
    ("本文是翻译文章，文章原作者 某某，文章来源：某网站\n原文地址：https://example.com/a", "", ["翻译文章", "原文地址"],
     "a translation note under the headline"),
    ("", "作者简介：王小明，资深科技记者，长期关注半导体产业。", ["王小明"], "an author bio at the end"),
    ("追蹤我們\n您已閒置超過30分鐘，請重新整理頁面", "", ["追蹤", "閒置"], "follow prompt and idle-timeout banner"),
])
def test_page_furniture_goes(top, bottom, junk, why):
    result = clean(page(top, bottom), title="新規收緊晶片出口 業者評估影響")
    out = "\n".join(p.text for p in result.paragraphs)
    assert [p.text for p in result.paragraphs] == [fix_punctuation(p)[0] for p in BODY], why
    for j in junk:
        assert j not in out, (why, j)
    assert all(r.reason and r.text for r in result.removed)


def test_every_removed_block_is_recorded_with_a_fixed_reason():
    from duizhao import furniture
    fixed = {v for k, v in vars(furniture).items() if k.isupper() and isinstance(v, str)}
    result = clean(page(MENU_TOP, "相關報導\n某某新聞標題\n© 2025 測試新聞網"), title="新規收緊晶片出口 業者評估影響")
    removed = "\n".join(r.text for r in result.removed)
    for line in ("開闔次選單", "某某新聞標題", "© 2025 測試新聞網"):
        assert line in removed
    assert {r.reason for r in result.removed} - {"title (shown as the page title)"} <= fixed


def test_a_short_line_between_paragraphs_is_a_subheading():
    raw = "標題 - 測試網\n" + P1 + "\n業者的看法\n" + P2 + "\n" + P3 + "\n"
    result = clean(raw)
    assert [(p.kind, p.text) for p in result.paragraphs][1] == ("heading", "業者的看法")


def test_a_list_introduced_at_the_end_of_the_article_stays():
    raw = "標題\n" + P1 + "\n" + P2 + "\n重點：\n• 新規涉及一百二十個國家\n• 企業需要申請許可\n相關報導\n某某標題\n"
    assert texts(raw)[-3:] == ["重點：", "新規涉及一百二十個國家", "企業需要申請許可"]


def test_whole_disclaimer_sentences_go_and_the_article_sentences_beside_them_stay():
    raw = ("標題\n" + P1 + "\n" + P2 + "本文為測試週刊授權本站發布，轉載請注明出處。本文僅代表作者觀點，"
           "不代表本站立場。業者表示將持續觀察。\n")
    out = texts(raw)
    assert out[-1] == "分析人士認為，新規將迫使相關企業調整供應鏈，並加快自主研發的步伐，影響可能持續數年。業者表示將持續觀察。"


def test_a_trailing_editor_credit_inside_a_paragraph_goes():
    raw = "標題\n" + P1 + "\n" + P2 + "（編輯：王小明）\n"
    assert texts(raw)[-1].endswith("影響可能持續數年。")


# --- Markdown clippings ---------------------------------------------------------------

MARKDOWN = """---
title: 新規收緊晶片出口
cover: https://example.com/cover.png
---
<!-- saved by a clipper -->
[跳過廣告](#content)

* [首頁](/)
* [財經](/finance)

# 新規收緊晶片出口

![](https://example.com/a.png)
圖為示意圖

美國商務部週一公布新規，[進一步收緊](https://example.com/x)先進晶片的出口，涉及的國家多達一百二十個。

## 業者的看法

> 分析人士認為，新規將迫使相關企業調整供應鏈，並加快自主研發的步伐，影響可能持續數年。

業者表示，目前仍在評估新規的細節，預計下個月將公布具體的因應方案。

* [相關文章一](/a)
* [相關文章二](/b)
"""


def test_markdown_clipping_reads_as_its_article():
    result = clean(MARKDOWN, title="新規收緊晶片出口")
    assert [(p.kind, p.text) for p in result.paragraphs] == [
        ("paragraph", "美國商務部週一公布新規，進一步收緊先進晶片的出口，涉及的國家多達一百二十個。"),
        ("heading", "業者的看法"),
        ("paragraph", P2),
        ("paragraph", P3),
    ]
    reasons = {r.reason for r in result.removed}
    assert {"front matter", "HTML comment", "image placeholder"} <= reasons
    assert not any("<!--" in p.text or "](" in p.text for p in result.paragraphs)


def test_markdown_title_is_never_an_html_comment():
    assert guess_metadata(MARKDOWN).title == "新規收緊晶片出口"


# --- a saved HTML page ------------------------------------------------------------------

HTML = """<!DOCTYPE html><html><head><title>新規收緊晶片出口 業者評估影響 - 財經 - 測試新聞網</title>
<script>var x = "不應出現";</script><style>p { color: red }</style></head><body>
<nav><ul><li><a href="/">首頁</a></li><li><a href="/p">政治</a></li><li><a href="/f">財經</a></li></ul></nav>
<h1>新規收緊晶片出口 業者評估影響</h1><div class="meta">2025-03-02 10:15</div>
<article><p>美國商務部週一公布新規，進一步收緊先進晶片的出口，涉及的國家多達一百二十個。</p>
<h2>業者的看法</h2><p>分析人士認為，新規將迫使相關企業調整供應鏈，並加快自主研發的步伐，<br>影響可能持續數年。</p>
<p>業者表示，目前仍在評估新規的細節，預計下個月將公布具體的因應方案。</p></article>
<aside><h3>相關新聞</h3><ul><li><a href="/1">颱風明天登陸</a></li></ul></aside>
<footer>© 2025 測試新聞網 版權所有</footer></body></html>"""


def test_a_saved_html_page_cleans_like_a_text_scrape():
    result = clean(HTML, title="新規收緊晶片出口 業者評估影響")
    out = [p.text for p in result.paragraphs]
    assert out[0] == "美國商務部週一公布新規，進一步收緊先進晶片的出口，涉及的國家多達一百二十個。"
    assert "業者的看法" in out and P3 in out
    joined = "\n".join(out)
    for junk in ("不應出現", "color", "首頁", "颱風", "版權所有", "2025-03-02"):
        assert junk not in joined


def test_add_reads_a_saved_html_page():
    guess = guess_metadata(HTML)
    assert (guess.title, guess.outlet, guess.published) == ("新規收緊晶片出口 業者評估影響", "測試新聞網", "2025-03-02")


# --- punctuation is widened in prose only -----------------------------------------------

@pytest.mark.parametrize("raw, expected, why", [
    ("詳見報告(https://example.com/a,b?x=1)。", "詳見報告(https://example.com/a,b?x=1)。", "a URL in brackets"),
    ("來信 service@example.com,我們會回覆", "來信 service@example.com，我們會回覆", "an e-mail address stays"),
    ("請致電(02) 2306-3848查詢", "請致電(02) 2306-3848查詢", "a phone number"),
    ("title: 標題", "title: 標題", "a key of front matter"),
    ("比分為3:2,中國隊勝出", "比分為3:2，中國隊勝出", "a score or clock time"),
    ("結束,美國(AI)領域", "結束，美國（AI）領域", "prose is still widened"),
])
def test_punctuation_widening_leaves_non_prose_alone(raw, expected, why):
    assert fix_punctuation(raw)[0] == expected, why


# --- titles and add's other guesses ---------------------------------------------------

@pytest.mark.parametrize("first, headline, outlet", [
    ("新規收緊晶片出口 業者評估影響 - 財經 - 測試新聞網", "新規收緊晶片出口 業者評估影響", "測試新聞網"),
    ("新规收紧芯片出口_测试财经_测试网", "新规收紧芯片出口", "测试网"),
    ("新规收紧芯片出口-EDN 电子技术设计", "新规收紧芯片出口", "EDN 电子技术设计"),
])
def test_add_splits_a_site_suffix_off_the_title(first, headline, outlet):
    guess = guess_metadata(f"{first}\n首頁\n{headline}\n" + "\n".join(BODY))
    assert (guess.title, guess.outlet) == (headline, outlet)


def test_the_build_removes_the_headline_repeated_below_the_menus():
    raw = "新規收緊晶片出口 - 測試新聞網\n首頁\n財經\n國際\n新規收緊晶片出口\n" + "\n".join(BODY)
    result = clean(raw, title="新規收緊晶片出口")
    assert texts(raw, title="新規收緊晶片出口")[0].startswith("美國商務部")
    assert "title repeated in body" in {r.reason for r in result.removed}


def test_add_does_not_take_a_menu_heavy_page_for_a_transcript():
    menus = "\n".join(["即時", "政治", "社會", "國際", "財經", "生活", "娛樂", "體育", "科技", "評論"] * 3)
    assert guess_metadata(f"標題 - 測試網\n{menus}\n標題\n" + "\n".join(BODY) + f"\n{menus}\n").kind == "article"


def test_add_still_knows_a_transcript():
    spoken = "\n".join(["大家好啊", "今天我們來聊聊", "晶片出口的新規", "這件事情啊", "影響非常大", "首先我們來看",
                        "美國商務部", "週一公布的內容", "涉及很多國家", "那麼接下來", "我們一個一個看", "第一個問題",
                        "到底誰會受影響", "我覺得啊", "最直接的就是", "做晶片的企業", "還有下游的廠商", "第二個問題",
                        "這個規定會持續多久", "目前還不知道", "我們只能等等看", "好了今天就到這裡", "謝謝大家收看"])
    assert guess_metadata(f"【測試頻道】晶片新規\n{spoken}\n").kind == "transcript"


@pytest.mark.parametrize("text, why", [
    ("理財新訊：本週市場回顧", "財新 inside 理財新訊"),
    ("本文综合整理自澎湃新闻、新华社", "a credit that names another outlet"),
])
def test_add_matches_outlet_names_as_whole_names(text, why):
    guess = guess_metadata(f"{text}\n" + "\n".join(BODY))
    assert guess.outlet not in ("財新", "澎湃"), why


# --- features, each a small pure function ------------------------------------------------

@pytest.mark.parametrize("fn, line, expected", [
    (cjk_length, "AI晶片 3 奈米", 4),
    (ends_sentence, "他說：「這樣不行。」", True),
    (ends_sentence, "業者的看法", False),
    (separator_count, "首頁 | 財經 | 國際", 2),
    (short_item_count, "即時 政治 社會 國際", 4),
    (has_timestamp, "2025-03-02 10:15", True),
    (has_count, "1,234 次瀏覽", True),
    (is_prose, P1, True),
    (is_prose, "新規收緊晶片出口 業者評估影響", False),
    (is_end_marker, "相關報導", True),
    (is_end_marker, "相關報導指出，美國將進一步限制出口。", False),
])
def test_line_features(fn, line, expected):
    assert fn(line) == expected


@pytest.mark.parametrize("line", [P1, P2, "業者的看法", "2025年，晶片產業迎來轉折。"])
def test_prose_is_no_furniture(line):
    assert furniture_reason(line) is None


# --- regional vocabulary and prose-only quotes ---------------------------------------------

@pytest.mark.parametrize("regional, mainland, topic", [
    ("台積電擴大晶片與晶圓產能", "中芯国际扩大芯片产能", "chips"),
    ("輝達的晶片出口受限", "英伟达的芯片出口受限", "chips"),
    ("資料中心的運算力不足", "数据中心的算力不足", "compute"),
])
def test_regional_words_count_as_the_same_concepts(root, regional, mainland, topic):
    lexicon = load_lexicon(root / "content" / "topics.yaml")
    t = next(t for t in lexicon.topics if t.id == topic)
    assert score(normalise(regional).lower(), t) >= lexicon.threshold
    assert score(normalise(mainland).lower(), t) >= lexicon.threshold


def test_quotes_come_only_from_prose_paragraphs(root):
    from duizhao.matrix import score_document
    from duizhao.models import Document, Paragraph, CleanText, Seed
    from duizhao.load import parse_source
    lexicon = load_lexicon(root / "content" / "topics.yaml")
    source = parse_source({"seed": "x.txt", "slug": "x", "title": "t", "outlet": "o", "author": "a",
                           "published": "2025", "kind": "article", "script": "hant"}, root / "x.yaml")
    paras = (Paragraph("p1", "list-item", "晶片 晶片 晶片 出口管制"), Paragraph("p2", "heading", "晶片出口管制"),
             Paragraph("p3", "paragraph", P1))
    doc = Document(source, Seed("x.txt", "", "utf-8", ""), CleanText(paras, (), ()))
    assert {s.paragraph for s in score_document(doc, lexicon.topics)} == {"p3"}
