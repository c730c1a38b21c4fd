"""rfiparse: RFI news HTML in, clean typed Python data out.

>>> import rfiparse
>>> article = rfiparse.parse(
...     "<div>19/11/2023 - 15:34</div><p><strong>The lead.</strong></p>"
...     "<div><p>First paragraph.</p></div>",
...     url="https://www.rfi.fr/en/france/20231119-example",
... )
>>> article.lead, article.paragraphs[0].text, article.published.isoformat()
('The lead.', 'First paragraph.', '2023-11-19T15:34:00+01:00')
"""

from __future__ import annotations

from ._batch import parse_many
from ._example import example_record
from ._feed import iter_feed, parse_feed
from ._listing import parse_listing
from ._parse import parse
from ._schema import article_schema, teaser_schema
from ._serialize import from_dict, teaser_from_dict
from ._shape import InputShape, detect
from .errors import (
    ForeignSiteError,
    IncompleteFeedError,
    InputTooComplexError,
    InputTooLargeError,
    ListingPageError,
    NotAnArticleError,
    RfiParseError,
    WorkerCrashedError,
)
from .model import (
    Alternate,
    Article,
    Author,
    Image,
    ImageRendition,
    InlineLink,
    Media,
    MediaKind,
    Paragraph,
    ParagraphKind,
    RelatedLink,
    Teaser,
)

__version__ = "0.1.0"

__all__ = [
    "Alternate",
    "Article",
    "Author",
    "ForeignSiteError",
    "Image",
    "ImageRendition",
    "IncompleteFeedError",
    "InlineLink",
    "InputShape",
    "InputTooComplexError",
    "InputTooLargeError",
    "ListingPageError",
    "Media",
    "MediaKind",
    "NotAnArticleError",
    "Paragraph",
    "ParagraphKind",
    "RelatedLink",
    "RfiParseError",
    "Teaser",
    "WorkerCrashedError",
    "__version__",
    "article_schema",
    "detect",
    "example_record",
    "from_dict",
    "iter_feed",
    "parse",
    "parse_feed",
    "parse_listing",
    "parse_many",
    "teaser_from_dict",
    "teaser_schema",
]
