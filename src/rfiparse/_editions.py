"""The table of RFI language editions: path code, language and per-edition labels.

Nothing in the extractors is hard-wired to one edition's wording: whatever
differs between editions lives here.
"""

from __future__ import annotations

import attrs

from ._text import clean_optional
from ._urls import decode_segment, rfi_path_segments

__all__ = ["EDITIONS", "Edition", "url_parts"]


@attrs.frozen(kw_only=True)
class Edition:
    """One RFI edition, as it appears in ``https://www.rfi.fr/<code>/…``."""

    code: str
    """The first URL path segment (``"cn"``)."""

    language: str
    """BCP 47 language tag of the edition (``"zh-Hans"``)."""

    site_name: str | None = None
    """The site's name in titles of the AFP wire items (``"法国国际广播电台"``)."""

    author_segment: str | None = None
    """The path segment of author pages (``/cn/作者/<name>/``)."""

    programmes_segment: str | None = None
    """The path segment under which programme pages live (``/cn/专栏检索/<programme>/``)."""

    programmes: frozenset[str] = frozenset()
    """Programme names known to be appended to titles as ``" - <programme>"``."""


_CN_PROGRAMMES = frozenset(
    {
        "要闻解说",
        "要闻分析",
        "今日经济",
        "法国风土人情",
        "法国世界报",
        "环境与发展",
        "文化遗产",
        "亚洲周刊",
        "欧洲思想文化长廊",
        "特别节目",
        "环保天地",
    }
)

EDITIONS: dict[str, Edition] = {
    e.code: e
    for e in (
        Edition(code="fr", language="fr"),
        Edition(code="en", language="en"),
        Edition(code="es", language="es"),
        Edition(code="pt", language="pt"),
        Edition(code="br", language="pt-BR"),
        Edition(code="ro", language="ro"),
        Edition(code="ru", language="ru"),
        Edition(code="uk", language="uk"),
        Edition(code="vi", language="vi"),
        Edition(code="km", language="km"),
        Edition(code="fa", language="fa"),
        Edition(code="sw", language="sw"),
        Edition(code="ha", language="ha"),
        Edition(code="ff", language="ff"),
        Edition(code="ma", language="bm"),
        Edition(
            code="cn",
            language="zh-Hans",
            site_name="法国国际广播电台",
            author_segment="作者",
            programmes_segment="专栏检索",
            programmes=_CN_PROGRAMMES,
        ),
        Edition(
            code="tw",
            language="zh-Hant",
            site_name="法國國際廣播電台",
            author_segment="作者",
        ),
    )
}
"""Every edition rfi.fr links to from its home page (``hreflang`` alternates), by path code."""


def url_parts(url: str | None) -> tuple[Edition | None, str | None, str | None]:
    """The edition, section and programme an rfi.fr URL names."""
    segments = rfi_path_segments(url) if url is not None else None
    edition = EDITIONS.get(decode_segment(segments[0])) if segments else None
    if segments is None or edition is None:
        return None, None, None
    # /<edition>/<section>/<slug>, or /<edition>/<programmes>/<programme>/<slug>
    section = decode_segment(segments[1]) if len(segments) >= 3 else None
    programme = None
    if section is not None and section == edition.programmes_segment and len(segments) >= 4:
        programme = decode_segment(segments[2])
    return edition, clean_optional(section), clean_optional(programme)
