r"""Markdown rendering of an ``Article`` (CommonMark).

The document is the headline (``# ``), the main image (``![alt](url)``, its
caption and credit in italics below it), the lead in bold, then the body in
page order: subheadings (``## ``), paragraphs, list items (``- ``, consecutive
items form one list) and quotations (``> ``). Inline links of a paragraph
become ``[text](url)``. A "Related" section lists the related articles as
links. Blocks are separated by one blank line; the result has no trailing newline.

Every piece of text is escaped so that it renders as the same text: Markdown
punctuation (``\ ` * _ [ ] < ~``), an ``&`` that would start an entity, and
what would open a block at the start of a line (``#``, ``>``, ``-``, ``+``,
``=``, ``1.``); a line break inside a text (which no parsed article holds) becomes
a space, so that no text can open a block of its own. URLs keep their characters
except those that would end the link (blanks, controls, parentheses, angle
brackets, backslashes), which are percent-encoded.

The output is safe by construction, whatever the ``Article`` holds (one built by
hand included): only an absolute ``http`` or ``https`` URL becomes a link target.
A link to anything else (``javascript:``, ``data:``, a relative URL) is rendered as
its text alone, and an image with such a URL is left out (its caption is kept).

>>> from rfiparse.model import Article, Paragraph
>>> print(article_markdown(Article(
...     headline="A *bold* claim",
...     paragraphs=(Paragraph(text="1. First"), Paragraph(text="x", kind="list-item")),
... )))
# A \*bold\* claim
<BLANKLINE>
1\. First
<BLANKLINE>
- x
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only: rfiparse.model imports this module
    from .model import Article, Image, Paragraph, Teaser

__all__ = [
    "article_markdown",
    "escape_markdown",
    "link_target",
    "markdown_link",
    "markdown_url",
    "teaser_markdown",
]

# Characters that may open or close inline constructs anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>~])")
# An "&" that a renderer would read as the start of an entity or character reference.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What opens a block at the start of a line: heading, quote, list, setext underline,
# ordered list item ("2023. " or "1) ").
_LINE_START = re.compile(r"^(?:([#>+=-])|(\d{1,9})([.)]))")
# A closing sequence of "#" that an ATX heading would drop.
_TRAILING_HASHES = re.compile(r"(\s)(#+)$")
# What would end a link destination or break its line: blanks (Unicode ones too),
# controls, parentheses, angle brackets, backslashes.
_URL_UNSAFE_CHARS = re.compile(r"[\s\x00-\x1f\x7f-\x9f()<>\\]")
# Blanks other than the space (line breaks above all): a space each, in a text.
_OTHER_BLANKS = re.compile(r"[^\S ]")
# The schemes a link may have: a renderer reads the scheme without regard to case.
_HTTP_SCHEME = re.compile(r"https?://[^\s/?#]", re.IGNORECASE)


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    r"""Escape ``text`` so that Markdown renders it as written.

    ``line_start`` says whether the text begins a line (block markers are then escaped).

    >>> escape_markdown("# 5 * 3 = [15] & &amp;")
    '\\# 5 \\* 3 = \\[15\\] & \\&amp;'
    """
    if not text.isprintable():  # a line break, or another blank, to make a space
        text = _OTHER_BLANKS.sub(" ", text)
    escaped = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    if line_start:
        escaped = _LINE_START.sub(_escape_marker, escaped, count=1)
    return _TRAILING_HASHES.sub(r"\1\\\2", escaped)


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def _percent_encoded(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass"))


def markdown_url(url: str) -> str:
    """``url`` with the characters that would end a Markdown link destination percent-encoded.

    >>> markdown_url("https://example.com/a (b)")
    'https://example.com/a%20%28b%29'
    """
    return _URL_UNSAFE_CHARS.sub(_percent_encoded, url)


def link_target(url: str) -> str | None:
    """``markdown_url(url)`` if ``url`` is an absolute http(s) URL, else ``None``.

    >>> link_target("https://example.com/a b"), link_target("javascript:alert(1)")
    ('https://example.com/a%20b', None)
    """
    if _HTTP_SCHEME.match(url) is None:
        return None
    return markdown_url(url)


def markdown_link(text: str, url: str) -> str:
    """An inline link ``[text](url)``, both escaped; the text alone if ``url`` is not http(s)."""
    target = link_target(url)
    escaped = escape_markdown(text, line_start=False)
    return escaped if target is None else f"[{escaped}]({target})"


def _with_links(paragraph: Paragraph) -> str:
    """The paragraph's text, escaped, with each inline link found in it made a link."""
    text = paragraph.text
    parts: list[str] = []
    pos = 0
    for link in paragraph.links:
        found = text.find(link.text, pos)
        if found < 0:
            continue
        parts.append(escape_markdown(text[pos:found], line_start=pos == 0))
        parts.append(markdown_link(link.text, link.url))
        pos = found + len(link.text)
    parts.append(escape_markdown(text[pos:], line_start=pos == 0))
    return "".join(parts)


