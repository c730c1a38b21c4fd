"""JSON-LD: the ``NewsArticle`` object a full rfi.fr page describes itself with."""

from __future__ import annotations

from collections.abc import Iterator

from ._html import Element
from ._json import json_items, json_str, read_json

__all__ = ["find_news_article", "json_strings"]

_ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
)


def _objects(value: object) -> Iterator[dict[str, object]]:
    """The objects of a JSON-LD value: itself, the items of a list, those of ``@graph``.

    ``value`` comes from ``read_json()``, which bounds its depth: so does this recursion.
    """
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        yield value
        graph = value.get("@graph")
        if graph is not None:
            yield from _objects(graph)


def _is_article(obj: dict[str, object]) -> bool:
    return any(json_str(kind) in _ARTICLE_TYPES for kind in json_items(obj.get("@type")))


def find_news_article(document: Element) -> dict[str, object] | None:
    """The first article object of the page's JSON-LD scripts, or ``None``.

    A script that ``read_json()`` cannot read (invalid, too long, too deep) is
    skipped; the others are still read.
    """
    for script in document.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        for obj in _objects(read_json(script.text)):
            if _is_article(obj):
                return obj
    return None


def json_strings(value: object) -> list[str]:
    """The strings in a JSON-LD value that may be a string, an object or a list of either.

    Objects give their ``url`` (else ``name``); anything else is dropped.
    """
    found: list[str] = []
    for item in json_items(value):
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            inner = item.get("url", item.get("name"))
            if isinstance(inner, str):
                found.append(inner)
    return found
