"""A content-addressed cache for the pipeline's stages, shared by build and serve.

Each entry is keyed by a hash of everything its stage reads (inputs, options and
the package's own source), so a stale entry can never be served: a changed input
is a different key. Entries not used by a build are pruned at its end.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Optional

FORMAT = b"duizhao-cache-1"
MISSING = object()  # lookup() found no entry


# The libraries whose output the site holds: a new release of any of them (OpenCC's
# dictionaries, Jinja's escaping, markdown-it's HTML, YAML's parsing) is new code too.
LIBRARIES = ("Jinja2", "markdown-it-py", "opencc-python-reimplemented", "PyYAML", "Pillow", "fonttools")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the package's source and its libraries' versions: new code invalidates every entry."""
    h = hashlib.sha256(FORMAT)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            h.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} missing\0".encode())
    return h.hexdigest()


_FIELDS: dict[type, tuple[str, ...]] = {}  # dataclass type -> its field names, in order
_PLAIN = (str, tuple, list)


def digest(*parts: Any) -> str:
    """A stable hash of values: strings, bytes, numbers, and tuples, lists, dicts, sets and
    frozen dataclasses of them, walked field by field (never through repr, which a new
    field or a custom __repr__ could silently leave out)."""
    h = hashlib.sha256()

    def feed(x: Any) -> None:
        kind = type(x)
        # str, tuple and list, most of what is hashed, skip the dataclass test (the slow one).
        if kind not in _PLAIN and (kind in _FIELDS or dataclasses.is_dataclass(x) and not isinstance(x, type)):
            names = _FIELDS.get(kind) or _FIELDS.setdefault(kind, tuple(f.name for f in dataclasses.fields(x)))
            name = kind.__qualname__.encode()
            h.update(b"D%d:" % len(name) + name)
            h.update(b"(%d" % len(names))
            for n in names:
                feed(getattr(x, n))
            h.update(b")")
        elif isinstance(x, str):
            data = x.encode("utf-8")
            h.update(b"s%d:" % len(data) + data)
        elif isinstance(x, (tuple, list)):
            h.update(b"(%d" % len(x))
            for item in x:
                feed(item)
            h.update(b")")
        elif isinstance(x, dict):
            h.update(b"{%d" % len(x))
            for k, v in x.items():  # insertion order: the same inputs give the same order
                feed(k)
                feed(v)
            h.update(b"}")
        elif isinstance(x, (set, frozenset)):
            feed(sorted(digest(item) for item in x))
        elif isinstance(x, bytes):
            h.update(b"b%d:" % len(x) + x)
        elif x is None or isinstance(x, (bool, int, float)):
            h.update(repr(x).encode())
        else:
            raise TypeError(f"cannot hash {type(x).__name__}")

    for part in parts:
        feed(part)
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all: a killed build never leaves half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class Cache:
    """Pickled stage results under `folder`; a None folder caches nothing."""

    def __init__(self, folder: Optional[Path]):
        self.folder = folder
        self.used: set[Path] = set()
        self.hits = self.misses = 0

    def _path(self, stage: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / stage / key[:2] / key

    def memo(self, stage: str, key: str, compute: Callable[[], Any]) -> Any:
        """The cached value for (stage, key), computing and storing it on a miss."""
        found = self.lookup(stage, key)
        if found is not MISSING:
            return found
        value = compute()
        self.store(stage, key, value)
        return value

    def memo_many(self, stage: str, keys: list[str], compute: Callable[[list[int]], list]) -> list:
        """The cached values for `keys`; `compute(indices)` makes the missing ones, all at once
        (so that the caller can share them out over worker processes)."""
        values = [self.lookup(stage, key) for key in keys]
        missing = [i for i, v in enumerate(values) if v is MISSING]
        for i, value in zip(missing, compute(missing) if missing else []):
            self.store(stage, keys[i], value)
            values[i] = value
        return values

    def lookup(self, stage: str, key: str) -> Any:
        """The cached value for (stage, key), or MISSING."""
        if self.folder is None:
            self.misses += 1
            return MISSING
        path = self._path(stage, digest(code_version(), key))
        self.used.add(path)
        try:
            with open(path, "rb") as f:
                value = pickle.load(f)
            self.hits += 1
            return value
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return MISSING

    def store(self, stage: str, key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self._path(stage, digest(code_version(), key))
        self.used.add(path)
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def keep(self, stage: str, keys) -> None:
        """Count the entries of (stage, key) for each key as used without reading them: a stage
        whose whole result was cached keeps the parts it was made of for its next partial change."""
        if self.folder is not None:
            self.used.update(self._path(stage, digest(code_version(), key)) for key in keys)

    def prune(self, stages: tuple[str, ...]) -> None:
        """Delete entries of `stages` that this build did not use."""
        if self.folder is None:
            return
        for stage in stages:
            for path in (self.folder / stage).glob("*/*"):
                if path not in self.used:
                    path.unlink(missing_ok=True)
            for folder in (self.folder / stage).glob("*"):
                try:
                    folder.rmdir()  # only when empty
                except OSError:
                    pass
