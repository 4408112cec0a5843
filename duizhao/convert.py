"""Fast Simplified <-> Traditional Chinese conversion, byte-identical to opencc-python-reimplemented.

The site converts Simplified to Traditional with OpenCC 's2tw': 's2t' followed by the
character-variant step TWVariants (為, 群, 眾 rather than 爲, 羣, 衆, as Traditional
originals write them), and Traditional to Simplified with 't2s'. Never a phrase step
('s2twp'), which would rewrite vocabulary (芯片 -> 晶片). After OpenCC, the editors'
conversion table (content/conversion.yaml) corrects the words OpenCC's tables get wrong;
where the table is silent, the output is OpenCC's, character for character.

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
from dataclasses import dataclass

import opencc

_OPENCC_DIR = os.path.dirname(opencc.__file__)

# opencc.py's split_chars_re is whitespace plus these single characters; each of them is a
# separator wherever it appears, so a character class describes the split exactly.
_SEPARATORS = ("-,.?!*　，。、；：？！…“”‘’『』「」﹁﹂—－（）《》〈〉～．／＼︒︑︔︓︿﹀︹︺︙︐"
               "［﹇］﹈︕︖︰︳︴︽︾︵︶｛︷｝︸﹃﹄【︻】︼")
_SEP = r"\s" + re.escape(_SEPARATORS)
_HAS_SEP = re.compile(f"[{_SEP}]")

CONFIGS = ("s2t", "t2s", "s2tw")
SCRIPTS = ("hans", "hant")
# The OpenCC configuration that writes each script.
SCRIPT_CONFIG = {"hant": "s2tw", "hans": "t2s"}


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
            step, *variant_steps = json.load(f)["conversion_chain"]
        phrase_file, char_file = (d["file"] for d in step["dict"]["dicts"])
        chars, phrases = _read(char_file), _read(phrase_file)
        # s2tw adds one step after s2t: a character-variant table (爲 -> 為). Every key is one
        # character, so opencc's longest-match over it is a plain per-character translation.
        variants: dict[str, str] = {}
        for extra in variant_steps:
            table_file = extra["dict"]["file"]
            more = _read(table_file)
            if extra["dict"].get("type") != "txt" or any(len(k) != 1 or len(v) != 1 for k, v in more.items()):
                raise ValueError(f"{config}: {table_file} is not a one-to-one character table")
            variants.update({k: v for k, v in more.items() if not _HAS_SEP.match(k)})
        self._variants = str.maketrans(variants) if variants else None
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
        variants = self._variants or {}
        found = {}
        for i in range(max(len(self._table), max(variants, default=0) + 1)):
            c = chr(i)
            o = chr(self._table[i]) if i < len(self._table) else c
            o = variants.get(ord(o), o)
            if o != c:
                found[c] = o
        return dict(sorted(found.items()))

    def convert(self, text: str) -> str:
        """Convert text exactly as opencc-python-reimplemented's OpenCC(config).convert does."""
        table, segment, out = self._table, self._segment, []
        for plain, hot in self._split.findall(text):
            out.append(plain.translate(table))
            if hot:
                out.append(segment(hot))
        done = "".join(out)
        return done.translate(self._variants) if self._variants else done

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


_LOADED: dict[str, Converter] = {}  # config name -> its Converter, made once per process


def converter(config: str) -> Converter:
    """Return the shared Converter for an opencc config name ('s2t', 's2tw' or 't2s')."""
    found = _LOADED.get(config)
    if found is None:
        found = _LOADED[config] = Converter(config)
    return found


def preload(cache) -> None:
    """Take the converters a build uses from the build cache (a cache.Cache), compiling and
    caching them on a miss: compiling s2tw's dictionaries costs more than reading them back.
    Called before the worker processes are forked, so they inherit the converters too."""
    for config in SCRIPT_CONFIG.values():
        if config not in _LOADED:
            _LOADED[config] = cache.memo("convert", config, lambda config=config: Converter(config))


# --- the editors' conversion table ---------------------------------------------------

@dataclass(frozen=True)
class ConversionRule:
    """One word as each script writes it, like an item of a Chinese Wikipedia conversion group."""

    hans: str  # the word in Simplified script
    hant: str  # the same word in Traditional script
    group: str  # the name of the group that holds it
    line: int | None = None  # where it is written in content/conversion.yaml
    only: str | None = None  # "zh-Hans" or "zh-Hant": the rule applies only towards that script


@dataclass(frozen=True)
class ConversionTable:
    """The editors' corrections, applied after OpenCC; empty means OpenCC's output as is."""

    rules: tuple[ConversionRule, ...] = ()

    def fixes(self, dst: str) -> tuple[tuple[str, str], ...]:
        """(what OpenCC writes, what the editors write) for text converted into script dst."""
        config = SCRIPT_CONFIG[dst]
        pairs = {}
        for r in self.rules:
            if r.only and r.only != _LANG[dst]:
                continue
            source, target = (r.hant, r.hans) if dst == "hans" else (r.hans, r.hant)
            wrong = converter(config).convert(source)
            if wrong != target:
                pairs[wrong] = target
        return tuple(sorted(pairs.items()))


