"""Text-level repairs inside kept lines: errata, pinyin, mojibake, punctuation.

Each repair is a pure function `text -> (text, [Correction])`. The corrections are
the record readers see, so every change is listed with a little context.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from .models import Correction, Erratum

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation and brackets that count as "Chinese context" for a neighbour.
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018\u2019\u201c\u201d\u2014\u2026\u00b7《》「」『』【】"
_CJK_RE = re.compile(f"[{CJK}]")
_CHINESE_RE = re.compile(f"[{CJK}{CJK_PUNCT}]")

Repair = Callable[[str], "tuple[str, list[Correction]]"]


def is_chinese(ch: str) -> bool:
    """True if `ch` is a CJK ideograph or full-width Chinese punctuation."""
    return bool(ch) and bool(_CHINESE_RE.match(ch))


def _apply_edits(text: str, edits: Iterable[tuple[int, int, str]], kind: str,
                 context: int = 3) -> tuple[str, list[Correction]]:
    """Apply non-overlapping (start, end, replacement) edits; record each with context."""
    merged: list[tuple[int, int, str]] = []
    for start, end, new in sorted(edits):
        if merged and start < merged[-1][1]:  # overlapping edit: the first one wins
            continue
        if merged and start == merged[-1][1]:  # touching edits read better as one change
            a, _, done = merged.pop()
            start, new = a, done + new
        merged.append((start, end, new))
    out, record, pos = [], [], 0
    for start, end, new in merged:
        out.append(text[pos:start])
        out.append(new)
        a, b = max(0, start - context), min(len(text), end + context)
        before = text[a:b]
        after = text[a:start] + new + text[end:b]
        record.append(Correction(kind, before, after))
        pos = end
    out.append(text[pos:])
    return "".join(out), record


# --- errata ---------------------------------------------------------------------

def apply_errata(text: str, errata: tuple[Erratum, ...]) -> tuple[str, list[Correction], list[Erratum]]:
    """Apply editor-supplied readings; return the text, the record and errata that matched nothing."""
    record, unused = [], []
    for erratum in errata:
        count = text.count(erratum.before)
        if not count:
            unused.append(erratum)
            continue
        text = text.replace(erratum.before, erratum.after)
        record.extend([Correction("erratum", erratum.before, erratum.after)] * count)
    return text, record, unused


# --- pinyin ---------------------------------------------------------------------

# A converter on the source site glued tone-marked pinyin to characters it was unsure
# of: 結(jié), 網(wǎng). A syllable must carry a tone mark, so (DeepSeek), (AMD), (CNN),
# (AI) and (金) never match.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_RE = re.compile(f"([{CJK}])\\(([a-zü]*[{_TONED}][a-zü{_TONED}]*)\\)")


def strip_pinyin(text: str) -> tuple[str, list[Correction]]:
    """Remove pinyin annotations; record each as `字(zì)` -> `字`."""
    record = []

    def drop(m: re.Match) -> str:
        record.append(Correction("pinyin", m.group(0), m.group(1)))
        return m.group(1)

    return PINYIN_RE.sub(drop, text), record


# --- mojibake -------------------------------------------------------------------

# A GBK byte stream slipped one byte out of alignment at a full-width punctuation
# mark: its lead byte 0xA1 was lost (shown as "?"), the next pair decoded as a
# full-width form (0xA3 row) that a later step folded to ASCII ("!" or "?"), then
# CJK pairs straddle character boundaries until a single ASCII byte realigns the
# stream ("@", "f"), or the line ends on a lead byte whose partner was lost ("?").
# The garbled run holds no full-width form: those were folded to ASCII, and a full-width
# mark there was written by fix_punctuation, so a second pass must read as the first did.
MOJIBAKE_RE = re.compile(r"\?([!-/:-@\[-`{-~])([^\x00-\x7f\s\uff01-\uff5e]*)([\x40-\x7e?]?)")
_LEAD = b"\xa1"  # CJK punctuation row: the only lead byte that pairs with 0xA3 here


def _decode_shifted(m: re.Match, quotes_open: bool) -> str | None:
    """Re-encode a garbled span as GBK, put the lost byte back, decode; None if impossible."""
    first, middle, last = m.groups()
    try:
        raw = _LEAD + bytes([0xA3, ord(first) | 0x80]) + middle.encode("gbk")
    except UnicodeEncodeError:
        return None
    if last and last != "?":
        raw += last.encode("ascii")
    try:
        text = raw.decode("gbk")
    except UnicodeDecodeError:
        # A trailing lead byte whose partner is truly lost: in this row that is a
        # quote mark, and only a closing quote can balance an open one.
        if not (raw.endswith(_LEAD) and quotes_open):
            return None
        try:
            text = (raw + b"\xb1").decode("gbk")
        except UnicodeDecodeError:
            return None
    if last == "?" and not text.endswith("\u201d"):
        return None
    if not all(is_chinese(c) or c.isascii() for c in text):
        return None
    return text


def repair_mojibake(text: str) -> tuple[str, list[Correction]]:
    """Undo one-byte-shifted GBK spans where the bytes allow; leave the rest for errata."""
    edits = []
    for m in MOJIBAKE_RE.finditer(text):
        before = text[:m.start()]
        quotes_open = before.count("\u201c") > before.count("\u201d")
        fixed = _decode_shifted(m, quotes_open)
        if fixed is not None and _CHINESE_RE.search(fixed):
            edits.append((m.start(), m.end(), fixed))
    return _apply_edits(text, edits, "mojibake", context=2)


# --- punctuation ----------------------------------------------------------------

_FULL = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01",
         "(": "\uff08", ")": "\uff09"}
_ASCII_WORD_THEN_CJK = re.compile(f"[A-Za-z0-9.]+[{CJK}]")


def _is_chinese_mark(text: str, i: int) -> bool:
    """True if the half-width mark at `i` sits in Chinese context (see the table tests)."""
    ch = text[i]
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev.isdigit() and nxt.isdigit():
        return False  # 10,469 and 18:50 are numbers, not prose
    if ch == ":" and text[i + 1:i + 3] == "//":
        return False  # a URL scheme
    if is_chinese(prev) and ch != "(":
        return True
    if ch in ",:;" and (is_chinese(nxt) or (nxt == " " and is_chinese(text[i + 2:i + 3]))):
        return True
    if ch in "," and not prev.isdigit() and _ASCII_WORD_THEN_CJK.match(text, i + 1):
        return True  # "Intelligence,2016年被收購": the comma opens a Chinese clause
    return False


def _paren_edits(text: str, keep: set[int] = frozenset()) -> list[tuple[int, int, str]]:
    """Pairs of ASCII parentheses that enclose or touch Chinese text, outside protected spans."""
    edits, stack = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            if i in keep or j in keep:
                continue
            inner = text[j + 1:i]
            outside = (text[j - 1] if j else "") + (text[i + 1] if i + 1 < len(text) else "")
            if _CJK_RE.search(inner) or any(is_chinese(c) for c in outside):
                edits += [(j, j + 1, _FULL["("]), (i, i + 1, _FULL[")"])]
    return edits


def _quote_edits(text: str) -> list[tuple[int, int, str]]:
    """Curly double quotes facing the wrong way, where the line's quotes are balanced."""
    marks = [(i, c) for i, c in enumerate(text) if c in "\u201c\u201d"]
    if len(marks) % 2:
        return []  # unbalanced: a quote spans lines, so the direction cannot be known
    edits = []
    for n, (i, c) in enumerate(marks):
        want = "\u201c" if n % 2 == 0 else "\u201d"
        if c != want:
            edits.append((i, i + 1, want))
    return edits


