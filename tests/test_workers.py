"""The build's worker processes: results come back whole and in order, errors come back
naming the file, and a stage run apart leaves its memory behind."""
from __future__ import annotations

import os

import pytest

from duizhao import workers
from duizhao.errors import ContentError

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="this system cannot fork")


def test_fork_imap_keeps_order_across_renewed_workers():
    items = list(range(40))
    got = list(workers.fork_imap(lambda i: (i * i, os.getpid()), items, 2, chunk=2, least=1, renew=1))
    assert [square for square, _ in got] == [i * i for i in items]
    pids = {pid for _, pid in got}
    assert os.getpid() not in pids, "the work was done in worker processes"
    # Twenty chunks, one per worker life: far more processes than the two alive at once.
    assert len(pids) > 2


def test_fork_call_returns_the_result_from_another_process():
    value, pid = workers.fork_call(lambda: ({"pairs": [1, 2, 3]}, os.getpid()))
    assert value == {"pairs": [1, 2, 3]}
    assert pid != os.getpid()


def test_fork_call_reports_an_editors_error_with_its_file_and_line():
    def bad():
        raise ContentError("content/alignments.yaml", "pin names an unknown source", line=4)

    with pytest.raises(ContentError) as caught:
        workers.fork_call(bad)
    assert str(caught.value) == "content/alignments.yaml:4: pin names an unknown source"


KEPT: list = []  # what a stage leaves behind on purpose or not: memos, interned strings


def stage() -> int:
    """A stage that makes 2 million small objects, keeps one in a thousand, and returns a count.
    The few it keeps pin the memory of the rest: done in the build's own process, about 300 MB
    stay there for good."""
    made = [str(i) * 20 for i in range(2_000_000)]
    KEPT.extend(made[::1000])
    return len(made)


def rss_mb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20


def test_memory_a_stage_allocates_apart_never_enters_the_build():
    before = rss_mb()
    assert workers.fork_call(stage) == 2_000_000
    assert KEPT == [], "what the stage kept stayed in its own process"
    assert rss_mb() - before < 50


def test_files_that_read_every_source_are_made_in_the_build_process(tmp_path):
    """The data files and the sitemap read every source: made in a worker, they would make
    it copy the build's memory page by page. The write stage makes them itself."""
    from duizhao.render import Planned
    from duizhao.write import write_site

    def made_by() -> bytes:
        return str(os.getpid()).encode()

    plan = [Planned(f"page-{i}.html", None, made_by) for i in range(64)]
    plan.append(Planned("data/matrix.json", None, made_by, here=True))
    write_site(tmp_path / "site", plan, workers=2)
    makers = {int((tmp_path / "site" / p.path).read_text()) for p in plan[:-1]}
    assert os.getpid() not in makers, "the pages were made by workers"
    assert int((tmp_path / "site" / "data" / "matrix.json").read_text()) == os.getpid()


def test_the_build_plans_the_site_wide_files_to_be_made_here(tmp_path, root, monkeypatch):
    from duizhao import render
    from duizhao.build import Project, build

    made_here = []
    original = render.Planned

    def spy(*args, **kwargs):
        item = original(*args, **kwargs)
        if item.here:
            made_here.append(item.path)
        return item

    monkeypatch.setattr(render, "Planned", spy)
    build(Project(root), tmp_path / "site")
    assert {"data/matrix.json", "data/figures.json", "data/alignments.json", "sitemap.xml"} <= set(made_here)
    assert not [path for path in made_here if path.endswith(".html")], "pages are made by workers"
