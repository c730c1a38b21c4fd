"""The markdown header of feed-archive records.

A record is: optional Jekyll front matter (``---`` … ``---``), a line
``<!--EPOCH_MS-->``, a line ``[headline](url)``, a line of dashes, then the
HTML fragment. Every part is optional; what is absent is ``None``.
"""

from __future__ import annotations

import html
import re
from datetime import datetime

import attrs

from ._dates import epoch_ms_to_utc

__all__ = ["RecordHeader", "split_record"]

_FRONT_MATTER_OPEN = re.compile(r"[ \t]*---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^---[ \t]*(?:\r?\n|\Z)", re.M)
# The value is trimmed in Python: a lazy value before optional trailing blanks
# backtracks quadratically on a long run of spaces.
_FRONT_MATTER_KEY = re.compile(r"^(title|from)[ \t]*:(.*)$", re.M)
_EPOCH_COMMENT = re.compile(r"\s*<!--\s*([0-9]{1,18})\s*-->")
_RULE = re.compile(r"[ \t]*-{3,}[ \t]*(?:\r?\n|\Z)")
_LEADING_BLANK = re.compile(r"\s*")


@attrs.frozen(kw_only=True)
class RecordHeader:
    """What a record's header says, and the HTML that follows it."""

    title: str | None = None
    url: str | None = None
    record_time: datetime | None = None
    html: str = ""


def _unquote_yaml(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _front_matter(text: str, pos: int) -> tuple[dict[str, str], int]:
    opening = _FRONT_MATTER_OPEN.match(text, pos)
    if opening is None:
        return {}, pos
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if closing is None:
        return {}, pos
    block = text[opening.end() : closing.start()]
    fields = {
        m.group(1): _unquote_yaml(m.group(2).strip(" \t\r"))
        for m in _FRONT_MATTER_KEY.finditer(block)
    }
    return fields, closing.end()


def _link_line(text: str, pos: int) -> tuple[str, str, int] | None:
    """``[title](url)`` alone on the line at ``pos``: title, url and the end of the line."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    line = text[pos:end].strip()
    if not (line.startswith("[") and line.endswith(")")):
        return None
    middle = line.rfind("](")
    if middle < 1:
        return None
    url = line[middle + 2 : -1].strip()
    if len(url.split(maxsplit=1)) != 1:  # empty, or not one URL
        return None
    return line[1:middle], url, min(end + 1, len(text))


def split_record(text: str) -> RecordHeader:
    """Split a feed-archive record into its header and its HTML fragment.

    Input without a header (a bare fragment, a full page) comes back whole as ``html``.
    """
    pos = 1 if text.startswith("\ufeff") else 0
    fields, pos = _front_matter(text, pos)
    record_time = None
    comment = _EPOCH_COMMENT.match(text, pos)
    if comment is not None:
        record_time = epoch_ms_to_utc(int(comment.group(1)))
        pos = comment.end()
    title = fields.get("title")
    url = fields.get("from")
    blank = _LEADING_BLANK.match(text, pos)
    line_start = blank.end() if blank else pos
    link = _link_line(text, line_start)
    if link is not None:
        title, url, pos = link
        rule = _RULE.match(text, pos)
        if rule is not None:
            pos = rule.end()
    elif not fields and comment is None:
        return RecordHeader(html=text)
    return RecordHeader(
        title=html.unescape(title) if title is not None else None,
        url=html.unescape(url) if url else None,
        record_time=record_time,
        html=text[pos:],
    )
