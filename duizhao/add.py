"""`site.py add FILE`: bring a new raw scrape into seeds/ with a first-draft source YAML."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .clean import classify_junk, plain
from .convert import to_script
from .errors import CollisionError, ContentError, SeedError, shown
from .load import SLUG_RULE, detect_encoding, is_slug

_DATE_PATTERNS = [
    re.compile(r"(20\d\d|19\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)"),
    re.compile(r"(20\d\d)[-/.年](\d{1,2})月"),
]
# Outlets named often enough to be recognised when a page names itself nowhere else.
_OUTLETS = ["觀察者網", "观察者网", "網易號", "网易号", "新浪", "騰訊", "腾讯", "澎湃新聞", "澎湃新闻", "財新", "财新",
            "BBC", "聯合早報", "联合早报", "南華早報", "南华早报", "端傳媒", "端传媒", "現代電視", "现代电视"]
# The separators between a headline and the site's name in a browser title.
_TITLE_SPLIT = re.compile(r"\s+[-–—|｜_]\s+|\s*[_｜|–—]\s*|(?<=[\u4e00-\u9fff）)」》])-(?=\S)")


@dataclass(frozen=True)
class Guess:
    """First guesses for a new source's metadata; every one is for an editor to review."""

    title: str
    outlet: str
    published: str  # "" when the text states no date
    script: str
    kind: str
    author: str = ""  # "" when no byline names one


def _is_outlet_name(part: str) -> bool:
    """True if a part of a title reads as a site's name: it ends like one (網, 報, 新聞, 電視...)."""
    return bool(_OUTLET_END_CJK.search(part.strip()))


_OUTLET_END_CJK = re.compile(r"(網|网|報|报|新聞|新闻|社|台|臺|刊|電視|电视|週刊|周刊|网站|網站|通讯|通訊)$")
_GENERIC_TAIL = re.compile(r"(網頁|网页|官網|官网|首頁|首页|官方網站|官方网站)$")
_BREADCRUMB_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(新聞網|新闻网|網|网|報|报|新聞|新闻|電視台|电视台)(?![\u4e00-\u9fff])")


def split_title(line: str) -> tuple[str, list[str]]:
    """A browser title split into its headline and the other parts (section, site name).

    The headline is the part with the most characters that does not read as a site's name.
    """
    parts = [p.strip() for p in _TITLE_SPLIT.split(line.strip()) if p and p.strip()]
    if len(parts) < 2:
        return line.strip(), []
    k = max(range(len(parts)), key=lambda i: (cjk_count(parts[i]) - 10 * _is_outlet_name(parts[i]), -i))
    return parts[k], parts[:k] + parts[k + 1:]