def _image(image: Image) -> Iterator[str]:
    """The image (if its URL is http(s)), then its caption and credit in italics."""
    target = link_target(image.url)
    if target is not None:
        yield f"![{escape_markdown(image.alt or '', line_start=False)}]({target})"
    note = " ".join(part for part in (image.caption, image.credit) if part)
    if note:
        yield f"*{escape_markdown(note, line_start=False)}*"


def _body(paragraphs: tuple[Paragraph, ...]) -> Iterator[str]:
    items: list[str] = []
    for paragraph in paragraphs:
        text = _with_links(paragraph)
        if paragraph.kind == "list-item":
            items.append(f"- {text}")
            continue
        if items:
            yield "\n".join(items)
            items = []
        if paragraph.kind == "heading":
            yield f"## {text}"
        elif paragraph.kind == "quote":
            yield f"> {text}"
        else:
            yield text
    if items:
        yield "\n".join(items)


def _byline(article: Article) -> str | None:
    """``*<published> · <authors> · <url>*``, of what the article has; ``None`` for none."""
    parts = []
    if article.published is not None:
        parts.append(escape_markdown(article.published.isoformat(), line_start=False))
    if article.authors:
        names = ", ".join(author.name for author in article.authors)
        parts.append(escape_markdown(names, line_start=False))
    target = link_target(article.url) if article.url is not None else None
    if target is not None:
        parts.append(f"<{target}>")
    return f"*{' · '.join(parts)}*" if parts else None


def _blocks(article: Article, *, metadata: bool) -> Iterator[str]:
    if article.headline:
        yield f"# {escape_markdown(article.headline)}"
    byline = _byline(article) if metadata else None
    if byline is not None:
        yield byline
    if article.image is not None:
        yield from _image(article.image)
    if article.lead:
        yield f"**{escape_markdown(article.lead, line_start=False)}**"
    yield from _body(article.paragraphs)
    if article.related:
        yield "## Related"
        yield "\n".join(f"- {markdown_link(r.title, r.url)}" for r in article.related)


def article_markdown(article: Article, *, metadata: bool = False) -> str:
    """Render ``article`` as a Markdown document (see the module docstring).

    With ``metadata``, a byline in italics follows the headline: the publication
    time (ISO 8601, with its offset), the authors' names and the article's URL,
    separated by `` · ``, each where the article has it.
    """
    return "\n\n".join(_blocks(article, metadata=metadata))


def _teaser_blocks(teaser: Teaser) -> Iterator[str]:
    yield markdown_link(teaser.title, teaser.url)
    if teaser.topic:
        yield escape_markdown(teaser.topic)
    if teaser.published is not None:
        yield escape_markdown(teaser.published.isoformat())
    if teaser.image is not None:
        yield from _image(teaser.image)


def teaser_markdown(teaser: Teaser) -> str:
    """Render ``teaser``: its title as a link, then its topic, time and picture."""
    return "\n\n".join(_teaser_blocks(teaser))
