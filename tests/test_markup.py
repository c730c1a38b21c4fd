"""The markup rules several parts of the parser share (``rfiparse._markup``), on snippets."""

from __future__ import annotations

import pytest

from rfiparse._html import Element, parse_html
from rfiparse._markup import (
    is_bold_run,
    is_media_script,
    is_media_wrapper,
    is_skipped,
    is_video_wrapper,
)


def _first(html: str, tag: str) -> Element:
    root = parse_html(html)
    assert root is not None
    return next(root.iter(tag))


@pytest.mark.parametrize(
    "html",
    [
        "<p><strong>Lead</strong></p>",
        "<p> <b>Lead</b> </p>",
        "<p><!-- c --><strong>Lead</strong></p>",
    ],
)
def test_a_paragraph_of_one_bold_run_is_one(html: str) -> None:
    paragraph = _first(html, "p")
    assert is_bold_run(paragraph, with_links=True)
    assert is_bold_run(paragraph, with_links=False)


@pytest.mark.parametrize(
    "html",
    [
        "<p>Text <strong>bold</strong></p>",
        "<p><strong>bold</strong> text</p>",
        "<p><strong>a</strong><strong>b</strong></p>",
        "<p><em>Lead</em></p>",
        "<div><strong>Lead</strong></div>",
    ],
)
def test_a_paragraph_that_is_not_one_bold_run_alone_is_not_one(html: str) -> None:
    element = _first(html, "div" if html.startswith("<div") else "p")
    assert not is_bold_run(element, with_links=True)


def test_a_bold_run_holding_a_link_counts_only_where_links_are_allowed() -> None:
    # A fragment's lead may hold a link; the body's subheadings hold none.
    paragraph = _first('<p><strong>Lead <a href="/cn/x">x</a></strong></p>', "p")
    assert is_bold_run(paragraph, with_links=True)
    assert not is_bold_run(paragraph, with_links=False)


@pytest.mark.parametrize(
    "html", ["<div data-wrapper-video-player>x</div>", '<div class="a m-em-video">x</div>']
)
def test_a_video_wrapper_is_marked_by_its_attribute_or_its_class(html: str) -> None:
    block = _first(html, "div")
    assert is_video_wrapper(block)
    assert is_skipped(block)


def test_a_class_that_only_starts_like_the_video_wrapper_is_no_wrapper() -> None:
    assert not is_video_wrapper(_first('<div class="m-em-video__title">x</div>', "div"))


def test_the_block_around_an_audio_players_json_is_skipped() -> None:
    block = _first('<div><p>x</p><script data-media-id="M1">{}</script></div>', "div")
    assert is_media_script(next(block.iter("script")))
    assert is_media_wrapper(block)
    assert is_skipped(block)


def test_a_block_with_a_script_of_no_player_is_kept() -> None:
    block = _first("<div><p>x</p><script>var a;</script></div>", "div")
    assert not is_media_wrapper(block)
    assert not is_skipped(block)


@pytest.mark.parametrize(
    "html",
    [
        "<p><span><span><strong><span>Subtitle</span></strong></span></span></p>",
        "<p><span><b>Subtitle</b></span></p>",
        "<p> <span> <strong>Subtitle</strong> </span> </p>",
        "<p><span><!-- c --><strong>Subtitle</strong></span></p>",
    ],
)
def test_a_bold_run_is_seen_through_attribute_less_spans(html: str) -> None:
    paragraph = _first(html, "p")
    assert is_bold_run(paragraph, with_links=False)


@pytest.mark.parametrize(
    "html",
    [
        '<p><span style="color:red"><strong>Subtitle</strong></span></p>',
        "<p><span>Text <strong>bold</strong></span></p>",
        "<p><span><strong>bold</strong> text</span></p>",
        "<p><span><strong>bold</strong></span> text</p>",
        "<p><span><strong>a</strong></span><span><strong>b</strong></span></p>",
        "<p><em><strong>Subtitle</strong></em></p>",
        "<p><!-- c -->text<strong>bold</strong></p>",
    ],
)
def test_a_bold_run_with_anything_beside_it_or_in_a_span_with_attributes_is_not_one(
    html: str,
) -> None:
    paragraph = _first(html, "p")
    assert not is_bold_run(paragraph, with_links=True)
