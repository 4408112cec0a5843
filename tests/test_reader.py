"""What a Chinese reader sees: no spam or contact data republished, Chinese labels
everywhere, honest links to the original, and share titles that name the outlet."""
from __future__ import annotations

import inspect
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from duizhao import clean, furniture
from duizhao.build import Project, build
from duizhao.ui import REASONS

from .htmltags import elements

SPAM_SLUG = "netease-minhong"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.I)


@pytest.fixture(scope="module")
def built(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("reader") / "site"
    build(Project(root), out)
    return out


def text_files(out: Path):
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt"):
            yield p, p.read_text("utf-8")


def spam_phrases(root: Path) -> list[str]:
    """The phrases of the seed's keyword-stuffing lines, as the cleaner finds them."""
    seed = next(p for p in (root / "seeds").iterdir() if p.name.startswith("003_"))
    lines = [ln for ln in seed.read_text("utf-8").splitlines() if clean.is_spam(ln)]
    assert lines, "the seed holds spam"
    return sorted({w for ln in lines for w in re.split(r"[,，|:：\s]+", ln) if len(w) >= 3 and clean.is_spam(w * 3)})


def test_spam_and_contact_data_are_never_republished(built, root):
    phrases = spam_phrases(root)
    assert len(phrases) >= 5
    for path, text in text_files(built):
        where = path.relative_to(built)
        assert not [p for p in phrases if p in text], f"{where} republishes spam"
        assert not EMAIL.findall(text), f"{where} republishes an e-mail address: {EMAIL.findall(text)}"


def test_withheld_removals_say_why_and_how_much(built):
    record = json.loads((built / "data" / "sources" / f"{SPAM_SLUG}.json").read_text("utf-8"))
    withheld = [r for r in record["removed"] if r["withheld"]]
    assert {r["withheld"] for r in withheld} == {"spam", "contact data"}
    for r in withheld:
        assert r["text"] == "[withheld]" and r["lines"] >= 1 and r["chars"] > 10
    kept = [r for r in record["removed"] if not r["withheld"]]
    assert any(r["reason"] == "share widget" and r["text"] == "分享至" for r in kept), "the rest stays as it is"
    assert all(set(r) >= {"reason", "text", "withheld", "lines", "chars"} for r in record["removed"])
    page = (built / "zh-hans" / "sources" / f"{SPAM_SLUG}.html").read_text("utf-8")
    assert "垃圾广告，不予转载：共 1 行，" in page and "个人联系方式，不予转载" in page


def cleaner_reasons() -> set[str]:
    """Every reason key the cleaning stage can write into a record."""
    found = {why for _, why in clean._JUNK_LINES} | {why for _, why in clean._INLINE_JUNK}
    for module in Path(clean.__file__).parent.glob("*.py"):
        source = module.read_text("utf-8")
        found |= set(re.findall(r'Removal\("([^"]+)"', source))
    source = Path(clean.__file__).read_text("utf-8")
    found |= set(re.findall(r'reason = "([^"]+)"', source))
    for judge in (clean.classify_junk, clean._tail_reason):
        found |= set(re.findall(r'return "([^"]+)"', inspect.getsource(judge)))
    # The classifier's fixed reason keys are its upper-case string constants.
    found |= {v for k, v in vars(furniture).items()
              if k.isupper() and isinstance(v, str) and re.fullmatch(r"[A-Za-z][\w ,'()-]+", v)}
    return found


def test_every_record_reason_has_a_chinese_label():
    reasons = cleaner_reasons()
    assert {"spam", "byline", "platform disclaimer", "view counter", "e-mail line"} <= reasons
    assert reasons <= set(REASONS), sorted(reasons - set(REASONS))
    assert not [v for v in REASONS.values() if re.search("[A-Za-z]", v)]


def visible_text(html: str) -> str:
    """Text and tooltips of a page, without markup, scripts or original-language spans."""
    html = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", html, flags=re.S)
    titles = " ".join(re.findall(r'\stitle="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + titles


def test_record_headings_topic_descriptions_and_root_are_chinese(built):
    for script in ("hans", "hant"):
        source = (built / f"zh-{script}" / "sources" / f"{SPAM_SLUG}.html").read_text("utf-8")
        headings = re.findall(r'<h3 class="reason">(.*?)</h3>', source)
        assert len(headings) >= 10 and not [h for h in headings if re.search("[A-Za-z]", h)], headings
        for topic in (built / f"zh-{script}" / "topics").glob("*.html"):
            html = topic.read_text("utf-8")
            lede = re.search(r'<p class="lede"[^>]*>(.*?)</p>', html).group(1)
            assert re.search(r"[\u4e00-\u9fff]{4}", lede) and not re.search(r"[a-z]{3}", lede), (topic.name, lede)
            assert 'lang="en"' not in html
    root = (built / "index.html").read_text("utf-8")
    assert not re.search(r"[A-Za-z]{3}", re.sub(r"<[^>]+>", "", root).replace("AI", "")), "root page in Chinese"
    matrix = json.loads((built / "data" / "matrix.json").read_text("utf-8"))
    assert all(isinstance(t["description"], str) and set(t["descriptions"]) >= {"zh-Hans", "zh-Hant"}
               for t in matrix["topics"])


def test_tooltips_show_no_raw_ids(built):
    for path in built.glob("zh-*/**/*.html"):
        titles = re.findall(r'\stitle="([^"]*)"', path.read_text("utf-8"))
        assert not [t for t in titles if re.search(r"[a-z]+-{1,2}[a-z]+|OpenCC|s2t|t2s", t)], (path.name, titles)


def test_links_say_what_they_lead_to(built):
    for script in ("hans", "hant"):
        page = (built / f"zh-{script}" / "sources" / "guancha-marcus.html").read_text("utf-8")
        assert "原文可查" not in page and "原文可查" not in page
        assert 'class="unknown"' in page, "an unknown original address says so"
        cell = (built / f"zh-{script}" / "cells" / "chips--guancha-marcus.html").read_text("utf-8")
        assert ("在本站整理稿中阅读" if script == "hans" else "在本站整理稿中閱讀") in cell
        assert "在原文中" not in cell


def test_a_known_original_address_is_linked_as_the_original(tmp_path, root):
    project = tmp_path / "project"
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(root / name, project / name)
    meta = project / "content" / "sources" / "guancha-marcus.yaml"
    meta.write_text(re.sub(r"(?m)^url: .*$", "url: https://www.example.org/article.html", meta.read_text("utf-8")),
                    encoding="utf-8")
    out = tmp_path / "site"
    build(Project(project), out)
    page = (out / "zh-hans" / "sources" / "guancha-marcus.html").read_text("utf-8")
    links = [a for tag, a in elements(page) if tag == "a" and a.get("href") == "https://www.example.org/article.html"]
    assert links and 'class="unknown"' not in page
    assert "阅读原始出版物" in page
    cell = (out / "zh-hans" / "cells" / "chips--guancha-marcus.html").read_text("utf-8")
    assert "https://www.example.org/article.html" in cell and "阅读原始出版物" in cell


def test_no_source_url_is_guessed(root):
    for meta in (root / "content" / "sources").glob("*.yaml"):
        data = yaml.safe_load(meta.read_text("utf-8"))
        seed = (root / "seeds" / data["seed"]).read_bytes().decode("utf-8", "replace")
        assert data["url"] is None or data["url"] in seed, f"{meta.name}: url not stated by its seed"


def test_share_page_title_names_topic_outlet_and_title(built):
    page = (built / "zh-hans" / "cells" / "chips--guancha-marcus.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title.startswith("「芯片」 · 观察者网 · 美国AI专家"), title
    og = re.search(r'property="og:title" content="([^"]*)"', page).group(1)
    assert og.startswith("「芯片」 · 观察者网 · "), og