NO_TABLE = ConversionTable()
_LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}


@functools.lru_cache(maxsize=64)
def _fixer(fixes: tuple[tuple[str, str], ...]):
    """A function applying fixes: at each position the longest matching word, left to right."""
    if not fixes:
        return lambda text: text
    table = dict(fixes)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=lambda k: (-len(k), k))))
    return lambda text: pattern.sub(lambda m: table[m.group(0)], text)


def to_script(text: str, src: str, dst: str, table: ConversionTable = NO_TABLE) -> str:
    """Convert text between scripts 'hans' and 'hant'; identity when src == dst.

    OpenCC (s2tw or t2s) first, then the editors' table wherever it has a word.
    """
    for script in (src, dst):
        if script not in SCRIPTS:
            raise ValueError(f"unknown script {script!r}; expected one of {SCRIPTS}")
    if src == dst:
        return text
    converted = converter(SCRIPT_CONFIG[dst]).convert(text)
    return _fixer(table.fixes(dst))(converted) if table.rules else converted


def parse_conversion_table(data, path: str, line_of) -> ConversionTable:
    """Validate content/conversion.yaml's data; raise ContentError naming the line at fault."""
    from .errors import ContentError
    if data is None:
        return NO_TABLE
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise ContentError(path, "expected a list `groups:`, each with a `name` and `rules`", line_of(data) or 1)
    rules: list[ConversionRule] = []
    seen: dict[tuple[str, str], ConversionRule] = {}  # (script, what OpenCC writes) -> rule
    for group in data["groups"]:
        gline = line_of(group)
        if not isinstance(group, dict) or not isinstance(group.get("name"), str) or not group["name"].strip():
            raise ContentError(path, "each group needs a `name` and a list `rules`", gline or line_of(data))
        if not isinstance(group.get("rules"), list) or not group["rules"]:
            raise ContentError(path, f"group {group['name']!r} needs a non-empty list `rules`", gline)
        for raw in group["rules"]:
            line = line_of(raw) or gline
            keys = set(raw) - {"__line__", "only"} if isinstance(raw, dict) else set()
            if keys != {"zh-Hans", "zh-Hant"} or not all(isinstance(raw[k], str) for k in keys):
                raise ContentError(path, "each rule is {zh-Hans: word, zh-Hant: word}, optionally with "
                                         "`only: zh-Hans` or `only: zh-Hant`", line)
            only = raw.get("only")
            if only not in (None, "zh-Hans", "zh-Hant"):
                raise ContentError(path, f"`only` is zh-Hans or zh-Hant, not {only!r}", line)
            rule = ConversionRule(raw["zh-Hans"].strip(), raw["zh-Hant"].strip(), group["name"], line, only)
            for word in (rule.hans, rule.hant):
                if not word or len(word) > 20 or _HAS_SEP.search(word):
                    raise ContentError(path, f"{word!r}: a rule holds one word of 1 to 20 characters, "
                                             "without spaces or punctuation", line)
            to_hant, to_hans = converter("s2tw").convert(rule.hans), converter("t2s").convert(rule.hant)
            if converter("t2s").convert(rule.hans) != rule.hans:
                raise ContentError(path, f"{rule.hans!r} is not written in Simplified script (zh-Hans)", line)
            if converter("s2tw").convert(rule.hant) != rule.hant:
                raise ContentError(path, f"{rule.hant!r} is not written in Traditional script as the site "
                                         f"writes it (zh-Hant); OpenCC s2tw gives {to_hant!r}", line)
            towards = [k for k in ("hant", "hans") if rule.only in (None, _LANG[k])]
            if all((to_hant if k == "hant" else to_hans) == getattr(rule, k) for k in towards):
                raise ContentError(path, f"{rule.hans} / {rule.hant}: OpenCC already converts this word so; "
                                         "remove the rule", line)
            # One word OpenCC writes must have one correction: two rules may share a word in one
            # script (two Traditional spellings of one Simplified word), not contradict each other.
            for key, target in ((("hant", to_hant), rule.hant), (("hans", to_hans), rule.hans)):
                if key[0] not in towards:
                    continue
                other = seen.get(key)
                if other and getattr(other, key[0]) != target:
                    raise ContentError(path, f"OpenCC writes {key[1]!r} for both this rule and line {other.line}, "
                                             "which correct it differently: keep one", line)
            if any((r.hans, r.hant) == (rule.hans, rule.hant) for r in rules):
                raise ContentError(path, f"{rule.hans} / {rule.hant} is listed twice", line)
            for key in (("hant", to_hant), ("hans", to_hans)):
                if key[0] in towards:
                    seen.setdefault(key, rule)
            rules.append(rule)
    return ConversionTable(tuple(rules))


def normalise(text: str) -> str:
    """Fold text to Simplified (opencc t2s) so that both scripts compare equal."""
    return converter("t2s").convert(text)
