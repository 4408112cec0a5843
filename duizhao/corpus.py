"""Sources + seeds -> Documents: the cleaned corpus the rest of the site quotes from."""
from __future__ import annotations

from .cache import Cache, digest
from .clean import clean
from .errors import ContentError
from .models import Document, Seed, Source
from .repair import apply_errata


def clean_document(source: Source, seed: Seed, cache: Cache = Cache(None)) -> Document:
    """Clean one seed with its source's rules; a stale erratum is an error naming the YAML line."""
    _, _, unused = apply_errata(seed.text, source.rules.errata)
    if unused:
        e = unused[0]
        raise ContentError(source.path, f"erratum {e.before!r} matches nothing in seed {seed.name}; "
                                        f"update or remove it", e.line or None)
    key = digest(seed.sha256, seed.encoding, source.kind, source.rules, source.title)
    text = cache.memo("clean", key, lambda: clean(seed.text, source.kind, source.rules, source.title))
    return Document(source, seed, text)


def clean_documents(pairs: list[tuple[Source, Seed]], cache: Cache = Cache(None)) -> list[Document]:
    """Clean every source, in slug order."""
    return [clean_document(source, seed, cache) for source, seed in pairs]
