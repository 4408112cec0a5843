"""Which lines of a scraped page are the article, and which are page furniture. Pure.

A classifier in the shape of jusText, adapted to Chinese (no stop-list: Chinese prose
shows itself by its length in characters and its sentence punctuation):

1. Features: small named functions of one line (`cjk_length`, `ends_sentence`, ...).
2. Local class: each line alone is `prose`, `short` (could be a heading, could be a menu),
   `furniture` (a pattern says what it is: a share bar, a copyright line...) or an `end`
   marker (a related-news heading after which the article never resumes).
3. Context: prose lines close together form clusters; the article is the cluster with the
   most prose, preferring the one right after the title. Short lines between its prose
   are subheadings and stay; runs of short lines around it, or a run of menu items
   inside it, are furniture. Every decision carries one of the fixed REASONS.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .repair import CJK

# --- the record's fixed reason keys ------------------------------------------------

BEFORE = "before the article (menus and page furniture)"
AFTER = "after the article's end (related and recommended lists)"
MENU = "menu or link list"
SHARE = "share, print and follow widgets"
LOGIN = "login, search and account widgets"
BREADCRUMB = "breadcrumb"
DATELINE = "date, time or count line"
EDITOR = "editor, source or byline line"
COPYRIGHT = "copyright, licence and site footer"
COMMENTS = "comment box"
PREVNEXT = "previous and next links"
PROMPT = "app, QR-code, cookie and subscription prompts"
DISCLAIMER = "disclaimer"
CAPTION = "image caption"
TITLE_REPEAT = "title repeated in body"
TAGS = "tags and keywords"
END_MARKER = AFTER

_CJK_RE = re.compile(f"[{CJK}]")
_SENT_END = "。！？!?…；"
_CLOSERS = "”’“‘」』）)】》\"'"
_PUNCT_RE = re.compile(r"[，。、；：！？,;!?]")
_SEPARATORS = re.compile(r"\s[|｜/·>»＞\\]\s|[|｜»丨]|\s?[>＞]{1,2}\s?|\s/\s|\s·\s")
_TIME_RE = re.compile(r"(?<!\d)(19|20)\d\d\s*[-/.年]\s*(1[0-2]|0?[1-9])(?!\d)\s*([-/.月]\s*((3[01]|[12]\d|0?[1-9])(?!\d)\s*日?)?)?"
                      r"|(?<!\d)([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?(?!\d)"
                      r"|\d+\s*(分钟|分鐘|小时|小時|天|周|週)前|星期[一二三四五六日天]")
_COUNT_RE = re.compile(r"^\(?\d[\d,]*\)?$|\d[\d,.]*\s*(次|人|条|條|則|个|個)\s*(阅读|閱讀|浏览|瀏覽|观看|觀看|播放|参与|參與|评论|評論|点赞|點讚|收藏)"
                       r"|(阅读|閱讀|浏览|瀏覽|点击|點擊|点阅|點閱|阅读量|閱讀量|人气|人氣)\s*(量|数|數|次数|次數)?\s*[:：]?\s*\**\d"
                       r"|(查看|阅读|閱讀|浏览|瀏覽|观看|觀看|播放)\s*\d[\d,]*\s*次")
_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.I)


# --- features: one line each -------------------------------------------------------

def cjk_length(line: str) -> int:
    """How many CJK ideographs the line holds."""
    return len(_CJK_RE.findall(line))


def without_end_mark(line: str) -> str:
    """The line without a trailing end mark (■): the cleaner drops it, so no rule reads it."""
    return line.rstrip().rstrip("■□◆ ")


def ends_sentence(line: str) -> bool:
    """True if the line ends in sentence punctuation (closing quotes and brackets aside)."""
    core = without_end_mark(line).rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENT_END


def has_sentence_inside(line: str) -> bool:
    """True if a full stop, question or exclamation mark closes a sentence inside the line."""
    return bool(re.search(r"[。！？!?][^。！？!?]{4,}", line))


def punctuation_density(line: str) -> float:
    """Clause and sentence marks per CJK character."""
    return len(_PUNCT_RE.findall(line)) / max(1, cjk_length(line))


def cjk_share(line: str) -> float:
    """The share of the line's visible characters that are CJK ideographs."""
    visible = sum(1 for c in line if not c.isspace())
    return cjk_length(line) / max(1, visible)


def separator_count(line: str) -> int:
    """How many menu separators (| ｜ / · > ») stand between items."""
    return len(_SEPARATORS.findall(line))


