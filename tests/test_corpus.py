"""The cleaned corpus: golden files per source, the record, and the data contract.

Regenerate the expected files after an intended change to the cleaner:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_corpus.py
"""
from __future__ import annotations

import difflib
import json
import os

import pytest

from duizhao.build import Project, build
from duizhao.clean import leftover_damage
from duizhao.repair import PINYIN_RE

EXPECTED = "tests/expected/corpus"
SLUGS = ["aibase-hassabis", "guancha-marcus", "modern-tv-dulan", "netease-ft-marathon", "netease-minhong"]


def render_corpus(doc) -> str:
    """A diff-friendly view of one cleaned document: one block per line."""
    return "".join(f"{p.id}\t{p.kind}\t{p.text}\n" for p in doc.text.paragraphs)


@pytest.mark.parametrize("slug", SLUGS)
def test_golden_corpus(root, docs_by_slug, slug):
    path = root / EXPECTED / f"{slug}.txt"
    actual = render_corpus(docs_by_slug[slug])
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            "expected", "actual"))
        pytest.fail(f"cleaned text of {slug} changed (UPDATE_GOLDEN=1 to accept):\n{diff}")


def test_no_damage_left_anywhere(docs):
    for doc in docs:
        for p in doc.text.paragraphs:
            assert not leftover_damage(p.text), (doc.slug, p.id, leftover_damage(p.text))
            assert "?" not in p.text and "\ufffd" not in p.text, (doc.slug, p.id)


@pytest.mark.parametrize("slug", ["guancha-marcus", "netease-ft-marathon"])
def test_every_pinyin_annotation_is_accounted_for(docs_by_slug, slug):
    # Each annotation in the seed is either recorded as a correction, or sits in a
    # removed block, or inside an erratum's damaged span: none is silently dropped.
    doc = docs_by_slug[slug]
    in_seed = len(PINYIN_RE.findall(doc.seed.text))
    recorded = [c for c in doc.text.corrections if c.kind == "pinyin"]
    in_removed = sum(len(PINYIN_RE.findall(r.text)) for r in doc.text.removed)
    in_errata = sum(len(PINYIN_RE.findall(c.before)) for c in doc.text.corrections if c.kind == "erratum")
    assert in_seed > 100
    assert len(recorded) + in_removed + in_errata == in_seed
    assert all(PINYIN_RE.fullmatch(c.before) and c.after == c.before[0] for c in recorded)


def test_mojibake_found_and_repaired(docs_by_slug):
    doc = docs_by_slug["guancha-marcus"]
    kinds = [c.kind for c in doc.text.corrections]
    assert kinds.count("mojibake") == 8
    assert kinds.count("erratum") == 2
    text = "\n".join(p.text for p in doc.text.paragraphs)
    for reading in ("國家。”“很明顯", "發展。可以說", "獲勝。”", "當地時間", "政府數十年來"):
        assert reading in text


def test_nothing_the_author_wrote_is_lost(docs_by_slug):
    # Sentences a reader would miss if the cleaner were too eager.
    must_keep = {
        "aibase-hassabis": ["这些评论发表之际", "地缘政治背景：出口管制带来挑战但可能不决定最终结果"],
        "guancha-marcus": ["CNN評價道", "在歐洲，科技股領跌市場"],
        "netease-ft-marathon": ["由此，該報認為，中國人會笑到最后。", "因此，中國人會笑到最后。"],
        "netease-minhong": ["由國家語言資源監測與研究中心", "結語", "那種深沉且古老的智慧。"],
        "modern-tv-dulan": ["特朗普正式上台了", "正在被重新定義。"],
    }
    for slug, snippets in must_keep.items():
        text = "\n".join(p.text for p in docs_by_slug[slug].text.paragraphs)
        for s in snippets:
            assert s in text, (slug, s)


def test_junk_never_survives(docs):
    junk = ["相關推薦", "相关文章", "次觀看", "分享至", "責任編輯", "特別聲明", "Notice:", "掃碼", "久久",
            "跳转到", "Newsletter", "【點擊查看】", "![]", "投稿", "轉載請注明", "斯洛特", "胡潤", "马斯克因"]
    for doc in docs:
        text = "\n".join(p.text for p in doc.text.paragraphs)
        for j in junk:
            assert j not in text, (doc.slug, j)


def test_transcript_has_no_repeated_paragraphs(docs_by_slug):
    paras = [p.text for p in docs_by_slug["modern-tv-dulan"].text.paragraphs]
    assert len(paras) == len(set(paras))
    assert sum(p.count("一口氣撤銷了80多項") for p in paras) == 1


def test_data_contract(tmp_path, root):
    out = tmp_path / "site"
    build(Project(root), out)
    for slug in SLUGS:
        record = json.loads((out / "data" / "sources" / f"{slug}.json").read_text("utf-8"))
        for key in ("slug", "seed", "title", "outlet", "author", "published", "kind", "script", "url",
                    "paragraphs", "removed", "corrections"):
            assert key in record, (slug, key)
        assert record["slug"] == slug
        assert [p["id"] for p in record["paragraphs"]] == [f"p{i}" for i in range(1, len(record["paragraphs"]) + 1)]
        assert {p["kind"] for p in record["paragraphs"]} <= {"heading", "paragraph", "list-item"}
        assert {c["kind"] for c in record["corrections"]} <= {"pinyin", "mojibake", "punctuation", "erratum"}
        assert all(r["reason"] and r["text"] for r in record["removed"])
        assert not record["url"].startswith("/")
    matrix = json.loads((out / "data" / "matrix.json").read_text("utf-8"))
    assert set(matrix) >= {"topics", "sources", "cells"}
    assert sorted(s["slug"] for s in matrix["sources"]) == SLUGS
