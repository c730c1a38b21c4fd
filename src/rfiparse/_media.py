"""Audio, video and frame embeds inside the article body."""

from __future__ import annotations

import re

from ._html import Element, has_class, text_content
from ._json import json_object, json_str, read_json
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


def _shown_duration(script: Element) -> int | None:
    """The ``MM:SS`` the player around the audio's JSON shows, if any."""
    player = script.getparent()
    if player is None:
        return None
    for element in player.iter():
        classes = element.get("class") or ""
        if "__duration" in classes:
            return _seconds(text_content(element))
    return None


def _audio(script: Element, base: str) -> Media | None:
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
        media_id = script.get("data-media-id")
    return Media(
        kind="audio",
        url=url,
        id=clean_optional(media_id),
        title=_json_title(data, "diffusion") or _json_title(data, "emission"),
        duration=_seconds(data.get("duration")) or _shown_duration(script),
    )


def _player_title(player: Element, body: Element) -> str | None:
    node = player.getparent()
    while node is not None and node is not body:
        for element in node.iter():
            if has_class(element, "m-em-video__title"):
                return clean_optional(text_content(element))
        if "data-wrapper-video-player" in node.attrib or has_class(node, "m-em-video"):
            break
        node = node.getparent()
    return None


def _video_player(player: Element, body: Element, base: str) -> Media | None:
    url = normalize_url(player.get("source"), base)
    if url is None:
        return None
    return Media(
        kind="video",
        url=url,
        id=clean_optional(player.get("video-id")),
        title=_player_title(player, body),
    )


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
    for element in body.iter("script", "youtube-player", "iframe"):
        media: Media | None = None
        if element.tag == "script":
            if element.get("data-media-id") is not None:
                media = _audio(element, base)
        elif element.tag == "youtube-player":
            media = _video_player(element, body, base)
        else:
            media = _frame(element, base)
        if media is not None:
            found.append(media)
    return tuple(found)
