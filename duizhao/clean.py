"""Raw scraped text -> clean paragraphs, with a record of every removal and correction.

Pure: takes a string and the source's rules, returns a CleanText. Generic rules come
first; the per-source rules in content/sources/*.yaml cover only what no generic rule
can know (a bare byline, a lost byte, where a spoken paragraph begins).
"""
from __future__ import annotations

import html
import re
from dataclasses import replace

from .furniture import AFTER, BEFORE, DISCLAIMER, EDITOR, MENU, Line, classify_lines, cjk_length, has_timestamp
from .markup import html_lines, is_html_page, is_markdown, markdown_lines
from .models import CleanText, CleaningRules, Correction, Paragraph, Removal
from .repair import PINYIN_RE, apply_errata, repair_line

# --- what a line is ---------------------------------------------------------------

_TAG_RE = re.compile(r"<[^<>]{0,500}>")
# Keyword stuffing planted by SEO spammers: a line of short phrases packed with these.
SPAM_TERMS = ("无码", "久久", "色播", "婷婷", "人妻", "成人", "av", "AV", "A片", "内射", "精品",
              "午夜", "福利", "一区", "二区", "乱码", "躁", "爽", "蜘蛛池", "熟女", "乱子伦")
_JUNK_LINES = [
    (re.compile(r"^(跳转到|跳轉到|跳至)(主要)?内容|^(跳转到|跳轉到)主要內容|^skip to", re.I), "skip link"),
    (re.compile(r"\s>\s.*\s>\s|首頁\s*>|首页\s*>"), "breadcrumb"),
    (re.compile(r"^(分享至|分享到|分享|share)$", re.I), "share widget"),
    (re.compile(r"^\d+$"), "view counter"),
    (re.compile(r"[\d,]+\s*次(觀看|观看|播放|閱讀|阅读)"), "view counter"),
    (re.compile(r"(訂閱|订阅).{0,20}(Newsletter|newsletter|郵件|邮件)|隨時退訂|随时退订|^喜欢这篇文章|^喜歡這篇文章"),
     "newsletter prompt"),
    (re.compile(r"接受投稿|投稿(郵箱|邮箱)"), "submission prompt"),
    (re.compile(r"(掃碼|扫码|二維碼|二维码)"), "QR-code prompt"),
    (re.compile(r"^特別聲明|^特别声明|^Notice: The content above|^免責聲明|^免责声明"), "platform disclaimer"),
    (re.compile(r"^[-–—•·*]$"), "layout debris"),
    (re.compile(r"^!\[[^\]]*\]\([^)]*\)$"), "image placeholder"),
    (re.compile(r"^.{1,30}?\s?(推文截圖|推文截图|截圖|截图|資料圖|资料图|圖源.*|图源.*)$"), "image caption"),
    (re.compile(r"^原創\s*\S{1,12}$|^原创\s*\S{1,12}$"), "byline"),
]
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}\.[a-z]{2,10}", re.I)
# All of the above as one pattern, one search per line: the first rule that fits names the reason.
_JUNK_ANY = re.compile("|".join(f"(?P<r{i}>{p.pattern})" for i, (p, _) in enumerate(_JUNK_LINES)), re.I)
_JUNK_REASONS = {f"r{i}": reason for i, (_, reason) in enumerate(_JUNK_LINES)}
# Lines after which nothing belongs to the article: related lists, hot lists, footers.
_END_RE = re.compile(
    r"^(相關推薦|相关推荐|相關文章|相关文章|相關影片推薦|相关视频推荐|相關閱讀|相关阅读|熱門必看|热门必看"
    r"|熱點推薦|热点推荐|延伸閱讀|延伸阅读|推薦閱讀|推荐阅读|往期回顧|往期回顾|喜欢这篇文章|喜歡這篇文章"
    r"|[-–—]?\s*(責任編輯|责任编辑|編輯|编辑)\s*[:：])")
