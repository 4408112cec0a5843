"""The rebuild loop behind `serve`: one rebuild per burst of saves, errors kept, last good site kept."""
from __future__ import annotations

import json
import shutil
import threading
import time

from duizhao.build import Project
from duizhao.serve import STATUS, Rebuilder


def copy_project(tmp_path, root):
    project = tmp_path / "project"
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(root / name, project / name)
    return Project(project)


def test_a_burst_of_saves_causes_one_rebuild(tmp_path, root):
    project = copy_project(tmp_path, root)
    logs: list[str] = []
    rebuild = Rebuilder(project, tmp_path / "out", log=logs.append)
    rebuild()
    assert rebuild.builds == 1

    about = project.content / "pages" / "about.md"
    text = about.read_text("utf-8")

    def burst():
        for i in range(5):  # five saves, 50 ms apart
            about.write_text(text + f"\n第{i}次保存。\n", encoding="utf-8")
            time.sleep(0.05)

    writer = threading.Thread(target=burst)
    writer.start()
    time.sleep(0.02)
    rebuild()  # the watcher noticed the first save
    writer.join()
    rebuild()  # and the later ones: same content, nothing to do
    assert rebuild.builds == 2
    assert "第4次保存" in (tmp_path / "out" / "zh-hans" / "pages" / "about.html").read_text("utf-8")


def test_failed_rebuild_keeps_last_site_and_reports(tmp_path, root):
    project = copy_project(tmp_path, root)
    logs: list[str] = []
    out = tmp_path / "out"
    rebuild = Rebuilder(project, out, log=logs.append)
    rebuild()
    page = (out / "zh-hans" / "matrix.html").read_bytes()
    (project.content / "topics.yaml").write_text("topics: [unclosed\n", encoding="utf-8")
    rebuild()
    assert (out / "zh-hans" / "matrix.html").read_bytes() == page
    status = json.loads((out / STATUS).read_text("utf-8"))
    assert status["ok"] is False and "topics.yaml:1" in status["error"]
    assert logs[-1].startswith("error: ") and "topics.yaml" in logs[-1]
