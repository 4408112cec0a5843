"""Full-text search: a Pagefind index over every source page, in both scripts.

Pagefind's extended build segments Chinese. It runs on the finished output folder,
before that folder is swapped in, so a failed index never replaces a good site.
The browser converts a query into the page's script with the character tables
written here, so a Traditional query finds Simplified sources and the reverse.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .convert import converter
from .errors import SiteError


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


def index_site(folder: Path) -> None:
    """Write folder/pagefind/: the search index of every page marked data-pagefind-body."""
    exe = pagefind_executable()
    if exe is None:
        raise SiteError("requirements.txt", "search needs pagefind[extended]; run "
                                            "`.venv/bin/pip install -r requirements.txt`")
    # Only source pages carry text to search: indexing nothing else keeps the run short.
    proc = subprocess.run([str(exe), "--site", str(folder), "--glob", "zh-*/sources/*.html", "--silent"],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SiteError(str(folder), f"search indexing failed: {proc.stderr.strip()[:300]}")
    # Pagefind lists the languages in hash-map order; sort them so builds are byte-identical.
    entry = folder / "pagefind" / "pagefind-entry.json"
    if entry.is_file():
        data = json.loads(entry.read_text("utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "utf-8")
