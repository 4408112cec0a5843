"""Content never runs code: hostile seeds, YAML and Markdown build into inert pages."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from duizhao.build import Project, build

from .htmltags import elements

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, root):
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(HERE / "fixtures" / "hostile", project)
    for name in ("templates", "static"):
        if (root / name).is_dir():
            shutil.copytree(root / name, project / name)
    if (root / "content" / "topics.yaml").is_file():
        shutil.copy(root / "content" / "topics.yaml", project / "content" / "topics.yaml")
    out = project.parent / "site"
    build(Project(project), out)
    return out


def test_no_script_runs_from_content(hostile_site):
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for tag, attrs in elements(page.read_text("utf-8")):
            where = f"{page.relative_to(hostile_site)}: <{tag}>"
            if tag == "script":
                assert re.fullmatch(r"[./]*static/(site|search)\.js", attrs.get("src") or ""), f"{where} {attrs}"
            assert not [a for a in attrs if a.startswith("on")], f"{where} has an event handler"
            for key in ("href", "src", "action"):
                value = (attrs.get(key) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), f"{where} {key}={value}"
            if tag == "img":  # only the site's own share cards, on the editors' contact sheet
                assert re.fullmatch(r"(\.\./)*cards/zh-han[st]/[a-z0-9-]+\.png", attrs.get("src") or ""), where
                continue
            assert tag not in ("svg", "iframe", "object", "embed"), f"{where} came from content"


def test_hostile_text_is_kept_as_text_in_data(hostile_site):
    record = (hostile_site / "data" / "sources" / "evil.json").read_text("utf-8")
    # The words around the markup survive; the markup itself is stripped as HTML debris.
    assert "出口管制" in record and "onerror" not in record.split('"paragraphs"')[1].split('"removed"')[0]


def test_every_page_has_a_content_security_policy(hostile_site):
    pages = list(hostile_site.rglob("*.html"))
    if not pages:
        pytest.skip("no HTML pages are rendered yet")
    for page in pages:
        html = page.read_text("utf-8")
        m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert m, f"{page}: no CSP"
        assert "'unsafe-inline'" not in m.group(1) and "script-src 'self'" in m.group(1), m.group(1)
