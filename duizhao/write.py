"""Atomic output: write everything into a temporary folder beside the target, then swap.

The only stage that writes to disk. A build that fails or is killed midway leaves the
previous output exactly as it was: the old folder is only replaced by a rename.
One build at a time owns an output folder: it holds an exclusive lock on a file
beside it, from the sweep of leftovers to the swap.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

from .errors import OutputError
from .workers import fork_imap

CHUNK = 64  # files per task handed to a worker process, at most
# A render worker is forked afresh after this many files: a worker's memory grows with
# what it renders (the views it keeps, the build's pages it touches). At 5,000 sources,
# with the cache warm and the site written afresh: every 512 files, a peak of 1,325 MB
# and 201 s; every 128, 1,107 MB and 208 s; every 64, 1,073 MB and 230 s.
RENEW = 128
SHARE = 8  # ... and at least this many tasks per worker: an edit's few files, some slow (the
# pages and data that span the site), are spread over every worker rather than handed to one
MARKER = ".duizhao-build"  # present in every folder duizhao wrote; nothing else is overwritten
# The marker holds a manifest: the hash of the inputs that made the site, and of each file.


def read_manifest(out: Path) -> Optional[dict]:
    """The manifest of the site in `out`, or None if there is no readable one."""
    try:
        manifest = json.loads((out / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("files"), dict) else None


def check_target(out: Path, project: Path) -> None:
    """Refuse output folders whose replacement would destroy work."""
    out, project = out.resolve(), project.resolve()
    protected = {project, project / "content", project / "seeds", project / "templates",
                 project / "static", project / "tests", Path(out.anchor)}
    if out in protected or out in project.parents or project.is_relative_to(out):
        raise OutputError(str(out), "refusing to build here: it would replace project files; "
                                    "choose a folder such as build/")
    for name in ("content", "seeds", "templates", "static"):
        if out.is_relative_to(project / name):
            # The site would be read back as input: static/site grows by a copy of itself every build.
            raise OutputError(str(out), f"refusing to build inside {name}/: the build reads that folder; "
                                        "choose a folder such as build/")
    if out.is_file():
        raise OutputError(str(out), "is a file; choose a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputError(str(out), f"is not empty and was not made by duizhao (no {MARKER}); "
                                    "choose an empty or new folder")


def lock_path(out: Path) -> Path:
    """The lock file beside `out`: whoever holds it owns `out` and its temporary folders."""
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def output_lock(out: Path, wait: bool = True, on_wait: Optional[Callable[[str], None]] = None) -> Iterator[None]:
    """Hold the exclusive lock on `out` while the block runs.

    If another build holds it, wait for that build to finish (telling `on_wait`), or
    with `wait=False` raise OutputError. The lock is released when the process ends,
    however it ends, so a killed build never blocks the next one.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(out)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_pid(fd)
                who = f"another build (process {holder})" if holder else "another build"
                if not wait:
                    raise OutputError(str(out), f"{who} is writing this folder; wait for it to finish, "
                                                "or build without --no-wait") from None
                if on_wait is not None:
                    on_wait(f"{who} is writing {out}; waiting for it to finish")
                fcntl.flock(fd, fcntl.LOCK_EX)
            # The previous holder deletes the file as it finishes: only a lock on the file
            # that is there now counts.
            if _same_file(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, b"%d\n" % os.getpid())
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _read_pid(fd: int) -> Optional[int]:
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError):
        return None


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def count_pages(files) -> int:
    """How many of these site-relative paths are HTML pages."""
    return sum(1 for rel in files if rel.endswith(".html"))


@dataclass(frozen=True)
class Written:
    """What write_site made."""

    files: int  # every file of the new site, the search index included (not the manifest)
    pages: int  # the HTML pages among them
    written: int  # files whose bytes changed; the rest were linked from the previous site


