"""Sources + seeds -> Documents: the cleaned corpus the rest of the site quotes from."""
from __future__ import annotations

from .clean import clean
from .errors import ContentError
from .models import Document, Seed, Source
from .repair import apply_errata


def clean_document(source: Source, seed: Seed) -> Document:
    """Clean one seed with its source's rules; a stale erratum is an error naming the YAML line."""
    _, _, unused = apply_errata(seed.text, source.rules.errata)
    if unused:
        e = unused[0]
        raise ContentError(source.path, f"erratum {e.before!r} matches nothing in seed {seed.name}; "
                                        f"update or remove it", e.line or None)
    return Document(source, seed, clean(seed.text, source.kind, source.rules))


def clean_documents(pairs: list[tuple[Source, Seed]]) -> list[Document]:
    """Clean every source, in slug order."""
    return [clean_document(source, seed) for source, seed in pairs]
