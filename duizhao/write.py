"""Atomic output: write everything into a temporary folder beside the target, then swap.

The only stage that writes to disk. A build that fails or is killed midway leaves the
previous output exactly as it was: the old folder is only replaced by a rename.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Optional

from .errors import OutputError

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
    if out.is_file():
        raise OutputError(str(out), "is a file; choose a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputError(str(out), f"is not empty and was not made by duizhao (no {MARKER}); "
                                    "choose an empty or new folder")


def write_site(out: Path, files: dict[str, bytes], inputs: str = "",
               finish: Optional[Callable[[Path], None]] = None, reuse: bool = True) -> int:
    """Write `files` (relative path -> bytes) as the new content of `out`, atomically.

    With `reuse`, files whose bytes are unchanged are hard-linked from the previous site
    instead of written again. Returns how many files were actually written.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = (read_manifest(out) or {}).get("files", {}) if out.is_dir() and reuse else {}
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    hashes, written = {}, 0
    try:
        for rel, data in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            hashes[rel] = hashlib.sha256(data).hexdigest()
            if previous.get(rel) == hashes[rel] and _link(out / rel, target):
                continue
            target.write_bytes(data)
            written += 1
        if finish is not None:
            finish(tmp)  # e.g. the search index, built from the finished pages before the swap
            for extra in sorted(tmp.rglob("*")):
                rel = extra.relative_to(tmp).as_posix()
                if extra.is_file() and rel not in hashes:
                    hashes[rel] = hashlib.sha256(extra.read_bytes()).hexdigest()
                    written += 1
        manifest = {"note": "written by duizhao; replaced on every build", "inputs": inputs, "files": hashes}
        (tmp / MARKER).write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
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
    return written


def _link(existing: Path, target: Path) -> bool:
    """Hard-link an unchanged file from the previous site; False where links are not possible."""
    try:
        os.link(existing, target)
        return True
    except OSError:
        return False


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
