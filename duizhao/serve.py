"""Live-reload server around build(): watch the inputs, rebuild on change, reload the tabs.

A failed rebuild prints the error (file and line) and leaves the last good site in
place; the pages show the error as a banner, read from _duizhao/status.json.
"""
from __future__ import annotations

import errno
import hashlib
import json
import socket
import sys
import time
from pathlib import Path
from typing import Callable

from .build import Project, build
from .errors import SiteError
from .write import output_lock

WATCHED = ("seeds", "content", "templates", "static")
QUIET_SECONDS = 0.25  # a burst of saves ends when nothing has changed for this long
STATUS = "_duizhao/status.json"


def input_files(project: Project) -> list[Path]:
    """Every file the build reads."""
    files = []
    for name in WATCHED:
        folder = project.root / name
        if folder.is_dir():
            files += [p for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")]
    return files


def inputs_hash(project: Project) -> str:
    """A content hash of every input: equal hashes mean nothing worth rebuilding changed."""
    h = hashlib.sha256()
    for p in input_files(project):
        h.update(p.relative_to(project.root).as_posix().encode() + b"\0")
        try:
            h.update(hashlib.sha256(p.read_bytes()).digest())
        except OSError:
            h.update(b"<gone>")
    return h.hexdigest()


def wait_for_quiet(project: Project, quiet: float = QUIET_SECONDS, limit: float = 5.0) -> None:
    """Return once no input has changed for `quiet` seconds: one burst, one rebuild."""
    def stamp() -> tuple:
        return tuple((str(p), p.stat().st_mtime_ns) for p in input_files(project) if p.exists())

    deadline = time.monotonic() + limit
    last = stamp()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = stamp()
        if now == last:
            return
        last = now


class Rebuilder:
    """Builds on demand, skipping builds whose inputs hash the same as the last attempt."""

    def __init__(self, project: Project, out: Path, log: Callable[[str], None] = print):
        self.project, self.out, self.log = project, out, log
        self.last_hash: str | None = None
        self.builds = 0

    def __call__(self) -> None:
        wait_for_quiet(self.project)
        digest = inputs_hash(self.project)
        if digest == self.last_hash:
            return
        self.last_hash = digest
        self.builds += 1
        try:
            # The stage cache is shared with `build`: a rebuild redoes only what the change affects.
            report = build(self.project, self.out, dev=True, cache_dir=self.project.root / ".cache" / "duizhao",
                           on_wait=self.log)
        except SiteError as e:
            self.log(f"error: {e}")
            self._status({"ok": False, "error": str(e)})
            return
        self.log(f"rebuilt {report.sources} sources, {report.files} files in {report.seconds:.2f}s")
        self._status({"ok": True, "error": None})

    def _status(self, status: dict) -> None:
        """Tell open pages whether the last rebuild worked (the banner reads this)."""
        path = self.out / STATUS
        with output_lock(self.out):  # not while another build swaps the folder
            if self.out.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")


def _site_files(handler: type) -> type:
    """livereload's file handler, answering a missing page with the site's own 404 page."""
    class SiteFiles(handler):
        def write_error(self, status_code: int, **kwargs) -> None:
            page = Path(self.root) / "404.html"
            if status_code != 404 or not page.is_file():
                return super().write_error(status_code, **kwargs)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page.read_bytes())

    return SiteFiles


def serve(project: Project, out: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Build, then serve `out` with live reload until Ctrl-C; return the exit code."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler, StaticFileHandler
    from livereload.server import LiveScriptInjector

    # livereload ignores any reload within 3 s of the last one, which would swallow the
    # reload after a quick fix. Bursts are already debounced here (quiet period and
    # content hash), so a short guard is enough.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0.5
    # The pages load livereload.js through static/dev.js, which the CSP allows; livereload's
    # own inline <script>, injected into every page, would only be blocked and logged.
    LiveScriptInjector.transform_first_chunk = lambda self, status, headers, chunk, finishing: (status, headers, chunk)

    try:
        problem = port_problem(host, port)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1
        rebuild = Rebuilder(project, out, log=lambda m: print(m, file=sys.stderr, flush=True))
        rebuild()
        if not out.is_dir():
            print("error: the first build failed; fix the error above and run serve again", file=sys.stderr)
            return 1
        server = Server()
        server.SFH = _site_files(StaticFileHandler)
        for name in WATCHED:
            if (project.root / name).exists():
                server.watch(str(project.root / name), rebuild)
        print(f"serving {out} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
        try:
            server.serve(host=host, port=port, root=str(out), open_url_delay=None)
        except OSError as e:  # another server took the port since the check above
            print(f"error: cannot listen on {host}:{port} ({e.strerror or e}); "
                  f"stop the other server or choose another --port", file=sys.stderr)
            return 1
    except KeyboardInterrupt:  # Ctrl-C is how an editor stops serve, at any moment
        pass
    print("stopped", flush=True)
    return 0


def port_problem(host: str, port: int) -> str | None:
    """Why serve cannot listen on host:port (in use, unknown address), or None if it can."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as e:
        return f"cannot listen on {host}:{port}: unknown address ({getattr(e, 'strerror', None) or e})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself does
        try:
            s.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return f"port {port} is already in use on {host}; stop the other server or choose another --port"
            return f"cannot listen on {host}:{port} ({e.strerror or e}); choose another --host or --port"
    return None
