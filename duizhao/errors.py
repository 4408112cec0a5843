"""One error hierarchy. Every message names the file (and line) at fault and what to do."""
from __future__ import annotations

from typing import Optional


class SiteError(Exception):
    """Base of every error the build reports to an editor (exit code 1)."""

    def __init__(self, path: Optional[str], message: str, line: Optional[int] = None,
                 column: Optional[int] = None):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ContentError(SiteError):
    """Bad editorial data in content/: YAML, Markdown, metadata, pins, errata."""


class SeedError(SiteError):
    """A seed file that is missing, empty or cannot be decoded."""


class CollisionError(SiteError):
    """Two inputs claim the same slug, seed or output path."""


class OutputError(SiteError):
    """An output folder that duizhao refuses to write into."""


class UsageError(Exception):
    """A command-line mistake (exit code 2)."""
