"""Properties of the cleaner over random and hostile input (hypothesis)."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings, strategies as st

from duizhao.clean import clean
from duizhao.models import CleaningRules

# Characters that exercise every rule: CJK, Latin, digits, the half-width marks the
# punctuation rule rewrites, curly quotes, tone-marked vowels, tag and entity syntax.
ALPHABET = st.sampled_from(list("中國美国芯片出口管制算力開源的了在是AIDeepSeekabc019 ,:;?!()“”‘’。，、"
                                "āáǎàéèǐìòóū<>&#/-•■【】\n") + ["(jié)", "(wǎng)", "?!?", "?!薄昂苊黠@"])
TEXT = st.lists(ALPHABET, max_size=300).map("".join)
NO_TITLE = CleaningRules(has_title_line=False)


def letters(text: str) -> str:
    """Letters and digits only: what a cleaner may drop but never invent."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, st.sampled_from(["article", "transcript"]))
def test_never_crashes_and_ids_are_sequential(raw, kind):
    result = clean(raw, kind)
    assert [p.id for p in result.paragraphs] == [f"p{i}" for i in range(1, len(result.paragraphs) + 1)]
    assert all(p.text.strip() for p in result.paragraphs)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT)
@example("?#:開")  # the colon turns full-width on the first pass; the second must not read it as mojibake
@example("中>(jié)中中中■")  # a breadcrumb is one whether or not an end mark (dropped) follows it
def test_idempotent(raw):
    once = clean(raw, "article", NO_TITLE)
    # Serialise the result the way it came in: list items keep their bullet.
    text = "\n".join(("• " if p.kind == "list-item" else "") + p.text for p in once.paragraphs)
    twice = clean(text, "article", NO_TITLE)
    assert [p.text for p in twice.paragraphs] == [p.text for p in once.paragraphs]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, st.sampled_from(["article", "transcript"]))
def test_invents_nothing_outside_declared_corrections(raw, kind):
    result = clean(raw, kind)
    declared = "".join(c.after for c in result.corrections if c.kind in ("mojibake", "erratum"))
    source = letters(raw)
    for p in result.paragraphs:
        if declared:
            assert set(letters(p.text)) <= set(source) | set(declared)
        else:
            assert is_subsequence(letters(p.text), source), p.text


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=0, max_size=2000))
def test_random_unicode_never_crashes(raw):
    clean(raw, "article")
    clean(raw, "transcript")


def test_hostile_shapes_finish():
    # One megabyte on a single line, only punctuation, only pinyin-like brackets, mixed scripts.
    for raw in ["中" * 1_000_000, ",:;?!()" * 50_000, "(jié)" * 100_000, "國国(ā)a,b" * 50_000,
                "?" * 200_000, "<" * 200_000, "?!" * 100_000]:
        result = clean(raw, "article", NO_TITLE)
        assert isinstance(result.paragraphs, tuple)


def test_pinyin_only_input_loses_nothing_real():
    result = clean("標題\n(AMD)(CNN)(DeepSeek)(金)\n", "article")
    assert re.sub(r"[（）()]", "", result.paragraphs[0].text) == "AMDCNNDeepSeek金"
