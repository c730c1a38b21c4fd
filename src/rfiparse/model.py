"""The typed result of ``rfiparse.parse()``.

Every class here is a frozen, slotted attrs class built with keyword arguments
only. Collections are tuples, absent values are ``None`` (or an empty tuple),
and every field's docstring states its contract.

Shared contracts, so they need not be repeated on every field:

* **Text** (every ``str`` field that holds words): HTML entities decoded, every
  run of whitespace (including NBSP, the ideographic space and other Unicode
  spaces, and ``<br>``) collapsed to one ASCII space, trimmed at both ends,
  never empty. Nothing else is altered: no case change, no punctuation change.
* **URLs** (every field named ``url``): absolute ``http`` or ``https`` URLs.
  ``rfi.fr`` hosts always use ``https``; there is no ``//`` right after the
  host; non-ASCII characters are percent-encoded as UTF-8 and escapes already
  present are kept as written. Links with any other scheme (``javascript:``,
  ``mailto:``, ``whatsapp:``, ``data:``) are never returned.
* **Datetimes**: always timezone-aware.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Literal, SupportsIndex, TypeVar

import attrs

from ._fields import dict_writer
from ._markdown import article_markdown, teaser_markdown
from ._rebuild import field_error, rebuild, rebuild_json

__all__ = [
    "Alternate",
    "Article",
    "Author",
    "Image",
    "ImageRendition",
    "InlineLink",
    "Media",
    "MediaKind",
    "Paragraph",
    "ParagraphKind",
    "RelatedLink",
    "Teaser",
]

ParagraphKind = Literal["paragraph", "heading", "quote", "list-item"]
"""What a body block is: running text, a subheading, a quotation or a list item."""

MediaKind = Literal["audio", "video", "iframe"]
"""What an embed is: an audio file, a video (YouTube, RFI player) or another frame."""

_PARAGRAPH_KINDS = ("paragraph", "heading", "quote", "list-item")
# RFI media URLs name the rendition in two path segments: /w:1024/ and /p:16x9/.
_RENDITION_WIDTH = re.compile(r"/w:\d+/")
_RENDITION_RATIO = re.compile(r"/p:\d+x\d+/")
_RATIO = re.compile(r"\d+x\d+")
_MEDIA_KINDS = ("audio", "video", "iframe")

_C = TypeVar("_C", bound=type)
_OBJECT_NEW = object.__new__  # an instance with no slot set yet, as pickle's NEWOBJ makes
_Reduced = tuple[Callable[..., Any], tuple[Any, ...]]  # what __reduce_ex__ gives: builder, args


def _pickled_as_tuple(cls: _C) -> _C:
    """Pickle the instances of an attrs class as a builder and the tuple of their field values.

    ``__reduce_ex__`` gives ``(cls._from_fields, values)``: on load, pickle calls the
    builder with the values as positional arguments, and it sets each slot through
    the slot's own descriptor, as ``object.__setattr__`` would, past the frozen
    ``__setattr__`` (no validation: it restores what an instance held). A state of
    another length is a ``TypeError`` (the builder's arity), never a slot left unset.
    ``copy`` and ``deepcopy`` use the same reduction.

    ``parse_many()`` pickles every article a worker sends to the parent, where the
    loads run one after the other. Per article of the record fixtures (callgrind,
    Python 3.11), this takes 81k instructions to pickle and 111k to unpickle,
    against 121k and 156k with a tuple ``__getstate__``/``__setstate__`` (itself a
    quarter below attrs' ``dict`` state): the builder is one call, where NEWOBJ and
    BUILD look up and call ``__new__`` and ``__setstate__``, and it is generated
    with one line per field (as attrs generates ``__init__``), a third cheaper than
    a ``map`` over the fields. attrs' own ``__setstate__`` stays, and reads the
    tuple state of pickles written before.
    """
    names = tuple(field.name for field in attrs.fields(cls))
    namespace: dict[str, Any] = {"new": _OBJECT_NEW, "cls": cls}
    lines = []
    for index, name in enumerate(names):
        namespace[f"set_{index}"] = cls.__dict__[name].__set__  # the slot's member descriptor
        lines.append(f"    set_{index}(self, value_{index})")
    arguments = ", ".join(f"value_{index}" for index in range(len(names)))
    source = "\n".join([f"def _from_fields({arguments}):", "    self = new(cls)", *lines])
    exec(source + "\n    return self\n", namespace)  # names and arity only: no data in the code
    builder = namespace["_from_fields"]
    builder.__module__ = cls.__module__
    builder.__qualname__ = f"{cls.__qualname__}._from_fields"  # what pickle stores
    builder.__doc__ = f"A ``{cls.__name__}`` of these field values, in field order (unpickling)."
    values = operator.attrgetter(*names)  # every class here has two fields or more

    def reduce_ex(self: object, protocol: SupportsIndex) -> _Reduced:
        return builder, values(self)

    type.__setattr__(cls, "_from_fields", staticmethod(builder))
    type.__setattr__(cls, "__reduce_ex__", reduce_ex)
    return cls


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class InlineLink:
    """A hyperlink inside a paragraph."""

    text: str
    """The link's visible text (text contract; links with no text are not kept)."""

    url: str
    """Where the link points: absolute http(s) URL (URL contract)."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of this link."""
        return dict_writer(type(self))(self)


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class Paragraph:
    """One block of the article body, in page order."""

    text: str
    """The block's whole text (text contract). Inline markup such as a
    speaker's name in ``<strong>`` stays part of the text, without markers."""

    kind: ParagraphKind = attrs.field(
        default="paragraph", validator=attrs.validators.in_(_PARAGRAPH_KINDS)
    )
    """``"heading"`` for ``<h2>``-``<h6>`` and for a ``<p>`` whose whole
    content is one bold run, also inside attribute-less ``<span>`` s (RFI's
    pseudo-subheadings); ``"quote"`` for
    ``<blockquote>``; ``"list-item"`` for ``<li>``; else ``"paragraph"``."""

    links: tuple[InlineLink, ...] = ()
    """The hyperlinks inside the block, in order (http(s) links only)."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of this paragraph."""
        return dict_writer(type(self))(self)


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class ImageRendition:
    """One file of an image's ``srcset``: the same picture at another size or format."""

    url: str
    """The file: absolute http(s) URL (URL contract)."""

    width: int | None = None
    """The width descriptor of the ``srcset`` entry (``1024w`` gives ``1024``), or ``None``."""

    type: str | None = None
    """The MIME type of the ``<source>`` it comes from (``"image/webp"``), or ``None``."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of this rendition."""
        return dict_writer(type(self))(self)


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class Image:
    """An image: the article's main image or one inside the body."""

    url: str
    """The image file: absolute http(s) URL (URL contract); never a ``data:``
    placeholder (a lazy image's GIF), always the real file. In an article (its
    main image and ``body_images``; a teaser's is described at ``Teaser.image``)
    it is chosen thus:

    1. The ``<img>``'s ``src``, where it is a real file: the rendition the page
       itself names (on rfi.fr pages, its largest ``<img srcset>`` file).
       Where ``src`` is a placeholder or missing, the largest file of the
       ``<img srcset>``: the widest (``w`` descriptor), else the densest (``x``;
       no descriptor counts as ``1x``), the first on a tie. For RFI's
       ``…/w:1024/…`` lazy files, the ``w:1024`` one.
    2. Where the ``<img>`` names no file, the ``<source>`` s of its ``<picture>``:
       the first that has one, a ``<source>`` of ``type="image/jpeg"`` or of no
       type preferred over WebP and other types, and its largest file as in 1.
    3. Where it names none either, the same for the ``<img>`` of the
       ``<noscript>`` fallback after it, then the ``data-image-dataset`` JSON
       (2020–21 markup).

    An image with none of these (a ``data:`` placeholder alone) is no image: the
    main image is ``None``, and the figure is left out of ``body_images``."""

    alt: str | None = None
    """The ``alt`` text (text contract), or ``None`` where absent or empty."""

    caption: str | None = None
    """The visible caption (text contract), without the credit, or ``None``."""

    credit: str | None = None
    """The photo credit as shown, e.g. ``"© REUTERS/Kham/Pool 路透社"``, or ``None``."""

    width: int | None = None
    """Width in pixels from the ``width`` attribute, or ``None``."""

    height: int | None = None
    """Height in pixels from the ``height`` attribute, or ``None``."""

    renditions: tuple[ImageRendition, ...] = ()
    """Every file of the ``srcset`` s of the ``<img>`` that gave ``url`` (first its
    ``<picture>``'s ``<source>`` s, then its own), in page order; empty where the
    markup offers only ``src``. ``data:`` files and candidates whose descriptors
    the HTML standard refuses are left out."""

    def rendition_url(self, width: int, ratio: str | None = None) -> str | None:
        """The URL of this RFI image at another width (and, optionally, aspect ratio).

        RFI media URLs name their rendition in the path (``…/w:1024/p:16x9/file.jpg``);
        this rewrites those segments: ``image.rendition_url(720, "4x3")`` gives
        ``…/w:720/p:4x3/file.jpg``. Returns ``None`` for a URL without a ``/w:N/``
        segment (or without ``/p:WxH/`` when a ratio is asked for), since no other
        rendition can be named for it. Nothing is fetched: RFI serves the widths
        and ratios its pages use (246, 388, 720, 1024, 1280; 16x9, 4x3, 3x4, 1x1).
        """
        if width <= 0 or _RENDITION_WIDTH.search(self.url) is None:
            return None
        url = _RENDITION_WIDTH.sub(f"/w:{width}/", self.url, count=1)
        if ratio is not None:
            if not _RATIO.fullmatch(ratio) or _RENDITION_RATIO.search(url) is None:
                return None
            url = _RENDITION_RATIO.sub(f"/p:{ratio}/", url, count=1)
        return url

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of this image."""
        return dict_writer(type(self))(self)


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class RelatedLink:
    """An entry of the related-articles block (``<aside>``, "同一主题")."""

    title: str
    """The related article's title as shown (text contract)."""

    url: str
    """The related article: absolute http(s) URL (URL contract)."""

    topic: str | None = None
    """The label shown above the title, e.g. ``"中国/中东/政治"``, or ``None``."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of this link."""
        return dict_writer(type(self))(self)


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class Author:
    """A person credited as the article's author."""

    name: str
    """The name as shown (text contract)."""

    url: str | None = None
    """The author's page on the site: absolute http(s) URL, or ``None``."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of this author."""
        return dict_writer(type(self))(self)


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class Media:
    """An audio, video or other embed inside the article body, in page order."""

    kind: MediaKind = attrs.field(validator=attrs.validators.in_(_MEDIA_KINDS))
    """``"audio"`` (RFI's podcast player: the file itself), ``"video"`` (an
    RFI video player or a YouTube frame) or ``"iframe"`` (any other frame)."""

    url: str
    """The audio file, the video's embed URL or the frame's ``src``: absolute
    http(s) URL (URL contract)."""

    id: str | None = None
    """The provider's identifier: RFI's media id for audio (e.g.
    ``"WBMZ9362-RFI-CN-20200704"``), the YouTube video id for YouTube; else
    ``None``."""

    title: str | None = None
    """The title shown with the player (text contract), or ``None``."""

    duration: int | None = None
    """The length in whole seconds, where the page states it (the audio's JSON
    ``duration``, or the ``MM:SS`` shown on the player), else ``None``."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of this embed."""
        return dict_writer(type(self))(self)


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class Alternate:
    """The same article in another language edition (an ``hreflang`` link)."""

    language: str
    """The BCP 47 tag the page gives (``"zh-Hant"``, ``"fr"``)."""

    url: str
    """The other edition's article: absolute http(s) URL (URL contract)."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of this alternate."""
        return dict_writer(type(self))(self)


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class Article:
    """One RFI article, as the input holds it."""

    headline: str | None = None
    """The article's own title (text contract), without the site suffix of
    AFP wire items (``" – 法国国际广播电台 - RFI"``) and without an appended
    programme name (see ``programme``). ``None`` only for a bare fragment
    that carries no title."""

    url: str | None = None
    """The article's URL (URL contract): the feed record's link, else the
    ``url=`` given to ``rfiparse.parse()``; ``None`` when neither exists."""

    lead: str | None = None
    """The standfirst (``chapô``), shown in bold above the body (text
    contract), or ``None`` (AFP wire items have none)."""

    paragraphs: tuple[Paragraph, ...] = ()
    """The body's own blocks, in page order. Share buttons, self-promotion,
    advertisements, the related-articles block, feed footers, scripts, embeds
    and the copyright line never appear here. Empty blocks are dropped."""

    published: datetime | None = None
    """Publication time, timezone-aware. Full pages give the exact instant
    (``<time datetime>``, JSON-LD ``datePublished``) with the offset they
    state, usually UTC. Feed records show Paris wall-clock
    time (``DD/MM/YYYY - HH:MM``); it is returned with its exact UTC offset
    (``+01:00`` in winter, ``+02:00`` in summer). In the one repeated hour when
    clocks go back, the earlier (summer-time) instant is returned."""

    image: Image | None = None
    """The main image shown above the lead, or ``None``. RFI's generic
    social-card placeholder (``static.rfi.fr/meta_og_twcards/…``) is not an
    article image and gives ``None``."""

    related: tuple[RelatedLink, ...] = ()
    """The related-articles block (``<aside>``), in page order."""

    edition: str | None = None
    """The RFI language edition's path code, from the URL (``"cn"`` for
    ``https://www.rfi.fr/cn/…``), or ``None`` when there is no rfi.fr URL."""

    language: str | None = None
    """The edition's language as a BCP 47 tag (``"zh-Hans"`` for ``cn``,
    ``"zh-Hant"`` for ``tw``), or ``None`` when the edition is unknown."""

    section: str | None = None
    """The site section, decoded from the URL path segment after the edition
    (``"中国"``, ``"专栏检索"``, ``"contenu"``), or ``None``."""

    programme: str | None = None
    """The radio programme or column the article belongs to (``"特别节目"``,
    ``"要闻解说"``), taken off the end of the title where it was appended, or
    ``None``."""

    authors: tuple[Author, ...] = ()
    """The credited authors, in page order (empty when none is named)."""

    feed_record_time: datetime | None = None
    """When the *feed record* was captured, from its leading
    ``<!--epoch milliseconds-->`` comment, as an aware UTC datetime. This is
    the archive's timestamp, not the publication time (see ``published``)."""

    media: tuple[Media, ...] = ()
    """Audio, video and frame embeds in the body, in page order."""

    body_images: tuple[Image, ...] = ()
    """Images inside the body (``<figure>``), in page order, with caption and
    credit where shown, each with its real file (see ``Image.url``). Video
    posters are not included, nor figures with no file but a ``data:``
    placeholder. A figure wrapped in a link still counts; the link's target is
    not kept, and its text (the caption) is no paragraph."""

    copyright: str | None = None
    """The copyright line closing the body, e.g. ``"© 2020 AFP"``, or ``None``."""

    modified: datetime | None = None
    """When the page says the article was last modified (JSON-LD ``dateModified``,
    ``article:modified_time``), timezone-aware, or ``None``."""

    tags: tuple[str, ...] = ()
    """The article's tags (``article:tag``, else JSON-LD ``keywords``), in page order."""

    alternates: tuple[Alternate, ...] = ()
    """The article in other language editions (``hreflang`` links), in page order."""

    reading_time: int | None = None
    """The reading time the page shows, in whole minutes, or ``None``."""

    word_count: int | None = None
    """The word count the page states (JSON-LD ``wordCount``), or ``None``."""

    short_url: str | None = None
    """The short link the article's share buttons pass on: ``https://rfi.my/CEAH``,
    without the suffix each network adds (``.F``, ``.X``, ``.W``, ``.BS`` …), read
    alike from pages, records and fragments. Every share link counts (on a page,
    those of its share block; without classes, every link to a network's share
    URL): the short link is a whole query value (``href=``, ``url=``) or one word
    of one (``text=``, ``body=``); other shorteners are none. ``None`` where no
    share link passes one, or where they pass different codes: no guess is made."""

    @property
    def text(self) -> str:
        """A plain-text view of the article.

        Headline, lead and paragraphs, one per block, separated by blank lines;
        absent parts are skipped.
        """
        blocks = [self.headline, self.lead, *(p.text for p in self.paragraphs)]
        return "\n\n".join(b for b in blocks if b)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of the article.

        Tuples become lists, datetimes ISO 8601 strings with their offset,
        nested objects ``dict`` s; every field is present.
        """
        return dict_writer(type(self))(self)

    def to_json(self, *, indent: int | None = None) -> str:
        """Return ``to_dict()`` as a JSON string, non-ASCII characters kept as written.

        ``indent`` is passed to ``json.dumps()`` (``None``: one line).
        ``Article.from_json()`` of it gives back an equal article.
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self, *, metadata: bool = False) -> str:
        """Return the article as CommonMark, for search indexes and language models.

        The headline as a level-1 heading, the lead, the body (subheadings as
        level-2 headings, list items, quotes, paragraphs with their links), the
        main image with its alt text, caption and credit, and the related links.
        Text is escaped so that it reads back as the same words.

        With ``metadata``, a byline in italics follows the headline: the
        publication time (ISO 8601 with its offset), the authors and the URL,
        each where the article has it.

        >>> from datetime import datetime, timedelta, timezone
        >>> article = Article(
        ...     headline="Title",
        ...     url="https://www.rfi.fr/fr/x",
        ...     published=datetime(2023, 11, 19, 15, 34, tzinfo=timezone(timedelta(hours=1))),
        ...     authors=(Author(name="Jean Dupont"),),
        ... )
        >>> print(article.to_markdown(metadata=True))
        # Title
        <BLANKLINE>
        *2023-11-19T15:34:00+01:00 · Jean Dupont · <https://www.rfi.fr/fr/x>*
        """
        return article_markdown(self, metadata=metadata)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Rebuild the ``Article`` whose ``to_dict()`` gave ``data``.

        ``data`` may also be ``json.loads(article.to_json())``. The result equals the
        original article, datetimes included with their exact offset (as a fixed-offset
        ``datetime.timezone``, which is what ``rfiparse.parse()`` gives).

        The input is checked strictly against what ``to_dict()`` writes: every key
        must be present (``null`` or ``[]`` where empty), and **unknown extra keys are
        refused**, not ignored; strings must be strings, integers integers (not
        ``bool`` nor ``float``), lists lists (a tuple is accepted too), nested objects
        mappings, ``kind`` one of its allowed values, and datetimes ISO 8601 strings
        with a UTC offset, as ``datetime.isoformat()`` writes them
        (``"2023-11-19T15:34:00+01:00"``; a ``Z`` suffix or a naive time is refused).

        Values are held to the contracts ``rfiparse.parse()`` guarantees: URLs absolute
        ``http``/``https`` in normal form (``javascript:``, ``data:`` and relative URLs are
        refused), text on one trimmed line without control characters and not empty,
        integers not negative, ``edition`` and ``language`` both ``null`` or neither.
        Anything else raises ``RfiParseError`` whose message starts
        with the path of the offending field, e.g. ``paragraphs[3].kind: ...``.
        """
        return _checked(rebuild(cls, data))

    @classmethod
    def from_json(cls, text: str | bytes) -> Article:
        """Rebuild the ``Article`` whose ``to_json()`` gave ``text`` (str, or UTF-8 bytes).

        Checked as ``from_dict()`` checks; text that is not JSON is an ``RfiParseError``.

        >>> article = Article(headline="Title", url="https://www.rfi.fr/fr/x")
        >>> Article.from_json(article.to_json()) == article
        True
        """
        return _checked(rebuild_json(cls, text))


def _checked(article: Article) -> Article:
    """``article``, if its ``edition`` and ``language`` are given together (the model's rule)."""
    if (article.edition is None) != (article.language is None):
        raise field_error("language", "must be null exactly when edition is null")
    return article


@_pickled_as_tuple
@attrs.frozen(kw_only=True)
class Teaser:
    """One article teaser on a section or home page, as the listing shows it."""

    title: str
    """The teaser's title as shown (text contract)."""

    url: str
    """The article it leads to: absolute http(s) URL (URL contract)."""

    topic: str | None = None
    """The label shown with the teaser (its section or tag), or ``None``."""

    image: Image | None = None
    """The teaser's picture (the largest rendition shown), or ``None``."""

    published: datetime | None = None
    """The time shown with the teaser, timezone-aware, or ``None`` where none is shown."""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` of this teaser."""
        return dict_writer(type(self))(self)

    def to_json(self, *, indent: int | None = None) -> str:
        """Return ``to_dict()`` as a JSON string, non-ASCII characters kept as written.

        ``indent`` is passed to ``json.dumps()`` (``None``: one line).
        ``Teaser.from_json()`` of it gives back an equal teaser.
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @property
    def text(self) -> str:
        """A plain-text view of the teaser: its title (the only text a teaser shows)."""
        return self.title

    def to_markdown(self) -> str:
        """Return the teaser as CommonMark: its title as a link to the article.

        Then, each on its own line when present, its topic, the time shown
        (ISO 8601 with its offset) and its picture; escaped as
        ``Article.to_markdown()`` escapes.

        >>> teaser = Teaser(title="Title", url="https://www.rfi.fr/fr/x", topic="France")
        >>> print(teaser.to_markdown())
        [Title](https://www.rfi.fr/fr/x)
        <BLANKLINE>
        France
        """
        return teaser_markdown(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Teaser:
        """Rebuild the ``Teaser`` whose ``to_dict()`` gave ``data``.

        Checked as strictly as ``Article.from_dict()``: every key present, unknown
        extra keys refused, the same contracts on URLs, text and integers; wrong
        types, broken contracts and bad datetimes raise ``RfiParseError`` naming the
        field path (``image.renditions[0].width: ...``).
        """
        return rebuild(cls, data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Teaser:
        """Rebuild the ``Teaser`` whose ``to_json()`` gave ``text`` (str, or UTF-8 bytes)."""
        return rebuild_json(cls, text)
