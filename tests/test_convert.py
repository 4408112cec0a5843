"""duizhao.convert must reproduce opencc-python-reimplemented byte for byte, only faster;
the editors' table (content/conversion.yaml) changes exactly the words it lists."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from opencc import OpenCC

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from duizhao import convert  # noqa: E402
from duizhao.errors import ContentError  # noqa: E402
from duizhao.load import load_conversion_table, load_sources  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CONFIGS = ("s2t", "t2s", "s2tw")
REFERENCE = {config: OpenCC(config) for config in CONFIGS}


def reference(config: str, text: str) -> str:
    return REFERENCE[config].convert(text)


def test_seeds_exist():
    assert len(SEEDS) == 5


def seed_texts():
    """Every seed as written (Simplified) and in opencc's Traditional."""
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        yield pytest.param(text, id=path.name)
        yield pytest.param(reference("s2t", text), id=path.name + "-hant")


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("text", list(seed_texts()))
def test_seed_whole_text_matches_opencc(config, text):
    assert convert.converter(config).convert(text) == reference(config, text)


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("text", list(seed_texts()))
def test_seed_line_by_line_matches_opencc(config, text):
    conv = convert.converter(config)
    for line in text.splitlines():
        assert conv.convert(line) == reference(config, line), line


def test_seeds_exercise_phrases():
    # Guards the identity tests above against passing on text that never hits a phrase.
    text = "".join(p.read_text(encoding="utf-8") for p in SEEDS)
    s2t = convert.converter("s2t")
    assert text.translate(s2t._table) != reference("s2t", text)


def test_separators_match_opencc_split_regex():
    split = OpenCC().split_chars_re
    ours = [cp for cp in range(0x110000) if convert._HAS_SEP.fullmatch(chr(cp))]
    theirs = [cp for cp in range(0x110000) if split.fullmatch(chr(cp))]
    assert ours == theirs


# Random text built from dictionary material: whole phrases, slices of phrases, pairs of
# phrases overlapping by one or two characters (so that occurrences compete, as in
# 一伙食费), single dictionary characters, ASCII and separators.
_PHRASES = sorted(set(convert.converter("s2t")._phrases) | set(convert.converter("t2s")._phrases))
_CHARS = sorted({c for p in _PHRASES for c in p}
                | {chr(k) for config in CONFIGS for k, v in enumerate(convert.converter(config)._table) if k != v})
_STARTING = {}
for _p in _PHRASES:
    for _n in (1, 2):
        _STARTING.setdefault(_p[:_n], []).append(_p)


def _overlapping(first: str):
    """Strategy: first followed by a phrase that starts with its last one or two characters."""
    tails = [first[-n:] for n in (1, 2) if first[-n:] in _STARTING]
    return st.sampled_from(tails or [first[-1]]).flatmap(
        lambda tail: st.sampled_from(_STARTING.get(tail, [tail])).map(lambda nxt: first + nxt[len(tail):]))


_FRAGMENT = st.one_of(
    st.sampled_from(_PHRASES),
    st.tuples(st.sampled_from(_PHRASES), st.integers(0, 15), st.integers(1, 16)).map(
        lambda t: t[0][t[1]:t[1] + t[2]]),
    st.sampled_from(_PHRASES).flatmap(_overlapping),
    st.sampled_from(_CHARS),
    st.text(alphabet="abcXYZ019 .,-?!*\n\t", max_size=3),
    st.sampled_from(list("，。、；：？！…“”「」—（）《》　．／【】")),
)
TEXT = st.lists(_FRAGMENT, max_size=25).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, st.sampled_from(CONFIGS))
def test_random_text_matches_opencc(text, config):
    assert convert.converter(config).convert(text) == reference(config, text)


