"""Read content/ and seeds/, validate everything, return frozen models.

The only stage that reads the disk. Every problem raises a SiteError naming the file
(and line), so the build stops before anything is written.
"""
from __future__ import annotations

import codecs
import dataclasses
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

from .errors import CollisionError, ContentError, SeedError, shown
from .models import CleaningRules, Erratum, Page, Seed, Source

# Patterns that validate input end in \Z, and are used with fullmatch: `$` also matches
# before a trailing newline, so "abc\n" would pass as a slug.
MAX_SLUG = 100  # characters: keeps every output file name (cells/<topic>--<slug>.html) under 255 bytes
SLUG_RE = re.compile(r"\A(?=.{1,%d}\Z)[a-z0-9]+(?:-[a-z0-9]+)*\Z" % MAX_SLUG)
DATE_RE = re.compile(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z")
URL_RE = re.compile(r"\Ahttps?://[^\s<>\"'`]+\Z", re.I)
# base_url goes into the 404 page's Content-Security-Policy, the sitemap and robots.txt:
# a space, quote or semicolon would add a directive there.
BASE_URL_RE = re.compile(r"\Ahttps?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[^\s<>\"'`;,\\]*)?/\Z")
SLUG_RULE = f"lowercase ASCII words joined by hyphens, at most {MAX_SLUG} characters"


def is_slug(text: str) -> bool:
    """True if `text` is usable in every URL and file name: ^[a-z0-9]+(-[a-z0-9]+)*$, 1 to 100 characters."""
    return isinstance(text, str) and SLUG_RE.fullmatch(text) is not None
KINDS = ("article", "transcript")
SCRIPTS = ("hans", "hant")
REQUIRED = ("seed", "slug", "title", "outlet", "author", "published", "kind", "script")


MAX_DEPTH = 50  # levels of nesting in a YAML file; real content needs five


class _Refused(Exception):
    """YAML that parses but that duizhao refuses to load, with where it starts."""

    def __init__(self, mark: Any, message: str):
        super().__init__(message)
        self.line = mark.line + 1 if mark else None
        self.column = mark.column + 1 if mark else None
        self.message = message


class _LineLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors, aliases, duplicate keys and deep nesting, and
    remembers the line of every mapping, for error messages.

    Aliases are refused before anything is built: a few lines of nested aliases
    (a "billion laughs") would otherwise expand into gigabytes.
    """

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, f"YAML alias *{event.anchor[:40]} is not allowed; "
                                             f"write the value out in full")
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, f"YAML anchor &{event.anchor[:40]} is not allowed; "
                                             f"write each value out in full")
        if self.depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep; flatten it")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    first: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        try:
            key = loader.construct_object(key_node, deep=True)
            seen = first.get(key)
        except (TypeError, yaml.YAMLError):
            continue  # an unhashable key: construct_mapping reports it
        if seen is not None:
            # The last value would silently win: make the editor choose.
            raise _Refused(key_node.start_mark, f"duplicate key {shown(key)} (also on line {seen}); keep one")
        first[key] = key_node.start_mark.line + 1
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


_LIBYAML = hasattr(yaml, "CSafeLoader")  # PyYAML built with libyaml (its wheels are)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same constructors over libyaml's parser (about ten times faster than PyYAML's own),
    for YAML that `_plain` has cleared. Editors' YAML and its errors are `_LineLoader`'s:
    whatever this loader cannot read is read again by that one, which says where it breaks."""


_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _plain(text: str) -> bool:
    """Whether `text` parses, with no anchor, no alias and no deep nesting: what the fast
    loader may read. Anything else goes to `_LineLoader`, which refuses it or says where
    it breaks."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return False
            if isinstance(event, _OPEN):
                depth += 1
                if depth >= MAX_DEPTH - 1:
                    return False
            elif isinstance(event, _CLOSE):
                depth -= 1
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError):
        return False
    return True


def parse_yaml(text: str, path: str, first_line: int = 1, kind: str = "YAML") -> Any:
    """Parse YAML text safely; raise ContentError with line and column on any problem.

    `first_line` is the file line the text starts on (front matter starts on line 2).
    """
    shift = first_line - 1
    if _LIBYAML and _plain(text):
        try:
            return yaml.load(text, Loader=_FastLoader)
        except (_Refused, yaml.YAMLError, RecursionError, MemoryError, ValueError):
            pass  # a duplicate key, say: _LineLoader reports it below, as it always has
    try:
        return yaml.load(text, Loader=_LineLoader)
    except _Refused as e:
        raise ContentError(path, e.message, e.line and e.line + shift, e.column) from None
    except yaml.MarkedYAMLError as e:
        # An unterminated quote is only noticed at the end of the file: point at where it began.
        mark = e.context_mark if (e.context_mark and re.search(r"end of stream|stream end", str(e.problem))) else e.problem_mark
        line = mark.line + 1 + shift if mark else None
        col = mark.column + 1 if mark else None
        what = f"{e.context}: {e.problem}" if e.context else str(e.problem)
        raise ContentError(path, f"malformed {kind} ({what}); fix the syntax", line, col) from None
    except yaml.YAMLError as e:
        raise ContentError(path, f"malformed {kind} ({shown(str(e))}); fix the syntax") from None
    except (RecursionError, MemoryError):
        raise ContentError(path, "YAML too large or too deeply nested to load; simplify it") from None


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely; raise ContentError with line and column on any problem."""
    return parse_yaml(read_text(path), str(path))


def read_text(path: Path) -> str:
    """An input text file, which must be UTF-8."""
    try:
        return read_input(path).decode("utf-8")
    except UnicodeDecodeError as e:
        raise ContentError(str(path), f"not UTF-8 ({e.reason}); save the file as UTF-8") from None


# --- input files ------------------------------------------------------------------

INPUT_FOLDERS = ("content", "seeds", "templates", "static")


def check_inputs(root: Path) -> None:
    """Refuse any input that is a link leading out of the project, or not a regular file.

    A link in seeds/ to a system file, or a device or pipe, would otherwise be read and
    published. Hidden files (.name) are never read, so they are not checked.
    """
    real_root = root.resolve()
    for name in INPUT_FOLDERS:
        folder = root / name
        if not os.path.lexists(folder):
            continue
        _check_inside(folder, real_root)
        for parent, folders, files in os.walk(folder):  # does not descend into linked folders
            folders[:] = [f for f in sorted(folders) if not f.startswith(".")]
            for entry in folders:
                _check_inside(Path(parent) / entry, real_root)
            for entry in sorted(files):
                if not entry.startswith("."):
                    _check_inside(Path(parent) / entry, real_root)
                    _check_regular(Path(parent) / entry)


def _check_inside(path: Path, real_root: Path) -> None:
    real = path.resolve()
    if real != real_root and real_root not in real.parents:
        raise ContentError(str(path), f"is a link to {shown(str(real))}, outside the project; "
                                      f"copy the file into the project instead")


def _check_regular(path: Path) -> os.stat_result:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ContentError(str(path), "is a link to nothing; remove it or fix its target") from None
    if not stat.S_ISREG(info.st_mode):
        raise ContentError(str(path), "is not a regular file (a device, pipe, socket or folder); "
                                      "replace it with a plain file")
    return info


def read_input(path: Path) -> bytes:
    """The bytes of one input file; refuse anything that is not a regular file."""
    _check_regular(path)  # before opening: opening a pipe would wait forever
    return path.read_bytes()


def line_of(data: Any) -> Optional[int]:
    """The line a mapping started on, if known."""
    return data.get("__line__") if isinstance(data, dict) else None


# --- seeds ------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def detect_encoding(data: bytes) -> Optional[str]:
    """The encoding a seed's bytes decode cleanly in: BOM, UTF-8, UTF-16, GB18030 or Big5."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # No BOM and not UTF-8: decode as each legacy encoding (and BOM-less UTF-16) and
    # keep the reading that looks most like Chinese prose. A wrong reading scatters
    # text over rare characters and control codes.
    names = ["gb18030", "big5"] + (["utf-16-le", "utf-16-be"] if len(data) % 2 == 0 else [])
    candidates = []
    for name in names:
        try:
            candidates.append((plausibility(data.decode(name)), name))
        except UnicodeDecodeError:
            continue
    best = max(candidates, default=(0.0, None))
    return best[1] if best[0] >= MIN_PLAUSIBILITY else None


MIN_PLAUSIBILITY = 0.35

# The most frequent characters of written Chinese, in both scripts. A wrong legacy
# decoding scatters text over rare characters, so the right one scores highest.
_COMMON = set("的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下"
              "自之年过過发發后後作里用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样"
              "樣理心本前开開但因只从從想实實日者意无無力它与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外将將两兩高间間"
              "由问問很最重并並物手应應战戰向头頭文体體政美相见見被利什二等产產或新己制身果加西斯月话話合回特代内內信表化老给給世位次度"
              "门門任常先海通教原东東声聲提立及比员員解水名真论論处處走义義各入几幾口认認条條平系气氣题題活更别別打女变變四总總何电電数"
              "數安少报報才结結反受目太量再感建务務做接必场場件计計管期市直德资資命山金指克许許统統区區保至队隊形社便空决決治展马馬科"
              "司五基书書非则則听聽白却卻界达達光放强強即像难難且权權思王象完设設式色路记記南品住告类類求据據程北边邊张張该該交规規万"
              "萬取拉格望觉覺术術领領共确確传傳观觀清今切院让讓识識候带帶导導争爭运運笑飞飛风風步改收根干造言联聯持组組每济濟车車亲親"
              "极極林服快办辦议議往元英士证證近失转轉夫令准準布始怎存未远遠叫台单單影具罗羅字爱愛击擊流备備兵连連调調深商算质質团團"
              "集百需价價花党黨华華城石级級整府离離况況亚亞请請技际際约約示复復病息究线線似官火断斷精满滿支视視消越器容照须須九增研"
              "写寫称稱企八功包片史委乎查轻輕易早曾除农農找装裝广廣显顯局突专專费費号號尽盡另周较較注语語仅僅考落青随隨选選列武红紅"
              "响響虽雖推势勢参參希古众眾构構房半节節土投案黑维維革划劃敌敵致陈陳律足态態护護七兴興派孩验驗责責营營星够章音跟志底站"
              "严嚴巴例防族供效续續施留讲講型料终終答紧緊黄黃绝絕奇察母京段依批群项項故按河米围圍江织織害斗双雙境客纪紀采举舉杀殺攻"
              "父苏蘇密低朝友诉訴止细細愿願千值仍男钱錢破网網热熱助倒育属屬坐限船脸臉职職速刻乐樂否刚剛威毛状狀率甚独獨球般普怕弹彈"
              "校苦创創假久错錯承印晚兰蘭试試股拿脑腦预預谁誰益阳陽若微尼继繼送急血惊驚药藥适適波夜省初喜卫衛源食险險待述陆陸置居劳"
              "勞财財环環排福纳納欢歡获獲模充负負云停木游龙龍树樹疑层層冷洲冲沖射略范範竟句室异異激汉漢村策演简簡卡罪判担擔州静靜"
              "退既衣宗积積余痛检檢差富灵靈协協角占配征修皮挥揮胜勝降审審沉坚堅善读讀超免压壓银銀买買养養伊乱亂抗犯追帮幫宣岁歲航"
              "优優芯晶片美元億亿萬模型算力")


def plausibility(text: str) -> float:
    """How much `text` reads like Chinese prose: common characters, no control codes (0 to 1)."""
    if not text:
        return 0.0
    controls = sum(1 for c in text if c < " " and c not in "\n\r\t")
    weird = sum(1 for c in text if "\ue000" <= c <= "\uf8ff" or "\ud800" <= c <= "\udfff") + controls
    ideographs = [c for c in text if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"]
    common = sum(c in _COMMON for c in ideographs) / len(ideographs) if ideographs else 0.0
    return max(0.0, common - 5 * weird / len(text))


_ODD = re.compile("[^\x00-\x7f\u00a0-\u024f\u2000-\u206f\u3000-\u9fff\uff00-\uffef]")


def is_garbled(text: str) -> bool:
    """True if over a fifth of `text` is neither ASCII, Latin, CJK nor CJK punctuation."""
    odd = len(_ODD.findall(text))
    return bool(text) and odd * 5 > len(text)


# C0 controls except tab, line feed and carriage return (line breaks), DEL, and C1 controls.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def load_seed(path: Path) -> Seed:
    """Read and decode one seed file, without control characters; raise SeedError if it is empty or undecodable."""
    try:
        data = read_input(path)
    except FileNotFoundError:
        raise SeedError(str(path), "seed file not found; check the `seed:` name in its YAML") from None
    except ContentError as e:
        raise SeedError(str(path), e.message) from None
    if not data.strip():
        raise SeedError(str(path), "seed file is empty; re-scrape it or remove its YAML")
    encoding = detect_encoding(data)
    if encoding is None:
        raise SeedError(str(path), "cannot decode: not UTF-8, UTF-16, GB18030 or Big5; "
                                   "re-save the file as UTF-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = ""
    if is_garbled(text):
        raise SeedError(str(path), f"decodes as {encoding} only into garbage; re-save the file as UTF-8")
    # Control characters mean nothing in prose and must not reach a page (HTML forbids them).
    text, controls = CONTROL_RE.subn("", text)
    if not text.strip("\ufeff \t\r\n"):
        raise SeedError(str(path), "seed file is empty (no text); re-scrape it or remove its YAML")
    return Seed(path.name, text, encoding, hashlib.sha256(data).hexdigest(), controls)


# --- sources ----------------------------------------------------------------------

def _require_str(data: dict, key: str, path: str, optional: bool = False) -> Optional[str]:
    value = data.get(key)
    if value is None:
        if optional:
            return None
        raise ContentError(path, f"missing required field `{key}`; add it", line_of(data))
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ContentError(path, f"field `{key}` must be text", line_of(data))
    return str(value).strip()


def _parse_url(value: Optional[str], path: str, line: Optional[int]) -> Optional[str]:
    """Accept only http(s) URLs: anything else could run code when a reader clicks it."""
    if value in (None, ""):
        return None
    if not URL_RE.fullmatch(value):
        raise ContentError(path, f"`url` must be an http(s) address, not {shown(value)}", line)
    return value


def _parse_rules(raw: Any, path: str) -> CleaningRules:
    if raw is None:
        return CleaningRules()
    if not isinstance(raw, dict):
        raise ContentError(path, "`cleaning` must be a mapping", None)
    known = {"has_title_line", "byline_lines", "drop_lines", "errata", "paragraph_breaks", "__line__"}
    unknown = set(raw) - known
    if unknown:
        raise ContentError(path, f"unknown cleaning rule `{sorted(unknown)[0]}`; "
                                 f"known: {', '.join(sorted(known - {'__line__'}))}", line_of(raw))
    errata = []
    for item in raw.get("errata") or []:
        if not (isinstance(item, dict) and isinstance(item.get("before"), str)
                and isinstance(item.get("after"), str)):
            raise ContentError(path, "each erratum needs `before` and `after` text", line_of(item) or line_of(raw))
        errata.append(Erratum(item["before"], item["after"], line_of(item) or 0))

    def strings(key: str) -> tuple[str, ...]:
        items = raw.get(key) or []
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise ContentError(path, f"`{key}` must be a list of text lines", line_of(raw))
        return tuple(items)

    return CleaningRules(has_title_line=bool(raw.get("has_title_line", True)),
                         byline_lines=strings("byline_lines"), drop_lines=strings("drop_lines"),
                         errata=tuple(errata), paragraph_breaks=strings("paragraph_breaks"))


def parse_source(data: Any, path: Path) -> Source:
    """Validate one source YAML mapping and return a Source."""
    p = str(path)
    if not isinstance(data, dict):
        raise ContentError(p, "expected a mapping of fields (seed, slug, title, ...)", 1)
    for key in REQUIRED:
        _require_str(data, key, p)
    slug = _require_str(data, "slug", p)
    if not is_slug(slug):
        raise ContentError(p, f"slug {shown(slug)} must match ^[a-z0-9-]+$ ({SLUG_RULE})", line_of(data))
    seed = _require_str(data, "seed", p)
    if "/" in seed or "\\" in seed or seed.startswith("."):
        raise ContentError(p, f"seed {shown(seed)} must be a bare file name inside seeds/", line_of(data))
    published = _require_str(data, "published", p)
    if not DATE_RE.fullmatch(published):
        raise ContentError(p, f"published {shown(published)} must be YYYY, YYYY-MM or YYYY-MM-DD", line_of(data))
    kind = _require_str(data, "kind", p)
    if kind not in KINDS:
        raise ContentError(p, f"kind {shown(kind)} must be one of {', '.join(KINDS)}", line_of(data))
    script = _require_str(data, "script", p)
    if script not in SCRIPTS:
        raise ContentError(p, f"script {shown(script)} must be one of {', '.join(SCRIPTS)}", line_of(data))
    return Source(slug=slug, seed=seed, title=_require_str(data, "title", p),
                  title_editorial=bool(data.get("title_editorial", False)),
                  outlet=_require_str(data, "outlet", p), author=_require_str(data, "author", p),
                  published=published, kind=kind, script=script,
                  url=_parse_url(_require_str(data, "url", p, optional=True), p, line_of(data)),
                  rules=_parse_rules(data.get("cleaning"), p), path=p)


_REVIEW_MARK = re.compile(r"^([A-Za-z_]+)\s*:.*#\s*REVIEW\b")


def review_marks(text: str) -> tuple[tuple[int, str], ...]:
    """The (line, field) of every field still carrying the REVIEW mark that `add` writes beside a guess."""
    marks = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _REVIEW_MARK.match(line)
        if m:
            marks.append((number, m.group(1)))
    return tuple(marks)


def load_sources(content: Path, seeds: Path) -> list[tuple[Source, Seed]]:
    """Every source YAML with its decoded seed, sorted by slug; collisions are errors."""
    folder = content / "sources"
    sources: list[Source] = []
    for path in sorted(p for p in folder.glob("*.yaml") if not p.name.startswith(".")):
        text = read_text(path)
        source = parse_source(parse_yaml(text, str(path)), path)
        sources.append(dataclasses.replace(source, unreviewed=review_marks(text)))
    by_slug: dict[str, Source] = {}
    by_seed: dict[str, Source] = {}
    for s in sources:
        if s.slug in by_slug:
            raise CollisionError(s.path, f"slug {shown(s.slug)} is already used by {by_slug[s.slug].path}; "
                                         f"choose another slug")
        if s.seed in by_seed:
            raise CollisionError(s.path, f"seed {shown(s.seed)} is already claimed by {by_seed[s.seed].path}; "
                                         f"each seed has one YAML")
        by_slug[s.slug] = by_seed[s.seed] = s
    orphans = sorted(p.name for p in seeds.glob("*.txt") if p.name not in by_seed)
    if orphans:
        raise ContentError(str(seeds / orphans[0]), "seed has no YAML in content/sources/; "
                                                    "run `python site.py add` or write one")
    pairs = []
    for s in sorted(sources, key=lambda s: s.slug):
        seed_path = seeds / s.seed
        if not os.path.lexists(seed_path):
            raise SeedError(s.path, f"names seed {shown(s.seed)}, which is not in {seeds}/; fix `seed:`")
        pairs.append((s, load_seed(seed_path)))
    return pairs


@dataclass(frozen=True)
class SiteConfig:
    """content/site.yaml: site-wide settings."""

    title: dict  # by language: zh-Hans, zh-Hant, en
    description: dict  # by language
    base_url: str  # absolute, ends with "/"
    default_script: str  # "hans" or "hant"
    share_cards: bool = True  # draw a preview image per cell and per source (cards.py)
    font: Optional[dict] = None  # by language: (font file, face index) for the cards; None: fontconfig


def load_site(content: Path) -> SiteConfig:
    """Read content/site.yaml."""
    path = content / "site.yaml"
    if not path.is_file():
        raise ContentError(str(path), "missing; copy the example from the README")
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(str(path), "expected a mapping", 1)
    base = data.get("base_url")
    if not isinstance(base, str) or not BASE_URL_RE.fullmatch(base):
        raise ContentError(str(path), f"`base_url` {shown(base)} must be an absolute http(s) address ending in /, "
                                      f"with no spaces, quotes, commas or semicolons, e.g. https://example.org/site/",
                           line_of(data))
    for key in ("title", "description"):
        if not isinstance(data.get(key), dict):
            raise ContentError(str(path), f"`{key}` must map zh-Hans, zh-Hant and en to text", line_of(data))
    return SiteConfig(title=_strip_line(data["title"]), description=_strip_line(data["description"]),
                      base_url=base,
                      default_script=data.get("default_script", "hans"),
                      share_cards=_share_cards(path, data), font=_card_font(path, data))


def _share_cards(path: Path, data: dict) -> bool:
    value = data.get("share_cards", True)
    if not isinstance(value, bool):
        raise ContentError(str(path), "`share_cards` must be true or false", line_of(data))
    return value


def _card_font(path: Path, data: dict) -> Optional[dict]:
    """`font:` as {language: (file, face)}: one file for both scripts, or one per language.

    A file may end in #N to choose face N of a collection (.ttc). Relative files are
    relative to the project folder.
    """
    value = data.get("font")
    if value is None:
        return None
    if isinstance(value, str):
        value = {"zh-Hans": value, "zh-Hant": value}
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in ("zh-Hans", "zh-Hant")):
        raise ContentError(str(path), "`font` must be a font file, or map zh-Hans and zh-Hant to one",
                           line_of(data))
    fonts = {}
    for lang in ("zh-Hans", "zh-Hant"):
        file, _, face = value[lang].partition("#")
        font = path.parent.parent / file
        if not font.is_file() or (face and not face.isdigit()):
            raise ContentError(str(path), f"font {value[lang]!r} for {lang} is not a font file "
                                          "(write PATH or PATH#FACE)", line_of(data))
        fonts[lang] = (str(font), int(face or 0))
    return fonts


def _strip_line(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "__line__"}


# --- pages and static files -------------------------------------------------------

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def load_pages(content: Path) -> list[Page]:
    """Markdown pages with YAML front matter (title by language, script), sorted by slug."""
    pages = []
    for path in sorted(p for p in (content / "pages").glob("*.md") if not p.name.startswith(".")):
        p = str(path)
        if not is_slug(path.stem):
            raise ContentError(p, f"page file names must match ^[a-z0-9-]+$.md ({SLUG_RULE})")
        text = read_text(path)
        m = _FRONT.match(text)
        if not m:
            raise ContentError(p, "missing front matter: start the file with ---, title: ..., ---", 1)
        meta = parse_yaml(m.group(1), p, first_line=2, kind="front matter")
        if not isinstance(meta, dict) or not isinstance(meta.get("title"), dict):
            raise ContentError(p, "front matter needs `title:` with zh-Hans and zh-Hant", 2)
        script = meta.get("script", "hans")
        if script not in SCRIPTS:
            raise ContentError(p, f"script {shown(script)} must be one of {', '.join(SCRIPTS)}", 2)
        pages.append(Page(path.stem, _strip_line(meta["title"]), text[m.end():], script, p))
    return pages


def load_static(folder: Path) -> dict[str, bytes]:
    """Every file under static/, keyed by its path relative to that folder."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): read_input(p)
            for p in sorted(folder.rglob("*")) if not p.is_dir() and not p.name.startswith(".")}


def load_search_aliases(content: Path) -> dict[str, str]:
    """content/search.yaml: regional words searched as the sources' words."""
    path = content / "search.yaml"
    if not path.is_file():
        return {}
    data = read_yaml(path) or {}
    aliases = data.get("aliases") if isinstance(data, dict) else None
    if aliases is None:
        return {}
    if not isinstance(aliases, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in aliases.items() if k != "__line__"):
        raise ContentError(str(path), "`aliases` must map a word to the word the sources use", line_of(data))
    return {k: v for k, v in aliases.items() if k != "__line__"}


def load_conversion_table(content: Path):
    """content/conversion.yaml: the editors' corrections to OpenCC; absent means none."""
    from .convert import NO_TABLE, parse_conversion_table
    path = content / "conversion.yaml"
    if not path.is_file():
        return NO_TABLE
    return parse_conversion_table(read_yaml(path), str(path), line_of)
