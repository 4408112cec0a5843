"""The pipeline, one line per stage: load -> clean -> extract -> render -> write."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus, load, render, write


@dataclass(frozen=True)
class Project:
    """Where a site's inputs live."""

    root: Path  # the folder holding content/, seeds/, templates/, static/

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"


@dataclass(frozen=True)
class Report:
    """What a build did, for the one-line summary."""

    sources: int
    files: int
    seconds: float
    warnings: tuple[str, ...] = field(default_factory=tuple)


def build(project: Project, out: Path, use_pins: bool = True, dev: bool = False) -> Report:
    """Build the whole site from `project` into `out`; raise SiteError on bad input."""
    started = time.perf_counter()
    write.check_target(out, project.root)
    write.sweep_leftovers(out)

    # 1. Load and validate every input before a byte is written.
    site = load.load_site(project.content)
    pairs = load.load_sources(project.content, project.seeds)
    pages = load.load_pages(project.content)
    static = load.load_static(project.static)
    env = render.make_env(project.templates)

    # 2. Clean each seed into paragraphs, with its record.
    docs = corpus.clean_documents(pairs)

    # 3. Extract what each source says on each topic.
    topics, cells = [], []

    # 4. Render every page, in both scripts, and the public data.
    files = render.render_site(env, site, docs, topics, cells, pages, static, dev=dev)

    # 5. Swap the new site in.
    write.write_site(out, files)
    return Report(len(docs), len(files), time.perf_counter() - started)
