#!/usr/bin/env python3
"""Benchmark: what an edit to one source costs the alignment, with its cache.

    python bench/align_incremental.py --sources 200

Generates the synthetic site of bench/run.py, cleans it, then times the alignment
alone, in this process: without a cache; cold into an empty cache; unchanged; after
appending a paragraph to one source; after inserting a clause into one of its
paragraphs. Each edit is also aligned without a cache, and the two results must be
equal. Prints one line per step: seconds, and the cache's hits and misses (the whole
alignment, each source's features and outline, the site's tally, each pair).
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    from duizhao import align, alignrules, corpus, figures, lexicon, load, matrix
    from duizhao.cache import Cache
    from duizhao.models import Paragraph
    import run

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project, folder = Path(tmp) / "site", Path(tmp) / "cache"
        run.make_site(project, args.sources)
        docs = corpus.clean_documents(load.load_sources(project / "content", project / "seeds"))
        lex = lexicon.load_lexicon(project / "content" / "topics.yaml")
        rules = alignrules.load_rules(project / "content" / "alignments.yaml", docs)
        claims = figures.collect_claims(matrix.score_all(docs, lex))

        def step(what: str, docs, cached: bool = True):
            cache = Cache(folder if cached else None)
            started = time.perf_counter()
            result = align.align_all(docs, lex.topics, rules, claims, (), cache)
            counts = f", cache hits {cache.hits}, misses {cache.misses}" if cached else ""
            print(f"{what}: {time.perf_counter() - started:.2f}s{counts}", flush=True)
            return result

        def edited(paragraphs):
            first = docs[0]
            return [dataclasses.replace(first, text=dataclasses.replace(first.text, paragraphs=tuple(paragraphs)))] \
                + docs[1:]

        step("no cache", docs, cached=False)
        step("cold, into an empty cache", docs)
        step("unchanged", docs)
        ps = docs[0].text.paragraphs
        appended = edited(ps + (Paragraph(f"p{len(ps) + 1}", "paragraph", "新增的一段：出口管制仍在收緊。"),))
        assert step("append a paragraph to one source", appended) == step("  the same, no cache", appended, False)
        k = next(i for i, p in enumerate(ps) if len(p.text) > 40)
        changed = list(ps)
        changed[k] = Paragraph(ps[k].id, ps[k].kind, ps[k].text[:20] + "，据说" + ps[k].text[20:])
        clause = edited(changed)
        assert step("insert a clause into one paragraph", clause) == step("  the same, no cache", clause, False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