_SPACE_RE = re.compile(r"[ \t\u3000]+")


def _space_edits(text: str, becomes: dict[int, str]) -> list[tuple[int, int, str]]:
    """Spaces that touch full-width punctuation: the mark already carries its own space."""
    edits = []
    for m in _SPACE_RE.finditer(text):
        prev = becomes.get(m.start() - 1, text[m.start() - 1]) if m.start() else ""
        nxt = becomes.get(m.end(), text[m.end()]) if m.end() < len(text) else ""
        if (prev and nxt) and ((prev in _FULL_SET and is_chinese(nxt))
                               or (nxt in _FULL_SET and is_chinese(prev))
                               or (prev in _FULL_SET and nxt in _FULL_SET)):
            edits.append((m.start(), m.end(), ""))
    return edits


_FULL_SET = set(_FULL.values()) | set("\u3001\u3002\u201c\u201d\u300a\u300b\u2014\u2026")


def fix_punctuation(text: str) -> tuple[str, list[Correction]]:
    """Make half-width marks full-width in Chinese context; fix quote direction and stray spaces."""
    record: list[Correction] = []
    # A mark made full-width makes its neighbour's context Chinese ("中,," -> "中，，"),
    # so repeat until nothing changes; runs of marks settle within a few passes.
    for _ in range(8):
        text, found = _punctuation_pass(text)
        if not found:
            break
        record += found
    return text, record


