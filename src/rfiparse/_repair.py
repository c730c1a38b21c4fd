"""Repair of the glued tags that class-stripping left in archived RFI markup.

From 2022 on, the feed that archives RFI articles removed every ``class``
attribute and, with it, the space before the next attribute, leaving tags such
as ``<divdata-article-list>`` and ``<asidedata-org-name=""data-org-type="">``.
An HTML parser reads those as unknown elements whose closing tags never come,
so the tree is mis-nested and content (the related links) falls outside its
block. The repair puts the missing spaces back before the parser sees them.
"""

from __future__ import annotations

import re

__all__ = ["repair_glued_tags"]

# Longest names first so that, e.g., "article" wins over "a". Lower case only, as
# the archives write them (case-insensitive matching costs four times the time).
_TAGS = sorted(
    [
        "a",
        "abbr",
        "article",
        "aside",
        "audio",
        "b",
        "blockquote",
        "button",
        "div",
        "em",
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
        "picture",
        "play-media",
        "section",
        "share-button",
        "share-modal",
        "source",
        "span",
        "strong",
        "time",
        "ul",
        "video",
        "youtube-player",
    ],
    key=len,
    reverse=True,
)
# How a glued attribute begins: a known attribute name and its '=' or a data-,
# aria- or Vue (v-) prefix.
_ATTRIBUTE_START = (
    r"(?:data-|aria-|v-"
    r"|(?:class|id|style|role|href|src|srcset|title|alt|target|rel|lang|dir"
    r"|width|height|type|name|content|loading)=)"
)
_GLUED_NAME = re.compile(
    r"<(" + "|".join(re.escape(t) for t in _TAGS) + r")(?=" + _ATTRIBUTE_START + ")"
)
# A quoted attribute value directly followed by the next attribute's name.
_GLUED_ATTRIBUTE = re.compile(
    r"""(=[ \t]*"[^"<>]*")(?=[A-Za-z_:@][\w:.@-]*(?:=["']|[ \t\r\n]|/?>))"""
)
# Script and style elements: their text is not markup and is left as it is. An
# unclosed one runs to the end, as in HTML, so finding them stays linear.
_RAW_TEXT = re.compile(r"<(?:script|style)\b.*?(?:</(?:script|style)\s*>|\Z)", re.DOTALL)


def _unglue(markup: str) -> str:
    # Two passes, each with a literal first character: one regex with both
    # alternatives would cost five times as much.
    return _GLUED_ATTRIBUTE.sub(r"\1 ", _GLUED_NAME.sub(r"<\1 ", markup))


def repair_glued_tags(html: str) -> str:
    """Put back the spaces that class-stripping removed inside tags.

    One goes between a tag's name and its first attribute, one between an
    attribute's value and the next attribute. Script and style text is left
    as it is.
    """
    if "<" not in html:
        return html
    parts: list[str] = []
    start = 0
    for raw in _RAW_TEXT.finditer(html):
        parts.append(_unglue(html[start : raw.start()]))
        parts.append(raw.group())
        start = raw.end()
    if not parts:
        return _unglue(html)
    parts.append(_unglue(html[start:]))
    return "".join(parts)