def _is_whole_name(name: str, text: str) -> bool:
    """True if `name` stands alone somewhere: a line, or between spaces and punctuation, not inside a word."""
    for m in re.finditer(re.escape(name), text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        inside_word = lambda c: c.isalnum()  # noqa: E731  CJK characters are alphanumeric too
        if not inside_word(before) and not inside_word(after):
            return True
    return False


def _site_name(source: str) -> str:
    """A clipping's `source:` without its slogan: `奇客Solidot–传递最新科技情报` -> `奇客Solidot`."""
    name = re.split(r"\s*[-–—,，|｜_]\s*", source.strip())[0].strip()
    brand = re.match(r"^([A-Za-z][A-Za-z0-9.]{2,})(?=[\u4e00-\u9fff]{4,}$)", name)  # `FreeBuf网络安全行业门户`
    return brand.group(1) if brand else name


def guess_outlet(parts: list[str], source: str, lines: list[str]) -> str:
    """The outlet: a clipping's `source:`, the site's name in its breadcrumb or title, else a known name."""
    from .furniture import BREADCRUMB, furniture_reason

    if source:
        return _site_name(source)[:20]
    for ln in lines[:80]:
        if furniture_reason(ln) == BREADCRUMB or re.search(r"\s[/>\\]\s", ln):
            m = _BREADCRUMB_NAME.search(ln)
            if m and "首" not in m.group(0):
                return m.group(0)
    named = [p for p in parts if _is_outlet_name(_GENERIC_TAIL.sub("", p))]
    if named:
        return _GENERIC_TAIL.sub("", named[-1])
    if parts:
        return parts[-1][:20]
    text = "\n".join(lines)
    return next((o for o in _OUTLETS if _is_whole_name(o, text)), "（待填）")


def _heading_above_article(lines: list[str]) -> int | None:
    """The index of the heading just above where the cleaner finds the article, if there is one."""
    from .furniture import Line, classify_lines, furniture_reason, is_end_marker, is_heading_like

    verdicts = classify_lines([Line(ln) for ln in lines], [])
    start = next((i for i, v in enumerate(verdicts) if v.keep and v.kind == "paragraph"), None)
    for i in range(start - 1 if start else -1, max(0, (start or 0) - 12), -1):
        ln = lines[i]
        if is_end_marker(ln):
            break
        if furniture_reason(ln) is None and is_heading_like(ln) and cjk_count(ln) >= 6:
            return i
    return None


_SECTION_LABEL = re.compile(r"\s*[（(][^（()）]{1,4}[）)]$")


def _first_headline(lines: list[str]) -> str:
    """The browser title on the first line; without one, the first heading that is no menu or widget."""
    from .furniture import furniture_reason, is_heading_like, is_prose

    head = split_title(plain(lines[0]))[0] if lines else ""
    if lines and classify_junk(lines[0]) is None and furniture_reason(head) is None and cjk_count(head) >= 4:
        return plain(lines[0])
    for ln in lines[1:200]:
        if classify_junk(ln) is None and furniture_reason(ln) is None and is_heading_like(ln) \
                and not is_prose(ln) and cjk_count(ln) >= 6:
            # A section label after a headline, `（港聞）`, is no part of it.
            return _SECTION_LABEL.sub("", plain(ln)) if cjk_count(ln) > 8 else plain(ln)
    return next((plain(ln) for ln in lines if classify_junk(ln) is None and len(ln) >= 4), "")


# A byline: `作者：李明`, `記者 王小明`, `文／張三`, `【文/观察者网 齐倩】`, `撰文｜陈某`. The name is the
# last run of two to four ideographs (or a dotted foreign name) before the line or bracket ends.
_BYLINE = re.compile(r"^[【\[（(]?\s*(?:作者|撰文|文|记者|記者|编译|編譯)\s*[:：/／|｜ ]\s*"
                     r"(?:[^\s:：/／|｜】\]）)]{1,12}\s+)?([\u4e00-\u9fff]{2,4}(?:[·・][\u4e00-\u9fff]{1,6})?)"
                     r"\s*[】\]）)]?$")


def guess_author(lines: list[str]) -> str:
    """The author named on the first byline line near the top of the page, or ""."""
    for ln in lines[:80]:
        m = _BYLINE.match(ln.strip())
        if m:
            return m.group(1)
    return ""


def guess_metadata(text: str) -> Guess:
    """Guess title, outlet, date, script and kind from a raw scrape."""
    from .clean import is_title_line, to_lines
    from .furniture import furniture_reason, is_prose
    from .markup import front_matter

    meta = front_matter(text)
    lines = [ln.text for ln in to_lines(text)[0]]
    lines = [ln for ln in lines if ln.strip()]
    first = _first_headline(lines)
    headline, parts = split_title(meta.get("title") or first)
    repeats = [i for i, ln in enumerate(lines[1:], 1) if is_title_line(ln, headline)]
    if not repeats and not parts and not meta.get("title") and (
            _is_outlet_name(headline) or cjk_count(headline) < 6 or furniture_reason(headline)):
        # The first line names only the site, or is a menu: the headline is the heading above the article.
        above = _heading_above_article(lines)
        if above is not None:
            parts, headline, repeats = [headline], lines[above], [above]
    title = headline or "（待填）"
    outlet = guess_outlet(parts, meta.get("source", ""), lines)
    # The date: as the clipping states it, else on the first date line under the headline.
    # A date inside a sentence is what the article talks about, not when it appeared.
    published = ""
    for key in ("published", "pubdate", "published_date"):
        m = _DATE_PATTERNS[0].search(meta.get(key, ""))
        if m:
            published = _iso(m)
    for scope in (lines[repeats[0]:] if repeats else [], lines):
        for ln in scope:
            if published:
                break
            m = next((m for p in _DATE_PATTERNS for m in [p.search(ln)] if m), None)
            if m and is_prose(ln) and m.start() > 3:
                m = None  # a date inside a sentence; a lede may open with its date, though
            if m:
                published = _iso(m)
    # Characters that change under t2s are Traditional; under s2t, Simplified.
    sample = "".join(lines)[:5000]
    trad = sum(a != b for a, b in zip(sample, to_script(sample, "hant", "hans")))
    simp = sum(a != b for a, b in zip(sample, to_script(sample, "hans", "hant")))
    script = "hant" if trad > simp else "hans"
    return Guess(title[:80], outlet, published, script, guess_kind(lines, repeats[0] if repeats else 0),
                 author=guess_author(lines))


def guess_kind(lines: list[str], start: int) -> str:
    """`transcript` if the text from the headline to the first related list is spoken phrases, one a line.

    Menus (entries of a word or two) and page furniture do not count, and a page with real paragraphs (a full stop
    on one line in ten) is an article, whatever its soundbites.
    """
    from .furniture import furniture_reason, is_end_marker

    region = []
    for ln in lines[start + 1:]:
        if is_end_marker(ln):
            break
        if furniture_reason(ln) is None and classify_junk(ln) is None and cjk_count(ln) >= 4:
            region.append(ln)
    if len(region) < 20:
        return "article"
    phrases = sum(1 for ln in region if len(ln) <= 30 and not re.search(r"[。！？，,]", ln))
    sentences = sum(1 for ln in region if "。" in ln)
    return "transcript" if phrases > 0.6 * len(region) and sentences < 0.1 * len(region) else "article"


def cjk_count(line: str) -> int:
    """How many CJK ideographs the line holds."""
    return len(re.findall(r"[\u4e00-\u9fff]", line))


def _iso(m: re.Match) -> str:
    """A date match as YYYY-MM-DD or YYYY-MM."""
    return "-".join([m.group(1)] + [f"{int(g):02d}" for g in m.groups()[1:] if g])


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source_yaml(slug: str, seed: str, guess: Guess) -> str:
    """The first-draft YAML for a new source, with every guess marked for review."""
    return (
        f"# Added with `site.py add`. Every field marked REVIEW is a guess: check it against the text.\n"
        f"seed: {seed}\n"
        f"slug: {slug}\n"
        f"title: {_yaml_str(guess.title)}  # REVIEW: the headline, without the site's name\n"
        f"title_editorial: false\n"
        f"outlet: {_yaml_str(guess.outlet)}  # REVIEW\n"
        f"author: {_yaml_str(guess.author or '（待填）')}  # REVIEW: from the byline\n"
        + (f"published: \"{guess.published}\"  # REVIEW: the date under the headline; say here how you know\n"
           if guess.published else
           "published: \"\"  # REVIEW: no date found in the text; give YYYY, YYYY-MM or YYYY-MM-DD\n") +
        f"kind: {guess.kind}  # REVIEW: article or transcript\n"
        f"script: {guess.script}  # REVIEW: hans or hant, from which conversion changes more characters\n"
        f"url: null  # the original link, if known\n"
    )


def add_source(root: Path, file: Path, slug: str | None = None) -> tuple[Path, Path, Guess]:
    """Copy `file` into seeds/ and write content/sources/<slug>.yaml; return both paths and the guess."""
    try:
        data = file.read_bytes()
    except OSError as e:
        raise SeedError(str(file), f"cannot read: {e.strerror}") from None
    if not data.strip():
        raise SeedError(str(file), "file is empty")
    encoding = detect_encoding(data)
    if encoding is None:
        raise SeedError(str(file), "cannot decode: not UTF-8, UTF-16, GB18030 or Big5")
    digest = hashlib.sha256(data).hexdigest()
    seeds = root / "seeds"
    seeds.mkdir(exist_ok=True)
    existing = sorted(seeds.glob("*.txt"))
    for p in existing:
        if hashlib.sha256(p.read_bytes()).hexdigest() == digest:
            raise CollisionError(str(file), f"same content as seeds/{p.name}; it is already a source")
    slug = slug or f"source-{digest[:8]}"
    if not is_slug(slug):
        raise ContentError(str(file), f"slug {shown(slug)} must match ^[a-z0-9-]+$ ({SLUG_RULE})")
    yaml_path = root / "content" / "sources" / f"{slug}.yaml"
    if yaml_path.exists():
        raise CollisionError(str(yaml_path), f"slug {shown(slug)} is taken; pass --slug with another")
    numbers = [int(p.name[:3]) for p in existing if p.name[:3].isdigit()]
    seed_name = f"{(max(numbers) + 1) if numbers else 0:03d}_{digest[:16]}.txt"
    guess = guess_metadata(data.decode(encoding))
    (seeds / seed_name).write_bytes(data)
    yaml_path.parent.mkdir(parents=True, exist_ok=True)
    yaml_path.write_text(source_yaml(slug, seed_name, guess), encoding="utf-8")
    return seeds / seed_name, yaml_path, guess
