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
from pathlib import Path
from typing import Optional

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
    waiting: Pagefind indexes a shard while Python goes on rendering the rest.
    """

    def __init__(self, exe: Path):
        self.proc = subprocess.Popen([str(exe), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.sent = 0
        self.indexes = 0  # indexes created so far
        self.replies: dict[int, dict] = {}
        self.buffer = b""

    def send(self, payload: dict) -> int:
        """Send one request; returns its id."""
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
        self.proc.stdin.write(base64.b64encode(message) + b",")
        self.proc.stdin.flush()
        return self.sent

    def reply(self, message_id: int) -> dict:
        """The reply to request `message_id`, waiting for it."""
        while message_id not in self.replies:
            while b"," not in self.buffer:
                chunk = self.proc.stdout.read1(1 << 16)
                if not chunk:
                    raise SiteError("pagefind", "search indexing stopped unexpectedly")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b",", 1)
            message = json.loads(base64.b64decode(raw))
            self.replies[message.get("message_id") or 0] = message["payload"]
        payload = self.replies.pop(message_id)
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
        self.keys = {k: digest(PAGEFIND_VERSION, sorted((i.path, i.key) for i in items))
                     for k, items in self.pages.items()}
        self.service: Optional[Service] = None
        self.pending: dict[int, list[int]] = {}  # shard -> ids of the requests indexing it
        self.index_of: dict[int, int] = {}  # shard -> the service's id of its index
        self.reused: dict[str, str] = {}  # path -> sha256, of files linked from the previous site

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
            self.service = Service(exe)
        # The service answers in order and numbers its indexes from 0: the id is known without
        # waiting for the reply, which would wait for the shard being indexed before this one.
        index = self.service.indexes
        self.service.indexes += 1
        self.index_of[shard] = index
        created = self.service.send({"type": "NewIndex", "config": None})
        slugs = sorted({Path(i.path).stem for i in self.pages[shard]})
        dirs = sorted({str(Path(i.path).parent.as_posix()) for i in self.pages[shard]})
        glob = "{" + ",".join(dirs) + "}/{" + ",".join(slugs) + "}.html"
        self.pending[shard] = [
            created,
            self.service.send({"type": "AddDir", "index_id": index, "path": str(self.folder), "glob": glob}),
            self.service.send({"type": "WriteFiles", "index_id": index, "output_path": str(self.folder / name)}),
            self.service.send({"type": "DeleteIndex", "index_id": index})]

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
        self.reused.update(files)
        return bool(files)

    def finish(self) -> tuple[dict, dict, int]:
        """Wait for every shard: (files and their hashes, the manifest's shard keys, files written)."""
        found = dict(self.reused)
        made = 0
        try:
            for shard, requests in sorted(self.pending.items()):
                created = self.service.reply(requests[0])
                if created.get("index_id") != self.index_of[shard]:
                    raise SiteError("pagefind", "search indexing failed: the index service numbered "
                                                "its indexes unexpectedly")
                for message_id in requests[1:]:
                    self.service.reply(message_id)
        finally:
            self.abort()  # Pagefind may still be flushing files after its last reply: wait for it to exit
        for shard in sorted(self.pending):
            folder = self.folder / shard_dir(shard)
            tidy_bundle(folder)
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    found[p.relative_to(self.folder).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
                    made += 1
        shards = {shard_dir(k): key for k, key in sorted(self.keys.items())}
        return found, {"shards": shards}, made

    def abort(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None


def tidy_bundle(folder: Path) -> None:
    """Drop Pagefind's unused interfaces, and write its entry file in a stable order."""
    for name in UNUSED:
        (folder / name).unlink(missing_ok=True)
    # Pagefind lists the languages in hash-map order; sort them so builds are byte-identical.
    entry = folder / "pagefind-entry.json"
    if entry.is_file():
        data = json.loads(entry.read_text("utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "utf-8")


def indexer_for(plan):
    """The `index` argument of write.write_site: a ShardIndexer over this plan's source pages."""
    return lambda folder, previous_site, manifest: ShardIndexer(folder, previous_site, manifest, plan)
