"""Every page kind, both scripts, phone and desktop width, read as a Chinese reader reads it.

On each page: no English word outside original text, code and proper nouns; no spam term
from the cleaning record; no e-mail address; no 爲, 羣 or 衆 on zh-Hant pages unless the
original has it; no particle 著 on zh-Hans pages; and no console error.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from duizhao import clean

# Names a Chinese page may write in Latin letters: products, formats, the project's own name.
PROPER_NOUNS = {"OpenCC", "HTML", "SEO", "GBK", "YAML", "JSON", "JavaScript", "Pagefind", "AI", "GPU", "duizhao",
                "Markdown", "UTF", "Big5"}
# Where Simplified keeps 著 (显著, 著名): every other 著 on a Simplified page is the particle.
ZHE_WORDS = re.compile("显著|著名|合著|著作|著称|著述|著录|名著|巨著|昭著")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.I)
WIDTHS = (375, 1280)

# The page's own-script text a reader sees: text nodes and tooltips, without code, without
# hidden elements, and without passages marked as written in another script (original text).
READ = """() => {
  const lang = document.documentElement.lang;
  const parts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (el.closest("script, style, code, pre, kbd, [hidden], [aria-hidden=true]")) continue;
    const own = el.closest("[lang]");
    parts.push((own && own.lang !== lang && own !== document.documentElement ? "\\u0000" : "") + n.data);
  }
  for (const el of document.querySelectorAll("[title], [aria-label], img[alt]")) {
    if (el.closest("[hidden]")) continue;
    for (const name of ["title", "aria-label", "alt"]) parts.push(el.getAttribute(name) || "");
  }
  return parts;
}"""


def originals(out: Path) -> dict:
    """The text of every source as written (and as converted), to tell original text from interface."""
    texts = {"hans": [], "hant": [], "all": []}
    for path in (out / "data" / "sources").glob("*.json"):
        record = json.loads(path.read_text("utf-8"))
        body = [record["title"], record["outlet"], record["author"]]
        body += [p["text"] for p in record["paragraphs"]]
        body += [r["text"] for r in record["removed"]]
        body += [c[k] for c in record["corrections"] for k in ("before", "after")]
        texts[record["script"]].append("\n".join(body))
        texts["all"].append("\n".join(body))
    return {k: "\n".join(v) for k, v in texts.items()}


def spam_phrases(root: Path) -> list[str]:
    phrases = set()
    for seed in (root / "seeds").iterdir():
        for line in seed.read_text("utf-8", errors="replace").splitlines():
            if clean.is_spam(line):
                phrases |= {w for w in re.split(r"[,，|:：\s]+", line) if len(w) >= 3 and clean.is_spam(w * 3)}
    return sorted(phrases)


def page_paths(out: Path) -> list[str]:
    """One page of every kind in both scripts, every source page, and the root pages."""
    paths = ["index.html", "404.html"]
    for script in ("hans", "hant"):
        d = out / f"zh-{script}"
        paths += [f"zh-{script}/{name}" for name in ("index.html", "matrix.html", "figures.html",
                                                      "search.html?q=%E8%8A%AF%E7%89%87")]
        paths += [p.relative_to(out).as_posix() for p in sorted((d / "sources").glob("*.html"))]
        paths += [p.relative_to(out).as_posix() for p in sorted((d / "pages").glob("*.html"))]
        for kind in sorted(x.name for x in d.iterdir() if x.is_dir() and x.name not in ("sources", "pages")):
            pages = sorted((d / kind).glob("*.html"))
            paths += [p.relative_to(out).as_posix() for p in pages[:2]]
    return paths


@pytest.fixture(scope="module")
def reader(site, root):
    base, out = site
    return base, out, originals(out), spam_phrases(root)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_kind_reads_as_finished(browser, reader, width):
    base, out, orig, spam = reader
    vocabulary = set(WORD.findall(orig["all"])) | PROPER_NOUNS
    assert len(spam) >= 5
    context = browser.new_context(viewport={"width": width, "height": 900})
    problems, errors = [], []
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    paths = page_paths(out)
    assert len(paths) > 25
    for path in paths:
        page.goto(base + path)
        if "search.html" in path:
            page.wait_for_selector("#search-status:not(:empty)", timeout=15000)
        page.wait_for_load_state("networkidle")
        html = page.content()
        parts = page.evaluate(READ)
        own = "\n".join(p for p in parts if not p.startswith("\0"))
        shown = "\n".join(p.lstrip("\0") for p in parts)
        english = sorted({w for w in WORD.findall(shown) if w not in vocabulary})
        if english:
            problems.append(f"{path}: English {english[:12]}")
        if [s for s in spam if s in html]:
            problems.append(f"{path}: spam {[s for s in spam if s in html][:5]}")
        if EMAIL.search(html):
            problems.append(f"{path}: e-mail {EMAIL.findall(html)}")
        if path.startswith("zh-hant/"):
            for m in re.finditer("[爲羣衆]", own):
                if own[max(0, m.start() - 3):m.end() + 3] not in orig["hant"]:
                    problems.append(f"{path}: {own[max(0, m.start() - 3):m.end() + 3]!r}")
        if path.startswith("zh-hans/"):
            rest = ZHE_WORDS.sub("", own)
            for m in re.finditer("著", rest):
                if rest[max(0, m.start() - 3):m.end() + 2] not in orig["hans"]:
                    problems.append(f"{path}: particle {rest[max(0, m.start() - 3):m.end() + 2]!r}")
    context.close()
    assert not problems, "\n".join(problems)
    assert not errors, "\n".join(errors)
