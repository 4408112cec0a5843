#!/usr/bin/env python3
"""Benchmark: build a deterministic synthetic site of N sources and print the figures.

    python bench/run.py --sources 1000 [--json]

Generates N sources from sentences of the real seeds (both scripts), then times,
each in a fresh process: a cold build, a no-op rebuild, and a rebuild after editing
one source. In the same run it times a floor: a bare Jinja2 + markdown-it-py loop
writing the same number of pages; in this process, the alignment of related sources
alone (align_s, for the whole site and for its first half, to show that it grows
linearly); a cold build without share cards (`share_cards: false`), and the time to
draw one card. Prints one JSON line:
{sources, pages, chars, cold_s, noop_s, edit_s, floor_s, peak_rss_mb, align_s, align_half_s, align_pairs,
cards, card_ms, cold_nocards_s, cards_overhead_pct}.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sentences_by_script() -> dict[str, list[str]]:
    """Sentences of the cleaned real corpus, grouped by original script."""
    from duizhao import corpus, load

    docs = corpus.clean_documents(load.load_sources(ROOT / "content", ROOT / "seeds"))
    pools: dict[str, list[str]] = {"hans": [], "hant": []}
    for doc in docs:
        for p in doc.text.paragraphs:
            if p.kind == "paragraph":
                pools[doc.source.script] += [s + "。" for s in p.text.split("。") if len(s) > 8]
    return pools


def make_site(folder: Path, n: int, chars: int = 5000, seed: int = 1) -> int:
    """Write a synthetic project of `n` sources into `folder`; return the characters written."""
    rng = random.Random(seed)
    pools = sentences_by_script()
    # The editors' alignment rules, without the pins and exclusions that name the real sources.
    rules = yaml.safe_load((ROOT / "content" / "alignments.yaml").read_text("utf-8"))
    (folder / "content").mkdir(parents=True, exist_ok=True)
    (folder / "content" / "alignments.yaml").write_text(
        yaml.safe_dump({k: v for k, v in rules.items() if k not in ("pins", "exclude")}, allow_unicode=True),
        encoding="utf-8")
    for name in ("site.yaml", "topics.yaml", "pins.yaml"):
        if (ROOT / "content" / name).is_file() and name != "pins.yaml":
            (folder / "content").mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / "content" / name, folder / "content" / name)
    for sub in ("templates", "static"):
        shutil.copytree(ROOT / sub, folder / sub)
    shutil.copytree(ROOT / "content" / "pages", folder / "content" / "pages")
    (folder / "content" / "sources").mkdir(parents=True)
    (folder / "seeds").mkdir()
    total = 0
    for i in range(n):
        script = "hans" if i % 3 == 0 else "hant"
        lines, size = [f"合成來源第{i}號：中美AI競賽觀察" if script == "hant" else f"合成来源第{i}号：中美AI竞赛观察"], 0
        while size < chars:
            para = "".join(rng.choice(pools[script]) for _ in range(rng.randint(2, 5)))
            lines.append(para)
            size += len(para)
        total += size
        (folder / "seeds" / f"{i:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "content" / "sources" / f"synthetic-{i:05d}.yaml").write_text(
            f"seed: {i:05d}.txt\nslug: synthetic-{i:05d}\ntitle: 合成來源{i}\noutlet: 合成社\n"
            f"author: 機器\npublished: \"2025-01-{i % 28 + 1:02d}\"\nkind: article\nscript: {script}\nurl: null\n",
            encoding="utf-8")
    return total


def timed_build(project: Path, out: Path) -> tuple[float, float]:
    """Seconds for one build in a fresh process (interpreter start included), and its peak RSS in MB."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c",
                           "import resource,sys,runpy;sys.argv=sys.argv[1:];"
                           "code=0\ntry:\n runpy.run_path(sys.argv[0], run_name='__main__')\n"
                           "except SystemExit as e:\n code=e.code or 0\n"
                           "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
                           "sys.exit(code)",
                           str(ROOT / "site.py"), "--root", str(project), "build", "--out", str(out), "-q"],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"build failed:\n{proc.stderr}")
    rss = max((int(l.split()[1]) for l in proc.stderr.splitlines() if l.startswith("RSS")), default=0)
    return elapsed, rss / 1024


def floor(n: int, folder: Path) -> float:
    """The bare loop: one Markdown body rendered into one Jinja page per source, written to disk."""
    import jinja2
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    template = jinja2.Environment(autoescape=True).from_string(
        "<!doctype html><html lang=zh><title>{{ title }}</title><main>{{ body|safe }}</main></html>")
    bodies = [p.read_text("utf-8") for p in sorted((folder / "seeds").glob("*.txt"))]
    out = folder / "floor"
    out.mkdir()
    started = time.perf_counter()
    for i in range(n):
        body = bodies[i % len(bodies)]
        html = template.render(title=f"source {i}", body=md.render(body.replace("\n", "\n\n")))
        (out / f"{i}.html").write_text(html, encoding="utf-8")
    return time.perf_counter() - started