def short_item_count(line: str) -> int:
    """How many space-separated words of one to four characters make up a menu row; 0 if it is no row.

    Numbers do not count, and the short items must be most of the line: prose spaced
    around Latin words and numbers (`在 2023 年 6 月`) is no menu.
    """
    items = line.split()
    short = [it for it in items if 1 <= len(it) <= 4 and not re.fullmatch(r"[\d.,%]+", it)]
    return len(short) if len(items) >= 3 and len(short) >= 0.7 * len(items) else 0


def has_timestamp(line: str) -> bool:
    """True if the line holds a date, a clock time, or an age like 3小时前."""
    return bool(_TIME_RE.search(line))


def has_count(line: str) -> bool:
    """True if the line is or holds a view, comment or like counter."""
    return bool(_COUNT_RE.search(line.strip()))


def url_share(line: str) -> float:
    """The share of the line's characters inside bare URLs."""
    return sum(len(m.group(0)) for m in _URL_RE.finditer(line)) / max(1, len(line.strip()))


# --- patterns: furniture with a name ----------------------------------------------

def _rx(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(alternatives), re.I)


# Checked in order; the first that matches names the reason. Anchored where a phrase
# is only furniture at the start of a line; every pattern is bounded to stay linear.
FURNITURE_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (_rx(r"^(跳转到|跳轉到|跳至|直接前往|前往)(主要|内部|內部)?(内容|內容|导航|導航)", r"^skip to", r"^浏览协助$|^瀏覽協助$",
         r"(跳过|跳過)(广告|廣告)|skip ad"), BEFORE),
    (_rx(r"(版权所有|版權所有|all rights reserved|copyright|©|\(c\)\s*\d{4}|不得(轉載|转载)|禁止(转载|轉載)"
         r"|未经(授权|許可|许可)|未經(授權|許可)|ICP\s*(备|證|证|備)|ICP\d|公网安备|公網安備|备案号|備案號"
         r"|经营许可证|經營許可證|违法和不良信息|違法和不良信息|举报电话|舉報電話|举报邮箱|舉報信箱"
         r"|隐私政策|隱私權政策|隱私政策|使用条款|使用條款|服務條款|服务条款|免责条款|免責條款|免责声明|免責聲明"
         r"|商标属于|商標屬於|法律顾问|法律顧問|網站導覽|网站导航|关于我们|關於我們|联系我们|聯絡我們|連絡我們"
         r"|广告(刊登|合作|服务)|廣告(刊登|合作|服務|查詢)|友情链接|友情鏈接)"), COPYRIGHT),
    (_rx(r"^(图片|圖片|图|圖)?(来源|來源|源)\s*[:：]|^(资料图|資料圖|配图|配圖|题图|題圖)\s*[:：]?|(摄|攝)$"), CAPTION),
    (_rx(r"^(上一篇|下一篇|上一條|下一條|上一则|下一則|上一頁|下一頁|上一页|下一页|上一則|前一篇|後一篇|后一篇"
         r"|阅读下一篇|閱讀下一篇|返回(首页|首頁|顶部|頂部|列表)|回到(首页|首頁|顶部|頂部)|回(要聞|首頁)|back to top)"), PREVNEXT),
    (_rx(r"(暂无评论|暫無評論|发表评论|發表評論|我要评论|我要評論|网友回应|網友回應|网友意见|網友意見|网友评论|網友評論"
         r"|条评论|條評論|则评论|則評論|人参与|人參與|查看评论|查看評論|评论区|評論區|写评论|寫評論|發表意見|发表意见"
         r"|沒有發表意見|没有发表意见|^评论$|^評論$|^留言$|验证码|驗證碼)"), COMMENTS),
    (_rx(r"(扫一扫|掃一掃|扫码|掃碼|二维码|二維碼|qr\s?code|下载(app|客户端)|下載(app|客戶端)|客户端下载|客戶端下載"
         r"|打开app|打開app|cookie|^(訂閱|订阅)|(訂閱|订阅)(我們|我们|本|電子報|电子报|频道|頻道|newsletter)"
         r"|关注我们|關注我們|追蹤我們|追踪我们|追蹤我們|关注公众号|關注公眾號|公众号|公眾號|小程序"
         r"|newsletter|点击(关注|订阅|查看|进入)|點擊(關注|訂閱|查看|進入|圖片)|点此|點此|随时退订|隨時退訂"
         r"|接受投稿|投稿(郵箱|邮箱)|^(我要)?投稿$|閒置|闲置|长时间未操作|長時間未操作|加入最愛|设为首页|設為首頁"
         r"|^(贊助商|赞助商)?(廣告|广告)$|常见问题|常見問題)"), PROMPT),
    (_rx(r"^(分享|分享到|分享至|分享给|转发|轉發|转寄|轉寄|收藏|点赞|點讚|在看|打印|列印|友善列印|打印文稿|推荐|推薦|关闭|關閉"
         r"|字体|字體|字号|字號|share|print|email)\s*[:：]?\s*$",
         r"^【(打印|列印|投稿|推薦|推荐|關閉|关闭|收藏|分享)】$", r"^字(体|體|号|號)\s*[:：]?\s*[小中大\s]+$",
         r"(分享到|分享至|分享给|分享給)\s*[:：]?\s*(微信|微博|朋友圈|facebook|qq|line|twitter)", r"^(facebook|twitter|line|plurk|google\+|微信|微博|新浪微博|qq空间|QQ空間)$",
         r"转寄好友|轉寄好友|友善列印|^【?(纠错|糾錯)】?$"), SHARE),
    (_rx(r"^(登录|登入|註冊|注册|登出|退出|帳戶|账户|帐户|密碼|密码|搜索|搜尋|检索|檢索|站内搜索|站內搜索)"
         r"(\s*[|/]?\s*(登录|登入|註冊|注册))?\s*[:：]?\s*(帳戶|账户)?\s*(密碼|密码)?$",
         r"^(登录|登入)\s*/?\s*(注册|註冊)$", r"检索词|檢索詞|^搜索$|^搜尋$"), LOGIN),
    (_rx(r"(首页|首頁|主页|主頁|您的位置|你的位置|当前位置|當前位置|现在位置|現在位置|位置)\s*[:：]?.{0,40}(>|＞|»|\\|/)",
         r"\S\s*(>|＞|»){1,2}\s*(>|＞|»)?\s*(正文|\S{1,8})$", r"\s>\s.*\s>\s"), BREADCRUMB),
    (_rx(r"^(责编|責編|责任编辑|責任編輯|编辑|編輯|编译|編譯|主编|主編|审核|審核|校对|校對|作者|记者|記者|撰文|文|图|圖|摄影|攝影"
         r"|来源|來源|原标题|原標題|原文(标题|標題|链接|鏈接|地址)|参考来源|參考來源|文章来源|文章來源|出处|出處|题图|題圖|封面)"
         r"\s*[:：/／|｜]",
         r"^[（(【\[]\s*(责编|責編|责任编辑|責任編輯|编辑|編輯|编译|編譯|记者|記者|来源|來源|文|作者)\s*[:：/／|｜]?[^）)】\]]{0,40}[）)】\]]$",
         r"^(文章)?(翻译|翻譯)自\s*[:：]",
         r"^本文(是|为|為|系|由|转|轉|译|譯)[^。！？]{0,30}(翻译|翻譯|编译|編譯|原作者|原文|译自|譯自)", r"^\S{0,12}(记者|記者)\s*\S{1,12}\s*(报道|報導|报导|報道|摄|攝)$",
         r"^(本文(作者|来源|來源)|作者简介|作者簡介|关于作者|關於作者)", r"^原(創|创)\s*\S{1,12}$",
         r"(报道|報導|报导|報道)$"), EDITOR),
    (_rx(r"^(标签|標籤|关键词|關鍵詞|关键字|關鍵字|tags?|熱門搜尋|热门搜索|热搜|熱搜)\s*[:：]",
         r"^(标签|標籤|关键词|關鍵詞|关键字|關鍵字|tags?)$"), TAGS),
    (_rx(r"^(本文|本站|本網|本网|以上内容|以上內容|文章)(仅|僅|为|為|系|是|内容|內容|观点|觀點|所载|所載|转载|轉載|不代表)"
         r".{0,80}(观点|觀點|立场|立場|转载|轉載|授权|授權|版权|版權|参考|參考|侵权|侵權|删除|刪除|负责|負責)",
         r"^(特别声明|特別聲明|声明|聲明|notice: the content above)", r"^(译文|譯文)(声明|聲明)$",
         r"仅供参考|僅供參考|如有侵权|如有侵權|不代表本(站|网|網|平台|台)"), DISCLAIMER),
)


