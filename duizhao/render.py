"""Jinja environment and one function per page kind. (Placeholder: data files only.)"""
from __future__ import annotations

from pathlib import Path

from . import data
from .load import SiteConfig
from .models import Cell, Document, Page, Topic


def make_env(templates: Path):
    """The Jinja environment: autoescape on, StrictUndefined."""
    return None


def render_site(env, site: SiteConfig, docs: list[Document], topics: list[Topic], cells: list[Cell],
                pages: list[Page], static: dict[str, bytes], dev: bool = False) -> dict[str, bytes]:
    """Every output file, keyed by path relative to the site root."""
    return data.data_files(docs, topics, cells)
