#!/usr/bin/env python3
"""Benchmark: cleaning time against input size, up to 10 MB. Linear means a flat ms/MB column.

    python bench/clean_scaling.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duizhao.clean import _END_RE, clean, plain  # noqa: E402
from duizhao.models import CleaningRules  # noqa: E402


def main() -> int:
    # Real seed lines, damage and all (pinyin, mojibake, spam, furniture), repeated to
    # size; lines that end an article are left out so the whole input is worked on.
    lines = [ln for p in sorted((ROOT / "seeds").glob("*.txt")) for ln in p.read_text("utf-8").splitlines()
             if not _END_RE.match(plain(ln.strip()))]
    unit = "\n".join(lines)
    print(f"{'MB':>5} {'seconds':>8} {'ms/MB':>8}")
    for mb in (1, 2, 5, 10):
        text = (unit * (mb * 1_000_000 // len(unit.encode()) + 1))[: mb * 1_000_000 // 3]
        started = time.perf_counter()
        clean(text, "article", CleaningRules(has_title_line=False))
        seconds = time.perf_counter() - started
        size = len(text.encode()) / 1e6
        print(f"{size:5.1f} {seconds:8.2f} {1000 * seconds / size:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