_LEAD = re.compile(r"^[-–—•·*▪●◦]+\s*")


_FOOTER_MARK = re.compile(r"版权所有|版權所有|©|all rights reserved|ICP|公网安备|公網安備|商标属于|商標屬於"
                          r"|素材.{0,20}来源于|素材.{0,20}來源於", re.I)


def furniture_reason(line: str) -> str | None:
    """The fixed reason a line alone is page furniture, or None if it may be text."""
    if len(line) > 200:
        return None  # furniture is short; a long line is prose, whatever words it holds
    stripped = _LEAD.sub("", line.strip())
    if not stripped:
        return MENU if line.strip() else None  # bullets and dashes alone: layout debris
    for pattern, reason in FURNITURE_PATTERNS:
        if pattern.search(stripped):
            # A prose line that mentions 推荐, 小程序 or 隐私政策 stays: patterns judge short lines,
            # except for the marks only a footer carries (版权所有, ©, ICP).
            if cjk_length(stripped) > 30 and is_prose(stripped) and reason != DISCLAIMER \
                    and not (reason == COPYRIGHT and _FOOTER_MARK.search(stripped)):
                continue
            if reason == DISCLAIMER and has_sentence_inside(stripped) and not pattern.match(stripped):
                continue  # article sentences beside a disclaimer: the sentence alone goes, later
            return reason
    if is_dateline(stripped):
        return DATELINE
    if url_share(stripped) > 0.6:
        return MENU
    if separator_count(stripped) >= 2 and not ends_sentence(stripped):
        return MENU
    if short_item_count(stripped) >= 4 and punctuation_density(stripped) < 0.05:
        return MENU
    if not _CJK_RE.search(stripped) and not re.search(r"[A-Za-z]{3,}.*[A-Za-z]{3,}", stripped):
        return DATELINE if re.search(r"\d", stripped) else MENU  # "|", "»", "(0)", "12/6"
    return None


