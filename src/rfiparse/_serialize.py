"""``rfiparse.from_dict()`` and ``rfiparse.teaser_from_dict()``: the model's readers by name.

They are ``Article.from_dict()`` and ``Teaser.from_dict()`` (``rfiparse.model``,
built on ``rfiparse._rebuild``), kept as functions for callers who pass a reader
around (``map(rfiparse.from_dict, rows)``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Article, Teaser

__all__ = ["from_dict", "teaser_from_dict"]


def from_dict(data: Mapping[str, Any]) -> Article:
    """``Article.from_dict(data)``: the ``Article`` whose ``to_dict()`` gave ``data``."""
    return Article.from_dict(data)


def teaser_from_dict(data: Mapping[str, Any]) -> Teaser:
    """``Teaser.from_dict(data)``: the ``Teaser`` whose ``to_dict()`` gave ``data``."""
    return Teaser.from_dict(data)
