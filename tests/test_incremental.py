"""An incremental build always equals a clean one.

A seeded random walk edits a small project the way an editor does (seed text, source
YAML fields, topics, pins, figure groups, a template, a static file, adding and
removing a source). After every edit, the site built with the cache over the previous
output must be byte-identical, manifest included, to a `--no-cache` build.
"""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from duizhao import cards, compare, render, search, urls, workers
from duizhao.build import Project, build

SITE = """\
title: {zh-Hans: 测试站, zh-Hant: 測試站, en: Test site}
description: {zh-Hans: 用于测试的小站。, zh-Hant: 用於測試的小站。}
base_url: https://example.org/walk/
default_script: hans
"""
ABOUT = """\
---
title: {zh-Hans: 关于, zh-Hant: 關於}
script: hans
---
# 关于本站

这是一个测试页面。
"""
PIN = """\
pins:
  - cell: chips--alpha
    text: 美国去年收紧了对华芯片出口管制，限制先进AI芯片的销售。
exclude: []
"""
NO_PINS = "pins: []\nexclude: []\n"
FIGURES = """\
groups:
  - id: gap
    label: {zh-Hans: 差距, zh-Hant: 差距, en: Gap}
    claims:
      - {source: alpha, text: 三个月}
"""
SEARCH = "aliases:\n  晶片: 芯片\n"
SOURCES = {
    "alpha": ("hans", "芯片出口管制的一年", [
        "芯片出口管制的一年",
        "记者在现场看到，会场里坐满了人。",
        "美国去年收紧了对华芯片出口管制，限制先进AI芯片的销售。",
        "国内大模型与美国顶尖模型的差距约为三个月，开源模型发布越来越快。",
        "算力仍是瓶颈：数据中心的建设需要大量GPU，训练成本居高不下。",
    ]),
    "beta": ("hant", "開源模型的追趕", [
        "開源模型的追趕",
        "記者在現場看到，會場裡坐滿了人。",
        "開源社區發布了新的大模型，性能直逼閉源模型。",
        "算力和數據中心的投入在一年內增長了百分之七十。",
    ]),
    "gamma": ("hans", "应用落地观察", [
        "应用落地观察",
        "记者在现场看到，会场里坐满了人。",
        "企业把大模型用于客服和编程，应用场景不断扩展。",
        "芯片短缺让部分应用推迟上线，开源方案成为替代。",
    ]),
}
EXTRA = ("delta", "hant", "出口管制與晶片", [
    "出口管制與晶片",
    "記者在現場看到，會場裡坐滿了人。",
    "新的出口管制規則限制了高端芯片的銷售，半導體企業尋找替代。",
    "數據中心的算力需求仍在上升。",
])
SENTENCES = ["新增的一段：出口管制仍在收紧，芯片企业加快国产替代。",
             "開源模型的下載量在三個月內翻了一倍。",
             "算力成本下降了百分之三十，应用随之增多。",
             "这是一句与任何主题都无关的话。"]
CLAUSES = ["据在场的人说，", "大約在中午，", "据说，"]


def write_source(project: Path, slug: str, script: str, title: str, lines: list[str]) -> None:
    (project / "seeds" / f"{slug}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / "content" / "sources" / f"{slug}.yaml").write_text(
        f"seed: {slug}.txt\nslug: {slug}\ntitle: {title}\ntitle_editorial: false\noutlet: 测试报\n"
        f"author: 测试者\npublished: \"2025-02-01\"\nkind: article\nscript: {script}\nurl: null\n",
        encoding="utf-8")


