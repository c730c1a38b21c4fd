"""Pickling: every result class survives a round trip, as ``parse_many()`` needs.

The classes pickle as the tuple of their field values (``model._pickled_as_tuple``);
these tests check that nothing is lost or reordered on the way, for every protocol.
"""

from __future__ import annotations

import copy
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import rfiparse
from goldens import SEED, fixture, inputs
from rfiparse import model
from strategies import articles, page_articles

PROTOCOLS = range(2, pickle.HIGHEST_PROTOCOL + 1)
MODEL_CLASSES = [getattr(model, name) for name in model.__all__ if attrs.has(getattr(model, name))]


def _round_trip(value: Any, protocol: int) -> Any:
    return pickle.loads(pickle.dumps(value, protocol=protocol))


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_every_fixture_article_unpickles_equal(protocol: int) -> None:
    for path in [p for p in inputs("record") if p.suffix == ".md"] + inputs("page"):
        article = rfiparse.parse(path.read_bytes())
        assert _round_trip(article, protocol) == article, path.name


@settings(max_examples=100, deadline=None)
@given(articles())
def test_generated_record_article_unpickles_equal(article: rfiparse.Article) -> None:
    assert _round_trip(article, pickle.DEFAULT_PROTOCOL) == article


@settings(max_examples=100, deadline=None)
@given(page_articles())
def test_generated_page_article_unpickles_equal(article: rfiparse.Article) -> None:
    # Page articles fill the fields records never have: modified, tags, alternates …
    assert _round_trip(article, pickle.DEFAULT_PROTOCOL) == article


def test_listing_teasers_unpickle_equal() -> None:
    html = fixture("listing_cn_homepage.html").read_bytes()
    teasers = rfiparse.parse_listing(html)
    assert teasers
    assert _round_trip(teasers, pickle.DEFAULT_PROTOCOL) == teasers


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_state_is_the_field_values_in_field_order(cls: type) -> None:
    names = [field.name for field in attrs.fields(cls)]
    instance: Any = object.__new__(cls)
    for index, name in enumerate(names):
        object.__setattr__(instance, name, f"value {index}")
    assert instance.__getstate__() == tuple(f"value {index}" for index in range(len(names)))
    restored = _round_trip(instance, pickle.DEFAULT_PROTOCOL)
    for name in names:
        assert getattr(restored, name) == getattr(instance, name)


def test_unpickled_article_is_still_frozen_and_hashes_alike() -> None:
    article = rfiparse.parse(SEED.read_bytes())
    restored: rfiparse.Article = _round_trip(article, pickle.DEFAULT_PROTOCOL)
    assert hash(restored) == hash(article)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        restored.headline = "changed"  # type: ignore[misc]


def test_copy_and_deepcopy_give_equal_articles() -> None:
    # copy uses the same state protocol as pickle.
    article = rfiparse.parse(fixture("page_cn_taiwan_defense_budget.html").read_bytes())
    assert copy.copy(article) == article
    deep = copy.deepcopy(article)
    assert deep == article
    assert deep.paragraphs[0] is not article.paragraphs[0]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_listing_page_error_unpickles_as_itself(protocol: int) -> None:
    with pytest.raises(rfiparse.ListingPageError) as refused:
        rfiparse.parse(fixture("listing_cn_homepage.html").read_bytes())
    restored = _round_trip(refused.value, protocol)
    assert type(restored) is rfiparse.ListingPageError
    assert str(restored) == str(refused.value)
