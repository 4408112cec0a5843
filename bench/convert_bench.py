"""Benchmark duizhao.convert against opencc-python-reimplemented.

Run from the repo root: python bench/convert_bench.py
Converts the seeds, repeated to about 2 M characters, in both directions (s2t on the
Simplified seeds, t2s on their Traditional conversion) and reports characters per second
and dictionary load times (regexes recompiled each time). duizhao figures are the best of
five runs; opencc, which takes seconds, is run once.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from opencc import OpenCC  # noqa: E402

from duizhao.convert import Converter  # noqa: E402

TARGET_CHARS = 2_000_000


def best_time(fn, repeat: int) -> tuple[float, object]:
    """Return the fastest of repeat wall-clock timings of fn(), and its last result."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def cold(make):
    """Wrap a constructor so each call also recompiles its regexes (re caches patterns)."""
    def build():
        re.purge()
        return make()
    return build


def main() -> None:
    seeds = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    hans = seeds * (TARGET_CHARS // len(seeds) + 1)
    hant = OpenCC("s2t").convert(hans)
    print(f"input: {len(hans):,} chars ({len(seeds):,} chars of seeds repeated)")

    for config in ("s2t", "t2s"):
        load_ref, _ = best_time(cold(lambda: OpenCC(config)), 5)
        load_new, _ = best_time(cold(lambda: Converter(config)), 5)
        print(f"{config} load: opencc {load_ref * 1000:.0f} ms, duizhao {load_new * 1000:.0f} ms")

    for config, text in (("s2t", hans), ("t2s", hant)):
        ref, new = OpenCC(config), Converter(config)
        t_ref, expected = best_time(lambda: ref.convert(text), 1)
        t_new, got = best_time(lambda: new.convert(text), 5)
        if got != expected:
            raise SystemExit(f"{config}: output differs from opencc")
        print(f"{config}: opencc {len(text) / t_ref / 1e6:.2f} M chars/s, "
              f"duizhao {len(text) / t_new / 1e6:.2f} M chars/s, speed-up {t_ref / t_new:.1f}x")


if __name__ == "__main__":
    main()