def make_project(folder: Path, root: Path) -> Path:
    """A three-source project with pins, a figure group, a page, and the real templates."""
    content = folder / "content"
    (content / "sources").mkdir(parents=True)
    (content / "pages").mkdir()
    (folder / "seeds").mkdir()
    (content / "site.yaml").write_text(SITE, encoding="utf-8")
    (content / "pins.yaml").write_text(PIN, encoding="utf-8")
    (content / "figures.yaml").write_text(FIGURES, encoding="utf-8")
    (content / "search.yaml").write_text(SEARCH, encoding="utf-8")
    (content / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    shutil.copy(root / "content" / "topics.yaml", content / "topics.yaml")
    for name in ("templates", "static"):
        shutil.copytree(root / name, folder / name)
    for slug, (script, title, lines) in SOURCES.items():
        write_source(folder, slug, script, title, lines)
    return folder


def edit(path: Path, change) -> None:
    path.write_text(change(path.read_text("utf-8")), encoding="utf-8")


# --- the edits: each changes something a reader sees ---------------------------------

def append_sentence(project: Path, rng: random.Random) -> str:
    seed = rng.choice(sorted((project / "seeds").glob("*.txt")))
    edit(seed, lambda text: text + rng.choice(SENTENCES) + "\n")
    return f"append a sentence to {seed.name}"


def insert_clause(project: Path, rng: random.Random) -> str:
    """A clause inside a paragraph no cell quotes: only the text and its length change."""
    seed = rng.choice(sorted((project / "seeds").glob("*.txt")))
    edit(seed, lambda text: re.sub(r"(?m)^(记者在现场看到|記者在現場看到)，", lambda m: m.group(0) + rng.choice(CLAUSES),
                                   text, count=1))
    return f"insert a clause into {seed.name}"


def change_field(project: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((project / "content" / "sources").glob("*.yaml")))
    field, value = rng.choice([("title", f"改过的标题{rng.randint(1, 99)}"), ("outlet", f"另一家报{rng.randint(1, 99)}"),
                               ("author", f"作者{rng.randint(1, 99)}"), ("published", f"\"2024-0{rng.randint(1, 9)}\"")])
    edit(path, lambda text: re.sub(rf"(?m)^{field}: .*$", f"{field}: {value}", text))
    return f"set {field} of {path.name}"


def change_topics(project: Path, rng: random.Random) -> str:
    path = project / "content" / "topics.yaml"
    if rng.random() < 0.5:
        n = rng.randint(1, 99)
        edit(path, lambda text: re.sub(r"label: \{zh-Hans: 算力[^,]*,", f"label: {{zh-Hans: 算力{n},", text, count=1))
        return "relabel a topic"
    edit(path, lambda text: text.replace("      数据中心: 3\n", "      数据中心: 9\n", 1)
         if "数据中心: 3" in text else text.replace("      数据中心: 9\n", "      数据中心: 3\n", 1))
    return "reweigh a topic term"


def toggle_pin(project: Path, rng: random.Random) -> str:
    path = project / "content" / "pins.yaml"
    path.write_text(NO_PINS if "cell:" in path.read_text("utf-8") else PIN, encoding="utf-8")
    return "toggle the pin"


def relabel_group(project: Path, rng: random.Random) -> str:
    n = rng.randint(1, 99)
    edit(project / "content" / "figures.yaml", lambda text: re.sub(r"zh-Hans: 差距\d*,", f"zh-Hans: 差距{n},", text))
    return "relabel a figure group"


def edit_template(project: Path, rng: random.Random) -> str:
    """Edit the page frame and the footer, which is rendered once and set into every page."""
    n = rng.randint(1, 10_000)
    for name, tag in (("base.html", "</main>"), ("footer.html", "</footer>")):
        edit(project / "templates" / name,
             lambda text: re.sub(rf"(<!-- edit \d+ -->)?{tag}", f"<!-- edit {n} -->{tag}", text, count=1))
    return "edit base.html and footer.html"


def edit_static(project: Path, rng: random.Random) -> str:
    edit(project / "static" / "site.css", lambda text: text + f"/* edit {rng.randint(1, 10_000)} */\n")
    return "edit site.css"


def add_or_remove_source(project: Path, rng: random.Random) -> str:
    slug, script, title, lines = EXTRA
    yaml = project / "content" / "sources" / f"{slug}.yaml"
    if yaml.exists():
        yaml.unlink()
        (project / "seeds" / f"{slug}.txt").unlink()
        return f"remove {slug}"
    write_source(project, slug, script, title, lines)
    return f"add {slug}"


EDITS = [append_sentence, insert_clause, change_field, change_topics, toggle_pin, relabel_group,
         edit_template, edit_static, add_or_remove_source]


def small_pages(monkeypatch) -> None:
    """Two sources a page, so that three sources fill two pages of every numbered kind (a
    point's pages too, and the agreements page quotes one source of each point)."""
    for name in ("LIST_PAGE", "TOPIC_PAGE", "MATRIX_GROUP"):
        monkeypatch.setattr(urls, name, 2)
    monkeypatch.setattr(compare, "POINT_PAGE", 2)
    monkeypatch.setattr(compare, "POINT_CARDS", 1)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_incremental_build_equals_clean_build(tmp_path, root, monkeypatch):
    # One source per search shard, so that an edit reuses the other shards' indexes
    # and the comparison below checks that reuse too.
    monkeypatch.setattr(search, "SHARD_SOURCES", 1)
    small_pages(monkeypatch)  # lists, topics, figures and matrix groups of two or more pages
    rng = random.Random(1)
    project = make_project(tmp_path / "project", root)
    inc, cache = tmp_path / "incremental", tmp_path / "cache"
    build(Project(project), inc, cache_dir=cache)
    steps = rng.sample(EDITS, len(EDITS)) + [rng.choice(EDITS) for _ in range(2)]
    previous = snapshot(inc)
    reused = 0
    for i, step in enumerate(steps):
        what = step(project, rng)
        report = build(Project(project), inc, cache_dir=cache)
        reused += report.files - report.written
        clean = tmp_path / f"clean-{i}"
        build(Project(project), clean)  # no cache: every page rendered from scratch
        got, want = snapshot(inc), snapshot(clean)
        assert got != previous, f"step {i} ({what}) changed nothing visible"
        assert got.keys() == want.keys(), f"step {i} ({what}): files differ"
        stale = [name for name in want if got[name] != want[name]]
        assert stale == [], f"step {i} ({what}): the incremental build differs from a clean one in {stale}"
        previous = got
        shutil.rmtree(clean)
    assert reused > 0, "the incremental builds reused nothing: the walk did not exercise the cache"


def test_editing_a_source_on_a_points_second_page_equals_a_clean_build(tmp_path, bench, monkeypatch):
    """A point many sources make has pages of its own: an edit to a source on its second
    page changes that page and leaves the incremental build equal to a clean one."""
    small_pages(monkeypatch)
    project, inc, cache = tmp_path / "project", tmp_path / "incremental", tmp_path / "cache"
    bench.make_site(project, 60, chars=600)
    build(Project(project), inc, cache_dir=cache)
    quoted = {p.name: re.findall(r'href="../sources/(synthetic-\d+)\.html#', p.read_text("utf-8"))
              for p in sorted((inc / "zh-hans" / "points").glob("*-2.html"))}
    name, slugs = next(((name, slugs) for name, slugs in quoted.items() if slugs), (None, None))
    assert name, "no point of the synthetic site has a second page that quotes a source"
    assert not any(f"{slug}.html#" in (inc / "zh-hans" / "agreements.html").read_text("utf-8") for slug in slugs), \
        "the agreements page quotes a point's first source only, here"
    edit(project / "content" / "sources" / f"{slugs[0]}.yaml", lambda text: text.replace("outlet: 合成社", "outlet: 新名社"))
    report = build(Project(project), inc, cache_dir=cache)
    assert "新名社" in (inc / "zh-hans" / "points" / name).read_text("utf-8")
    clean = tmp_path / "clean"
    build(Project(project), clean)
    got, want = snapshot(inc), snapshot(clean)
    assert got.keys() == want.keys()
    assert [name for name in want if got[name] != want[name]] == []
    assert report.written < report.files / 4, "the edit rendered most of the site again"


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_an_edit_reindexes_only_the_search_shard_it_touched(tmp_path, root, monkeypatch):
    """Editing one source's text re-indexes its own shard; the others are reused as they were,
    even when pages of their sources change (their lists of related sources show the edit)."""
    monkeypatch.setattr(search, "SHARD_SOURCES", 1)
    project = make_project(tmp_path / "project", root)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(Project(project), out, cache_dir=cache)
    before = inodes(out)
    shards = sorted({name.split("/")[1] for name in before if name.startswith("pagefind/")})
    assert len(shards) == len(SOURCES)
    edit(project / "seeds" / "gamma.txt", lambda text: text + SENTENCES[0] + "\n")
    build(Project(project), out, cache_dir=cache)
    after = inodes(out)
    kept = {s for s in shards if all(after.get(n) == i for n, i in before.items() if n.startswith(f"pagefind/{s}/"))}
    # Sources are in slug order (alpha, beta, gamma): gamma's shard is the third.
    assert kept == set(shards) - {shards[2]}


def test_no_cache_rebuilds_a_hand_edited_page(tmp_path, root):
    project = make_project(tmp_path / "project", root)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(Project(project), out, cache_dir=cache)
    page = out / "zh-hans" / "index.html"
    original = page.read_bytes()
    page.write_text("hand-edited", encoding="utf-8")
    report = build(Project(project), out)  # what `build --no-cache` runs
    assert not report.noop and report.written == report.files
    assert page.read_bytes() == original


@pytest.mark.skipif(cards.fontconfig_face("zh-cn") is None,
                    reason="share cards need a Chinese font (apt-get install fonts-noto-cjk)")
def test_an_edited_quote_redraws_exactly_its_cards(tmp_path, root):
    project = make_project(tmp_path / "project", root)
    inc, cache = tmp_path / "incremental", tmp_path / "cache"
    first = build(Project(project), inc, cache_dir=cache)
    before = {p.relative_to(inc).as_posix(): p for p in (inc / "cards").rglob("*.png")}
    assert first.cards_drawn == len(before) > 10
    inodes, images = {n: p.stat().st_ino for n, p in before.items()}, {n: p.read_bytes() for n, p in before.items()}
    # The lead quote of applications--gamma changes one word; no other card shows it.
    edit(project / "seeds" / "gamma.txt", lambda text: text.replace("用于客服和编程", "用于客服和写作"))
    report = build(Project(project), inc, cache_dir=cache)
    after = {n: (inc / n).read_bytes() for n in before}
    changed = sorted(n for n in before if after[n] != images[n])
    assert changed == ["cards/zh-hans/applications--gamma.png", "cards/zh-hant/applications--gamma.png"]
    assert report.cards_drawn == 2
    # Every other card was linked from the previous site, not drawn or written again.
    assert all((inc / n).stat().st_ino == inodes[n] for n in before if n not in changed)
    clean = tmp_path / "clean"
    build(Project(project), clean)  # no cache: every card drawn afresh
    assert snapshot(inc) == snapshot(clean)


FILLER = ["会场里坐满了人，发言一个接一个。", "天气转凉，展馆外排起了长队。", "主持人介绍了议程和嘉宾。",
          "午餐时间，大家在走廊里交谈。", "晚上的酒会一直持续到深夜。", "第二天的日程更加紧凑。"]
POINT_SOURCES = {
    "alpha": ("hans", "出口管制下的芯片", ["出口管制下的芯片", *FILLER[:5],
              "美国的出口管制之下，英伟达H20芯片的对华销量下降了37%，各方反应不一。"]),
    "beta": ("hant", "晶片銷量", ["晶片銷量", *FILLER[1:6],
             "因為出口管制，英偉達H20芯片的對華銷量下降了37%，市場震動。"]),
    "gamma": ("hans", "厂商承压", ["厂商承压", *FILLER[:3], *FILLER[4:6],
              "据报道，出口管制之下英伟达H20芯片对华销量下降37%，厂商承压。"]),
}


def test_a_reworded_agreements_quote_is_quoted_afresh(tmp_path, root):
    """Each point's quotes are cached by the point and its sources' fingerprints. An edit
    that leaves the point as it was (a comma made an enumeration comma inside a quoted
    sentence: the same words, the same links) must still show the new wording, as a
    clean build does."""
    project = make_project(tmp_path / "project", root)
    for path in (project / "content" / "sources").glob("*.yaml"):
        path.unlink()
    for path in (project / "seeds").glob("*.txt"):
        path.unlink()
    for slug, (script, title, lines) in POINT_SOURCES.items():
        write_source(project, slug, script, title, lines)
    (project / "content" / "pins.yaml").write_text(NO_PINS, encoding="utf-8")
    (project / "content" / "figures.yaml").write_text("groups: []\n", encoding="utf-8")
    inc, cache = tmp_path / "incremental", tmp_path / "cache"
    build(Project(project), inc, cache_dir=cache)
    page = (inc / "zh-hans" / "agreements.html").read_text("utf-8")
    assert "据报道，出口管制之下英伟达H20芯片对华销量下降37%" in page  # the point is made and gamma quoted
    edit(project / "seeds" / "gamma.txt", lambda text: text.replace("据报道，出口管制", "据报道、出口管制"))
    build(Project(project), inc, cache_dir=cache)
    clean = tmp_path / "clean"
    build(Project(project), clean)
    for script in ("zh-hans", "zh-hant"):
        got = (inc / script / "agreements.html").read_text("utf-8")
        assert got == (clean / script / "agreements.html").read_text("utf-8"), script
    assert "据报道、出口管制之下" in (inc / "zh-hans" / "agreements.html").read_text("utf-8")


def test_an_edit_renders_only_the_numbered_pages_that_show_the_source(tmp_path, root, monkeypatch):
    """A source's edit renders again the list, topic and figures pages that show it, and
    the first pages for what they sum up, never the other numbered pages."""
    small_pages(monkeypatch)
    monkeypatch.setattr(workers, "count", lambda: 1)  # every page is made in this process, where it is seen
    made = []
    for kind in ("home", "topic", "figures"):
        def spy(self, *args, real=getattr(render.PageMaker, kind), kind=kind):
            made.append((kind, args[-1] if args else 1))
            return real(self, *args)
        monkeypatch.setattr(render.PageMaker, kind, spy)
    project = make_project(tmp_path / "project", root)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(Project(project), out, cache_dir=cache)
    assert {number for _, number in made} == {1, 2}, "the first build makes both pages of each kind"

    # Sources in slug order, two a page: alpha and beta on the first pages, gamma on the second.
    for slug, first, seen in (("gamma", False, {2}), ("alpha", True, {1})):
        made.clear()
        edit(project / "seeds" / f"{slug}.txt", lambda text: text + SENTENCES[2] + "\n")
        build(Project(project), out, cache_dir=cache)
        pages = {kind: {number for k, number in made if k == kind} for kind in ("home", "topic", "figures")}
        assert pages["figures"] == seen, f"editing {slug}: figures pages made {pages['figures']}"
        assert pages["topic"] == seen, f"editing {slug}: topic pages made {pages['topic']}"
        # The first home page sums up the whole site (the totals, the pairs); the others list sources.
        assert pages["home"] == seen | {1} if not first else pages["home"] == {1}, \
            f"editing {slug}: home pages made {pages['home']}"


def test_a_new_release_of_a_library_invalidates_every_key(monkeypatch):
    """OpenCC's dictionaries, Jinja's escaping and the others shape the output: after an
    upgrade nothing made by the old release may be reused."""
    from duizhao import cache

    cache.code_version.cache_clear()
    before = cache.code_version()
    real = cache.metadata.version
    monkeypatch.setattr(cache.metadata, "version",
                        lambda name: "99.0" if name == "opencc-python-reimplemented" else real(name))
    cache.code_version.cache_clear()
    try:
        assert cache.code_version() != before
    finally:
        monkeypatch.undo()
        cache.code_version.cache_clear()
    assert cache.code_version() == before
