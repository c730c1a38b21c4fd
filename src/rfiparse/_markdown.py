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
``=``, ``1.``). URLs keep their characters except those that would end the
link (spaces, parentheses, angle brackets), which are percent-encoded.

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

from .model import Article, Image, Paragraph

__all__ = ["article_markdown", "escape_markdown", "markdown_link", "markdown_url"]

# Characters that may open or close inline constructs anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>~])")
# An "&" that a renderer would read as the start of an entity or character reference.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What opens a block at the start of a line: heading, quote, list, setext underline,
# ordered list item ("2023. " or "1) ").
_LINE_START = re.compile(r"^(?:([#>+=-])|(\d{1,9})([.)]))")
# A closing sequence of "#" that an ATX heading would drop.
_TRAILING_HASHES = re.compile(r"(\s)(#+)$")
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C"}
_URL_UNSAFE_CHARS = re.compile(r"[ ()<>\\]")


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    r"""Escape ``text`` so that Markdown renders it as written.

    ``line_start`` says whether the text begins a line (block markers are then escaped).

    >>> escape_markdown("# 5 * 3 = [15] & &amp;")
    '\\# 5 \\* 3 = \\[15\\] & \\&amp;'
    """
    escaped = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    if line_start:
        escaped = _LINE_START.sub(_escape_marker, escaped, count=1)
    return _TRAILING_HASHES.sub(r"\1\\\2", escaped)


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def markdown_url(url: str) -> str:
    """``url`` with the characters that would end a Markdown link destination percent-encoded.

    >>> markdown_url("https://example.com/a (b)")
    'https://example.com/a%20%28b%29'
    """
    return _URL_UNSAFE_CHARS.sub(lambda m: _URL_UNSAFE[m.group(0)], url)


def markdown_link(text: str, url: str) -> str:
    """An inline link ``[text](url)``, both escaped."""
    return f"[{escape_markdown(text, line_start=False)}]({markdown_url(url)})"


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
    alt = escape_markdown(image.alt or "", line_start=False)
    yield f"![{alt}]({markdown_url(image.url)})"
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


def _blocks(article: Article) -> Iterator[str]:
    if article.headline:
        yield f"# {escape_markdown(article.headline)}"
    if article.image is not None:
        yield from _image(article.image)
    if article.lead:
        yield f"**{escape_markdown(article.lead, line_start=False)}**"
    yield from _body(article.paragraphs)
    if article.related:
        yield "## Related"
        yield "\n".join(f"- {markdown_link(r.title, r.url)}" for r in article.related)


def article_markdown(article: Article) -> str:
    """Render ``article`` as a Markdown document (see the module docstring)."""
    return "\n\n".join(_blocks(article))
