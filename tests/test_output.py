"""The output folder: atomic swaps, refusal of dangerous targets, deterministic bytes."""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
sys.exit(main(["--root", sys.argv[1], "build", "--out", sys.argv[2], "-q", *sys.argv[3:]]))
"""


@pytest.mark.parametrize("delay", [0.15, 0.4])
def test_sigkill_midway_leaves_previous_site_intact(tmp_path, root, delay):
    out = tmp_path / "site"
    build(Project(root), out)
    before = snapshot(out)
    # --no-pins: other inputs than the site in `out`, so that the build really writes.
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(root), str(out), "--no-pins"])
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


# --- two builds into the same folder ----------------------------------------------

def _build_cmd(root: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, str(root / "site.py"), "build", "--out", str(out), *extra]


def _start_slow_build(root: Path, out: Path, *extra: str) -> subprocess.Popen:
    """A build that writes slowly, returned once its temporary folder exists."""
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(root), str(out), *extra],
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(out.parent.glob(f".{out.name}.new-*")):
        assert proc.poll() is None and time.monotonic() < deadline, "the slow build never started writing"
        time.sleep(0.01)
    return proc


@pytest.fixture(scope="module")
def sites(tmp_path_factory, root) -> dict[str, dict[str, bytes]]:
    """The real site built with and without pins: what a whole site looks like."""
    folder = tmp_path_factory.mktemp("reference")
    build(Project(root), folder / "pins")
    build(Project(root), folder / "no-pins", use_pins=False)
    return {"pins": snapshot(folder / "pins"), "no-pins": snapshot(folder / "no-pins")}


def test_a_second_build_waits_for_the_first(tmp_path, root, sites):
    out = tmp_path / "site"
    build(Project(root), out)
    first = _start_slow_build(root, out, "--no-pins")
    second = subprocess.run(_build_cmd(root, out), capture_output=True, text=True)
    assert first.wait() == 0, first.stderr.read()
    assert second.returncode == 0, second.stderr
    assert "waiting" in second.stderr
    assert snapshot(out) == sites["pins"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_no_wait_refuses_while_another_build_runs(tmp_path, root, sites):
    out = tmp_path / "site"
    build(Project(root), out)
    first = _start_slow_build(root, out, "--no-pins")
    second = subprocess.run(_build_cmd(root, out, "--no-wait"), capture_output=True, text=True)
    assert first.wait() == 0, first.stderr.read()
    assert second.returncode == 1
    assert len(second.stderr.strip().splitlines()) == 1 and "another build" in second.stderr
    assert "Traceback" not in second.stderr
    assert snapshot(out) == sites["no-pins"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_builds_at_once_leave_one_whole_site(tmp_path, root, sites):
    out = tmp_path / "site"
    for stagger in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        a = subprocess.Popen(_build_cmd(root, out, "-q"), stderr=subprocess.PIPE, text=True)
        time.sleep(stagger)
        b = subprocess.Popen(_build_cmd(root, out, "-q", "--no-pins"), stderr=subprocess.PIPE, text=True)
        assert (a.wait(), b.wait()) == (0, 0), a.stderr.read() + b.stderr.read()
        assert snapshot(out) in (sites["pins"], sites["no-pins"]), f"a damaged site, builds {stagger}s apart"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# --- no traceback, ever ------------------------------------------------------------

def test_ctrl_c_midway_exits_130_and_keeps_the_site(tmp_path, root):
    out = tmp_path / "site"
    build(Project(root), out)
    before = snapshot(out)
    proc = _start_slow_build(root, out, "--no-pins")
    proc.send_signal(signal.SIGINT)
    err = proc.stderr.read()
    assert proc.wait() == 130, err
    assert err.strip() == "interrupted; the previous site is unchanged"
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("port", ["0", "99999", "-1", "http"])
def test_serve_refuses_a_port_outside_the_range(root, port, capsys):
    from duizhao.cli import main

    assert main(["--root", str(root), "serve", "--port", port]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--port" in err and "Traceback" not in err


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path, root, capsys):
    import socket

    from duizhao.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["--root", str(root), "serve", "--port", str(port), "--out", str(tmp_path / "site")])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == f"error: port {port} is already in use on 127.0.0.1; stop the other server or choose another --port"


@pytest.mark.parametrize("target", ["static/site", "content/pages/site", "seeds/out", "templates/x", "."])
def test_refuses_output_inside_an_input_folder(tmp_path, root, target, capsys):
    from duizhao.cli import main
    from tests.test_bad_input import make_project

    project = make_project(tmp_path, root)
    before = snapshot(project)
    assert main(["--root", str(project), "build", "--out", str(project / target)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "refusing to build" in err, err
    assert snapshot(project) == before, "the site must not be copied into the project"


# --- what a seed can smuggle in, what the disk can refuse ------------------------------

def test_control_characters_in_a_seed_are_removed_and_recorded(tmp_path, root, capsys):
    import json

    from duizhao.cli import main
    from tests.test_bad_input import make_project

    project = make_project(tmp_path, root)
    seed = project / "seeds" / "one.txt"
    text = seed.read_text("utf-8")
    seed.write_text(text.replace("。", "。\x00\x1b[31m\x07", 1) + "\x0b末尾\x7f\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--root", str(project), "build", "--out", str(out), "-q"]) == 0
    for page in out.rglob("*"):
        if page.suffix in (".html", ".json", ".xml", ".txt"):
            body = page.read_text("utf-8")
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", body), page
    record = json.loads((out / "data" / "sources" / "one.json").read_text("utf-8"))
    assert record["control_characters_removed"] == 5  # NUL, ESC, BEL, VT, DEL
    assert "[31m" in "".join(p["text"] for p in record["paragraphs"])  # the visible text stays
    assert main(["check", str(out), "-q"]) == 0
    capsys.readouterr()

    # check catches a control character that reached a page some other way.
    page = out / "zh-hans" / "sources" / "one.html"
    page.write_text(page.read_text("utf-8").replace("</h1>", "\x00</h1>", 1), encoding="utf-8")
    assert main(["check", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "zh-hans/sources/one.html: line" in err and "control character U+0000" in err


@contextlib.contextmanager
def read_only(folder: Path):
    """Make a folder read-only to this process: its mode, or for root (whom modes do not stop)
    the immutable flag."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)],
                                                         capture_output=True).returncode:
        pytest.skip("this file system cannot make a folder read-only for root")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-R", "-i", str(folder.parent)], capture_output=True)