def align_time(project: Path, n: int) -> tuple[float, int]:
    """Seconds to align the first `n` sources of the project (cleaned beforehand), and the pairs compared."""
    from duizhao import align, alignrules, corpus, figures, lexicon, load, matrix

    docs = corpus.clean_documents(load.load_sources(project / "content", project / "seeds"))[:n]
    lex = lexicon.load_lexicon(project / "content" / "topics.yaml")
    claims = figures.collect_claims(matrix.score_all(docs, lex))
    rules = alignrules.load_rules(project / "content" / "alignments.yaml", docs)
    started = time.perf_counter()
    result = align.align_all(docs, lex.topics, rules, claims)
    return time.perf_counter() - started, len(result.pairs)


def without_cards(project: Path, out: Path) -> float:
    """Seconds for a cold build of the same site with `share_cards: false` (the cards' baseline)."""
    site = project / "content" / "site.yaml"
    original = site.read_text("utf-8")
    site.write_text(original + "\nshare_cards: false\n", encoding="utf-8")
    try:
        seconds, _ = timed_build(project, out)
    finally:
        site.write_text(original, encoding="utf-8")
        shutil.rmtree(project / ".cache", ignore_errors=True)  # the next build is cold again
        shutil.rmtree(out, ignore_errors=True)
    return seconds


def card_time(project: Path, sample: int = 300) -> float | None:
    """Milliseconds to lay out, draw and encode one share card, over a sample of the site's cards."""
    from duizhao import cards, corpus, lexicon, load, matrix
    from duizhao.cache import Cache

    config = load.load_site(project / "content")
    fonts, _ = cards.find_fonts(config)
    if not fonts:
        return None
    cache = Cache(project / ".cache" / "duizhao")  # the builds above left every stage cached
    docs = corpus.clean_documents(load.load_sources(project / "content", project / "seeds"), cache)
    topics = lexicon.load_lexicon(project / "content" / "topics.yaml")
    cells = matrix.extract_matrix(docs, topics, None, scored=matrix.score_all(docs, topics, cache))
    planned = cards.plan_cards(config, docs, list(topics.topics), cells)[:sample]
    jobs = [(card, fonts[card.script]) for card in planned]
    cards.draw_cards(jobs[:2])  # open the faces first: a build opens them once per process
    started = time.perf_counter()
    cards.draw_cards(jobs)
    return round(1000 * (time.perf_counter() - started) / len(jobs), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=100, help="how many synthetic sources (default 100)")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    parser.add_argument("--keep", type=Path, default=None, help="build the synthetic site here and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
    try:
        project = work / "project"
        chars = make_site(project, args.sources)
        out = args.keep or work / "build"
        cold_nocards = without_cards(project, out)
        cold, rss1 = timed_build(project, out)
        noop, rss2 = timed_build(project, out)
        edited = project / "seeds" / "00000.txt"
        edited.write_text(edited.read_text("utf-8") + "新增的一段：出口管制仍在收緊。\n", encoding="utf-8")
        edit, rss3 = timed_build(project, out)
        pages = sum(1 for _ in out.rglob("*.html"))
        aligned, pairs = align_time(project, args.sources)
        half, _ = align_time(project, args.sources // 2)
        result = {"sources": args.sources, "pages": pages, "chars": chars, "cold_s": round(cold, 3),
                  "noop_s": round(noop, 3), "edit_s": round(edit, 3),
                  "floor_s": round(floor(pages, project), 3), "peak_rss_mb": round(max(rss1, rss2, rss3), 1),
                  "align_s": round(aligned, 3), "align_half_s": round(half, 3), "align_pairs": pairs,
                  "cards": sum(1 for _ in (out / "cards").rglob("*.png")), "card_ms": card_time(project),
                  "cold_nocards_s": round(cold_nocards, 3),
                  "cards_overhead_pct": round(100 * (cold - cold_nocards) / cold_nocards, 1)}
        if not args.json:
            print(f"{pages} pages: cold {cold:.2f}s ({1000 * cold / max(pages, 1):.2f} ms/page), "
                  f"no-op {noop:.2f}s, one edit {edit:.2f}s, floor {result['floor_s']:.2f}s; "
                  f"alignment {aligned:.2f}s ({pairs} pairs), half the sources {half:.2f}s", file=sys.stderr)
            print(f"{result['cards']} share cards: {result['card_ms']} ms/card drawn; cold build "
                  f"{cold_nocards:.2f}s without cards, +{result['cards_overhead_pct']}% with them", file=sys.stderr)
        print(json.dumps(result))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