def is_dateline(line: str) -> bool:
    """True if the line is only a date, a time, a counter and a few words around them."""
    if not (has_timestamp(line) or has_count(line)):
        return False
    rest = _TIME_RE.sub("", line)
    rest = _COUNT_RE.sub("", rest)
    return cjk_length(rest) <= 12 and not ends_sentence(line)


# Headings after which the article never resumes: related, recommended and hot lists.
_END_RE = re.compile(
    r"^[#\s*【\[]*(相關推薦|相关推荐|相關文章|相关文章|相關影片推薦|相关视频推荐|相關閱讀|相关阅读|熱門必看|热门必看"
    r"|熱點推薦|热点推荐|延伸閱讀|延伸阅读|推薦閱讀|推荐阅读|往期回顧|往期回顾|喜欢这篇文章|喜歡這篇文章"
    r"|相關新聞|相关新闻|相關報導|相关报道|相關報道|相关热文|相關熱文|相关链接|相關鏈接|相关专题|相關專題"
    r"|您可能(感兴趣|感興趣|也喜欢|也喜歡)|你可能(感兴趣|感興趣|也喜欢|也喜歡)|猜你喜欢|猜你喜歡|为你推荐|為你推薦"
    r"|编辑推荐|編輯推薦|精彩推荐|精彩推薦|热门文章|熱門文章|热门新闻|熱門新聞|最新文章|最新新闻|最新新聞|最热|最熱"
    r"|今日(热点|熱點|即时|即時)|即時新聞|即时新闻|点击排行|點擊排行|点阅排名|點閱排名|排行榜|阅读排行|閱讀排行|热点新闻|熱點新聞"
    r"|TA的文章|他的文章|作者其他文章|更多(文章|新闻|新聞|报道|報導)|看了本文的人还看了|本周热门|本週熱門)"
    r"[\s:：】\]》>»]*\S{0,12}$", re.I)


def is_end_marker(line: str) -> bool:
    """True if the line heads a related, recommended or hot list: the article has ended."""
    return len(line) <= 40 and bool(_END_RE.match(_LEAD.sub("", line.strip())))


def is_prose(line: str) -> bool:
    """True if the line reads as a paragraph of Chinese prose on its own."""
    n = cjk_length(line)
    if separator_count(line) >= 3 or url_share(line) > 0.3:
        return False
    if n < 8:  # a short line is prose only as a whole sentence closed by a full stop
        return n >= 4 and without_end_mark(line).rstrip(_CLOSERS).endswith("。")
    if ends_sentence(line) or has_sentence_inside(line):
        return True
    return n >= 40 and punctuation_density(line) >= 0.03


