"""One folder per bad input under tests/bad_input/: each must fail the build with a
one-line error naming the file (and line), exit code 1, and leave the last good site
exactly as it was.

A case folder holds `overlay/` (files laid over the small fixture project in
tests/fixtures/mini/) and `case.yaml`: `file` (the path the message must name),
`says` (text the message must contain), optional `line`, `remove` (paths to delete),
`links` (path in the project -> the file it links to; a relative target is a file beside
the project, which the test writes) and `fifos` (paths to make named pipes).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from duizhao.cli import main

HERE = Path(__file__).resolve().parent
CASES = sorted(p.name for p in (HERE / "bad_input").iterdir() if (p / "case.yaml").is_file())


def make_project(tmp_path: Path, root: Path) -> Path:
    """A copy of the mini fixture project, with the real topics if it has none."""
    project = tmp_path / "project"
    shutil.copytree(HERE / "fixtures" / "mini", project)
    for name in ("topics.yaml",):
        if (root / "content" / name).is_file() and not (project / "content" / name).exists():
            shutil.copy(root / "content" / name, project / "content" / name)
    for name in ("templates", "static"):
        shutil.copytree(root / name, project / name)
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_fixture_project_builds(tmp_path, root):
    project = make_project(tmp_path, root)
    assert main(["--root", str(project), "build", "--out", str(tmp_path / "out"), "-q"]) == 0


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_clearly_and_keeps_last_site(case, tmp_path, root, capsys):
    spec = yaml.safe_load((HERE / "bad_input" / case / "case.yaml").read_text("utf-8"))
    project = make_project(tmp_path, root)
    out = tmp_path / "out"
    assert main(["--root", str(project), "build", "--out", str(out), "-q"]) == 0
    before = snapshot(out)
    capsys.readouterr()

    if (HERE / "bad_input" / case / "overlay").is_dir():
        shutil.copytree(HERE / "bad_input" / case / "overlay", project, dirs_exist_ok=True)
    for rel in spec.get("remove", []):
        (project / rel).unlink()
    for rel, target in (spec.get("links") or {}).items():
        if not target.startswith("/"):
            target = tmp_path / target
            target.write_text("SECRET=outside the project\n", encoding="utf-8")
        (project / rel).unlink(missing_ok=True)
        (project / rel).symlink_to(target)
    for rel in spec.get("fifos", []):
        (project / rel).unlink(missing_ok=True)
        os.mkfifo(project / rel)
    code = main(["--root", str(project), "build", "--out", str(out)])
    err = capsys.readouterr().err.strip()

    assert code == 1, err
    assert len(err.splitlines()) == 1, f"one line per problem, got:\n{err[:2000]}"
    assert len(err) < 500, f"a readable line, not {len(err)} characters: {err[:300]}"
    assert str(project / spec["file"]) in err, err
    if "line" in spec:
        assert f"{spec['file']}:{spec['line']}" in err, err
    assert spec["says"] in err, err
    assert "Traceback" not in err
    assert snapshot(out) == before, "a failed build must leave the previous site untouched"
    assert not list(out.parent.glob(".out.*")), "no half-written folders are left behind"


@pytest.mark.parametrize("slug", ["abc\n", "abc-", "ABC", "a" * 101])
def test_add_refuses_a_bad_slug(tmp_path, root, slug, capsys):
    project = make_project(tmp_path, root)
    scrape = tmp_path / "scrape.txt"
    scrape.write_text("芯片出口管制的第二年\n\n美国继续收紧对华芯片出口。\n", encoding="utf-8")
    before = snapshot(project)
    assert main(["--root", str(project), "add", str(scrape), "--slug", slug]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "must match ^[a-z0-9-]+$" in err, err
    assert snapshot(project) == before, "a refused slug writes nothing"


def test_yaml_reads_the_same_through_libyaml_as_through_the_checking_loader(root):
    """Plain YAML is read by libyaml for speed; it must give exactly what the checking
    loader gives (values, dates, and the line of every mapping), and every refused or
    broken case must still reach the checking loader."""
    from duizhao import load

    files = sorted(root.glob("content/**/*.yaml")) + sorted((HERE / "fixtures").rglob("*.yaml"))
    assert len(files) > 5
    for path in files:
        text = path.read_text("utf-8")
        assert load._plain(text), path
        assert yaml.load(text, Loader=load._FastLoader) == yaml.load(text, Loader=load._LineLoader), path
    for case in ("yaml-alias", "yaml-alias-bomb", "yaml-deep-nesting", "duplicate-key", "malformed-yaml"):
        texts = [p.read_text("utf-8") for p in (HERE / "bad_input" / case / "overlay").rglob("*.yaml")]
        assert texts, case
        assert not all(load._plain(t) and _fast_reads(t) for t in texts), case


def _fast_reads(text: str) -> bool:
    from duizhao import load

    try:
        yaml.load(text, Loader=load._FastLoader)
        return True
    except Exception:
        return False
