"""Atomic output: write everything into a temporary folder beside the target, then swap.

The only stage that writes to disk. A build that fails or is killed midway leaves the
previous output exactly as it was: the old folder is only replaced by a rename.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import OutputError

MARKER = ".duizhao-build"  # present in every folder duizhao wrote; nothing else is overwritten


def check_target(out: Path, project: Path) -> None:
    """Refuse output folders whose replacement would destroy work."""
    out, project = out.resolve(), project.resolve()
    protected = {project, project / "content", project / "seeds", project / "templates",
                 project / "static", project / "tests", Path(out.anchor)}
    if out in protected or out in project.parents or project.is_relative_to(out):
        raise OutputError(str(out), "refusing to build here: it would replace project files; "
                                    "choose a folder such as build/")
    if out.is_file():
        raise OutputError(str(out), "is a file; choose a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputError(str(out), f"is not empty and was not made by duizhao (no {MARKER}); "
                                    "choose an empty or new folder")


def write_site(out: Path, files: dict[str, bytes]) -> None:
    """Write `files` (relative path -> bytes) as the new content of `out`, atomically."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for rel, data in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (tmp / MARKER).write_text("This folder is written by duizhao and replaced on every build.\n")
        os.chmod(tmp, 0o755)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / "site")
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def sweep_leftovers(out: Path) -> None:
    """Remove temporary folders a killed build left beside `out`."""
    out = out.resolve()
    if not out.parent.is_dir():
        return
    for p in sorted(out.parent.glob(f".{out.name}.old-*")):
        # Killed between the two renames: the previous site is still whole in here.
        if not out.exists() and (p / "site" / MARKER).is_file():
            os.rename(p / "site", out)
    for p in out.parent.glob(f".{out.name}.*-*"):
        if p.is_dir() and (p.name.startswith(f".{out.name}.new-") or p.name.startswith(f".{out.name}.old-")):
            shutil.rmtree(p, ignore_errors=True)
