"""Properties of sentence splitting and extraction over random and hostile text (hypothesis)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from duizhao.lexicon import Lexicon
from duizhao.matrix import MAX_QUOTE, cell_problems, extract_matrix
from duizhao.models import CleanText, CleaningRules, Document, Paragraph, Seed, Source, Topic
from duizhao.sentences import split_sentences

ALPHABET = st.sampled_from(list("中國国美芯片出口管制算力開源开源应用應用的了是，。！？；、“”（）《》…AI12.5% \n")
                           + ["而且，", "所以", "这", "他说，", "该报", "实施优势："])
TEXT = st.lists(ALPHABET, max_size=400).map("".join)
TOPICS = (Topic("chips", {"zh-Hans": "芯片", "zh-Hant": "芯片", "en": "Chips"}, "d", (("芯片", 3.0),)),
          Topic("export-controls", {"zh-Hans": "出口管制", "zh-Hant": "出口管制", "en": "E"}, "d",
                (("出口管制", 4.0), ("限制", 1.0))))
LEXICON = Lexicon(TOPICS, 3.0)


def document(paragraphs: list[str], kind: str) -> Document:
    source = Source("x", "x.txt", "t", False, "o", "a", "2025", kind, "hans", None, CleaningRules(), "x.yaml")
    paras = tuple(Paragraph(f"p{i}", "paragraph", t) for i, t in enumerate(paragraphs, 1) if t.strip())
    return Document(source, Seed("x.txt", "", "utf-8", ""), CleanText(paras, (), ()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["article", "transcript"]))
def test_sentences_are_exact_ordered_spans(text, kind):
    spans = split_sentences(text, kind)
    last = 0
    for s in spans:
        assert text[s.start:s.end] == s.text and s.text.strip() == s.text and s.text
        assert s.start >= last
        last = s.end
    assert "".join(c for c in text if not c.isspace()) == "".join(
        c for c in "".join(s.text for s in spans) if not c.isspace())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, max_size=6), st.sampled_from(["article", "transcript"]))
def test_every_quote_is_verbatim_and_short(paragraphs, kind):
    doc = document(paragraphs, kind)
    for cell in extract_matrix([doc], LEXICON):
        assert (cell.status == "quoted") == bool(cell.quotes)
        assert len(cell.quotes) <= 3
        for q in cell.quotes:
            assert q.text and q.text in doc.paragraph(q.paragraph).text
            assert len(q.text) <= MAX_QUOTE


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, max_size=6), st.sampled_from(["article", "transcript"]))
def test_every_quote_reads_whole(paragraphs, kind):
    """Whatever the text, no chosen quote fails the quality check: balanced, whole, not dangling."""
    doc = document(paragraphs, kind)
    assert cell_problems([doc], extract_matrix([doc], LEXICON)) == []


def test_hostile_shapes_finish():
    for text in ["芯片" * 500_000, "，" * 300_000, "出口管制。" * 100_000, "“" * 200_000, "a" * 1_000_000]:
        doc = document([text], "article")
        cells = extract_matrix([doc], LEXICON)
        assert len(cells) == 2
