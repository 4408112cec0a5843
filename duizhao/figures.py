"""Numeric claims in cleaned text: percentages, amounts with units, multiples, counts, times.

Pure. Each figure is the number exactly as written in its paragraph (a verbatim
substring), with a short verbatim context: the clause it stands in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_CN_DIGITS = "零〇一二兩两三四五六七八九十百千"
_NUM = rf"(?:\d+(?:[.,]\d+)*|(?:幾|几|數|数)?[{_CN_DIGITS}]+|幾|几|數|数)"
_UNITS = ("萬億|万亿|億|亿|萬|万|千|百")
# Longest first: the regex takes the first alternative that fits ("個月" before "個").
_MEASURE = ("個月|个月|小時|小时|美元|人民幣|人民币|美金|吉瓦|兆瓦|元|顆|颗|個|个|家|項|项|次|倍|分|年|月|天|"
            "場|场|國|国|座|臺|台|塊|块|噸|吨|GW|MW|%|％")
# "一個", "兩國", "一次" are articles and counts of one, not claims about a quantity.
_ARTICLE = re.compile(r"^[一二兩两](個|个|次|場|场|項|项|臺|台|國|国|家|座|塊|块|年|天|月)$")
FIGURE_RE = re.compile(
    rf"(?:約|约|近|逾|超過|超过|超|僅|仅|達|达)?"
    rf"(?:百分之[{_CN_DIGITS}]+(?:點[{_CN_DIGITS}]+)?"  # 百分之七十
    rf"|(?:幾|几|[{_CN_DIGITS}])+分之[{_CN_DIGITS}]+"  # 十分之一, 幾分之一
    rf"|\d+/\d+"  # 1/50
    rf"|{_NUM}(?:{_UNITS})?(?:多|餘|余)?(?:{_MEASURE})(?:以內|以内|以上)?"  # 5927億美元, 11億顆, 三個月
    rf"|百倍|千倍|萬倍|万倍)")
# Dates, years and list numbers are not claims about a quantity.
_NOT_A_CLAIM = re.compile(r"^\d{4}年$|^\d{1,2}月$|^\d{1,2}日$|^[一二三四五六七八九十]、$")
_CLAUSE_END = "，。；：！？,;:!?\n"


@dataclass(frozen=True, slots=True)
class Figure:
    """One numeric claim."""

    text: str  # the figure exactly as written
    start: int  # offset in the paragraph
    context: str  # the clause around it, verbatim


def clause_around(text: str, start: int, end: int, limit: int = 60) -> str:
    """The verbatim clause containing text[start:end], at most about `limit` characters."""
    a = start
    while a > 0 and text[a - 1] not in _CLAUSE_END and start - a < limit:
        a -= 1
    b = end
    while b < len(text) and text[b] not in _CLAUSE_END and b - end < limit:
        b += 1
    return text[a:b].strip()


def extract_figures(text: str) -> list[Figure]:
    """Every numeric claim in one paragraph, in order."""
    figures = []
    for m in FIGURE_RE.finditer(text):
        figure = m.group(0)
        if _NOT_A_CLAIM.match(figure) or _ARTICLE.match(figure) or re.fullmatch(r"\d{4}", figure):
            continue
        # A year followed by 年 ("2025年") or a date ("1月28日") is a date, not a quantity.
        if re.fullmatch(r"(?:約|约|近)?\d{4}年", figure) or re.fullmatch(r"\d{1,2}(月|日|年)", figure):
            continue
        figures.append(Figure(figure, m.start(), clause_around(text, m.start(), m.end())))
    return figures


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure in the corpus, attached to the topic its sentence speaks to."""

    topic: Optional[str]  # the sentence's strongest topic, None if it speaks to none
    source: str  # slug
    paragraph: str  # paragraph id
    text: str  # the figure, verbatim
    context: str  # its clause, verbatim
    group: Optional[str]  # the editors' "same quantity" group, if any


@dataclass(frozen=True, slots=True)
class FigureGroup:
    """Editors' judgement that several claims measure the same quantity."""

    id: str
    label: dict  # by language
    members: tuple[tuple[str, str], ...]  # (source slug, figure text)


def figure_rows(items) -> tuple:
    """(paragraph id, the topic the sentence serves best or None, Figure) for every figure
    of a source's scored sentences (matrix.Scored), in order."""
    rows = []
    for item in items:
        best = max(item.scores.items(), key=lambda kv: kv[1], default=(None, 0))
        topic = best[0] if best[1] > 0 else None
        rows += [(item.paragraph, topic, f) for f in item.figures]
    return tuple(rows)


def collect_claims(scored, groups: tuple[FigureGroup, ...] = ()) -> list[Claim]:
    """Every figure of every scored sentence, in source order, with its topic and group.

    `scored` maps slug -> scored sentences; a matrix.Scores also holds each source's
    figure rows, cached apart, so that collecting needs none of its sentences."""
    member_of = {m: g.id for g in groups for m in g.members}
    rows_of = getattr(scored, "figure_rows", None)
    claims = []
    for slug in scored:
        for paragraph, topic, f in (rows_of[slug] if rows_of is not None else figure_rows(scored[slug])):
            claims.append(Claim(topic, slug, paragraph, f.text, f.context, member_of.get((slug, f.text))))
    return claims
