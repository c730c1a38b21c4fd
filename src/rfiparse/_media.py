"""Audio, video and frame embeds inside the article body."""

from __future__ import annotations

import re

from ._html import Element, Texts, first_below, has_class
from ._json import json_object, json_str, read_json
from ._markup import MEDIA_ID_ATTRIBUTE, VIDEO_PLAYER_TAGS, is_media_script, is_video_wrapper
from ._text import clean_optional
from ._urls import normalize_url
from .model import Media

__all__ = ["extract_media"]

_CLOCK = re.compile(r"(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)", re.ASCII)
_YOUTUBE_EMBED = re.compile(
    r"https?://(?:www\.)?(?:youtube\.com|youtube-nocookie\.com)/embed/([A-Za-z0-9_-]{6,})"
)


def _json_title(data: dict[str, object], key: str) -> str | None:
    """The ``title`` string of the object ``data[key]``, cleaned, or ``None``."""
    part = json_object(data.get(key))
    return clean_optional(json_str(part.get("title"))) if part is not None else None


def _seconds(value: object) -> int | None:
    """Seconds from a JSON number or string, or a shown ``[HH:]MM:SS``; else ``None``.

    A number must be finite and below 10**7 (``read_json()`` already made
    ``NaN`` and ``1e999`` null); a string holds up to 7 ASCII digits or the
    clock, in ASCII digits too.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if 0 <= value < 10**7 else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value.isascii() and value.isdigit() and len(value) <= 7:
        return int(value)
    match = _CLOCK.fullmatch(value)
    if match is None:
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _has_duration_class(element: Element) -> bool:
    return "__duration" in (element.get("class") or "")


def _has_title_class(element: Element) -> bool:
    return has_class(element, "m-em-video__title")


class _Embeds:
    """What the embeds of one body look up around themselves, each found once per body.

    A player's shown duration and title stand somewhere in the block around it;
    looked for from each player, a block holding thousands of players (or players
    nested to libxml2's 256-level cap) would be walked once per player and level.
    Here the elements of each kind are found in one walk of the body, on first need,
    and every answer is kept.
    """

    def __init__(self, body: Element) -> None:
        self._body = body
        self._durations: dict[Element, Element] | None = None
        self._titles: dict[Element, Element] | None = None
        self._title_of: dict[Element, Element | None] = {}
        self._texts: dict[Element, str | None] = {}
        self._visible = Texts(body)

    def _text(self, element: Element) -> str | None:
        """``clean_optional(text_content(element))``, read once per element."""
        if element not in self._texts:
            self._texts[element] = clean_optional(self._visible.text(element))
        return self._texts[element]

    def shown_duration(self, script: Element) -> int | None:
        """The ``MM:SS`` the player around the audio's JSON shows, if any.

        That is the first element, in page order, with ``__duration`` in its class,
        at or below the script's parent.
        """
        player = script.getparent()
        if player is None:  # pragma: no cover - a script of the body has a parent
            return None
        if self._durations is None:
            self._durations = first_below(
                self._body, filter(_has_duration_class, self._body.iter()), strict=False
            )
        element = self._durations.get(player)
        return _seconds(self._text(element) or "") if element is not None else None

    def player_title(self, player: Element) -> str | None:
        """The video's title: in the nearest block around the player that holds one.

        Blocks are looked at from the player's parent up to the body (excluded),
        and not past the player's own wrapper (``data-wrapper-video-player`` or
        ``m-em-video``); the title is the first ``m-em-video__title`` of the block,
        in page order. Each block's answer is kept, so that every element of the
        body is looked at a bounded number of times, whatever the number of players.
        """
        if self._titles is None:
            self._titles = first_below(
                self._body, filter(_has_title_class, self._body.iter()), strict=False
            )
        titles = self._titles
        path: list[Element] = []
        answer: Element | None = None
        node = player.getparent()
        while node is not None and node is not self._body:
            if node in self._title_of:
                answer = self._title_of[node]
                break
            path.append(node)
            answer = titles.get(node)
            if answer is not None or is_video_wrapper(node):
                break
            node = node.getparent()
        # Each block on the way holds no title and is no wrapper: the answer is
        # the one of the block above it, that is, the one found.
        for node in path:
            self._title_of[node] = answer
        return self._text(answer) if answer is not None else None


def _audio(script: Element, embeds: _Embeds, base: str) -> Media | None:
    """The audio the player's JSON describes: its first usable ``sources[].url``, else ``None``."""
    data = json_object(read_json(script.text))
    if data is None:
        return None
    url = None
    sources = data.get("sources")
    for source in sources if isinstance(sources, list) else ():
        url = normalize_url(json_str(source.get("url")), base) if isinstance(source, dict) else None
        if url is not None:
            break
    if url is None:
        return None
    media_id = json_str(data.get("mediaId"))
    if media_id is None or not media_id.strip():
        media_id = script.get(MEDIA_ID_ATTRIBUTE)
    return Media(
        kind="audio",
        url=url,
        id=clean_optional(media_id),
        title=_json_title(data, "diffusion") or _json_title(data, "emission"),
        duration=_seconds(data.get("duration")) or embeds.shown_duration(script),
    )


# RFI's video players: <youtube-player> (2020–21, classed) and <video-player>
# (2022+ records, class-stripped); each names its embed in ``source``.


def _video_player(player: Element, embeds: _Embeds, base: str) -> Media | None:
    """The video an RFI player shows: its ``source`` embed, else ``None``.

    The id is the player's ``video-id``, else the YouTube id of the embed URL.
    """
    url = normalize_url(player.get("source"), base)
    if url is None:
        return None
    video_id = clean_optional(player.get("video-id"))
    if video_id is None:
        youtube = _YOUTUBE_EMBED.match(url)
        video_id = youtube.group(1) if youtube is not None else None
    return Media(kind="video", url=url, id=video_id, title=embeds.player_title(player))


def _frame(iframe: Element, base: str) -> Media | None:
    url = normalize_url(iframe.get("src") or iframe.get("data-src"), base)
    if url is None:
        return None
    title = clean_optional(iframe.get("title"))
    youtube = _YOUTUBE_EMBED.match(url)
    if youtube is not None:
        return Media(kind="video", url=url, id=youtube.group(1), title=title)
    return Media(kind="iframe", url=url, id=None, title=title)


def extract_media(body: Element | None, *, base: str) -> tuple[Media, ...]:
    """Every audio, video and frame embed of the body, in page order."""
    if body is None:
        return ()
    found: list[Media] = []
    embeds = _Embeds(body)
    for element in body.iter("script", *VIDEO_PLAYER_TAGS, "iframe"):
        media: Media | None = None
        if element.tag == "script":
            if is_media_script(element):
                media = _audio(element, embeds, base)
        elif element.tag in VIDEO_PLAYER_TAGS:
            media = _video_player(element, embeds, base)
        else:
            media = _frame(element, base)
        if media is not None:
            found.append(media)
    return tuple(found)