_INLINE_JUNK = [
    (re.compile(r"【(點擊|点击)[^】]{0,10}】"), "inline link label"),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), "image placeholder"),
    (re.compile(r"本文(為|为|系).{0,20}(專稿|专稿|原創|原创)[,，]\s*(轉載|转载)請?请?注明(來源|来源|出處|出处)[。.]?"),
     "reprint notice"),
    (re.compile(r"(轉載|转载)請?请?注明(來源|来源|出處|出处)[。.]?"), "reprint notice"),
]
_BYLINE_PREFIX = re.compile(r"^【(文|撰文|作者)\s*/\s*([^】]{1,30})】")
_BULLET = re.compile(r"^[•·▪●◦*]\s*|^-\s+")
_END_MARK = re.compile(r"\s*[■□◆]+$")
_SENTENCE_END = "。！？!?…”」』）)：:"


def plain(line: str) -> str:
    """The line with pinyin annotations dropped, for pattern matching only."""
    return PINYIN_RE.sub(r"\1", line)


def is_spam(line: str) -> bool:
    """True if the line is keyword stuffing: three or more spam terms among short phrases."""
    hits = sum(line.count(t) for t in SPAM_TERMS)
    return hits >= 3 or "蜘蛛池" in line


# Page furniture is short; a long line is prose. The bound also keeps every pattern
# below linear on hostile input (a megabyte on one line).
MAX_FURNITURE = 300


def classify_junk(line: str) -> str | None:
    """The reason a whole line is junk, or None if it may be text."""
    if is_spam(line):
        return "spam"
    if len(line) > MAX_FURNITURE:
        return None
    text = plain(line)
    m = _JUNK_ANY.search(text)
    if m:
        return _JUNK_REASONS[m.lastgroup]
    if "@" in text and _EMAIL.search(text):  # checked apart: scanning for it is costly and rarely needed
        return "e-mail line"
    return None


# --- the cleaner ------------------------------------------------------------------

def strip_html(text: str) -> tuple[str, list[Removal]]:
    """Remove tags and unescape entities; record each tag-only line and inline tag run."""
    removed, lines = [], []
    for line in text.splitlines():
        tags = _TAG_RE.findall(line)
        if tags:
            removed.append(Removal("HTML debris", "".join(tags)))
            line = _TAG_RE.sub("", line)
        lines.append(html.unescape(line) if "&" in line else line)
    return "\n".join(lines), removed


def _drop_repeated_tail(lines: list[str], min_run: int = 3) -> tuple[list[str], list[str]]:
    """Split off the longest trailing run of 3+ lines that repeats an earlier run verbatim."""
    n = len(lines)
    if n < 2 * min_run:
        return lines, []
    best = 0
    # Each earlier copy of the last line may end a copy of the tail: extend backwards.
    ends = [j for j in range(n - 2) if lines[j] == lines[-1]][-64:]
    for j in ends:
        k = 1  # lines[j-k+1 .. j] equals the last k lines, and must end before they start
        while j - k >= 0 and j + 1 <= n - (k + 1) and lines[j - k] == lines[n - 1 - k]:
            k += 1
        best = max(best, k)
    if best < min_run:
        return lines, []
    return lines[:n - best], lines[n - best:]


def _paragraph_kind(line: str, kind: str) -> str:
    """heading, list-item or paragraph, from the line's shape."""
    if _BULLET.match(line):
        return "list-item"
    if kind == "article" and len(line) <= 30 and not any(c in line for c in "。！？!?") \
            and line[-1] not in "。！？…”」』）)，,":
        return "heading"
    return "paragraph"


_NO_COMMA_AFTER = ("的", "地", "是")
_CLAUSE_OPENERS = ("但", "而", "所以", "可以", "並", "并", "也", "還", "还", "那", "我們", "我们",
                   "首先", "此外", "其中", "因此", "因為", "因为")


def _join_phrases(phrases: list[str]) -> str:
    """Join spoken phrases into one paragraph, adding only commas and a full stop."""
    out = ""
    for i, phrase in enumerate(phrases):
        out += phrase
        last = phrase[-1]
        if i + 1 == len(phrases):
            if last not in "。！？…":
                out += "。" if last not in "，,：:" else ""
                if last in "，,：:":
                    out = out[:-1] + "。"
        elif last not in _SENTENCE_END + "，,、；;":
            nxt = phrases[i + 1]
            if not (last in _NO_COMMA_AFTER and not nxt.startswith(_CLAUSE_OPENERS)):
                out += "，"
    return out