@pytest.mark.parametrize("config,text,expected", [
    ("s2t", "以后", "以後"),
    ("s2t", "之后我们", "之後我們"),
    ("s2t", "皇后", "皇后"),           # 后 stays 后 as "empress"
    ("s2t", "发展", "發展"),
    ("s2t", "头发", "頭髮"),           # 发 is 髮 (hair) here, 發 elsewhere
    ("s2t", "干部和干燥", "幹部和乾燥"),
    ("s2t", "出口管制", "出口管制"),
    ("t2s", "出口管制", "出口管制"),
    ("s2t", "芯片", "芯片"),           # s2t never rewrites vocabulary (s2twp would say 晶片)
    ("t2s", "頭髮", "头发"),
    ("t2s", "瞭解", "了解"),
    ("s2t", "", ""),
    ("s2t", "AI 芯片，发展。", "AI 芯片，發展。"),
    # Longest phrase in the segment wins, not the leftmost one: 伙食费 (3) beats 一伙 (2),
    # so 伙 stays 伙; left-to-right maximal munch would give 一夥食費.
    ("s2t", "一伙食费", "一伙食費"),
    ("s2t", "一伙", "一夥"),
    # Separators split segments: 头发 across a comma is no longer a phrase.
    ("s2t", "头,发", "頭,發"),
])
def test_known_cases(config, text, expected):
    assert convert.converter(config).convert(text) == expected
    assert reference(config, text) == expected


def test_to_script_and_normalise():
    assert convert.to_script("头发", "hans", "hans") == "头发"
    assert convert.to_script("头发", "hans", "hant") == "頭髮"
    assert convert.to_script("頭髮", "hant", "hans") == "头发"
    assert convert.to_script("頭髮", "hant", "hant") == "頭髮"
    assert convert.normalise("發展與頭髮") == convert.normalise("发展与头发") == "发展与头发"
    with pytest.raises(ValueError):
        convert.to_script("x", "hans", "latn")


def test_converter_is_cached_and_configs_checked():
    assert convert.converter("s2t") is convert.converter("s2t")
    assert convert.converter("s2t") is not convert.converter("t2s")
    with pytest.raises(ValueError):
        convert.Converter("s2twp")


# --- the site's conversion: s2tw and t2s, then the editors' table ----------------------

TABLE = load_conversion_table(ROOT / "content")
SCRIPT_CONFIG = {"hant": "s2tw", "hans": "t2s"}


def test_traditional_is_written_with_twvariants_not_s2t_forms():
    # s2t alone writes 爲, 羣, 衆 where Traditional originals write 為, 群, 眾.
    assert reference("s2t", "因为群众") == "因爲羣衆"
    assert convert.to_script("因为群众", "hans", "hant") == "因為群眾" == reference("s2tw", "因为群众")
    assert convert.to_script("芯片", "hans", "hant", TABLE) == "芯片", "never a phrase step (s2twp: 晶片)"


def test_s2tw_adds_only_character_variants_to_s2t():
    tw = convert.converter("s2tw")
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        assert tw.convert(text) == reference("s2t", text).translate(tw._variants)


def hant_seed_texts():
    """The raw text of every Traditional seed."""
    for source, seed in load_sources(ROOT / "content", ROOT / "seeds"):
        if source.script == "hant":
            yield pytest.param(seed.text, id=source.slug)


def test_table_loads_in_groups_both_ways():
    assert len({r.group for r in TABLE.rules}) >= 2
    assert TABLE.fixes("hans") and TABLE.fixes("hant"), "the table corrects both directions"


@pytest.mark.parametrize("text", list(hant_seed_texts()))
def test_simplified_pages_keep_no_particle_zhe(text):
    out = convert.to_script(text, "hant", "hans", TABLE)
    assert reference("t2s", text).count("著") > out.count("著"), "the seeds exercise the table"
    # 著 stays only where Simplified writes it too: 显著, 著名, 合著, 著作.
    rest = re.sub("显著|著名|合著|著作|著称", "", out)
    assert "著" not in rest, [rest[max(0, i - 3):i + 2] for i, c in enumerate(rest) if c == "著"]


