"""Bounded time on hostile input: every rule visits each element a bounded number of times.

No test here times anything. Each counts the work the rules do instead: every
element lxml hands to Python (by iteration, ``getparent()``, ``getnext()`` and the
like) and every element an XPath or CSS selector returns is one *visit*, counted
through an element class installed for the test and through wrappers around the
package's compiled selectors. A rule that rescans a subtree once per element or
per nesting level makes hundreds of visits per element of the tree (libxml2's
256-level cap turns every per-level rescan into a ×256 multiplier); a rule that
visits each element a bounded number of times makes a few.

Each reproduction of issue 13 is parsed (it used to take from seconds to a
minute at full size), its result checked, and its visits per element of the tree
bounded. What these counts cannot see (work inside libxml2, such as the text of an
element written out in one call) the benchmark ``benchmarks/pathological.py
--check`` times, against an absolute budget.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import rfiparse
from rfiparse._html import (
    Texts,
    first_below,
    has_class,
    has_descendant,
    outermost,
    parse_html,
    text_content,
)
from rfiparse._images import VideoPlayers
from rfiparse._markup import ChromeScan, is_chrome
from rfiparse._media import _Embeds
from rfiparse._text import clean_optional

# Visits per element of the tree that no rule's work may exceed: the real page
# fixture makes fewer than 3 (see test_the_real_page_stays_within_the_bound).
MAX_VISITS_PER_ELEMENT = 30
# About libxml2's nesting cap (256 levels, <html> and <body> included): past it,
# it drops elements.
DEPTH = 250


class _Counter:
    visits = 0


class _CountingElement(etree.ElementBase):
    """An element that counts every element it hands out."""

    def _count(self, elements: Iterator[Any]) -> Iterator[Any]:
        for element in elements:
            _Counter.visits += 1
            yield element

    def iter(self, *tags: Any) -> Iterator[Any]:
        # Every element walked is counted, not only those that match: the walk
        # happens in C, but its cost is that of the subtree.
        wanted = frozenset(tag for tag in tags if tag is not None)
        for element in super().iter():
            _Counter.visits += 1
            if not wanted or element.tag in wanted:
                yield element

    def iterchildren(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        return self._count(super().iterchildren(*args, **kwargs))

    def iterdescendants(self, *tags: Any) -> Iterator[Any]:
        return (element for element in self.iter(*tags) if element is not self)

    def iterancestors(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        return self._count(super().iterancestors(*args, **kwargs))

    def itersiblings(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        return self._count(super().itersiblings(*args, **kwargs))

    def __iter__(self) -> Iterator[Any]:
        return self._count(super().__iter__())

    def getparent(self) -> Any:
        _Counter.visits += 1
        return super().getparent()

    def getnext(self) -> Any:
        _Counter.visits += 1
        return super().getnext()

    def getprevious(self) -> Any:
        _Counter.visits += 1
        return super().getprevious()

    def xpath(self, *args: Any, **kwargs: Any) -> Any:
        found = super().xpath(*args, **kwargs)
        if isinstance(found, list):
            _Counter.visits += len(found)
        return found


class _CountingSelector:
    """A compiled XPath or CSS selector that counts the elements it returns."""

    def __init__(self, selector: etree.XPath) -> None:
        self._selector = selector

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        found = self._selector(*args, **kwargs)
        if isinstance(found, list):
            _Counter.visits += len(found)
        return found


@pytest.fixture
def visits(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Callable[[], object]], int]]:
    """Run a function and return the visits it made, every element counted."""
    for name, module in list(sys.modules.items()):
        if name == "rfiparse" or name.startswith("rfiparse."):
            for attribute, value in list(vars(module).items()):
                if isinstance(value, etree.XPath):
                    monkeypatch.setattr(module, attribute, _CountingSelector(value))
    etree.set_element_class_lookup(etree.ElementDefaultClassLookup(element=_CountingElement))

    def run(function: Callable[[], object]) -> int:
        _Counter.visits = 0
        function()
        return _Counter.visits

    try:
        yield run
    finally:
        etree.set_element_class_lookup()


def _elements(html: str) -> int:
    """How many elements libxml2 builds from ``html`` (as a page, when it is one)."""
    root = etree.fromstring(html.encode(), etree.HTMLParser())
    return sum(1 for _ in root.iter()) if root is not None else 0


def _parse(html: str) -> Callable[[], object]:
    def run() -> object:
        try:
            return rfiparse.parse(html, max_bytes=None)
        except rfiparse.RfiParseError as error:
            return error

    return run


def _assert_bounded(visits: int, html: str) -> None:
    elements = _elements(html)
    assert visits <= MAX_VISITS_PER_ELEMENT * elements, (
        f"{visits:,} visits for {elements:,} elements: {visits / elements:.0f} per element"
    )


# The reproductions of issue 13 ----------------------------------------------------------

AUDIO = '<script data-media-id="1">{"sources":[{"url":"http://a.com/x.mp3"}]}</script>'
PLAYER = '<youtube-player source="https://www.youtube.com/embed/abcdefgh">'


def test_audio_players_sharing_a_parent_are_not_each_walked_over_it(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    html = "<div><p>x</p><div>" + AUDIO * 2000 + "</div></div>"
    article = rfiparse.parse(html)
    assert len(article.media) == 2000
    assert {m.url for m in article.media} == {"http://a.com/x.mp3"}
    _assert_bounded(visits(_parse(html)), html)


def test_shown_durations_are_found_once_for_all_players(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    duration = '<span class="m-em-audio__duration">01:30</span>'
    html = "<div><p>x</p><div>" + AUDIO * 1000 + duration + "</div></div>"
    article = rfiparse.parse(html)
    assert [m.duration for m in article.media] == [90] * 1000
    _assert_bounded(visits(_parse(html)), html)


def test_nested_video_players_do_not_rescan_each_level_for_a_title(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    html = "<p>x</p><div>" + PLAYER * 250 + "</div>"  # just within libxml2's depth limit
    article = rfiparse.parse(html)
    assert len(article.media) == 250
    assert {m.title for m in article.media} == {None}
    _assert_bounded(visits(_parse(html)), html)


def test_flat_video_players_share_one_title_lookup(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    html = (
        '<p>x</p><div class="m-em-video">'
        + (PLAYER + "</youtube-player>") * 2000
        + '<div class="m-em-video__title">T</div></div>'
    )
    article = rfiparse.parse(html)
    assert len(article.media) == 2000
    assert {m.title for m in article.media} == {"T"}
    _assert_bounded(visits(_parse(html)), html)


def test_nested_asides_are_not_each_read_again(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    links = "".join(f'<a href="/cn/{i}">t{i}</a>' for i in range(2000))
    html = "<p>x</p>" + "<aside>" * DEPTH + links
    article = rfiparse.parse(html)
    assert len(article.related) == 2000
    _assert_bounded(visits(_parse(html)), html)


def test_nested_article_items_of_an_aside_are_not_each_read_again(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    untitled = "".join(f'<span></span><a href="/cn/{i}"></a>' for i in range(2000))
    titled = '<span>s</span><a href="/cn/x">t</a>'
    html = "<p>x</p><aside>" + "<div data-article-list>" * DEPTH + untitled + titled
    article = rfiparse.parse(html)
    assert [(r.url, r.topic) for r in article.related] == [("https://www.rfi.fr/cn/x", "s")]
    _assert_bounded(visits(_parse(html)), html)


def test_nested_listing_items_are_not_each_read_again(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    links = "".join(f'<a href="/cn/20200101-x{i}">t{i}</a>' for i in range(2000))
    html = "<html><head></head><body>" + "<div data-article-list>" * DEPTH + links
    teasers = rfiparse.parse_listing(html)
    assert teasers[0].url == "https://www.rfi.fr/cn/20200101-x0"

    def run() -> object:
        return rfiparse.parse_listing(html, max_bytes=None)

    _assert_bounded(visits(run), html)


def test_nested_empty_headings_of_a_listing_are_not_each_read(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    html = (
        '<html><head></head><body><div data-article-list><a href="/cn/20200101-x">'
        + "<h2>" * DEPTH
        + "<i></i>" * 2000
    )
    assert rfiparse.parse_listing(html) == ()  # a link, but no title

    def run() -> object:
        return rfiparse.parse_listing(html, max_bytes=None)

    _assert_bounded(visits(run), html)


def test_nested_empty_labels_of_an_article_item_are_not_each_read(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    html = (
        "<p>x</p><aside><div data-article-list>"
        + "<span>" * DEPTH
        + "<i></i>" * 2000
        + '</span><a href="/cn/x">t</a>'
    )
    article = rfiparse.parse(html)
    assert [(r.url, r.topic) for r in article.related] == [("https://www.rfi.fr/cn/x", None)]
    _assert_bounded(visits(_parse(html)), html)


def test_nested_blocks_are_not_each_scanned_for_share_buttons(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    html = "<p>x</p>" + "<div>" * DEPTH + '<p><a href="/cn/x">t</a></p>' * 2000
    article = rfiparse.parse(html)
    assert len(article.paragraphs) >= 2000
    _assert_bounded(visits(_parse(html)), html)


# The other rules, nested to the cap and flat -----------------------------------------------


def test_figures_below_deep_blocks_are_not_each_walked_up_and_down(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    figures = '<figure><img src="/a.jpg"><figcaption>c</figcaption></figure>' * 1000
    html = "<div>" * (DEPTH - 10) + "<p>x</p>" + figures  # room for the figures
    article = rfiparse.parse(html)
    assert len(article.body_images) == 1000
    _assert_bounded(visits(_parse(html)), html)


def test_figures_below_a_player_are_posters(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    figures = '<figure><img src="/a.jpg"></figure>' * 1000
    html = "<p>x</p><div>" + "<div>" * DEPTH + PLAYER + "</youtube-player>" + figures
    article = rfiparse.parse(html)
    assert article.body_images == ()
    _assert_bounded(visits(_parse(html)), html)


def test_nested_figures_are_not_each_walked_for_their_image(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    html = "<p>x</p>" + "<figure>" * DEPTH + '<img src="/a.jpg">' * 2000
    article = rfiparse.parse(html)
    assert len(article.body_images) == DEPTH
    _assert_bounded(visits(_parse(html)), html)


def test_nested_wrappers_are_not_each_scanned_for_the_body(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    html = "<div>" * DEPTH + "<i>x</i>" * 2000 + "<aside></aside>"
    _assert_bounded(visits(_parse(html)), html)


def test_author_links_below_a_deep_body_are_not_each_walked_up(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    author = '<a href="/cn/作者/a/">a</a>'
    html = "<div>01/01/2020 - 10:00</div><div>" + "<div>" * DEPTH + "<p>x</p>" + author * 2000
    article = rfiparse.parse(html)
    assert article.authors == ()
    _assert_bounded(visits(_parse(html)), html)


def test_nested_spans_of_an_aside_are_not_each_walked_up(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    html = "<p>x</p><aside>" + "<span>" * DEPTH + "<i></i>" * 2000 + '<a href="/cn/x">t</a>'
    article = rfiparse.parse(html)
    assert len(article.related) == 1
    _assert_bounded(visits(_parse(html)), html)


def test_nested_author_blocks_of_a_page_are_walked_once(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    authors = "".join(f'<a href="/cn/作者/{i}/">a{i}</a>' for i in range(2000))
    html = (
        '<html><head><meta property="og:type" content="article"></head><body>'
        '<h1 class="t-content__title">T</h1>' + '<div class="t-content__authors">' * DEPTH + authors
    )
    article = rfiparse.parse(html)
    assert len(article.authors) == 2000
    _assert_bounded(visits(_parse(html)), html)


def test_images_of_one_picture_are_read_once(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    picture = "<picture>" + "<source></source>" * 1000 + "<img>" * 1000 + "</picture>"
    html = (
        "<html><head></head><body><div data-article-list>"
        f'<a href="/cn/20200101-x"><h2>t</h2></a>{picture}</div>'
    )
    (teaser,) = rfiparse.parse_listing(html)
    assert teaser.image is None

    def run() -> object:
        return rfiparse.parse_listing(html, max_bytes=None)

    _assert_bounded(visits(run), html)


def test_the_real_page_stays_within_the_bound(
    visits: Callable[[Callable[[], object]], int],
) -> None:
    from goldens import fixture

    html = fixture("page_cn_taiwan_defense_budget.html").read_text(encoding="utf-8")
    _assert_bounded(visits(_parse(html)), html)


# first_below() and outermost(): what the rewritten rules stand on -------------------------


def _tree(html: str) -> etree._Element:
    root = etree.fromstring(html, etree.HTMLParser())
    assert root is not None
    return root


@pytest.mark.parametrize("strict", [True, False])
def test_first_below_is_the_first_match_of_each_subtree(strict: bool) -> None:
    root = _tree("<div><p><b>1</b><b>2</b></p><b>3</b><i><b>4</b></i></div>")
    found = first_below(root, root.iter("b"), strict=strict)
    for element in root.iter():
        below = [b for b in element.iter("b") if not strict or b is not element]
        assert found.get(element) is (below[0] if below else None)


def test_outermost_leaves_out_what_is_inside_another() -> None:
    root = _tree("<div><p><b>1</b><b>2<i>3</i></b></p><b>4</b><i><b>5</b></i></div>")
    chosen = [e for e in root.iter() if e.tag in ("b", "i")]
    expected = [e for e in chosen if not any(a in chosen for a in e.iterancestors())]
    assert outermost(chosen) == expected


# The rewritten rules answer as the per-element definitions did -------------------------

_SOUP_TAGS = ("div", "p", "span", "figure", "aside", "a", "youtube-player", "script", "h2")
_SOUP_ATTRIBUTES = (
    "",
    ' class="m-em-video"',
    ' class="m-em-video__title"',
    ' class="x__duration"',
    " data-wrapper-video-player",
    ' href="https://x.com/intent/tweet"',
    ' href="/cn/作者/a/"',
    ' href="/cn/x"',
    ' data-media-id="1"',
)


@st.composite
def _soups(draw: st.DrawFn) -> str:
    """Tag soup over the tags and attributes the rewritten rules look at."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(_SOUP_TAGS))
        if kind == 0:
            parts.append(f"</{tag}>")
        elif kind == 1:
            parts.append(draw(st.sampled_from(("t", " ", "01:30", ""))))
        else:
            parts.append(f"<{tag}{draw(st.sampled_from(_SOUP_ATTRIBUTES))}>")
    return "".join(parts)


