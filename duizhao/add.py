"""`site.py add FILE`: bring a new raw scrape into seeds/ with a first-draft source YAML."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .clean import classify_junk, plain
from .convert import to_script
from .errors import CollisionError, ContentError, SeedError
from .load import SLUG_RE, detect_encoding

_DATE_PATTERNS = [
    re.compile(r"(20\d\d|19\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)"),
    re.compile(r"(20\d\d)[-/.年](\d{1,2})月"),
]
# Outlets named often enough to be recognised when a page names itself nowhere else.
_OUTLETS = ["觀察者網", "观察者网", "網易號", "网易号", "新浪", "騰訊", "腾讯", "澎湃新聞", "澎湃新闻", "財新", "财新",
            "BBC", "聯合早報", "联合早报", "南華早報", "南华早报", "端傳媒", "端传媒", "現代電視", "现代电视"]
# How an outlet's name ends: a site, a paper, a station, an agency.
_OUTLET_END = re.compile(r"(網|网|報|报|新聞|新闻|社|台|臺|刊|電視|电视|日报|日報|時報|时报|週刊|周刊|网站|網站|通讯|通訊"
                         r"|[A-Za-z]{3,})$")
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


def split_title(line: str) -> tuple[str, list[str]]:
    """A browser title split into its headline and the parts after it (section, site name)."""
    parts = [p.strip() for p in _TITLE_SPLIT.split(line.strip()) if p and p.strip()]
    if len(parts) < 2:
        return line.strip(), []
    return parts[0], parts[1:]


def _is_whole_name(name: str, text: str) -> bool:
    """True if `name` stands alone somewhere: a line, or between spaces and punctuation, not inside a word."""
    for m in re.finditer(re.escape(name), text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        inside_word = lambda c: c.isalnum()  # noqa: E731  CJK characters are alphanumeric too
        if not inside_word(before) and not inside_word(after):
            return True
    return False


def guess_outlet(parts: list[str], source: str, text: str) -> str:
    """The outlet: from a title's site suffix or a clipping's `source:`, else a known name standing alone."""
    candidates = [source.strip()] if source else []
    candidates += list(reversed(parts))
    for c in candidates:
        name = split_title(c)[0] if c == source else c
        name = re.split(r"\s*[-–—,，]\s*", name)[0].strip() if c == source else name
        if name and _OUTLET_END.search(name) and len(name) <= 20:
            return name
    if candidates:
        return re.split(r"\s*[-–—,，]\s*", candidates[0])[0].strip()[:20]
    return next((o for o in _OUTLETS if _is_whole_name(o, text)), "（待填）")


def guess_metadata(text: str) -> Guess:
    """Guess title, outlet, date, script and kind from a raw scrape."""
    from .clean import clean, is_title_line, to_lines
    from .furniture import furniture_reason, is_end_marker, is_heading_like, is_prose
    from .markup import front_matter

    meta = front_matter(text)
    lines = [ln.text for ln in to_lines(text)[0]]
    lines = [ln for ln in lines if ln.strip()]
    first = next((plain(ln) for ln in lines if classify_junk(ln) is None and len(ln) >= 4), "")
    headline, parts = split_title(meta.get("title") or first)
    first_prose = next((i for i, ln in enumerate(lines) if is_prose(ln) and furniture_reason(ln) is None), len(lines))
    repeats = [i for i, ln in enumerate(lines[1:first_prose + 1], 1) if is_title_line(ln, headline)]
    if not repeats and not meta.get("title"):
        # The browser title may name only the site: take the heading just above the article.
        for i in range(first_prose - 1, 0, -1):
            ln = lines[i]
            if is_end_marker(ln):
                break
            if furniture_reason(ln) is None and is_heading_like(ln) and cjk_count(ln) >= 6:
                parts = [headline] + parts
                headline, repeats = ln, [i]
                break
    title = headline or "（待填）"
    outlet = guess_outlet(parts, meta.get("source", ""), text)
    # The date: as the clipping states it, else the first after the headline, else the first at all.
    published = ""
    for key in ("published", "pubdate", "published_date"):
        m = _DATE_PATTERNS[0].search(meta.get(key, ""))
        if m:
            published = _iso(m)
    body = lines[repeats[0]:] if repeats else lines
    for scope in (body, lines):
        for ln in scope:
            m = next((m for p in _DATE_PATTERNS for m in [p.search(ln)] if m), None)
            if m and not published:
                published = _iso(m)
        if published:
            break
    # Characters that change under t2s are Traditional; under s2t, Simplified.
    sample = "".join(lines)[:5000]
    trad = sum(a != b for a, b in zip(sample, to_script(sample, "hant", "hans")))
    simp = sum(a != b for a, b in zip(sample, to_script(sample, "hans", "hant")))
    script = "hant" if trad > simp else "hans"
    # A transcript is spoken phrases, one a line, even once the page furniture is gone.
    kept = [p.text for p in clean(text, "article", title=title).paragraphs]
    phrases = sum(1 for p in kept if len(p) <= 30 and not re.search(r"[。！？，,]", p))
    kind = "transcript" if len(kept) >= 10 and phrases / len(kept) > 0.6 else "article"
    return Guess(title[:80], outlet, published, script, kind)


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
        f"author: \"（待填）\"  # REVIEW: from the byline\n"
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
    if not SLUG_RE.match(slug):
        raise ContentError(str(file), f"slug {slug!r} must match ^[a-z0-9-]+$")
    yaml_path = root / "content" / "sources" / f"{slug}.yaml"
    if yaml_path.exists():
        raise CollisionError(str(yaml_path), f"slug {slug!r} is taken; pass --slug with another")
    numbers = [int(p.name[:3]) for p in existing if p.name[:3].isdigit()]
    seed_name = f"{(max(numbers) + 1) if numbers else 0:03d}_{digest[:16]}.txt"
    guess = guess_metadata(data.decode(encoding))
    (seeds / seed_name).write_bytes(data)
    yaml_path.parent.mkdir(parents=True, exist_ok=True)
    yaml_path.write_text(source_yaml(slug, seed_name, guess), encoding="utf-8")
    return seeds / seed_name, yaml_path, guess