# Spoken discourse markers that open a new point: "在算力方面", "此外", "那麼現在".
_OPENERS = re.compile(r"^(在\S{1,6}方面|此外|另外|首先|其次|最後|最后|總之|总之|那麽現在|那么现在|那麼現在)[，,]?$")


def group_transcript(lines: list[str], breaks: tuple[str, ...],
                     max_chars: int = 200) -> list[list[str]]:
    """Group spoken phrases into paragraphs: at discourse markers, editor-given openers, or length."""
    groups: list[list[str]] = []
    for line in lines:
        size = sum(len(x) for x in groups[-1]) if groups else 0
        if not groups or line in breaks or _OPENERS.match(line) or size >= max_chars:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def clean(raw: str, kind: str = "article", rules: CleaningRules = CleaningRules(), title: str = "") -> CleanText:
    """Clean one seed's text; return paragraphs, removals and corrections.

    `title` is the source's reviewed title: a line that repeats it is not body text.
    """
    removed: list[Removal] = []
    corrections: list[Correction] = []

    # 1. Editors' readings go first: their `before` is quoted from the seed as it is.
    text, found, unused = apply_errata(raw.replace("\r\n", "\n").lstrip("\ufeff"), rules.errata)
    corrections += found
    if unused:
        raise ValueError(unused)  # load validates errata; reaching here is a bug

    # 2. Markup to lines: a saved HTML page through a parser, a Markdown clipping through
    #    its syntax, a text scrape by dropping stray tags and entities.
    lines, markup_removed = to_lines(text)
    removed += markup_removed

    # 3. Which lines are the article: furniture out, title and bylines aside.
    if kind == "transcript":
        kept, title_line, bylines, walked = _walk_lines([ln.text for ln in lines], rules)
        kinds = ["paragraph"] * len(kept)
    else:
        kept, kinds, title_line, bylines, walked = _article_lines(lines, rules, title)
    removed += walked

    # 4. A transcript often repeats its opening at the end of the scrape.
    kept, tail = _drop_repeated_tail(kept)
    if tail:
        removed.append(Removal("repeated opening at the end", "\n".join(tail)))

    # 5. Repairs inside the kept text.
    repaired = []
    for line in kept:
        line, found = repair_line(line)
        corrections += found
        repaired.append(line)

    # 6. Blocks: one per line for articles; spoken phrases grouped for transcripts.
    blocks: list[tuple[str, str]] = []
    if kind == "transcript":
        for group in group_transcript(repaired, tuple(plain(b) for b in rules.paragraph_breaks)):
            joined = _join_phrases(group)
            if len(group) > 1:
                corrections.append(Correction("punctuation", "\n".join(group), joined))
            blocks.append(("paragraph", joined))
    else:
        for line, hint in zip(repaired, kinds):
            k = hint or _paragraph_kind(line, kind)
            blocks.append((k, _BULLET.sub("", line) if k == "list-item" else line))

    paragraphs = tuple(Paragraph(f"p{n}", k, t) for n, (k, t) in enumerate(blocks, 1))
    return CleanText(paragraphs, tuple(removed), tuple(corrections), title_line, tuple(bylines))


def to_lines(text: str) -> tuple[list[Line], list[Removal]]:
    """The page's visible lines, whatever it was saved as, and what the markup alone removed."""
    if is_html_page(text):
        return html_lines(text)
    if is_markdown(text):
        return markdown_lines(text)
    text, removed = strip_html(text)
    return [Line(ln.strip()) for ln in text.split("\n") if ln.strip()], removed


# What may follow a repeated headline: a section label `(港聞)`, or its time stamp.
_LABEL_SUFFIX = re.compile(r"^\s*[（(【\[][^）)】\]]{1,10}[）)】\]]\s*$")
_SUFFIX_SEP = re.compile(r"\s*(?:[-–—_|｜·]|\s-\s)\s*")


