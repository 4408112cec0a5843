"""The editor's loop in a real browser: serve, edit, see the page update; break, see the banner; fix."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def served(tmp_path, root):
    project = tmp_path / "project"
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(root / name, project / name)
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(root / "site.py"), "--root", str(project), "serve",
                             "--port", str(port), "--out", str(tmp_path / "build")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if "serving" in line:
            break
        if proc.poll() is not None:
            pytest.fail("serve exited early")
    yield project, f"http://127.0.0.1:{port}/", proc
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_edit_reload_break_banner_fix(browser, served):
    from playwright.sync_api import expect

    project, base, proc = served
    page = browser.new_page()
    page.goto(base + "zh-hant/sources/modern-tv-dulan.html")
    h1 = page.locator("h1")
    assert "杜蘭說AI" in h1.inner_text()
    yaml_path = project / "content" / "sources" / "modern-tv-dulan.yaml"
    original = yaml_path.read_text("utf-8")

    # Edit the title: the open page updates by itself, with no manual reload.
    yaml_path.write_text(re.sub(r"^title: .*$", "title: 即時更新的標題", original, flags=re.M), encoding="utf-8")
    expect(page.locator("h1")).to_contain_text("即時更新的標題", timeout=20000)

    # Break the YAML: the page shows the error banner and the last good site stays.
    yaml_path.write_text(original.replace("slug: modern-tv-dulan", "slug: [unclosed"), encoding="utf-8")
    page.wait_for_selector("#dev-banner:not([hidden])", timeout=20000)
    banner = page.locator("#dev-banner").inner_text()
    assert "modern-tv-dulan.yaml" in banner and "malformed YAML" in banner
    assert "即時更新的標題" in page.locator("h1").inner_text()

    # Fix it: the page recovers, banner gone.
    yaml_path.write_text(original, encoding="utf-8")
    expect(page.locator("h1")).to_contain_text("杜蘭說AI", timeout=20000)
    expect(page.locator("#dev-banner")).to_be_hidden(timeout=20000)
    page.close()


def test_ctrl_c_stops_the_server_cleanly(served):
    import signal

    _, _, proc = served
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 0