def _build_mini(tmp_path, root, *extra):
    from duizhao.cli import main
    from tests.test_bad_input import make_project

    project = tmp_path / "project" if (tmp_path / "project").is_dir() else make_project(tmp_path, root)
    return main(["--root", str(project), "build", "--out", str(tmp_path / "out"), *extra]), project


def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


def test_a_read_only_folder_in_the_old_site_is_cleaned_or_reported(tmp_path, root, capsys):
    assert _build_mini(tmp_path, root, "-q")[0] == 0
    out = tmp_path / "out"
    locked = out / "zh-hans" / "sources"
    with read_only(locked):
        (tmp_path / "project" / "content" / "pages" / "about.md").write_text(
            "---\ntitle:\n  zh-Hans: 关于\n  zh-Hant: 關於\n---\n新的关于页。\n", encoding="utf-8")
        code, _ = _build_mini(tmp_path, root, "-q")
        left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.old-"))
        err = capsys.readouterr().err.strip()
        assert "新的关于页" in (out / "zh-hans" / "pages" / "about.html").read_text("utf-8")
        # Either the old site is gone, or the build says where it is: never silently left behind.
        assert (code, left) == (0, []) or (code == 1 and len(left) == 1 and left[0] in err
                                           and "delete this folder by hand" in err), (code, left, err)


def test_a_read_only_output_folder_is_one_line(tmp_path, root, capsys):
    assert _build_mini(tmp_path, root, "-q")[0] == 0
    out = tmp_path / "out"
    before = snapshot(out)
    with read_only(out):
        code, _ = _build_mini(tmp_path, root, "--no-pins")
    err = _one_line(capsys)
    if code == 0:  # the output folder itself was read-only, its parent is not: the swap works
        assert snapshot(out) != before and (out / MARKER).is_file()
    else:
        assert code == 1 and "cannot write here" in err and "the previous site is unchanged" in err, err
        assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


def test_a_read_only_parent_folder_is_one_line(tmp_path, root, capsys):
    parent = tmp_path / "public"
    parent.mkdir()
    from duizhao.cli import main
    from tests.test_bad_input import make_project

    project = make_project(tmp_path, root)
    with read_only(parent):
        code = main(["--root", str(project), "build", "--out", str(parent / "site")])
        err = _one_line(capsys)
        assert code == 1 and "cannot write here" in err and str(parent) in err, err
        assert list(parent.iterdir()) == []


def test_a_read_only_cache_is_one_line(tmp_path, root, capsys):
    from tests.test_bad_input import make_project

    make_project(tmp_path, root)
    cache = tmp_path / "project" / ".cache" / "duizhao"
    cache.mkdir(parents=True)
    with read_only(cache):
        code, _ = _build_mini(tmp_path, root)
        err = _one_line(capsys)
    assert code == 1 and "--no-cache" in err and ".cache" in err, err
    assert not (tmp_path / "out").exists()


def test_a_full_disk_is_one_line_and_keeps_the_site(tmp_path, root, capsys, monkeypatch):
    import errno
    import pathlib

    assert _build_mini(tmp_path, root, "-q")[0] == 0
    out = tmp_path / "out"
    before = snapshot(out)
    written = []
    real = pathlib.Path.write_bytes

    def fill_up(self, data):
        written.append(self)
        if len(written) > 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", fill_up)
    code, _ = _build_mini(tmp_path, root, "--no-cache")  # writes every file again
    err = _one_line(capsys)
    assert code == 1 and "no space left on the disk" in err and "the previous site is unchanged" in err, err
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


# --- data files made one row at a time read as if made whole -------------------------------

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                     max_leaves=10)


@given(st.dictionaries(st.text(max_size=6), st.tuples(st.booleans(), st.lists(_JSON, max_size=4)), min_size=1, max_size=4))
def test_a_data_file_streamed_row_by_row_has_the_bytes_of_one_dumped_whole(fields):
    """matrix.json, figures.json and alignments.json make their long lists one row at a
    time: a reader of the contract must not be able to tell."""
    from duizhao.data import Rows, dump

    whole = {key: rows for key, (_, rows) in fields.items()}
    streamed = {key: Rows(lambda rows=rows: iter(rows)) if lazy else rows for key, (lazy, rows) in fields.items()}
    assert dump(streamed) == dump(whole)
    assert json.loads(dump(streamed)) == whole