def _squash(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", plain(text)).lower()


def is_title_line(line: str, title: str) -> bool:
    """True if the line is the title, alone or with a site suffix (`… - 財經 - 中時新聞網`)."""
    if not title:
        return False
    a, b = _squash(line), _squash(title)
    if not b or len(b) < 4:
        return False
    if a == b:
        return True
    head, whole = plain(title).strip(), plain(line).strip()
    if a.startswith(b) and whole.startswith(head) and len(line) <= len(title) + 40:
        rest = whole[len(head):]
        return bool(_SUFFIX_SEP.match(rest) or _LABEL_SUFFIX.match(rest)
                    or (has_timestamp(rest) and cjk_length(rest) <= 4))
    return False


def _article_lines(lines: list[Line], rules: CleaningRules, title: str):
    """The article's lines and kinds, the title line, bylines, and the record of what went."""
    removed: list[Removal] = []
    forced: dict[int, str] = {}
    title_line, title_at = None, []
    for i, ln in enumerate(lines):
        reason = classify_junk(ln.text)
        if reason is None and ln.text in rules.byline_lines:
            reason = "byline"
        if reason is None and ln.text in rules.drop_lines:
            reason = "page furniture"
        if reason:
            forced[i] = reason
        elif title_line is None and rules.has_title_line and not title_at:
            title_line = ln.text
            title_at.append(i)
        elif is_title_line(ln.text, title) or (title_line and _squash(ln.text) == _squash(title_line)):
            title_at.append(i)
        elif title_line and not title and is_title_line(title_line, ln.text) and len(_squash(ln.text)) >= 6:
            title_at.append(i)  # the first line was `headline - site`, and here is the headline alone
    # Patterns judge the text a reader sees: pinyin annotations aside.
    probe = [replace(ln, text=_probe_text(ln.text)) for ln in lines]
    verdicts = classify_lines(probe, title_at, forced)
    kept: list[str] = []
    kinds: list[str] = []
    bylines: list[str] = []
    for i, (ln, v) in enumerate(zip(lines, verdicts)):
        if not v.keep:
            if title_at and i == title_at[0] and title_line is not None:
                reason = "title (shown as the page title)"
            else:
                reason = v.reason
            if reason in ("byline", "e-mail line"):
                bylines.append(ln.text)
            if removed and removed[-1].reason == reason and reason in GROUPED:
                removed[-1] = Removal(reason, removed[-1].text + "\n" + ln.text)
            else:
                removed.append(Removal(reason, ln.text))
            continue
        line = _strip_debris(ln.text, removed, bylines)
        if line:
            kept.append(line)
            kinds.append("list-item" if ln.hint == "list" else "heading" if ln.hint == "heading" else "")
    return kept, kinds, title_line, bylines, removed


def _probe_text(line: str) -> str:
    """The line as a reader sees it once cleaned: repaired, without inline labels.

    Judging the repaired text keeps the cleaner idempotent: a second pass sees what the first judged.
    """
    for pattern, _ in _INLINE_JUNK:
        line = pattern.sub("", line)
    return repair_line(line)[0] if len(line) <= 2000 else plain(line)


GROUPED = {BEFORE, AFTER, MENU, "after the article's end (related and recommended lists)"}

_DISCLAIMER_SENTENCE = re.compile(
    r"^\s*(本文|本站|本网|本網|文章|以上(内容|內容|文章))[^。！？]{0,60}(授权|授權|转载|轉載|观点|觀點|立场|立場|版权|版權|侵权|侵權|参考|參考)"
    r"|(转载|轉載)[^。！？]{0,10}(注明|註明|联系|聯繫|聯絡)|(仅|僅)(代表|供)[^。！？]{0,20}(观点|觀點|参考|參考)"
    r"|如有侵权|如有侵權|不代表[^。！？]{0,20}(立场|立場|观点|觀點)")
_SENTENCE_RE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_TRAILING_EDITOR = re.compile(r"\s*[（(【\[]\s*(责任编辑|責任編輯|责编|責編|编辑|編輯|记者|記者|来源|來源|编译|編譯)"
                              r"\s*[:：/／|｜]?[^）)】\]]{1,40}[）)】\]]\s*$")


def strip_inline(line: str) -> tuple[str, list[Removal]]:
    """The line without inline debris, whole disclaimer sentences and a trailing editor credit."""
    removed: list[Removal] = []
    for pattern, why in _INLINE_JUNK:
        removed.extend(Removal(why, hit.group(0)) for hit in pattern.finditer(line))
        line = pattern.sub("", line).strip()
    mark = _END_MARK.search(line)
    if mark:
        removed.append(Removal("end mark", mark.group(0).strip()))
        line = line[:mark.start()]
    m = _TRAILING_EDITOR.search(line)
    if m and m.start() > 0:
        removed.append(Removal(EDITOR, m.group(0).strip()))
        line = line[:m.start()]
    if _DISCLAIMER_SENTENCE.search(line):
        kept = []
        for s in _SENTENCE_RE.findall(line):
            if _DISCLAIMER_SENTENCE.search(s) and len(s) <= 120:
                removed.append(Removal(DISCLAIMER, s.strip()))
            else:
                kept.append(s)
        line = "".join(kept).strip()
    return line, removed


def _walk_lines(lines: list[str], rules: CleaningRules):
    """The line-by-line walk for transcripts: junk out, title aside, stop at the end."""
    removed: list[Removal] = []
    kept: list[str] = []
    title_line, bylines = None, []
    for i, line in enumerate(lines):
        if not line:
            continue
        flat = plain(line)
        if _END_RE.match(flat):
            removed.extend(_classify_tail(lines[i:]))
            break
        reason = classify_junk(line)
        if reason is None and line in rules.byline_lines:
            reason = "byline"
        if reason is None and line in rules.drop_lines:
            reason = "page furniture"
        if reason is None and title_line is not None and flat == plain(title_line):
            reason = "title repeated in body"
        if reason:
            removed.append(Removal(reason, line))
            if reason in ("byline", "e-mail line"):
                bylines.append(line)
            continue
        if title_line is None and rules.has_title_line:
            title_line = line
            removed.append(Removal("title (shown as the page title)", line))
            continue
        line = _strip_debris(line, removed, bylines)
        if line:
            kept.append(line)
    return kept, title_line, bylines, removed


def _strip_debris(line: str, removed: list[Removal], bylines: list[str]) -> str:
    """A kept line without its byline prefix and inline debris, or "" if what is left is junk.

    Every part taken off is appended to `removed` (and a byline prefix to `bylines`).
    """
    m = _BYLINE_PREFIX.match(line)
    if m:
        removed.append(Removal("byline", m.group(0)))
        bylines.append(m.group(0))
        line = line[m.end():].strip()
    line, inline = strip_inline(line)
    removed += inline
    late = classify_junk(line) if line else None
    if late:  # what is left once inline debris is gone can itself be junk ("0■")
        removed.append(Removal(late, line))
        return ""
    return line


def _classify_tail(lines: list[str]) -> list[Removal]:
    """Everything after the article's end, grouped into runs with one reason each."""
    runs: list[Removal] = []
    for line in lines:
        if not line:
            continue
        reason = "spam" if is_spam(line) else _tail_reason(line)
        if runs and (runs[-1].reason == reason or reason == "layout debris"):
            runs[-1] = Removal(reason, runs[-1].text + "\n" + line)
        else:
            runs.append(Removal(reason, line))
    return runs


def _tail_reason(line: str) -> str:
    """Why a line after the article's end goes: an editor line or part of the related lists."""
    flat = plain(line)
    if re.match(r"^[-–—]?\s*(責任編輯|责任编辑|編輯|编辑)\s*[:：]", flat):
        return "editor line"
    return "after the article's end (related and recommended lists)"


def leftover_damage(text: str) -> list[str]:
    """Damage patterns still present in cleaned text: empty when the text is clean."""
    from .repair import MOJIBAKE_RE, _is_chinese_mark
    found = [m.group(0) for m in PINYIN_RE.finditer(text)]
    found += [m.group(0) for m in _TAG_RE.finditer(text)]
    found += [m.group(0) for m in MOJIBAKE_RE.finditer(text)]
    found += [text[max(0, i - 2):i + 3] for i, c in enumerate(text)
              if c in ",:;?!" and _is_chinese_mark(text, i)]
    return found
