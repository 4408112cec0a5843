"""Command-line interface: build | serve | check | add. Exit codes: 0 ok, 1 content error, 2 usage."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from .build import Project, build
from .errors import SiteError, UsageError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2

EXAMPLES = {
    "build": "examples:\n  python site.py build\n  python site.py build --out /tmp/site --no-pins",
    "check": "examples:\n  python site.py check\n  python site.py check /tmp/site",
}


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns the exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = _Parser(prog="site.py", description=__doc__,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="project folder holding content/ and seeds/ (default: beside site.py)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    b = sub.add_parser("build", help="build the site into build/", epilog=EXAMPLES["build"],
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/build)")
    b.add_argument("--no-pins", action="store_true", help="ignore editors' pins: show the automatic choice")
    c = sub.add_parser("check", help="verify a built site: links, fragments, HTML, quotes, data",
                       epilog=EXAMPLES["check"], formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("dir", nargs="?", type=Path, default=None, help="built site (default: ROOT/build)")
    for p in (b, c):
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
            report = build(project, out, use_pins=not args.no_pins)
            if not args.quiet:
                print(f"built {report.sources} sources, {report.files} files in {report.seconds:.2f}s -> {out}")
        elif args.command == "check":
            return run_check(args.dir or project.root / "build", args.quiet, args.verbose)
    except SiteError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK


def run_check(site: Path, quiet: bool, verbose: bool) -> int:
    """Print one line per problem in a built site, then its page weights; 1 if any problem."""
    from .check import check_site, page_weights

    problems = check_site(site)
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