# Text that is not prose, whose marks stay as written: addresses, phone numbers, markup.
_PROTECTED = re.compile(
    r"(?:https?|ftp)://[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+"  # a URL, up to a space or Chinese
    r"|www\.[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+"
    r"|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"  # an e-mail address
    r"|\(\d{1,4}\)\s?\d{2,4}[-\s]?\d{3,4}"  # a phone number: (02) 2306-3848
    r"|\]\([^()\s]{0,800}\)"  # a Markdown link target
    r"|<[^<>]{1,200}>"  # a tag
    r"|^[A-Za-z_][\w-]{0,30}:(?=\s)"  # a `key: value` line
    r"|\d+:\d+(?::\d+)?", re.M)


def _protected(text: str) -> set[int]:
    """Positions inside URLs, e-mail addresses, phone numbers, markup and clock times."""
    out: set[int] = set()
    if any(c in text for c in ":/@<]("):
        for m in _PROTECTED.finditer(text):
            out.update(range(m.start(), m.end()))
    return out


def _punctuation_pass(text: str) -> tuple[str, list[Correction]]:
    """One pass of fix_punctuation."""
    keep = _protected(text)
    marks = {i for i, c in enumerate(text) if c in ",:;?!" and i not in keep and _is_chinese_mark(text, i)}
    # A mark made full-width is Chinese context for its neighbours: settle a whole run
    # (`中?!?!`, `,,,中`) in this pass, as repeated passes would one mark at a time.
    for i in sorted(marks):
        j = i + 1
        while j < len(text) and text[j] in ",:;?!" and j not in keep:
            marks.add(j)
            j += 1
        j = i - 1
        while j >= 0 and text[i] in ",:;" and text[j] in ",:;" and j not in keep and j not in marks:
            marks.add(j)
            j -= 1
    edits = [(i, i + 1, _FULL[text[i]]) for i in sorted(marks)]
    edits += _paren_edits(text, keep)
    edits += _quote_edits(text)
    edits += _space_edits(text, {start: new for start, _, new in edits})
    return _apply_edits(text, edits, "punctuation")


def fix_quotes(text: str) -> tuple[str, list[Correction]]:
    """Turn curly double quotes that face the wrong way; the mojibake rule reads their balance."""
    return _apply_edits(text, _quote_edits(text), "punctuation")


def repair_line(text: str) -> tuple[str, list[Correction]]:
    """Run every generic text repair on one kept line, in order."""
    record: list[Correction] = []
    for step in (strip_pinyin, fix_quotes, repair_mojibake, fix_punctuation):
        text, found = step(text)
        record.extend(found)
    return text, record
