"""Load the editors' alignment rules (content/alignments.yaml), checked against the current text."""
from __future__ import annotations

from pathlib import Path

from .align import RELATIONS, PinnedLink, Rules, fold
from .convert import normalise
from .errors import ContentError
from .load import line_of, read_yaml
from .models import Document

FIELDS = ("stop_terms", "terms", "names", "opposites", "points", "pins", "exclude")


def _words(p: str, raw, what: str, line: int) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(w, (str, int, float)) and str(w).strip() for w in raw):
        raise ContentError(p, f"{what} must be a list of words", line)
    return [fold(str(w).strip()) for w in raw]


def load_rules(path: Path, docs: list[Document]) -> Rules:
    """Read alignments.yaml; every pin and exclusion must still name text that is there."""
    p = str(path)
    if not path.is_file():
        return Rules()
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise ContentError(p, f"expected a mapping with {', '.join(FIELDS)}", 1)
    unknown = sorted(k for k in data if k != "__line__" and k not in FIELDS)
    if unknown:
        raise ContentError(p, f"unknown field {unknown[0]!r}; expected {', '.join(FIELDS)}", line_of(data))
    top = line_of(data) or 1
    stop = frozenset(_words(p, data.get("stop_terms"), "`stop_terms`", top))
    terms, names, aliases, shown = [], [], [], []
    for field, into in (("terms", terms), ("names", names)):
        raw_terms = data.get(field) or {}
        if not isinstance(raw_terms, dict):
            raise ContentError(p, f"`{field}` maps each entry to a list of other wordings", top)
        for term, variants in raw_terms.items():
            if term == "__line__":
                continue
            canonical = fold(str(term))
            into.append(canonical)
            shown.append((canonical, normalise(str(term))))
            aliases += [(v, canonical) for v in _words(p, variants, f"the wordings of {term!r}",
                                                       line_of(raw_terms) or top) if v != canonical]
    opposites = []
    for raw in data.get("opposites") or []:
        pair = _words(p, raw, "each entry of `opposites`", top)
        if len(pair) != 2:
            raise ContentError(p, "each entry of `opposites` is a pair: [one side, the other side]", top)
        opposites.append((pair[0], pair[1]))
    titles = []
    raw_points = data.get("points") or {}
    if not isinstance(raw_points, dict):
        raise ContentError(p, "`points` maps a term to the editors' wording of the point it names", top)
    for term, title in raw_points.items():
        if term == "__line__":
            continue
        if fold(str(term)) not in terms:
            raise ContentError(p, f"point {term!r} is not one of the `terms`", line_of(raw_points) or top)
        if not isinstance(title, str) or not title.strip():
            raise ContentError(p, f"point {term!r} needs its wording, as one line", line_of(raw_points) or top)
        titles.append((fold(str(term)), title.strip()))
    by_slug = {d.slug: d for d in docs}
    pins = []
    for raw in data.get("pins") or []:
        line = line_of(raw) or top
        a, b = _end(p, raw, "a", by_slug, line), _end(p, raw, "b", by_slug, line)
        if a[0] == b[0]:
            raise ContentError(p, "a pinned link joins two different sources", line)
        relation = raw.get("relation", "same")
        if relation not in RELATIONS:
            raise ContentError(p, f"relation {relation!r} must be one of {', '.join(RELATIONS)}", line)
        why = _words(p, raw.get("terms"), "`terms`", line)
        if not why:
            raise ContentError(p, "a pinned link needs `terms:`, what the two passages share", line)
        pins.append(PinnedLink(a[0], a[1], b[0], b[1], relation, tuple(why), line))
    excluded = set()
    for raw in data.get("exclude") or []:
        line = line_of(raw) or top
        a, b = _end(p, raw, "a", by_slug, line), _end(p, raw, "b", by_slug, line)
        excluded |= {(a, b), (b, a)}
    return Rules(stop, tuple(terms), tuple(aliases), tuple(opposites), tuple(pins), frozenset(excluded),
                 tuple(shown), tuple(names), tuple(titles))


def _end(p: str, raw, side: str, by_slug: dict, line: int) -> tuple[str, str]:
    """One end of a pinned or excluded link, (slug, paragraph id), checked against the text."""
    end = raw.get(side) if isinstance(raw, dict) else None
    if not isinstance(end, dict) or not isinstance(end.get("source"), str) or not end.get("paragraph"):
        raise ContentError(p, f"each link needs `{side}: {{source: SLUG, paragraph: pN, text: ...}}`", line)
    doc = by_slug.get(end["source"])
    if doc is None:
        raise ContentError(p, f"unknown source {end['source']!r}", line_of(end) or line)
    para = doc.paragraph(str(end["paragraph"]))
    if para is None:
        raise ContentError(p, f"stale link: {doc.slug} has no paragraph {end['paragraph']}; update or remove it",
                           line_of(end) or line)
    text = end.get("text")
    if text is not None and str(text) not in para.text:
        raise ContentError(p, f"stale link: {str(text)[:30]!r} is no longer in {para.id} of {doc.slug}; "
                              f"update or remove it", line_of(end) or line)
    return doc.slug, para.id
