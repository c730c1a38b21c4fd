"""Audio, video and frame embeds inside the article body."""

from __future__ import annotations

import json
import re
from typing import Any

from ._html import Element, has_class, text_content
from ._text import clean_optional
from ._urls import normalize_url
from .model import Media

__all__ = ["extract_media"]

_YOUTUBE_EMBED = re.compile(
    r"https?://(?:www\.)?(?:youtube\.com|youtube-nocookie\.com)/embed/([A-Za-z0-9_-]{6,})"
)


def _json_title(data: dict[str, Any], key: str) -> str | None:
    part = data.get(key)
    if isinstance(part, dict) and isinstance(part.get("title"), str):
        return clean_optional(part["title"])
    return None


def _audio(script: Element, base: str) -> Media | None:
    try:
        data = json.loads(script.text or "")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    sources = data.get("sources")
    url = None
    if isinstance(sources, list):
        for source in sources:
            if isinstance(source, dict) and isinstance(source.get("url"), str):
                url = normalize_url(source["url"], base)
                if url is not None:
                    break
    if url is None:
        return None
    media_id = data.get("mediaId")
    if not isinstance(media_id, str) or not media_id.strip():
        media_id = script.get("data-media-id")
    return Media(
        kind="audio",
        url=url,
        id=clean_optional(media_id),
        title=_json_title(data, "diffusion") or _json_title(data, "emission"),
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
