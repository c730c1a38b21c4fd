"""Video players of class-stripped records (issue 14, item 3)."""

from __future__ import annotations

import pytest

import rfiparse
from rfiparse import Media

_HEADER = (
    "<!--1687860000000-->\n[标题](https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20230627-x)\n------\n"
)
_PLAYER = (
    "<div data-media-video-WBMZ1-RFI-CN-20230627 data-wrapper-video-player>"
    '<divdata-hidden-video-player="WBMZ1-RFI-CN-20230627">'
    '<video-playermedia-id="WBMZ1-RFI-CN-20230627"video-type="youtube"'
    'source="https://www.youtube.com/embed/AbCdEf"locale="zh-CN"video-id="AbCdEf">'
    "</video-player></div>"
    '<figure><img src="data:image/gif;base64,R0lGOD" alt="Studio RFI"/>'
    "<figcaption><span>Studio RFI</span><span>© RFI</span></figcaption></figure></div>"
)
_VIDEO = Media(kind="video", url="https://www.youtube.com/embed/AbCdEf", id="AbCdEf")


def _record(body: str) -> str:
    return (
        _HEADER
        + "<div>27/06/2023 - 12:00</div><div><p>正文一。</p>"
        + body
        + "<p>正文二。</p></div>"
    )


def test_a_class_stripped_video_player_gives_a_video() -> None:
    article = rfiparse.parse(_record(_PLAYER))
    assert article.media == (_VIDEO,)


def test_a_class_stripped_video_player_is_no_text_and_its_poster_no_body_image() -> None:
    article = rfiparse.parse(_record(_PLAYER))
    assert [p.text for p in article.paragraphs] == ["正文一。", "正文二。"]
    assert article.body_images == ()


def test_a_video_player_with_spaces_gives_the_same_video() -> None:
    spaced = (
        _PLAYER.replace("<divdata", "<div data")
        .replace("<video-playermedia", "<video-player media")
        .replace('"video-type', '" video-type')
    )
    assert rfiparse.parse(_record(spaced)).media == (_VIDEO,)


def test_a_video_player_without_a_wrapper_gives_the_video_and_no_text() -> None:
    bare = (
        '<div><video-player media-id="WBMZ1" video-type="youtube"'
        ' source="https://www.youtube.com/embed/AbCdEf" video-id="AbCdEf"></video-player></div>'
    )
    article = rfiparse.parse(_record(bare))
    assert article.media == (_VIDEO,)
    assert [p.text for p in article.paragraphs] == ["正文一。", "正文二。"]


@pytest.mark.parametrize("tag", ["video-player", "youtube-player"])
def test_a_player_without_video_id_takes_the_id_of_its_youtube_embed(tag: str) -> None:
    player = f'<div data-wrapper-video-player><{tag} source="https://www.youtube.com/embed/AbCdEf"></{tag}></div>'
    assert rfiparse.parse(_record(player)).media == (_VIDEO,)


def test_a_player_without_a_source_gives_no_video() -> None:
    player = '<div data-wrapper-video-player><video-player video-id="AbCdEf"></video-player></div>'
    assert rfiparse.parse(_record(player)).media == ()


def test_a_fragment_of_a_class_stripped_video_player_alone_is_an_article() -> None:
    article = rfiparse.parse(_PLAYER)
    assert article.media == (_VIDEO,)
