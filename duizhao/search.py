"""Full-text search: Pagefind indexes over every source page, in both scripts.

Pagefind's extended build segments Chinese. The source pages are indexed in shards
of SHARD_SOURCES sources, each in its own folder under pagefind/, which the browser
merges (Pagefind's mergeIndex). A shard is indexed as soon as its pages are written,
while the rest of the site is rendered, into the new output folder before it is
swapped in, so a failed index never replaces a good site. An edit re-indexes only
the shard it touched.
The browser converts a query into the page's script with the character tables
written here, so a Traditional query finds Simplified sources and the reverse.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import threading
from pathlib import Path
from typing import Callable, Optional

from .cache import digest
from .convert import converter
from .errors import SiteError


PAGEFIND_VERSION = "pagefind-extended 1.5.2"  # part of every shard's key: a new Pagefind re-indexes


def char_table(config: str) -> dict[str, str]:
    """OpenCC's single-character mappings for `config` ('s2tw' or 't2s'), first candidate each."""
    table = {}
    for ch, out in converter(config).char_map().items():
        if ch != out:
            table[ch] = out
    return table


def script_tables(aliases: dict[str, str]) -> bytes:
    """static/search-tables.json: character tables both ways, plus editors' vocabulary aliases."""
    return (json.dumps({"t2s": char_table("t2s"), "s2tw": char_table("s2tw"), "aliases": aliases},
                       ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def pagefind_executable() -> Path | None:
    """The Pagefind binary shipped by the pagefind-bin-extended package, if installed."""
    try:
        import pagefind_bin_extended
    except ImportError:
        return None
    try:
        return Path(pagefind_bin_extended.get_executable())
    except Exception:  # the package exists but holds no binary for this platform
        return None


SHARD_SOURCES = 100  # sources per search shard: an edit re-indexes the pages of one shard
# Pagefind's bundle also ships its ready-made interfaces; static/search.js uses only the API.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def shard_of(position: int) -> int:
    """The search shard of the source at `position` in site order."""
    return position // SHARD_SOURCES


def shard_dir(shard: int) -> str:
    """A shard's folder, relative to the site root, with a trailing slash."""
    return f"pagefind/{shard + 1:03d}/"


class Service:
    """Pagefind's indexing service (`pagefind --service`), one per build.

    It loads the Chinese segmenter once for every shard. Requests are sent without
    waiting: Pagefind indexes a shard while Python goes on rendering the rest. A thread
    reads the replies as they come, so Pagefind never waits for Python to read them.
    """

    def __init__(self, exe: Path, on_files: Callable[[int, list], None]):
        self.proc = subprocess.Popen([str(exe), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.sent = 0
        self.indexes = 0  # indexes created so far
        self.on_files = on_files  # called with (request id, files) for each GetFiles reply
        self.replies: dict[int, dict] = {}
        self.arrived = threading.Condition()
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def send(self, payload: dict) -> int:
        """Send one request; returns its id."""
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
        self.proc.stdin.write(base64.b64encode(message) + b",")
        self.proc.stdin.flush()
        return self.sent

    def _read(self) -> None:
        buffer = b""
        try:
            while True:
                chunk = self.proc.stdout.read1(1 << 20)
                if not chunk:
                    break
                buffer += chunk
                while b"," in buffer:
                    raw, buffer = buffer.split(b",", 1)
                    message = json.loads(base64.b64decode(raw))
                    message_id, payload = message.get("message_id") or 0, message["payload"]
                    if payload.get("type") == "GetFiles":
                        try:
                            self.on_files(message_id, payload.get("files") or [])
                            payload = {"type": "GetFiles"}
                        except OSError as e:
                            payload = {"type": "Error", "message": f"cannot write the index: {e}"}
                    with self.arrived:
                        self.replies[message_id] = payload
                        self.arrived.notify_all()
        finally:
            with self.arrived:
                self.closed = True
                self.arrived.notify_all()

    def reply(self, message_id: int) -> dict:
        """The reply to request `message_id`, waiting for it."""
        with self.arrived:
            while message_id not in self.replies and not self.closed:
                self.arrived.wait()
            payload = self.replies.pop(message_id, None)
        if payload is None:
            raise SiteError("pagefind", "search indexing stopped unexpectedly")
        if payload.get("type") == "Error":
            raise SiteError("pagefind", f"search indexing failed: {str(payload.get('message'))[:300]}")
        return payload

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(timeout=30)


class ShardIndexer:
    """Indexes the source pages shard by shard, each as soon as its pages are written.

    A shard whose pages all have the keys the previous site recorded is not indexed
    again: its files are hard-linked from the previous site.
    """

    def __init__(self, folder: Path, previous_site: Path, manifest: dict, plan):
        self.folder, self.previous_site = folder, previous_site
        self.old_files = manifest.get("files", {})
        self.old_shards = manifest.get("shards", {})
        self.pages: dict[int, list] = {}
        for item in plan:
            if item.shard is not None:
                self.pages.setdefault(item.shard, []).append(item)
        self.left = {k: len(items) for k, items in self.pages.items()}
        self.keys = {k: digest(PAGEFIND_VERSION, sorted((i.path, i.index_key or i.key) for i in items))
                     for k, items in self.pages.items()}
        self.service: Optional[Service] = None
        self.pending: dict[int, list[int]] = {}  # shard -> ids of the requests indexing it
        self.index_of: dict[int, int] = {}  # shard -> the service's id of its index
        self.shard_of_request: dict[int, int] = {}  # GetFiles request id -> shard
        self.found: dict[str, str] = {}  # path -> sha256 of every index file, linked or written
        self.made = 0
        self.lock = threading.Lock()

    def written(self, item) -> None:
        """One planned file is in place; index its shard once the shard is whole."""
        if item.shard is None:
            return
        self.left[item.shard] -= 1
        if self.left[item.shard] == 0:
            self.start(item.shard)

    def start(self, shard: int) -> None:
        name = shard_dir(shard)
        if self.old_shards.get(name) == self.keys[shard] and self._reuse(name):
            return
        if self.service is None:
            exe = pagefind_executable()
            if exe is None:
                raise SiteError("requirements.txt", "search needs pagefind[extended]; run "
                                                    "`.venv/bin/pip install -r requirements.txt`")
            self.service = Service(exe, self._write_files)
        # The service answers in order and numbers its indexes from 0: the id is known without
        # waiting for the reply, which would wait for the shard being indexed before this one.
        index = self.service.indexes
        self.service.indexes += 1
        self.index_of[shard] = index
        slugs = sorted({Path(i.path).stem for i in self.pages[shard]})
        dirs = sorted({Path(i.path).parent.as_posix() for i in self.pages[shard]})
        glob = "{" + ",".join(dirs) + "}/{" + ",".join(slugs) + "}.html"
        created = self.service.send({"type": "NewIndex", "config": None})
        added = self.service.send({"type": "AddDir", "index_id": index, "path": str(self.folder), "glob": glob})
        with self.lock:
            files = self.service.send({"type": "GetFiles", "index_id": index})
            self.shard_of_request[files] = shard
        deleted = self.service.send({"type": "DeleteIndex", "index_id": index})
        self.pending[shard] = [created, added, files, deleted]

    def _write_files(self, message_id: int, files: list) -> None:
        """Write one shard's bundle as Pagefind returns it, without the unused interfaces."""
        with self.lock:
            shard = self.shard_of_request[message_id]
        name = shard_dir(shard)
        for f in files:
            if f["path"] in UNUSED:
                continue
            data = base64.b64decode(f["content"])
            if f["path"] == "pagefind-entry.json":
                # Pagefind lists the languages in hash-map order: sort them, so builds are byte-identical.
                data = json.dumps(json.loads(data), ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":")).encode("utf-8")
            target = self.folder / name / f["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            with self.lock:
                self.found[name + f["path"]] = hashlib.sha256(data).hexdigest()
                self.made += 1

    def _reuse(self, name: str) -> bool:
        """Link a shard's files from the previous site; False if any is missing."""
        files = {rel: sha for rel, sha in self.old_files.items() if rel.startswith(name)}
        linked = []
        for rel in sorted(files):
            target = self.folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.previous_site / rel, target)
            except OSError:
                for done in linked:
                    done.unlink(missing_ok=True)
                return False
            linked.append(target)
        with self.lock:
            self.found.update(files)
        return bool(files)

    def finish(self) -> tuple[dict, dict, int]:
        """Wait for every shard: (files and their hashes, the manifest's shard keys, files written)."""
        try:
            for shard, requests in sorted(self.pending.items()):
                created = self.service.reply(requests[0])
                if created.get("index_id") != self.index_of[shard]:
                    raise SiteError("pagefind", "search indexing failed: the index service numbered "
                                                "its indexes unexpectedly")
                for message_id in requests[1:]:
                    self.service.reply(message_id)
        finally:
            self.abort()
        shards = {shard_dir(k): key for k, key in sorted(self.keys.items())}
        return dict(self.found), {"shards": shards}, self.made

    def abort(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None


def indexer_for(plan):
    """The `index` argument of write.write_site: a ShardIndexer over this plan's source pages."""
    return lambda folder, previous_site, manifest: ShardIndexer(folder, previous_site, manifest, plan)
