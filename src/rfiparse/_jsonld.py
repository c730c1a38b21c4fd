"""JSON-LD: the ``NewsArticle`` object a full rfi.fr page describes itself with."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ._html import Element

__all__ = ["find_news_article", "json_strings"]

_ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
)


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        yield value
        graph = value.get("@graph")
        if graph is not None:
            yield from _objects(graph)


def _is_article(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds)


def find_news_article(document: Element) -> dict[str, Any] | None:
    """The first article object of the page's JSON-LD scripts, or ``None``.

    A script that is not valid JSON is skipped; the others are still read.
    """
    for script in document.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for obj in _objects(data):
            if _is_article(obj):
                return obj
    return None


def json_strings(value: Any) -> list[str]:
    """The strings in a JSON-LD value that may be a string, an object or a list of either.

    Objects give their ``url`` (else ``name``); anything else is dropped.
    """
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            inner = item.get("url", item.get("name"))
            if isinstance(inner, str):
                found.append(inner)
    return found
