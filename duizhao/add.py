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
    re.compile(r"(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})"),
    re.compile(r"(20\d\d)[-/.年](\d{1,2})月?"),
]
_OUTLETS = ["觀察者網", "观察者网", "網易號", "网易号", "新浪", "騰訊", "腾讯", "澎湃", "財新", "财新",
            "BBC", "聯合早報", "联合早报", "南華早報", "南华早报", "端傳媒", "端传媒", "現代電視", "现代电视"]


@dataclass(frozen=True)
class Guess:
    """First guesses for a new source's metadata; every one is for an editor to review."""

    title: str
    outlet: str
    published: str
    script: str
    kind: str


def guess_metadata(text: str) -> Guess:
    """Guess title, outlet, date, script and kind from a raw scrape."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = next((plain(ln) for ln in lines if classify_junk(ln) is None and len(ln) >= 6), "（待填）")
    outlet = next((o for o in _OUTLETS if o in text), "（待填）")
    published = "2025"
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            published = "-".join([m.group(1)] + [f"{int(g):02d}" for g in m.groups()[1:]])
            break
    # Characters that change under t2s are Traditional; under s2t, Simplified.
    sample = "".join(lines)[:5000]
    trad = sum(a != b for a, b in zip(sample, to_script(sample, "hant", "hans")))
    simp = sum(a != b for a, b in zip(sample, to_script(sample, "hans", "hant")))
    script = "hant" if trad > simp else "hans"
    short = sum(1 for ln in lines if len(ln) <= 20 and not ln.endswith(("。", "！", "？")))
    kind = "transcript" if lines and short / len(lines) > 0.6 else "article"
    return Guess(title[:80], outlet, published, script, kind)


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source_yaml(slug: str, seed: str, guess: Guess) -> str:
    """The first-draft YAML for a new source, with every guess marked for review."""
    return (
        f"# Added with `site.py add`. Every field marked REVIEW is a guess: check it against the text.\n"
        f"seed: {seed}\n"
        f"slug: {slug}\n"
        f"title: {_yaml_str(guess.title)}  # REVIEW: the first line that is not page furniture\n"
        f"title_editorial: false\n"
        f"outlet: {_yaml_str(guess.outlet)}  # REVIEW\n"
        f"author: \"（待填）\"  # REVIEW: from the byline\n"
        f"published: \"{guess.published}\"  # REVIEW: the first date in the text; say here how you know\n"
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
