"""Shared fixtures: the real project, loaded and cleaned once per session."""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests draw the same examples on every run (derandomize): a test run passes
# or fails on the code, not on the draw. Searching further for new failures is a separate
# job: `HYPOTHESIS_PROFILE=search python -m pytest tests/test_clean_properties.py` draws
# fresh examples each time.
settings.register_profile("fixed", derandomize=True)
settings.register_profile("search", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))

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


@pytest.fixture(scope="session")
def bench(root):
    """bench/run.py as a module: its make_site writes synthetic projects of any size."""
    spec = importlib.util.spec_from_file_location("bench_run", root / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