def is_heading_like(line: str) -> bool:
    """True if a short line could be a subheading: some words, no date, no list separators."""
    n = cjk_length(line)
    return 3 <= n <= 40 and not has_timestamp(line) and separator_count(line) == 0 and cjk_share(line) >= 0.4


# --- context --------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One line of a scraped page, with what the markup said about it."""

    text: str  # the visible text
    hint: str = ""  # "heading", "list", "quote" or "" from Markdown or HTML markup
    link_share: float = 0.0  # share of the characters that were link text
    after_image: bool = False  # the line follows an image: a short one is its caption


@dataclass(frozen=True)
class Verdict:
    """What the classifier decided for one line."""

    keep: bool
    kind: str  # for kept lines: "heading", "paragraph" or "list-item"
    reason: str = ""  # for removed lines: one of the fixed reason keys


def local_class(line: Line) -> tuple[str, str]:
    """(class, reason): prose, short, furniture (with its reason) or end (an end marker)."""
    text = line.text
    if is_end_marker(text):
        return "end", END_MARKER
    reason = furniture_reason(without_end_mark(text))
    if reason:
        return "furniture", reason
    if line.link_share > 0.6 and cjk_length(text) < 60:
        return "furniture", MENU
    if is_prose(text) and line.link_share < 0.5:
        return "prose", ""
    return "short", ""


MAX_GAP = 8  # non-prose lines that may stand between two paragraphs of one article
MENU_RUN = 3  # this many short lines in a row, none heading-like prose, are a menu


def _menu_items(lines: list[Line], classes: list[str], a: int, b: int) -> int:
    """How many lines in lines[a:b] look like menu entries: short, few words, not list content."""
    return sum(1 for i in range(a, b) if classes[i] == "short" and cjk_length(lines[i].text) <= 4
               and lines[i].hint != "list")


def _spoken_gap(lines: list[Line], classes: list[str], a: int, b: int) -> bool:
    """True if lines a+1..b-1, between two full paragraphs, are a run of quoted speech, one phrase a line.

    Broadcast write-ups quote soundbites this way. Unlike a list of headlines, the run
    holds no furniture, and full paragraphs stand on both sides of it.
    """
    return (b - a - 1 <= 3 * MAX_GAP and all(c == "short" for c in classes[a + 1:b])
            and cjk_length(lines[a].text) >= 30 and cjk_length(lines[b].text) >= 30
            and all(separator_count(lines[k].text) == 0 and lines[k].link_share == 0 for k in range(a + 1, b)))


# Furniture that frames an article (credits, share bars, footers) and never stands inside it.
STRONG = frozenset({EDITOR, COPYRIGHT, COMMENTS, PREVNEXT, SHARE, DISCLAIMER, DATELINE, TAGS, "links"})


def _clusters(lines: list[Line], classes: list[str], reasons: list[str]) -> list[tuple[int, int]]:
    """Runs of prose lines, split where an end marker, framing furniture or a long gap stands between."""
    runs: list[tuple[int, int]] = []
    start = last = None
    for i, c in enumerate(classes):
        if c == "end" and start is not None:
            runs.append((start, last))
            start = last = None
        elif c == "prose":
            if start is None:
                start = i
            elif (i - last - 1 > MAX_GAP and not _spoken_gap(lines, classes, last, i)) \
                    or _menu_items(lines, classes, last + 1, i) > 2 \
                    or any(r in STRONG for r in reasons[last + 1:i]):
                runs.append((start, last))
                start = i
            last = i
    if start is not None:
        runs.append((start, last))
    return runs


def _weight(lines: list[Line], classes: list[str], run: tuple[int, int], anchors: list[int]) -> float:
    """How likely a cluster is the article: its prose, less after an end marker, more after the title."""
    a, b = run
    prose = sum(cjk_length(lines[i].text) for i in range(a, b + 1) if classes[i] == "prose")
    if "end" in classes[:a]:
        prose *= 0.3
    if any(0 <= a - t <= 15 for t in anchors):
        prose *= 2
    return prose


