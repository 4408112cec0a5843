"""The pipeline, one line per stage: load -> clean -> extract -> render -> write."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import align, alignrules, cards, convert, corpus, figures, lexicon, load, matrix, render, search, workers, write
from .cache import Cache, code_version, digest


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
    files: int  # every file of the site, the search index included (not the manifest)
    seconds: float
    warnings: tuple[str, ...] = field(default_factory=tuple)
    written: int = 0  # files whose bytes changed; the rest were linked from the previous site
    noop: bool = False  # True when the inputs were unchanged and nothing was done
    pages: int = 0  # the HTML pages among `files`
    cards_drawn: int = 0  # share cards drawn afresh; the rest came from the cache


def inputs_digest(project: Project, *options) -> str:
    """A hash of every input file, the package's code and the build options."""
    parts = [code_version(), list(options)]
    for folder in (project.content, project.seeds, project.templates, project.static):
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    parts += [p.relative_to(project.root).as_posix(), p.read_bytes()]
    return digest(parts)


def _untouched(out: Path, manifest: dict) -> bool:
    """True if `out` holds exactly the files its manifest lists (none added or deleted by hand)."""
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    return present == set(manifest["files"]) | {write.MARKER}


PROGRESS_FROM = 100  # sources: smaller builds finish before a progress line would help


def build(project: Project, out: Path, use_pins: bool = True, dev: bool = False,
          cache_dir: Path | None = None, progress: Callable[[str], None] | None = None,
          wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Report:
    """Build the whole site from `project` into `out`; raise SiteError on bad input.

    One build at a time writes `out`: another waits for it (telling `on_wait`), or
    with `wait=False` refuses to start.
    """
    write.check_target(out, project.root)
    with write.output_lock(out, wait=wait, on_wait=on_wait):
        return _build(project, out, use_pins, dev, cache_dir, progress)


def align_apart(docs, topics, rules, claims, groups, cache: Cache):
    """align.align_all in a process of its own: the features, vectors and pair scores it
    holds on the way (at 1,000 sources, 400 MB more than its result) never enter the build,
    whose render workers would each inherit them. The cache entries it reads or writes are
    counted as used here."""
    def run():
        before = set(cache.used)
        return align.align_all(docs, topics, rules, claims, groups, cache), cache.used - before

    alignment, used = workers.fork_call(run)
    cache.used |= used
    return alignment


def _build(project: Project, out: Path, use_pins: bool, dev: bool,
           cache_dir: Path | None, progress: Callable[[str], None] | None) -> Report:
    started = time.perf_counter()
    write.sweep_leftovers(out)
    load.check_inputs(project.root)  # no input may lead out of the project

    # 0. Nothing changed since the site in `out` was built: nothing to do. Without a
    #    cache (`--no-cache`) every file is rendered and written again, whatever is there.
    fresh = cache_dir is None
    inputs = inputs_digest(project, use_pins, dev)
    manifest = write.read_manifest(out) if out.is_dir() and not fresh else None
    if manifest and manifest.get("inputs") == inputs and _untouched(out, manifest):
        return Report(0, len(manifest["files"]), time.perf_counter() - started, noop=True,
                      pages=write.count_pages(manifest["files"]))
    cache = Cache(cache_dir)
    convert.preload(cache)

    # 1. Load and validate every input before a byte is written.
    site = load.load_site(project.content)
    pairs = load.load_sources(project.content, project.seeds)
    topics = lexicon.load_lexicon(project.content / "topics.yaml")
    groups = lexicon.load_figure_groups(project.content / "figures.yaml", topics.topics)
    pages = load.load_pages(project.content)
    static = load.load_static(project.static)
    aliases = load.load_search_aliases(project.content)
    conversion = load.load_conversion_table(project.content)
    env = render.make_env(project.templates)
    fonts, font_warning = cards.find_fonts(site)

    say = progress if (progress and len(pairs) >= PROGRESS_FROM) else (lambda message: None)

    # 2. Clean each seed into paragraphs, with its record.
    say(f"cleaning {len(pairs)} sources")
    docs = corpus.clean_documents(pairs, cache, workers.count())
    # Metadata nobody has checked yet; then the raw seeds go (their hashes stand for them
    # in every key): 50 MB at 5,000 sources that every worker forked later would inherit.
    unreviewed = tuple(f"{s.path}:{line}: {name} is a guess still marked REVIEW; check it, then delete the mark"
                       for s, _ in pairs for line, name in s.unreviewed)
    del pairs
    docs = corpus.without_seed_text(docs)

    say("quoting each source on each topic")
    # 3. Check the editors' pins against the text, then quote each source on each topic.
    pins = lexicon.load_pins(project.content / "pins.yaml", topics.topics, docs) if use_pins else None
    cells, stumbles, scored = matrix.quote_all(docs, topics, pins, cache, workers.count())
    warnings = tuple(stumbles)  # quotes a reader would stumble on, source by source
    warnings += unreviewed
    claims = figures.collect_claims(scored, tuple(g for g, _ in groups))
    figure_groups = lexicon.check_figure_groups(project.content / "figures.yaml", groups, claims)
    # 3b. Check the editors' alignment rules, then align related sources passage by passage.
    rules = alignrules.load_rules(project.content / "alignments.yaml", docs)
    # 3c. Key each share card by what it shows; worker processes draw the new ones into the
    #     cache from now on, while the sources are aligned and the pages planned.
    drawing = cards.start(site, docs, list(topics.topics), cells, fonts, cache.folder, conversion,
                          previous=(manifest or {}).get("keys"))
    try:
        alignment = align_apart(docs, topics.topics, rules, claims, figure_groups, cache)

        say("planning pages in both scripts")
        # 4. Plan every page, in both scripts, and the public data and the cards: each with
        #    the key of what it shows.
        plan = render.plan_site(env, site, docs, list(topics.topics), cells, pages, static, dev=dev,
                                claims=claims, groups=figure_groups, alignment=alignment, conversion=conversion,
                                fonts=fonts, shard_of=search.shard_of, cache=cache)
        plan.append(render.Planned("static/search-tables.json", digest(code_version(), "search-tables", aliases),
                               lambda: search.script_tables(aliases)))
        plan += [render.Planned(path, key, make) for path, key, make in drawing.finish()]
    except BaseException:
        drawing.abort()  # a failed or interrupted build leaves no worker drawing
        raise

    say(f"writing {len(plan)} files and the search index")
    # 5. Render what changed into a new folder (reusing the previous site's files for the
    #    rest), index the source pages for search alongside, and swap the new site in.
    made = write.write_site(out, plan, inputs, index=search.indexer_for(plan), reuse=not fresh,
                            workers=workers.count(), previous=manifest)
    cache.prune(("clean", "score", "row", "align", "quote", "convert", "page"))  # "page": entries of an older format, all unused
    warnings += (font_warning,) if font_warning else ()
    return Report(len(docs), made.files, time.perf_counter() - started, warnings, written=made.written,
                  pages=made.pages, cards_drawn=drawing.drawn)
