"""`site.py add` brings a new scrape in; the next build shows it everywhere, with no code change."""
from __future__ import annotations

import json
import shutil

import pytest
import yaml

from duizhao.cli import main

FIXTURE = "tests/fixtures/new-source/scrape.txt"


@pytest.fixture()
def project(tmp_path, root):
    """A copy of the real project to add to."""
    dest = tmp_path / "project"
    for name in ("content", "seeds", "templates", "static"):
        if (root / name).exists():
            shutil.copytree(root / name, dest / name)
    return dest


def test_add_then_build_publishes_a_sixth_source(project, root, tmp_path, capsys):
    scrape = root / FIXTURE
    assert main(["--root", str(project), "add", str(scrape), "--slug", "test-daily"]) == 0
    said = capsys.readouterr().out
    assert "content/sources/test-daily.yaml" in said and "REVIEW" in said

    meta = yaml.safe_load((project / "content" / "sources" / "test-daily.yaml").read_text("utf-8"))
    assert meta["script"] == "hant"
    assert meta["published"] == "2025-03-02"
    assert meta["title"] == "測試日報：半導體出口管制一年回顧"
    assert meta["outlet"] == "網易號"
    seed = project / "seeds" / meta["seed"]
    assert seed.read_bytes() == scrape.read_bytes(), "the seed is a byte-for-byte copy"

    out = tmp_path / "out"
    assert main(["--root", str(project), "build", "--out", str(out), "-q"]) == 0
    record = json.loads((out / "data" / "sources" / "test-daily.json").read_text("utf-8"))
    texts = [p["text"] for p in record["paragraphs"]]
    assert texts[0].startswith("2025年3月2日，美國再次收緊對華芯片出口管制")
    assert not any("推薦" in t for t in texts)
    matrix = json.loads((out / "data" / "matrix.json").read_text("utf-8"))
    assert "test-daily" in [s["slug"] for s in matrix["sources"]]
    if (out / "zh-hant" / "index.html").exists():
        assert "測試日報" in (out / "zh-hant" / "index.html").read_text("utf-8")
        assert "test-daily" in (out / "zh-hant" / "matrix.html").read_text("utf-8")


def test_add_refuses_a_duplicate_by_content(project, root, capsys):
    existing = project / "seeds" / "001_d2088688d25f1d74.txt"
    copy = project.parent / "same-bytes.txt"
    copy.write_bytes(existing.read_bytes())
    assert main(["--root", str(project), "add", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "same content as seeds/001_d2088688d25f1d74.txt" in err


def test_add_detects_the_encoding_of_a_big5_file(project, root, tmp_path):
    scrape = tmp_path / "big5.txt"
    scrape.write_bytes((root / FIXTURE).read_text("utf-8").encode("big5"))
    assert main(["--root", str(project), "add", str(scrape), "--slug", "big5-daily", "-q"]) == 0
    meta = yaml.safe_load((project / "content" / "sources" / "big5-daily.yaml").read_text("utf-8"))
    assert meta["title"] == "測試日報：半導體出口管制一年回顧"
    assert main(["--root", str(project), "build", "--out", str(tmp_path / "o"), "-q"]) == 0
    record = json.loads((tmp_path / "o" / "data" / "sources" / "big5-daily.json").read_text("utf-8"))
    assert record["encoding"] == "big5"


def test_add_rejects_a_bad_slug(project, root, capsys):
    assert main(["--root", str(project), "add", str(root / FIXTURE), "--slug", "../evil"]) == 1
    assert "must match" in capsys.readouterr().err


def test_build_warns_of_every_guess_still_marked_review(project, root, tmp_path, capsys):
    """An editor who builds before reviewing `add`'s guesses is told which lines still need a look."""
    assert main(["--root", str(project), "add", str(root / FIXTURE), "--slug", "test-daily"]) == 0
    yaml_path = project / "content" / "sources" / "test-daily.yaml"
    marked = [n for n, line in enumerate(yaml_path.read_text("utf-8").splitlines(), 1) if "# REVIEW" in line]
    capsys.readouterr()
    assert main(["--root", str(project), "build", "--out", str(tmp_path / "out"), "--no-cache"]) == 0
    err = capsys.readouterr().err
    for n in marked:
        assert f"test-daily.yaml:{n}: " in err and "REVIEW" in err
    # Once reviewed (the marks deleted), the warnings go.
    yaml_path.write_text(yaml_path.read_text("utf-8").replace("# REVIEW", "# checked"), "utf-8")
    assert main(["--root", str(project), "build", "--out", str(tmp_path / "out")]) == 0
    assert "REVIEW" not in capsys.readouterr().err


@pytest.mark.parametrize("line, author", [
    ("作者：李明", "李明"),                    # the plainest byline
    ("記者 王小明", "王小明"),                  # Traditional, a space for a colon
    ("【文/观察者网 齐倩】", "齐倩"),            # outlet before the name, in brackets
    ("撰文｜陈某", "陈某"),                      # a full-width bar
    ("文章来源：新华社", ""),                    # a source line names no author
    ("编译：张三、李四", ""),                    # two names: left for the editor
])
def test_add_guesses_the_author_from_a_byline(line, author):
    from duizhao.add import guess_author
    assert guess_author(["某某网 首页", line, "正文第一段。"]) == author
