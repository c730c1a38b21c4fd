"""Pickling: every result class survives a round trip, as ``parse_many()`` needs.

The classes pickle as their builder and the tuple of their field values
(``model._pickled_as_tuple``); these tests check that nothing is lost or reordered
on the way, for every protocol, and that each object is rebuilt by one call.
"""

from __future__ import annotations

import copy
import pickle
import pickletools
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


def _with_numbered_values(cls: type) -> tuple[Any, tuple[str, ...]]:
    """An instance of ``cls`` whose fields hold ``"value 0"``, ``"value 1"`` … in field order."""
    values = tuple(f"value {index}" for index in range(len(attrs.fields(cls))))
    instance: Any = object.__new__(cls)
    for field, value in zip(attrs.fields(cls), values, strict=True):
        object.__setattr__(instance, field.name, value)
    return instance, values


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_reduces_to_its_builder_and_the_field_values_in_field_order(
    cls: type, protocol: int
) -> None:
    instance, values = _with_numbered_values(cls)
    assert instance.__reduce_ex__(protocol) == (cls._from_fields, values)  # type: ignore[attr-defined]
    restored = _round_trip(instance, protocol)
    assert type(restored) is cls
    for field in attrs.fields(cls):
        assert getattr(restored, field.name) == getattr(instance, field.name)


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("drop", [1, -1])  # one value missing, one too many
def test_builder_refuses_a_wrong_number_of_values(cls: type, drop: int) -> None:
    _, values = _with_numbered_values(cls)
    wrong = values[:-1] if drop == 1 else (*values, "extra")
    with pytest.raises(TypeError):
        cls._from_fields(*wrong)  # type: ignore[attr-defined]


def test_no_object_of_an_article_pickle_is_rebuilt_by_new_then_setstate() -> None:
    # Each model object is one REDUCE (its builder called with its values), not NEWOBJ
    # then BUILD (``__new__``, then a lookup and call of ``__setstate__``): the cheaper
    # load that parse_many()'s parent process runs for every article.
    article = rfiparse.parse(fixture("page_cn_taiwan_defense_budget.html").read_bytes())
    assert article.paragraphs
    assert article.related
    assert article.image
    for protocol in PROTOCOLS:
        opcodes = {op.name for op, _, _ in pickletools.genops(pickle.dumps(article, protocol))}
        assert opcodes.isdisjoint({"BUILD", "NEWOBJ", "NEWOBJ_EX"}), protocol


# Paragraph(text="Un paragraphe.", kind="quote", links=(InlineLink(text="lien", url=…),)),
# as rfiparse 0.x pickled it with protocol 2: NEWOBJ, then BUILD with the tuple of values.
_OLD_PARAGRAPH_PICKLE = (
    b"\x80\x02crfiparse.model\nParagraph\nq\x00)\x81q\x01X\x0e\x00\x00\x00Un paragraphe.q"
    b"\x02X\x05\x00\x00\x00quoteq\x03crfiparse.model\nInlineLink\nq\x04)\x81q\x05X\x04\x00"
    b"\x00\x00lienq\x06X\x17\x00\x00\x00https://www.rfi.fr/fr/xq\x07\x86q\x08b\x85q\t\x87q\nb."
)


def test_a_pickle_of_the_former_tuple_state_still_loads() -> None:
    link = model.InlineLink(text="lien", url="https://www.rfi.fr/fr/x")
    expected = model.Paragraph(text="Un paragraphe.", kind="quote", links=(link,))
    assert pickle.loads(_OLD_PARAGRAPH_PICKLE) == expected


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