@pytest.mark.parametrize("dst", ["hant", "hans"])
@pytest.mark.parametrize("text", list(seed_texts()))
def test_conversion_equals_opencc_wherever_the_table_is_silent(dst, text):
    wrong = [w for w, _ in TABLE.fixes(dst)]
    for line in text.splitlines():
        ours = convert.to_script(line, "hant" if dst == "hans" else "hans", dst, TABLE)
        opencc_out = reference(SCRIPT_CONFIG[dst], line)
        if not any(w in opencc_out for w in wrong):
            assert ours == opencc_out, line
        else:
            # The table changed only its own words: masked, both outputs are equal.
            words = re.compile("|".join(re.escape(w) for pair in TABLE.fixes(dst) for w in pair))
            assert words.sub("□", ours) == words.sub("□", opencc_out), line


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, st.sampled_from(["hans", "hant"]))
def test_random_text_equals_opencc_outside_table_words(text, dst):
    opencc_out = reference(SCRIPT_CONFIG[dst], text)
    ours = convert.to_script(text, "hant" if dst == "hans" else "hans", dst, TABLE)
    if not any(w in opencc_out for w, _ in TABLE.fixes(dst)):
        assert ours == opencc_out


@pytest.mark.parametrize("dst,text,expected", [
    ("hans", "美國靠著英偉達", "美国靠着英伟达"),
    ("hans", "這意味著，隨著時間", "这意味着，随着时间"),
    ("hans", "標志著一個時代", "标志着一个时代"),     # a variant spelling, corrected one way only
    ("hans", "影響力顯著的著名學者", "影响力显著的著名学者"),  # 著 that Simplified keeps
    ("hans", "他著手準備", "他着手准备"),
    ("hant", "转换只用 OpenCC", "轉換只用 OpenCC"),   # 只 means "only" here, not the measure word 隻
    ("hant", "标志着", "標誌著"),
    ("hant", "两只猫", "兩隻貓"),                      # the table is silent: OpenCC's output
])
def test_table_corrections(dst, text, expected):
    src = "hant" if dst == "hans" else "hans"
    assert convert.to_script(text, src, dst, TABLE) == expected


def _table(tmp_path, body):
    (tmp_path / "conversion.yaml").write_text(body, encoding="utf-8")
    return load_conversion_table(tmp_path)


@pytest.mark.parametrize("body,line,says", [
    ("groups: {}\n", 1, "expected a list `groups:`"),
    ("groups:\n  - rules: [{zh-Hans: 靠着, zh-Hant: 靠著}]\n", 2, "needs a `name`"),
    ("groups:\n  - name: g\n    rules:\n      - {zh-Hans: 靠着}\n", 4, "each rule is"),
    ("groups:\n  - name: g\n    rules:\n      - {zh-Hans: 靠 着, zh-Hant: 靠著}\n", 4, "one word"),
    ("groups:\n  - name: g\n    rules:\n      - {zh-Hans: 發展, zh-Hant: 發展}\n", 4, "not written in Simplified"),
    ("groups:\n  - name: g\n    rules:\n      - {zh-Hans: 因为, zh-Hant: 因爲}\n", 4, "not written in Traditional"),
    ("groups:\n  - name: g\n    rules:\n      - {zh-Hans: 发展, zh-Hant: 發展}\n", 4, "OpenCC already converts"),
    ("groups:\n  - name: g\n    rules:\n      - {zh-Hans: 靠着, zh-Hant: 靠著}\n      - {zh-Hans: 靠着, zh-Hant: 靠著}\n",
     5, "listed twice"),
    ("groups:\n  - name: g\n    rules:\n      - {zh-Hans: 靠着, zh-Hant: 靠著, only: en}\n", 4, "`only`"),
])
def test_bad_tables_are_refused_with_their_line(tmp_path, body, line, says):
    with pytest.raises(ContentError) as e:
        _table(tmp_path, body)
    assert e.value.line == line and says in e.value.message, str(e.value)


def test_no_table_file_means_opencc_alone(tmp_path):
    table = load_conversion_table(tmp_path)
    assert table == convert.NO_TABLE
    assert convert.to_script("靠著", "hant", "hans", table) == reference("t2s", "靠著") == "靠著"