def _old_in_video_player(element: etree._Element, stop: etree._Element) -> bool:
    """The per-element definition ``VideoPlayers`` replaces."""
    node = element.getparent()
    while node is not None and node is not stop:
        if "data-wrapper-video-player" in node.attrib or has_class(node, "m-em-video"):
            return True
        if has_descendant(node, ("youtube-player",)) and not has_descendant(node, ("p",)):
            return True
        node = node.getparent()
    return False


def _old_player_title(player: etree._Element, body: etree._Element) -> str | None:
    """The per-player definition of ``_Embeds.player_title``."""
    node = player.getparent()
    while node is not None and node is not body:
        for element in node.iter():
            if has_class(element, "m-em-video__title"):
                return clean_optional(text_content(element))
        if "data-wrapper-video-player" in node.attrib or has_class(node, "m-em-video"):
            break
        node = node.getparent()
    return None


def _body_of(soup: str) -> etree._Element:
    body = parse_html("<body>" + soup)
    assert body is not None
    return body


@settings(max_examples=150, deadline=None)
@given(_soups())
def test_video_players_answer_as_the_per_element_walk(soup: str) -> None:
    body = _body_of(soup)
    players = VideoPlayers(body)
    for element in body.iterdescendants():  # what is asked about: figures of the body
        assert players.contains(element) == _old_in_video_player(element, body)


@settings(max_examples=150, deadline=None)
@given(_soups())
def test_player_titles_answer_as_the_per_player_walk(soup: str) -> None:
    body = _body_of(soup)
    embeds = _Embeds(body)
    for player in body.iter("youtube-player"):
        assert embeds.player_title(player) == _old_player_title(player, body)


@settings(max_examples=150, deadline=None)
@given(_soups())
def test_chrome_scan_answers_as_is_chrome(soup: str) -> None:
    body = _body_of(soup)
    scan = ChromeScan(body)
    for element in body.iter():
        assert scan.is_chrome(element) == is_chrome(element)


@settings(max_examples=150, deadline=None)
@given(_soups())
def test_texts_answer_as_text_content(soup: str) -> None:
    body = _body_of(soup)
    texts = Texts(body)
    texts._WASTED_ELEMENTS = 0  # the look-up from the first empty text on
    for element in body.iter():
        assert texts.text(element) == text_content(element)
