#!/usr/bin/env python3
"""Benchmark: time against input size. Linear means a flat ms/MB column.

    python bench/clean_scaling.py                     # cleaning alone, 1 to 10 MB
    python bench/clean_scaling.py --build 1,5,30      # the whole build of a one-source site, per seed size

The whole-build case writes a project with one seed of each size (real seed lines,
repeated), runs `site.py build --no-cache` in a fresh process, and prints seconds,
ms per MB and peak memory (the build and every process it starts) against the seed.
Targets: ms/MB flat within 1.5x from 1 to 30 MB, peak memory under 20x the seed.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duizhao.clean import _END_RE, clean, plain  # noqa: E402
from duizhao.models import CleaningRules  # noqa: E402


def seed_unit() -> str:
    """Real seed lines, damage and all (pinyin, mojibake, spam, furniture); lines that end
    an article are left out so the whole input is worked on."""
    lines = [ln for p in sorted((ROOT / "seeds").glob("*.txt")) for ln in p.read_text("utf-8").splitlines()
             if not _END_RE.match(plain(ln.strip()))]
    return "\n".join(lines)


def sized(unit: str, mb: float) -> str:
    """`unit` repeated to about `mb` megabytes of UTF-8 (three bytes a character)."""
    return (unit * (int(mb * 1_000_000) // len(unit.encode()) + 1))[: int(mb * 1_000_000) // 3]


def clean_case(unit: str) -> None:
    print(f"{'MB':>5} {'seconds':>8} {'ms/MB':>8}")
    for mb in (1, 2, 5, 10):
        text = sized(unit, mb)
        started = time.perf_counter()
        clean(text, "article", CleaningRules(has_title_line=False))
        seconds = time.perf_counter() - started
        size = len(text.encode()) / 1e6
        print(f"{size:5.1f} {seconds:8.2f} {1000 * seconds / size:8.0f}")


def build_case(unit: str, sizes: list[float]) -> None:
    """The whole build of a one-source project, for each seed size."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    print(f"{'MB':>5} {'seconds':>8} {'ms/MB':>8} {'peak MB':>8} {'peak/seed':>9}")
    for mb in sizes:
        work = Path(tempfile.mkdtemp(prefix="duizhao-seed-"))
        try:
            project = work / "project"
            (project / "content" / "sources").mkdir(parents=True)
            (project / "seeds").mkdir()
            for name in ("site.yaml", "topics.yaml"):
                shutil.copy(ROOT / "content" / name, project / "content" / name)
            for name in ("templates", "static"):
                shutil.copytree(ROOT / name, project / name)
            text = sized(unit, mb)
            (project / "seeds" / "big.txt").write_text(text, encoding="utf-8")
            (project / "content" / "sources" / "big.yaml").write_text(
                "seed: big.txt\nslug: big\ntitle: 大文件\ntitle_editorial: true\noutlet: 测试\nauthor: 测试\n"
                "published: \"2025\"\nkind: article\nscript: hant\nurl: null\n", encoding="utf-8")
            run = bench.timed_build(project, work / "site")
            size = len(text.encode()) / 1e6
            print(f"{size:5.1f} {run['s']:8.2f} {1000 * run['s'] / size:8.0f} {run['peak_mb']:8.0f} "
                  f"{run['peak_mb'] / size:9.1f}", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=None, metavar="MB,MB,...",
                        help="time the whole build for these seed sizes instead of cleaning alone")
    args = parser.parse_args()
    unit = seed_unit()
    if args.build:
        build_case(unit, [float(x) for x in args.build.split(",")])
    else:
        clean_case(unit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
