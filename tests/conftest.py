"""Shared fixtures: the real project, loaded and cleaned once per session."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from duizhao import corpus, load  # noqa: E402


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def docs():
    """The five real documents, cleaned."""
    return corpus.clean_documents(load.load_sources(ROOT / "content", ROOT / "seeds"))


@pytest.fixture(scope="session")
def docs_by_slug(docs):
    return {d.slug: d for d in docs}
