"""Command-line interface: build | serve | check | add.

Exit codes: 0 ok, 1 a content or disk problem, 2 usage, 130 interrupted (Ctrl-C).
Every problem an editor can cause or meet is one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import errno
import sys
import traceback
from pathlib import Path
from typing import Optional

from .build import Project, build
from .errors import SiteError, UsageError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EXAMPLES = {
    "build": "examples:\n  python site.py build\n  python site.py build --out preview --no-pins",
    "check": "examples:\n  python site.py check\n  python site.py check preview",
    "serve": "examples:\n  python site.py serve\n  python site.py serve --port 8080 --host 0.0.0.0",
    "add": "examples:\n  python site.py add ~/scrapes/article.txt --slug caixin-chips\n"
           "  python site.py add transcript.txt",
}


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns the exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def port_number(text: str) -> int:
    """A TCP port, 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is outside 1 to 65535")
    return port


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = _Parser(prog="site.py", description="duizhao: build a site that puts sources side by side.",
                     epilog="exit codes: 0 ok, 1 content or disk error (the message names the file and line), "
                            "2 usage error, 130 interrupted.\nrun `python site.py COMMAND --help` for each command's examples.",
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="project folder holding content/ and seeds/ (default: beside site.py)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    b = sub.add_parser("build", help="build the site into build/", epilog=EXAMPLES["build"],
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build)")
    b.add_argument("--no-pins", action="store_true", help="ignore editors' pins: show the automatic choice")
    b.add_argument("--no-cache", action="store_true", help="rebuild every stage from scratch (no .cache/)")
    b.add_argument("--no-wait", action="store_true",
                   help="if another build is writing the same output folder, stop instead of waiting for it")
    c = sub.add_parser("check", help="verify a built site: links, fragments, HTML, quotes, data",
                       epilog=EXAMPLES["check"], formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("dir", nargs="?", type=Path, default=None, help="built site (default: ROOT/build)")
    v = sub.add_parser("serve", help="build, serve with live reload, rebuild on every change",
                       epilog=EXAMPLES["serve"], formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("--port", type=port_number, default=8000, help="port, 1 to 65535 (default 8000)")
    v.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    v.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build)")
    a = sub.add_parser("add", help="copy a raw scrape into seeds/ and draft its YAML",
                       epilog=EXAMPLES["add"], formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("file", type=Path, help="the raw scraped text file (any common Chinese encoding)")
    a.add_argument("--slug", default=None, help="ASCII id for URLs, e.g. caixin-chips (default: source-<hash>)")
    for p in (b, c, v, a):
        p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
        p.add_argument("-v", "--verbose", action="store_true", help="print more detail")
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    """Run one command; return the exit code."""
    try:
        args = make_parser().parse_args(argv)
    except UsageError as e:
        print(e, file=sys.stderr)
        return EXIT_USAGE
    project = Project(args.root.resolve())
    try:
        if args.command == "build":
            out = args.out or project.root / "build"
            cache = None if args.no_cache else project.root / ".cache" / "duizhao"
            progress = None if args.quiet else (lambda m: print(f"… {m}", file=sys.stderr, flush=True))
            report = build(project, out, use_pins=not args.no_pins, cache_dir=cache, progress=progress,
                           wait=not args.no_wait, on_wait=progress)
            if not args.quiet:
                for line in report.warnings:
                    print(f"warning: {line}", file=sys.stderr)
                print(summary(report, out))
        elif args.command == "serve":
            from .serve import serve
            return serve(project, args.out or project.root / "build", args.host, args.port)
        elif args.command == "add":
            return run_add(project, args.file, args.slug, args.quiet)
        elif args.command == "check":
            return run_check(args.dir or project.root / "build", args.quiet, args.verbose, project)
    except SiteError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        unchanged = "; the previous site is unchanged" if args.command in ("build", "serve") else ""
        print(f"interrupted{unchanged}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as e:
        print(f"error: {describe_os_error(e, project, args.command)}", file=sys.stderr)
        return EXIT_CONTENT
    except MemoryError:
        print("error: out of memory; the previous site is unchanged. Look for a huge input file", file=sys.stderr)
        return EXIT_CONTENT
    except Exception as e:  # a bug, not the editor's doing: still one line, the details on request
        if args.verbose:
            traceback.print_exc()
        print(f"error: internal error ({type(e).__name__}: {str(e)[:200]}); please report it, "
              f"with the output of the same command run with --verbose", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK


def describe_os_error(e: OSError, project: Project, command: str) -> str:
    """One line for a disk problem: which file, what happened, what to do."""
    where = f"{e.filename}: " if e.filename else ""
    after = "; the previous site is unchanged" if command == "build" else ""
    cache = project.root / ".cache"
    in_cache = bool(e.filename) and str(e.filename).startswith(str(cache))
    if e.errno == errno.ENOSPC:
        return f"{where}no space left on the disk; free some space and try again{after}"
    if e.errno == errno.EDQUOT:
        return f"{where}disk quota exceeded; free some space and try again{after}"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = "read-only file system" if e.errno == errno.EROFS else "permission denied"
        if in_cache:
            return f"{where}cannot write the build cache ({what}); make {cache} writable, or build with --no-cache"
        todo = "make it writable, or choose another --out" if command in ("build", "serve") else "check its permissions"
        return f"{where}cannot write here ({what}); {todo}{after}"
    if e.errno == errno.ENAMETOOLONG:
        return f"{where}file name too long; choose a shorter slug or output folder{after}"
    return f"{where}{e.strerror or e}{after}"


def run_check(site: Path, quiet: bool, verbose: bool, project: Optional[Project] = None) -> int:
    """Print one line per problem in a built site, then its page weights; 1 if any problem."""
    from .check import check_pins, check_site, page_weights

    problems = check_site(site)
    if project is not None and (project.content / "pins.yaml").is_file():
        problems += check_pins(project)
    for line in problems:
        print(line, file=sys.stderr)
    if not quiet and (site / "data").is_dir():
        for line in page_weights(site, top=10 if verbose else 5):
            print(line)
    if problems:
        print(f"check: {len(problems)} problem(s) in {site}", file=sys.stderr)
        return EXIT_CONTENT
    if not quiet:
        print(f"check: {site} is sound")
    return EXIT_OK


def run_add(project: Project, file: Path, slug: Optional[str], quiet: bool) -> int:
    """Add a source and tell the editor what to check next."""
    from .add import add_source

    seed, yaml_path, guess = add_source(project.root, file, slug)
    if not quiet:
        rel = yaml_path.relative_to(project.root)
        print(f"added seeds/{seed.name} and {rel}")
        print(f"guessed: title {guess.title!r}, outlet {guess.outlet!r}, published {guess.published}, "
              f"script {guess.script}, kind {guess.kind}")
        print("next:")
        print(f"  1. open {rel} and check every field marked REVIEW")
        print("  2. python site.py build   (or keep `python site.py serve` running)")
        print("  3. read the new source page and its 'how this text was cleaned' section;")
        print(f"     add byline_lines, errata or paragraph_breaks under `cleaning:` in {rel} if needed")
        print("  4. python site.py check")
    return EXIT_OK


def summary(report, out: Path) -> str:
    """The one-line build summary."""
    if report.noop:
        return f"up to date: {report.pages} pages, {report.files} files in {out} ({report.seconds:.2f}s)"
    warn = f", {len(report.warnings)} warning(s)" if report.warnings else ""
    return (f"built {report.sources} sources: {report.pages} pages, {report.files} files "
            f"({report.written} written){warn} in {report.seconds:.2f}s -> {out}")
