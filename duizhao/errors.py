"""One error hierarchy. Every message names the file (and line) at fault and what to do."""
from __future__ import annotations

from typing import Any, Optional

QUOTE_LIMIT = 80  # characters of a value quoted in a message
MESSAGE_LIMIT = 400  # characters of a whole message: a message is one readable line


def shown(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """`value` as an error message quotes it: its repr, cut to about `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


class SiteError(Exception):
    """Base of every error the build reports to an editor (exit code 1)."""

    def __init__(self, path: Optional[str], message: str, line: Optional[int] = None,
                 column: Optional[int] = None):
        self.path = path
        self.line = line
        self.column = column
        message = " ".join(message.splitlines())  # one problem, one line
        if len(message) > MESSAGE_LIMIT:
            message = message[:MESSAGE_LIMIT - 1] + "…"
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):
        # Rebuilt from its fields when a worker process reports it to the build.
        return (type(self), (self.path, self.message, self.line, self.column))

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
