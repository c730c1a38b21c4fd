"""Repair of the glued tags that class-stripping left in archived RFI markup.

From 2022 on, the feed that archives RFI articles removed every ``class``
attribute and, with it, the space before the next attribute, leaving tags such
as ``<divdata-article-list>`` and ``<asidedata-org-name=""data-org-type="">``.
An HTML parser reads those as unknown elements whose closing tags never come,
so the tree is mis-nested and content (the related links) falls outside its
block. The repair puts the missing space back before the parser sees them. Values glued
to the next attribute (``data-org-name=""data-org-type=""``) need none: libxml2
reads both attributes.
"""

from __future__ import annotations

import re
from typing import AnyStr

__all__ = ["repair_glued_tags", "repair_glued_tags_utf8"]

# Longest names first so that, e.g., "article" wins over "a". Lower case only, as
# the archives write them (case-insensitive matching is several times slower).
_TAGS = sorted(
    [
        "a",
        "abbr",
        "article",
        "aside",
        "audio",
        "audio-player",
        "b",
        "blockquote",
        "button",
        "div",
        "em",
        "fov-notify",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "i",
        "iframe",
        "img",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "path",
        "picture",
        "play-media",
        "player-audio",
        "player-audio-panel",
        "player-playlist",
        "pwa-offline-banner",
        "section",
        "share-button",
        "share-modal",
        "site-nav-button",
        "source",
        "span",
        "strong",
        "svg",
        "time",
        "ul",
        "video",
        "video-player",
        "youtube-player",
    ],
    key=len,
    reverse=True,
)
# How a glued attribute begins: a known attribute name and its '=' (those of
# HTML, of inline SVG, and those RFI's players write first: media-id, video-type,
# source, ref ...), a data-, aria- or Vue (v-) prefix, or Vue's shorthands
# (":prop=" for v-bind, "@event=" for v-on: <player-playlist:enable-…="true">).
_ATTRIBUTE_START = (
    r"(?:data-|aria-|v-|[:@][a-z]"
    r"|(?:class|id|style|role|href|src|srcset|title|alt|target|rel|lang|dir"
    r"|sizes|media|decoding|fetchpriority"  # of <img> and <source> (lazy figures)
    r"|width|height|type|name|content|loading"
    r"|media-id|video-id|video-type|source|locale|classes|image|ref"
    r"|xmlns|fill|d|focusable)=)"
)


def _trie(words: list[str]) -> str:
    """An alternation of ``words`` as a prefix tree: ``a(?:bbr|side)?|d(?:iv)``.

    The regex engine tries each branch in turn at every ``<``; sharing prefixes
    makes that a few character tests instead of one per tag. Longer words are
    tried first, so "article" still wins over "a".
    """
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, rests in sorted(branches.items()):
        longer = [rest for rest in rests if rest]
        if not longer:
            parts.append(re.escape(first))
            continue
        optional = "?" if len(longer) < len(rests) else ""
        parts.append(re.escape(first) + "(?:" + _trie(longer) + ")" + optional)
    return "|".join(parts)


_GLUED_NAME = re.compile(r"<(" + _trie(_TAGS) + r")(?=" + _ATTRIBUTE_START + ")")
# Where a tag name may be glued: every match of _GLUED_NAME matches this too (the
# name, or the part of it before its own '-', runs on into data-/aria-/v-, an
# attribute's '=' or a Vue shorthand's ':' or '@'), and ordinary tags, whose name
# ends at a blank, '/' or '>', do not. No alternation: far cheaper at each '<' than _GLUED_NAME.
_MAYBE_GLUED = re.compile(r"<[a-z][a-z0-9]*[-=:@]")
# Script and style elements: their text is not markup and is left as it is. An
# unclosed one runs to the end, as in HTML, so finding them stays linear.
_RAW_TEXT = re.compile(r"<(?:script|style)\b.*?(?:</(?:script|style)\s*>|\Z)", re.DOTALL)


# The same patterns for UTF-8 bytes. They are ASCII, and no byte of a multi-byte
# UTF-8 sequence is ASCII, so they match at the bytes of the characters where the
# text patterns match.
_GLUED_NAME_UTF8 = re.compile(_GLUED_NAME.pattern.encode("ascii"))
_MAYBE_GLUED_UTF8 = re.compile(_MAYBE_GLUED.pattern.encode("ascii"))


def _split_names(
    html: AnyStr,
    start: int,
    end: int,
    *,
    maybe: re.Pattern[AnyStr],
    glued_name: re.Pattern[AnyStr],
    space: AnyStr,
) -> list[AnyStr]:
    """``html[start:end]`` with a space after each glued tag name, in pieces.

    Only where the cheap ``maybe`` (``_MAYBE_GLUED``) matches can a glued name
    begin (each of its matches starts at a '<' and holds no other), so
    ``glued_name`` (``_GLUED_NAME``) is tried there alone, not at every '<'.
    """
    pieces = []
    for candidate in maybe.finditer(html, start, end):
        glued = glued_name.match(html, candidate.start(), end)
        if glued is not None:
            pieces.append(html[start : glued.end(1)])
            pieces.append(space)
            start = glued.end(1)
    pieces.append(html[start:end])
    return pieces


def _split_text(html: str, start: int, end: int) -> list[str]:
    return _split_names(html, start, end, maybe=_MAYBE_GLUED, glued_name=_GLUED_NAME, space=" ")


def repair_glued_tags(html: str) -> str:
    """Put back the space that class-stripping removed between a tag's name and its attributes.

    ``<divdata-article-list>`` becomes ``<div data-article-list>``. A value glued to
    the next attribute (``data-a=""data-b=""``) needs no repair: the HTML parser
    reads both attributes. Script and style text is left as it is.
    """
    if "<script" not in html and "<style" not in html:
        pieces = _split_text(html, 0, len(html))
        return html if len(pieces) == 1 else "".join(pieces)
    if _MAYBE_GLUED.search(html) is None:
        return html
    parts: list[str] = []
    start = 0
    for raw in _RAW_TEXT.finditer(html):
        parts.extend(_split_text(html, start, raw.start()))
        parts.append(raw.group())
        start = raw.end()
    parts.extend(_split_text(html, start, len(html)))
    return "".join(parts)


def repair_glued_tags_utf8(html: bytes) -> bytes | None:
    """``repair_glued_tags(text)`` for the UTF-8 bytes of a text: the same repair, as bytes.

    ``None`` where the markup holds a script or style element: where its text ends
    depends on which characters count as letters, which the bytes do not show;
    repair the text instead.
    """
    if b"<script" in html or b"<style" in html:
        return None
    pieces = _split_names(
        html, 0, len(html), maybe=_MAYBE_GLUED_UTF8, glued_name=_GLUED_NAME_UTF8, space=b" "
    )
    return html if len(pieces) == 1 else b"".join(pieces)
