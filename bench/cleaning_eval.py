#!/usr/bin/env python3
"""Benchmark: how well a new, unseen scrape cleans, against a hand-made gold set.

    python bench/cleaning_eval.py [DIR] [--reviewed] [--show PAGE]

DIR defaults to ../shared/realworld (relative to the project). It holds pages
(pNN.txt, and pNN.raw in a legacy encoding) and expected.yaml with, for each page,
the title, outlet, date, body paragraphs and junk strings. Each page goes through
what a new user does: `site.py add` guesses the metadata, the drafted YAML is
accepted as it is (or, with --reviewed, corrected to the gold title and kind), and
the build cleans the page with no per-source rules. Scores, per page, then the mean:

  sent  body sentences found in the output (NFKC, white space removed)
  leak  junk strings that survived, as a share of the page's junk list
  P R F character precision, recall and F1 (letters and digits, as multisets)
  T O D title, outlet and date guessed right (exact, after the same normalisation)

A `.raw` page is scored against its `.txt` gold and shown, but not averaged.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duizhao.add import guess_metadata, source_yaml  # noqa: E402
from duizhao.corpus import clean_document  # noqa: E402
from duizhao.load import detect_encoding, parse_source  # noqa: E402
from duizhao.models import Seed  # noqa: E402

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def normalise(text: str) -> str:
    """NFKC, with all white space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def sentences(body: list[str]) -> list[str]:
    """The gold body's sentences, normalised."""
    out = []
    for para in body:
        out += [s for s in (normalise(x) for x in _SENTENCE_END.split(unicodedata.normalize("NFKC", para))) if s]
    return out


def letters(text: str) -> Counter:
    """Letters and digits of normalised text, as a multiset."""
    return Counter(c for c in normalise(text) if unicodedata.category(c)[0] in "LN")


def score_page(path: Path, gold: dict, reviewed: bool) -> dict:
    """Run one page through add's guesses and the cleaner; return its figures and output."""
    data = path.read_bytes()
    encoding = detect_encoding(data)
    text = data.decode(encoding)
    guess = guess_metadata(text)
    meta = yaml.safe_load(source_yaml("page", path.name, guess))
    meta["published"] = meta["published"] or "2025"  # an editor fills in a date the text lacks
    if reviewed:
        meta.update(title=gold["title"], kind=gold.get("kind", "article"))
    source = parse_source(meta, path)
    doc = clean_document(source, Seed(path.name, text, encoding, path.name))
    output = "\n".join(p.text for p in doc.text.paragraphs)
    flat = normalise(output)
    sents = sentences(gold["body"])
    found = sum(s in flat for s in sents)
    leaked = [j for j in gold.get("junk", []) if normalise(j) and normalise(j) in flat]
    out_chars, gold_chars = letters(output), letters("\n".join(gold["body"]))
    shared = sum((out_chars & gold_chars).values())
    p = shared / max(1, sum(out_chars.values()))
    r = shared / max(1, sum(gold_chars.values()))
    expected_date = gold.get("published")
    return {
        "sent": found / max(1, len(sents)),
        "leak": len(leaked) / max(1, len(gold.get("junk", []))),
        "P": p, "R": r, "F": 2 * p * r / (p + r) if p + r else 0.0,
        "T": normalise(guess.title) == normalise(gold["title"]),
        "O": normalise(guess.outlet) == normalise(gold["outlet"]),
        "D": (guess.published or None) == (str(expected_date) if expected_date else None),
        "kind": source.kind, "leaked": leaked, "output": output, "guess": guess,
        "missed": [s for s in sents if s not in flat],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", default=str(ROOT.parent / "shared" / "realworld"))
    parser.add_argument("--reviewed", action="store_true", help="use the gold title and kind, as an editor would")
    parser.add_argument("--show", help="print one page's guesses, output, misses and leaks")
    args = parser.parse_args(argv)
    folder = Path(args.dir)
    if not (folder / "expected.yaml").is_file():
        print(f"cleaning_eval: no expected.yaml in {folder}; pass the set's folder", file=sys.stderr)
        return 2
    gold = yaml.safe_load((folder / "expected.yaml").read_text("utf-8"))
    rows = []
    print(f"{'page':<9} {'sent':>5} {'leak':>5} {'P':>5} {'R':>5} {'F1':>5}  T O D  kind")
    for name in sorted(gold):
        pages = [folder / name] + sorted(folder.glob(Path(name).stem + ".raw"))
        for path in pages:
            s = score_page(path, gold[name], args.reviewed)
            if path.suffix == ".txt":
                rows.append(s)
            mark = lambda ok: "✓" if ok else "·"  # noqa: E731
            print(f"{path.name:<9} {s['sent']:5.2f} {s['leak']:5.0%} {s['P']:5.2f} {s['R']:5.2f} {s['F']:5.2f}"
                  f"  {mark(s['T'])} {mark(s['O'])} {mark(s['D'])}  {s['kind']}")
            if args.show and args.show in (path.name, path.stem):
                g = s["guess"]
                print(f"  guessed: {g.title!r} / {g.outlet!r} / {g.published!r}")
                print("  --- output\n" + "\n".join("  | " + ln for ln in s["output"].splitlines()))
                print("  --- missed: " + " / ".join(s["missed"]))
                print("  --- leaked: " + " / ".join(s["leaked"]))
    n = max(1, len(rows))
    mean = {k: sum(r[k] for r in rows) / n for k in ("sent", "leak", "P", "R", "F")}
    print(f"{'mean':<9} {mean['sent']:5.2f} {mean['leak']:5.0%} {mean['P']:5.2f} {mean['R']:5.2f} {mean['F']:5.2f}"
          f"  title {sum(r['T'] for r in rows)}/{len(rows)}, outlet {sum(r['O'] for r in rows)}/{len(rows)},"
          f" date {sum(r['D'] for r in rows)}/{len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