def classify_lines(lines: list[Line], title_lines: list[int], forced: dict | None = None) -> list[Verdict]:
    """A verdict for every line: the article's paragraphs and headings, or furniture with a reason.

    `title_lines` are the indices of lines that repeat the title: they anchor the article's start.
    `forced` maps indices of lines already known to be junk to their reason.
    """
    forced = forced or {}
    local = [("furniture", forced[i]) if i in forced else local_class(ln) for i, ln in enumerate(lines)]
    classes = [c for c, _ in local]
    classes = ["title" if i in title_lines and c != "prose" else c for i, c in enumerate(classes)]
    reasons = [("links" if url_share(ln.text) > 0.6 else r) if c == "furniture" else "" for ln, (c, r) in zip(lines, local)]
    runs = _clusters(lines, classes, reasons)
    if not runs:
        # No prose at all (a list page, a very short note): keep what is not furniture, up to the end.
        end = classes.index("end") if "end" in classes else len(lines)
        return [Verdict(False, "", TITLE_REPEAT) if i in title_lines
                else Verdict(c == "short" and i < end, "paragraph", r or AFTER) for i, (c, r) in enumerate(local)]
    a, b = max(runs, key=lambda r: _weight(lines, classes, r, title_lines))
    # Merge the neighbours of the chosen run that no end marker or long gap cuts off.
    def joinable(x: int, y: int) -> bool:
        return (y - x - 1 <= 2 and "end" not in classes[x:y] and "title" not in classes[x:y]
                and not any(r in STRONG for r in reasons[x:y]))

    for other in sorted(runs, reverse=True):
        if other[1] < a and joinable(other[1], a):
            a = other[0]
    for other in runs:
        if other[0] > b and joinable(b, other[0]):
            b = other[1]
    b = _extend_over_list(lines, classes, b)
    verdicts: list[Verdict] = []
    anchor = max((t for t in title_lines if t < a), default=None)
    for i, (c, reason) in enumerate(local):
        text = lines[i].text
        if i in title_lines:
            verdicts.append(Verdict(False, "", TITLE_REPEAT))
        elif c in ("furniture", "end"):
            verdicts.append(Verdict(False, "", reason))
        elif i < a:
            # Right under the title and right above the first paragraph, a heading-like line is a
            # subheading; anything else up there (a date, 所属地, a caption) is page furniture.
            lone = (anchor is not None and i == anchor + 1 == a - 1 and is_heading_like(text)
                    and not lines[i].after_image)
            verdicts.append(Verdict(True, "heading", "") if lone else Verdict(False, "", BEFORE))
        elif i > b:
            verdicts.append(Verdict(False, "", AFTER))
        elif c == "prose":
            verdicts.append(Verdict(True, _kind(lines[i], "paragraph"), ""))
        elif lines[i].after_image and not ends_sentence(text) and cjk_length(text) <= 40:
            verdicts.append(Verdict(False, "", CAPTION))
        else:
            verdicts.append(Verdict(True, _kind(lines[i], "heading"), ""))
    return _drop_menu_runs(lines, verdicts)


_LIST_SHAPE = re.compile(r"^([•·▪●◦*]\s*|-\s+|\d{1,2}[.、)）]\s*|[（(]\d{1,2}[)）])")


def is_list_item(line: Line) -> bool:
    """True if the line is an item of a list: marked up as one, or led by a bullet or number."""
    return line.hint == "list" or bool(_LIST_SHAPE.match(line.text))


def _extend_over_list(lines: list[Line], classes: list[str], b: int) -> int:
    """The article's last line, counting a list that its last paragraph or a `…：` line introduces."""
    i = b + 1
    while i < len(lines) and classes[i] == "short" and cjk_length(lines[i].text) >= 2:
        text = lines[i].text
        intro = text.rstrip().endswith(("：", ":")) and i + 1 < len(lines) and is_list_item(lines[i + 1])
        if not (intro or (is_list_item(lines[i]) and cjk_length(text) >= 6 and lines[i].link_share < 0.5)):
            break
        b, i = i, i + 1
    return b


def _kind(line: Line, default: str) -> str:
    if line.hint == "list":
        return "list-item"
    if line.hint == "heading":
        return "heading"
    return default


def _drop_menu_runs(lines: list[Line], verdicts: list[Verdict]) -> list[Verdict]:
    """Inside the article, a run of MENU_RUN or more short kept lines of few words is a menu."""
    out = list(verdicts)
    kept = [i for i, v in enumerate(verdicts) if v.keep]  # removed lines between do not break a run

    def is_item(i: int) -> bool:
        return out[i].kind != "paragraph" and cjk_length(lines[i].text) <= 6 and lines[i].hint != "list"

    n = 0
    while n < len(kept):
        m = n
        while m < len(kept) and is_item(kept[m]):
            m += 1
        if m - n >= MENU_RUN:
            for k in kept[n:m]:
                out[k] = Verdict(False, "", MENU)
        n = max(m, n + 1)
    return out
