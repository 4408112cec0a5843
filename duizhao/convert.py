"""Fast Simplified <-> Traditional Chinese conversion, byte-identical to opencc-python-reimplemented.

opencc-python-reimplemented 0.1.7 converts 's2t' and 't2s' like this, and so do we:

1. The text is split on a fixed set of separators (whitespace, ASCII and CJK punctuation).
   Separators are copied verbatim and no dictionary key can match across them.
2. In each segment the phrase dictionary is applied by taking the LONGEST key occurring
   anywhere in the segment (the leftmost on ties), replacing it and recursing on the text
   left and right of it. This is not left-to-right maximal munch: with keys 'AB' and
   'BCD', the segment 'ABCD' converts 'BCD' and leaves 'A' to step 3.
3. Whatever no phrase covered is converted character by character.
4. Entries with several candidates ('发\t發 髮') always use the first one.

Steps 2-3 equal: sort all phrase occurrences by (-length, start), accept each one that does
not overlap an accepted one, convert the rest per character. A phrase whose value equals
its own per-character conversion ("neutral": 80% of STPhrases) changes no output; it can
only block other phrases. Every other phrase has a "trigger" character where its value
departs from the per-character conversion, next to a neighbour inside the phrase. So a
segment with no trigger beside one of its possible neighbours converts exactly like
str.translate. One regex pass splits the text into such plain stretches (translated in C)
and "hot" segments, which alone get the full occurrence search in Python.
"""
from __future__ import annotations

import functools
import json
import os
import re

import opencc

_OPENCC_DIR = os.path.dirname(opencc.__file__)

# opencc.py's split_chars_re is whitespace plus these single characters; each of them is a
# separator wherever it appears, so a character class describes the split exactly.
_SEPARATORS = ("-,.?!*　，。、；：？！…“”‘’『』「」﹁﹂—－（）《》〈〉～．／＼︒︑︔︓︿﹀︹︺︙︐"
               "［﹇］﹈︕︖︰︳︴︽︾︵︶｛︷｝︸﹃﹄【︻】︼")
_SEP = r"\s" + re.escape(_SEPARATORS)
_HAS_SEP = re.compile(f"[{_SEP}]")

CONFIGS = ("s2t", "t2s")
SCRIPTS = ("hans", "hant")


def _read(name: str) -> dict[str, str]:
    """Read an opencc dictionary file as opencc does: later duplicates win, first candidate kept."""
    table = {}
    with open(os.path.join(_OPENCC_DIR, "dictionary", name), encoding="utf-8") as f:
        for line in f:
            key, value = line.strip().split("\t")
            table[key] = value.partition(" ")[0]
    return table


def _class(chars) -> str:
    """Return the body of a regex character class matching exactly chars."""
    return "".join(re.escape(c) for c in chars)


def _tree(branches: list[tuple[str, str]]) -> str:
    """Return an alternation of (character, rest) branches dispatched by class lookaheads."""
    # re tries alternatives one after another; guarding each half with a character-class
    # lookahead turns a scan of hundreds of branches into a few class tests.
    if len(branches) <= 8:
        return "|".join(re.escape(c) + rest for c, rest in branches)
    half = len(branches) // 2
    left, right = branches[:half], branches[half:]
    return f"(?=[{_class(c for c, _ in left)}])(?:{_tree(left)})|{_tree(right)}"


