"""Sources + seeds -> Documents: the cleaned corpus the rest of the site quotes from."""
from __future__ import annotations

from dataclasses import replace

from .cache import Cache, digest
from .clean import clean
from .errors import ContentError
from .models import CleanText, Document, Seed, Source
from .repair import apply_errata
from .workers import fork_map


def _check_errata(source: Source, seed: Seed) -> None:
    """A stale erratum is an error naming the YAML line."""
    _, _, unused = apply_errata(seed.text, source.rules.errata)
    if unused:
        e = unused[0]
        raise ContentError(source.path, f"erratum {e.before!r} matches nothing in seed {seed.name}; "
                                        f"update or remove it", e.line or None)


def _key(source: Source, seed: Seed) -> str:
    return digest(seed.sha256, seed.encoding, source.kind, source.rules, source.title)


def _clean(pair: tuple[Source, Seed]) -> CleanText:
    source, seed = pair
    return clean(seed.text, source.kind, source.rules, source.title)


def clean_document(source: Source, seed: Seed, cache: Cache = Cache(None)) -> Document:
    """Clean one seed with its source's rules; a stale erratum is an error naming the YAML line."""
    _check_errata(source, seed)
    return Document(source, seed, cache.memo("clean", _key(source, seed), lambda: _clean((source, seed))))


def clean_documents(pairs: list[tuple[Source, Seed]], cache: Cache = Cache(None), workers: int = 1) -> list[Document]:
    """Clean every source, in slug order; the seeds not cleaned before are shared out over `workers`."""
    for source, seed in pairs:
        _check_errata(source, seed)
    texts = cache.memo_many("clean", [_key(source, seed) for source, seed in pairs],
                            lambda missing: fork_map(_clean, [pairs[i] for i in missing], workers))
    return [Document(source, seed, text) for (source, seed), text in zip(pairs, texts)]


def without_seed_text(docs: list[Document]) -> list[Document]:
    """The documents with their seeds' raw text let go: once cleaned, nothing reads it again
    (the seed's hash, which every key holds, stands for it)."""
    return [replace(d, seed=replace(d.seed, text="")) for d in docs]
