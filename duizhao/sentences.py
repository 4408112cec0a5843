"""Split cleaned paragraphs into sentences, each an exact span of its paragraph, and judge them. Pure.

A sentence ends at 。！？ with any closing marks that follow, but never inside an open
quotation or bracket: a quoted speech of three sentences is one unit, so a quote of it
opens and closes its marks. A transcript's unit is the whole spoken sentence too.

The judgements are small named features, each a pure function of the text, used by
the matrix to choose quotes and by `site.py check` to report the ones that fail:
`is_balanced`, `dangling_opener`, `ends_sentence`, `is_label`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at 。！？ (or their ASCII forms after cleaning missed none), together with
# any closing quotes and brackets that follow: `……國家。”` stays one sentence.
_END = re.compile(r"[。！？!?]+[”’」』）)》]*")
_CLAUSE = re.compile(r"[，；,;]")
# The marks a quote must open and close in pairs.
PAIRS = {"“": "”", "「": "」", "『": "』", "《": "》", "（": "）"}
_CLOSERS = {v: k for k, v in PAIRS.items()}
MAX_MERGE = 400  # characters: an open quotation longer than this is split after all (a typo, not a speech)
CUT = "……"  # how a cut is shown to readers; never part of the data's text

# Words that point back at text the reader of a lone quote cannot see: connectives
# (而且, 所以, 但另一方面, 更重要的是, 与此同时) and pronouns or demonstratives (这, 该报, 他说, 其中).
_DANGLING = re.compile(
    r"(?:而且|并且|並且|而|所以|因此|因而|于是|於是|此外|另外|同时|同時|然而|但|不过|不過|可是|"
    r"其中|其(?![他它余餘實实])|由此|对此|對此|不仅如此|不僅如此|更别提|更別提|毕竟|畢竟|"
    r"总之|總之|况且|況且|再者|加之|也就是说|也就是說|换句话说|換句話說|"
    r"更重要的是|与此同时|與此同時|除此之外|除此以外|相比之下|相较之下|相較之下|反之|换言之|換言之|另一方面|"
    r"这|這|该|該|此|他|她|它|文中)")
_LEAD_IN = re.compile(r"[^，。！？、；：]{1,4}，")  # a short opening adverbial such as 最后， or 同時，
_OPENING_MARKS = "“「『《（\"'‘"
# A bullet label: a short phrase and a colon, then the claim (实施优势：…). A colon that
# introduces speech (馬庫斯強調：“…) is not a label.
_LABEL = re.compile(r"^[^，。！？：:“「『]{2,10}[：:](?![“「『])")
_SENTENCE_END = "。！？!?…"
_TRAILING_CLOSERS = "”’」』）)》"


@dataclass(frozen=True)
class Sentence:
    """A span of one paragraph."""

    start: int
    end: int
    text: str


def _spans(text: str, boundary: re.Pattern) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in boundary.finditer(text):
        if m.end() > start:
            spans.append((start, m.end()))
            start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _open_marks(text: str, start: int, end: int, depth: int) -> int:
    """How many quotation marks and brackets stay open after text[start:end], starting from `depth`."""
    for ch in text[start:end]:
        if ch in PAIRS:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
    return depth


def _keep_quotations_whole(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join sentences that end inside an open quotation or bracket with the sentences that close it."""
    out: list[tuple[int, int]] = []
    depth = 0
    for a, b in spans:
        if out and depth and b - out[-1][0] <= MAX_MERGE:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
            depth = 0
        depth = _open_marks(text, a, b, depth)
    return out


def split_sentences(text: str, kind: str = "article") -> list[Sentence]:
    """The sentences of one paragraph; a transcript's are its whole spoken sentences too."""
    # `kind` is kept for callers: a spoken sentence is cut only where it ends, like a written one.
    spans = _keep_quotations_whole(text, _spans(text, _END))
    out = []
    for a, b in spans:
        a, b = _strip(text, a, b)
        if b > a:
            out.append(Sentence(a, b, text[a:b]))
    return out


def clauses(sentence: Sentence) -> list[Sentence]:
    """The comma-separated clauses of a sentence, as spans of the same paragraph."""
    out = []
    for a, b in _spans(sentence.text, _CLAUSE):
        a, b = _strip(sentence.text, a, b)
        if b > a:
            out.append(Sentence(sentence.start + a, sentence.start + b, sentence.text[a:b]))
    return out


# --- features: what a careful reader checks in a quote --------------------------------

def is_balanced(text: str) -> bool:
    """True if every “”「」『』《》（） in `text` opens and closes in order."""
    stack = []
    for ch in text:
        if ch in PAIRS:
            stack.append(PAIRS[ch])
        elif ch in _CLOSERS:
            if not stack or stack.pop() != ch:
                return False
    return not stack


def dangling_opener(text: str) -> str:
    """The connective or back-pointing word `text` opens with (而且, 所以, 这, 该, 他说...), or ''.

    Opening quotation marks and a short adverbial (最后，) are looked through: “这比…
    and 最后，该报总结说 point back just the same.
    """
    body = text.lstrip(_OPENING_MARKS + " ")
    m = _DANGLING.match(body)
    if m:
        return m.group(0)
    lead = _LEAD_IN.match(body)
    if lead:
        m = _DANGLING.match(body, lead.end())
        if m:
            return body[:lead.end()] + m.group(0)
    return ""


def ends_sentence(text: str) -> bool:
    """True if `text` ends where a sentence ends: 。！？ or …, then any closing marks."""
    return text.rstrip(_TRAILING_CLOSERS).endswith(tuple(_SENTENCE_END)) if text else False


def is_label(text: str) -> bool:
    """True if `text` opens with a bullet label such as 实施优势： (a colon that is not speech)."""
    return bool(_LABEL.match(text))