class Converter:
    """One opencc configuration ('s2t' or 't2s'), compiled for fast conversion."""

    def __init__(self, config: str):
        """Load the dictionaries named by opencc's config/<config>.json."""
        if config not in CONFIGS:
            raise ValueError(f"unsupported opencc config {config!r}; expected one of {CONFIGS}")
        with open(os.path.join(_OPENCC_DIR, "config", config + ".json"), encoding="utf-8") as f:
            (step,) = json.load(f)["conversion_chain"]
        phrase_file, char_file = (d["file"] for d in step["dict"]["dicts"])
        chars, phrases = _read(char_file), _read(phrase_file)
        # The shortcuts below rely on these properties of the shipped files; a future file
        # breaking them must fail loudly rather than convert differently. (opencc takes an
        # empty first candidate as "no phrase anywhere in this piece": not modelled.)
        if any(len(k) != 1 or len(v) != 1 for k, v in chars.items()):
            raise ValueError(f"{config}: character dictionary is not one character to one")
        # A list indexed by code point translates twice as fast as a dict (no KeyError per
        # unmapped character). Separators never reach opencc's dictionaries: left as is.
        table = list(range(max(map(ord, chars)) + 1))
        for k, v in chars.items():
            if not _HAS_SEP.match(k):
                table[ord(k)] = ord(v)
        self._table = table
        self._phrases: dict[str, str] = {}
        lengths: dict[str, set[int]] = {}
        before: dict[str, set[str]] = {}  # trigger -> characters that precede it in a phrase
        after: dict[str, set[str]] = {}   # trigger -> characters that follow it in a phrase
        for key, value in phrases.items():
            if len(key) < 2 or not value:
                raise ValueError(f"{config}: phrase {key!r} too short or with an empty candidate")
            if _HAS_SEP.search(key):
                continue  # a key holding a separator can never match inside a segment
            self._phrases[key] = value
            if key[:2] in lengths:
                lengths[key[:2]].add(len(key))
            else:
                lengths[key[:2]] = {len(key)}
            plain = key.translate(table)
            if value == plain:
                continue
            for j, c in enumerate(key):
                if len(value) != len(key) or value[j] != plain[j]:
                    before.setdefault(c, set()).update(key[j - 1:j])
                    after.setdefault(c, set()).update(key[j + 1:j + 2])
        # Candidate lengths per two-character prefix: most positions fail this one lookup.
        self._lengths = {p: tuple(sorted(ls, reverse=True)) for p, ls in lengths.items()}
        branches = []
        for c in sorted(before):
            sides = [f"(?<=[{_class(before[c])}].)"] if before[c] else []
            sides += [f"(?=[{_class(after[c])}])"] if after[c] else []
            branches.append((c, f"(?:{'|'.join(sides)})"))
        # Without triggers use a separator, which never occurs inside a segment.
        trig, hot = _class(before) or ",", _tree(branches) or "(?!)"
        sep, plain_segment = f"[{_SEP}]++", f"(?:[^{_SEP}{trig}]++|(?!{hot})[{trig}])++"
        # Group 1: separators and whole segments with no hot trigger; group 2: the next
        # segment, which has one. Possessive quantifiers keep the scan linear.
        self._split = re.compile(f"((?:{sep}|{plain_segment}(?![^{_SEP}]))*+)([^{_SEP}]++)?")

    def char_map(self) -> dict[str, str]:
        """Every single character this configuration changes on its own, and into what."""
        return {chr(i): chr(o) for i, o in enumerate(self._table) if i != o}

    def convert(self, text: str) -> str:
        """Convert text exactly as opencc-python-reimplemented's OpenCC(config).convert does."""
        table, segment, out = self._table, self._segment, []
        for plain, hot in self._split.findall(text):
            out.append(plain.translate(table))
            if hot:
                out.append(segment(hot))
        return "".join(out)

    def _segment(self, s: str) -> str:
        """Convert one separator-free segment: longest phrases first, the rest per character."""
        phrases, lengths, table, n = self._phrases, self._lengths, self._table, len(s)
        found = []
        for i in range(n - 1):
            ks = lengths.get(s[i:i + 2])
            if ks:
                for k in ks:
                    if i + k <= n and s[i:i + k] in phrases:
                        found.append((-k, i))
        found.sort()
        taken = bytearray(n)
        accepted = []
        for neg, i in found:
            j = i - neg
            if taken.find(1, i, j) < 0:
                taken[i:j] = b"\x01" * (j - i)
                accepted.append((i, j))
        accepted.sort()
        out, prev = [], 0
        for i, j in accepted:
            out.append(s[prev:i].translate(table))
            out.append(phrases[s[i:j]])
            prev = j
        out.append(s[prev:].translate(table))
        return "".join(out)


@functools.lru_cache(maxsize=None)
def converter(config: str) -> Converter:
    """Return the shared Converter for an opencc config name ('s2t' or 't2s')."""
    return Converter(config)


def to_script(text: str, src: str, dst: str) -> str:
    """Convert text between scripts 'hans' and 'hant'; identity when src == dst."""
    for script in (src, dst):
        if script not in SCRIPTS:
            raise ValueError(f"unknown script {script!r}; expected one of {SCRIPTS}")
    if src == dst:
        return text
    return converter("s2t" if dst == "hant" else "t2s").convert(text)


def normalise(text: str) -> str:
    """Fold text to Simplified (opencc t2s) so that both scripts compare equal."""
    return converter("t2s").convert(text)
