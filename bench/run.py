#!/usr/bin/env python3
"""Benchmark: build a deterministic synthetic site of N sources and print the figures.

    python bench/run.py --sources 1000 [--json] [--no-baselines]

Generates N sources from sentences of the real seeds (both scripts), then times,
each in a fresh process: a cold build, a no-op rebuild, and a rebuild after editing
one source. In the same run it times a floor: a bare Jinja2 + markdown-it-py loop
writing the same number of pages; in this process, the alignment of related sources
alone (align_s, for the whole site and for its first half, to show that it grows
linearly); a cold build without share cards (`share_cards: false`), and the time to
draw one card. Memory is the peak over the build and every process it starts (render
workers, card workers, Pagefind), polled from /proc. Prints one JSON line:
{sources, pages, chars, cold_s, noop_s, edit_s, floor_s, peak_mb, pagefind_cold_s,
pagefind_edit_s, site_mb, cache_mb, the ratios, align_s, align_half_s, align_pairs,
cards, card_ms, cold_nocards_s, cards_overhead_pct, cold_cpu_s, cold_nocards_cpu_s,
cards_overhead_cpu_pct,
monitor_cpu_s} (the last: this script's own CPU seconds spent polling memory).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def _tree(root: int) -> list[int]:
    """The process `root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages (a forked worker's) are counted once across the tree."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_s(pid: int) -> tuple[str, float]:
    """A process's name and its CPU seconds so far (user + system)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            head, rest = f.read().rsplit(b")", 1)
        fields = rest.split()
        return head.split(b"(", 1)[1].decode(), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return "", 0.0


POLL_S = 0.1  # seconds between two readings of memory; a peak lasts longer than this


def timed_build(project: Path, out: Path) -> dict:
    """One build in a fresh process (interpreter start included): seconds, CPU seconds, peak memory, Pagefind's CPU seconds.

    Memory is polled from /proc every POLL_S over the build and every process it starts
    (worker processes, Pagefind), summing their proportional set sizes, so pages a
    forked worker shares with its parent count once. Polling costs CPU (reading
    smaps_rollup walks a process's page tables): `monitor_cpu_s` reports it, since on a
    2-core machine it is taken from the build. CPU seconds are the build's and every
    process it waited for (workers, Pagefind): on a busy machine they vary less than the time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "site.py"), "--root", str(project), "build",
                             "--out", str(out), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_kb, pagefind_s = 0, {}
    while proc.poll() is None:
        pids = _tree(proc.pid)
        peak_kb = max(peak_kb, sum(_pss_kb(pid) for pid in pids))
        for pid in pids:
            name, cpu = _cpu_s(pid)
            if name.startswith("pagefind"):
                pagefind_s[pid] = cpu
        time.sleep(POLL_S)
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    mine = resource.getrusage(resource.RUSAGE_SELF)
    if proc.returncode:
        sys.exit(f"build failed:\n{stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"s": elapsed, "cpu_s": cpu, "peak_mb": peak_kb / 1024, "pagefind_s": sum(pagefind_s.values()),
            "monitor_cpu_s": mine.ru_utime - own.ru_utime + mine.ru_stime - own.ru_stime}


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


def without_cards(project: Path, out: Path) -> dict:
    """A cold build of the same site with `share_cards: false` (the cards' baseline), as `timed_build`."""
    site = project / "content" / "site.yaml"
    original = site.read_text("utf-8")
    site.write_text(original + "\nshare_cards: false\n", encoding="utf-8")
    try:
        result = timed_build(project, out)
    finally:
        site.write_text(original, encoding="utf-8")
        shutil.rmtree(project / ".cache", ignore_errors=True)  # the next build is cold again
        shutil.rmtree(out, ignore_errors=True)
    return result


def card_time(project: Path, sample: int = 300) -> float | None:
    """CPU milliseconds to lay out, draw and encode one share card, over a sample of the site's cards."""
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
    started = time.process_time()  # CPU time: on a busy machine the clock mostly measures the others
    cards.draw_cards(jobs)
    return round(1000 * (time.process_time() - started) / len(jobs), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=100, help="how many synthetic sources (default 100)")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    parser.add_argument("--keep", type=Path, default=None, help="build the synthetic site here and keep it")
    parser.add_argument("--no-baselines", action="store_true",
                        help="only the three builds and the floor: no build without cards, no separate "
                             "alignment or card timing (their fields are null); for very large N")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
    try:
        project = work / "project"
        chars = make_site(project, args.sources)
        out = args.keep or work / "build"
        cold_nocards = None if args.no_baselines else without_cards(project, out)
        cold = timed_build(project, out)
        noop = timed_build(project, out)
        edited = project / "seeds" / "00000.txt"
        edited.write_text(edited.read_text("utf-8") + "新增的一段：出口管制仍在收緊。\n", encoding="utf-8")
        edit = timed_build(project, out)
        pages = sum(1 for _ in out.rglob("*.html"))
        site_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        cache_mb = sum(p.stat().st_size for p in (project / ".cache").rglob("*") if p.is_file()) / 1e6
        floor_s = floor(pages, project)
        result = {"sources": args.sources, "pages": pages, "chars": chars, "cold_s": round(cold["s"], 3),
                  "noop_s": round(noop["s"], 3), "edit_s": round(edit["s"], 3), "floor_s": round(floor_s, 3),
                  "peak_mb": round(max(b["peak_mb"] for b in (cold, noop, edit)), 1),
                  "peak_cold_mb": round(cold["peak_mb"], 1), "peak_noop_mb": round(noop["peak_mb"], 1),
                  "peak_edit_mb": round(edit["peak_mb"], 1),
                  "pagefind_cold_s": round(cold["pagefind_s"], 2), "pagefind_edit_s": round(edit["pagefind_s"], 2),
                  "site_mb": round(site_mb, 1), "cache_mb": round(cache_mb, 1),
                  "cold_over_floor": round(cold["s"] / floor_s, 2), "edit_over_cold": round(edit["s"] / cold["s"], 3),
                  "noop_over_cold": round(noop["s"] / cold["s"], 3),
                  "monitor_cpu_s": round(sum(b["monitor_cpu_s"] for b in (cold, noop, edit)), 1)}
        result.update({"cards": sum(1 for _ in (out / "cards").rglob("*.png")), "cold_cpu_s": round(cold["cpu_s"], 1),
                       "align_s": None, "align_half_s": None, "align_pairs": None, "card_ms": None,
                       "cold_nocards_s": None, "cards_overhead_pct": None, "cold_nocards_cpu_s": None,
                       "cards_overhead_cpu_pct": None})
        if cold_nocards is not None:
            aligned, pairs = align_time(project, args.sources)
            half, _ = align_time(project, args.sources // 2)
            result.update({"align_s": round(aligned, 3), "align_half_s": round(half, 3), "align_pairs": pairs,
                           "card_ms": card_time(project), "cold_nocards_s": round(cold_nocards["s"], 3),
                           "cards_overhead_pct": round(100 * (cold["s"] - cold_nocards["s"]) / cold_nocards["s"], 1),
                           "cold_nocards_cpu_s": round(cold_nocards["cpu_s"], 1),
                           "cards_overhead_cpu_pct": round(100 * (cold["cpu_s"] - cold_nocards["cpu_s"])
                                                           / cold_nocards["cpu_s"], 1)})
        if not args.json:
            print(f"{pages} pages: cold {cold['s']:.2f}s ({1000 * cold['s'] / max(pages, 1):.2f} ms/page, "
                  f"{result['cold_over_floor']}x the floor), no-op {noop['s']:.2f}s, one edit {edit['s']:.2f}s "
                  f"({100 * result['edit_over_cold']:.1f}% of cold), floor {floor_s:.2f}s; peak memory "
                  f"{result['peak_mb']:.0f} MB with child processes; Pagefind {cold['pagefind_s']:.1f}s CPU cold, "
                  f"{edit['pagefind_s']:.1f}s on the edit; site {site_mb:.0f} MB, .cache {cache_mb:.0f} MB",
                  file=sys.stderr)
        if not args.json and cold_nocards is not None:
            print(f"alignment {aligned:.2f}s ({pairs} pairs), half the sources {half:.2f}s; "
                  f"{result['cards']} share cards: {result['card_ms']} ms/card drawn; cold build "
                  f"{cold_nocards['s']:.2f}s without cards, +{result['cards_overhead_pct']}% with them "
                  f"(CPU {cold_nocards['cpu_s']:.1f}s, +{result['cards_overhead_cpu_pct']}%)", file=sys.stderr)
        print(json.dumps(result))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