def write_site(out: Path, plan, inputs: str = "", index=None, reuse: bool = True, workers: int = 1,
               previous: Optional[dict] = None) -> Written:
    """Carry out `plan` (render.Planned items) as the new content of `out`, atomically.

    With `reuse`, a file whose key is the one the previous site recorded for it is
    hard-linked from there without being made again, and a made file whose bytes are
    unchanged is linked too. `previous` is the manifest of `out`, where the caller has
    read it already (at 5,000 sources it takes 100 MB as objects: read once, not twice).
    `index(tmp, out, manifest)` returns the search indexer, told of each file as it is
    written. The caller holds `output_lock(out)`.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not reuse:
        previous = {}
    elif previous is None:
        previous = (read_manifest(out) or {}) if out.is_dir() else {}
    # The owner's process id is in both names, so a sweep can tell whose folder it is.
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    tmp, old = out.parent / f".{out.name}.new-{token}", out.parent / f".{out.name}.old-{token}"
    indexer = None
    try:
        tmp.mkdir()  # inside the try: a Ctrl-C right after it still removes the folder
        indexer = index(tmp, out, previous) if index is not None else None
        hashes, keys, written = fill(tmp, out, plan, previous, indexer, workers)
        extra = {}
        if indexer is not None:
            found, extra, made = indexer.finish()
            hashes.update(found)
            written += made
        manifest = {"note": "written by duizhao; replaced on every build", "inputs": inputs, "files": hashes,
                    "keys": keys, **extra}
        with open(tmp / MARKER, "w", encoding="utf-8") as f:  # written as it is encoded: 40 MB at 5,000 sources
            json.dump(manifest, f, indent=0, sort_keys=True)
            f.write("\n")
        os.chmod(tmp, 0o755)
        if out.exists():
            os.rename(out, old)  # same parent: works even when `out` itself is read-only
        os.rename(tmp, out)
    except BaseException:
        if indexer is not None:
            indexer.abort()
        if os.path.lexists(old) and not os.path.lexists(out):
            os.rename(old, out)  # interrupted between the two renames: put the previous site back
        remove_tree(tmp)
        raise
    if not remove_tree(old):
        raise OutputError(str(old), f"the new site is in {out}, but the previous one could not be "
                                    "deleted from here; delete this folder by hand")
    return Written(len(hashes), count_pages(hashes), written)


def fill(tmp: Path, out: Path, plan, previous: dict, indexer=None, workers: int = 1):
    """Write every planned file into `tmp`; returns (hashes, keys, written) for the manifest.

    Worker processes make the new files (a plan's make() is a closure: forked workers
    inherit it), CHUNK at a time and in order, so the indexer hears of whole search shards
    early; this process links the unchanged ones meanwhile, and makes those planned `here`.
    """
    plan = list(plan)
    files, old_keys = previous.get("files", {}), previous.get("keys", {})
    here, there = str(tmp), str(out)
    made_dirs: set = set()  # in each process: the folders it has made
    # Whether the previous site holds each file, made from the same key.
    reused = [item.key is not None and item.path in files and old_keys.get(item.path) == item.key for item in plan]

    def place(path: str) -> tuple[str, str]:
        """The previous site's file and the new one, its folder made (strings, not Paths: this
        runs for every file of the site)."""
        folder = os.path.dirname(path)
        if folder not in made_dirs:
            os.makedirs(os.path.join(here, folder), exist_ok=True)
            made_dirs.add(folder)
        return os.path.join(there, path), os.path.join(here, path)

    def carry_out(i: int) -> tuple[str, bool]:
        """Make or reuse the plan's item `i`: (sha256, written)."""
        item = plan[i]
        existing, target = place(item.path)
        old = files.get(item.path)
        if reused[i] and _link(existing, target):
            return old, False
        data = item.make()
        sha = hashlib.sha256(data).hexdigest()
        if old == sha and _link(existing, target):
            return sha, False
        Path(target).write_bytes(data)
        return sha, True

    # Files whose key is unchanged are linked here, in plan order, while the workers make
    # the others: a file that only needs a link never travels to a worker and back. So are
    # the files planned to be made here (`here`: those that read every source).
    local = [r or item.here for r, item in zip(reused, plan)]
    todo = [i for i, h in enumerate(local) if not h]
    hashes, keys, written = {}, {}, 0
    chunk = max(1, min(CHUNK, len(todo) // (workers * SHARE)))
    with contextlib.closing(fork_imap(carry_out, todo, workers, chunk=chunk, renew=max(1, RENEW // chunk))) as done:
        for i, item in enumerate(plan):
            sha, wrote = carry_out(i) if local[i] else next(done)
            hashes[item.path] = sha
            if item.key is not None:
                keys[item.path] = item.key
            written += wrote
            if indexer is not None:
                indexer.written(item)
    return hashes, keys, written


def remove_tree(path: Path) -> bool:
    """Delete a folder duizhao made, read-only subfolders included; False if it is still there."""
    if not os.path.lexists(path):
        return True
    # A read-only folder inside our own output would stop the deletion halfway: make
    # every folder writable first, parents before their children.
    _make_writable(str(path))
    for parent, folders, _ in os.walk(path):
        for name in folders:
            _make_writable(os.path.join(parent, name))
    shutil.rmtree(path, ignore_errors=True)
    return not os.path.lexists(path)


def _make_writable(folder: str) -> None:
    with contextlib.suppress(OSError):
        mode = os.lstat(folder).st_mode
        if stat.S_ISDIR(mode) and mode & stat.S_IRWXU != stat.S_IRWXU:
            os.chmod(folder, mode | stat.S_IRWXU)


def _link(existing: str | Path, target: str | Path) -> bool:
    """Hard-link an unchanged file from the previous site; False where links are not possible."""
    try:
        os.link(existing, target)
        return True
    except OSError:
        return False


def _owner_is_alive(folder: Path) -> bool:
    """True if the process named in a temporary folder's name still runs (and is not this one)."""
    pid = folder.name.rpartition("-")[0].rpartition("-")[2]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep_leftovers(out: Path) -> None:
    """Remove the temporary folders that a killed build left beside `out`.

    The caller holds `output_lock(out)`, so no other build of this version is writing;
    a folder whose named owner still runs is left alone all the same.
    """
    out = out.resolve()
    if not out.parent.is_dir():
        return
    leftovers = [p for p in sorted(out.parent.glob(f".{out.name}.*-*"))
                 if (p.name.startswith(f".{out.name}.new-") or p.name.startswith(f".{out.name}.old-"))
                 and p.is_dir() and not p.is_symlink() and not _owner_is_alive(p)]
    for p in leftovers:
        # Killed between the two renames: the previous site is still whole in here.
        for site in (p, p / "site"):
            if p.name.startswith(f".{out.name}.old-") and not out.exists() and (site / MARKER).is_file():
                os.rename(site, out)
    for p in leftovers:
        if not remove_tree(p):
            raise OutputError(str(p), "a previous build left this folder and it cannot be deleted; "
                                      "delete it by hand")
