"""Per-field snippet cases (``snippets.py``): a few lines of HTML, one field, its value."""

from __future__ import annotations

import pytest

import rfiparse
from snippets import SNIPPETS, Snippet

FIELDS = set(rfiparse.parse(SNIPPETS[0].html).to_dict())


def test_snippet_ids_are_unique_and_fields_exist() -> None:
    ids = [snippet.id for snippet in SNIPPETS]
    assert len(set(ids)) == len(ids)
    assert {snippet.field for snippet in SNIPPETS} <= FIELDS


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[snippet.id for snippet in SNIPPETS])
def test_snippet(snippet: Snippet) -> None:
    article = rfiparse.parse(snippet.html, url=snippet.url)
    assert article.to_dict()[snippet.field] == snippet.expected
