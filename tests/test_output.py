"""The output folder: atomic swaps, refusal of dangerous targets, deterministic bytes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from duizhao.build import Project, build
from duizhao.errors import OutputError
from duizhao.write import MARKER


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path, root):
    build(Project(root), tmp_path / "a")
    build(Project(root), tmp_path / "b")
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a.keys() == b.keys() and len(a) > 5
    assert [k for k in a if a[k] != b[k]] == []


def test_output_does_not_depend_on_locale_or_hash_seed(tmp_path, root):
    outs = []
    for i, env in enumerate([{"PYTHONHASHSEED": "1", "LC_ALL": "C"}, {"PYTHONHASHSEED": "999", "LC_ALL": "C.UTF-8"}]):
        out = tmp_path / f"o{i}"
        subprocess.run([sys.executable, str(root / "site.py"), "build", "--out", str(out), "-q"],
                       check=True, env={**os.environ, **env})
        outs.append(snapshot(out))
    assert outs[0] == outs[1]


@pytest.mark.parametrize("target", [".", "content", "seeds", "templates", ".."])
def test_refuses_dangerous_targets(root, target):
    with pytest.raises(OutputError, match="refusing"):
        build(Project(root), root / target)


def test_refuses_a_folder_duizhao_did_not_make(tmp_path, root):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("precious")
    with pytest.raises(OutputError, match="not made by duizhao"):
        build(Project(root), tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "precious"


def test_rebuilds_over_its_own_output(tmp_path, root):
    out = tmp_path / "site"
    build(Project(root), out)
    (out / "stale.html").write_text("old")
    build(Project(root), out)
    assert (out / MARKER).is_file() and not (out / "stale.html").exists()


SLOW_BUILD = """
import sys, time, pathlib
orig = pathlib.Path.write_bytes
def slow(self, data):
    time.sleep(0.02)
    return orig(self, data)
pathlib.Path.write_bytes = slow
sys.path.insert(0, sys.argv[1])
from duizhao.cli import main
sys.exit(main(["--root", sys.argv[1], "build", "--out", sys.argv[2], "-q"]))
"""


@pytest.mark.parametrize("delay", [0.15, 0.4])
def test_sigkill_midway_leaves_previous_site_intact(tmp_path, root, delay):
    out = tmp_path / "site"
    build(Project(root), out)
    before = snapshot(out)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(root), str(out)])
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(out) == before
    # The next build sweeps the half-written folder away and succeeds.
    build(Project(root), out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_long_builds_report_progress(tmp_path, root, monkeypatch):
    import duizhao.build as build_module

    monkeypatch.setattr(build_module, "PROGRESS_FROM", 1)  # the real site is small; pretend it is long
    lines: list[str] = []
    build(Project(root), tmp_path / "site", progress=lines.append)
    assert lines[0] == "cleaning 5 sources"
    assert any(line.startswith("writing ") for line in lines)


def test_short_builds_stay_quiet(tmp_path, root):
    lines: list[str] = []
    build(Project(root), tmp_path / "site", progress=lines.append)
    assert lines == []
