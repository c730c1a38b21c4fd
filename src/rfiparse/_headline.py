"""The headline, freed of the site and programme names some titles carry."""

from __future__ import annotations

import re

from ._editions import EDITIONS, Edition
from ._text import clean_text

__all__ = ["clean_headline"]

# " – RFI", " - RFI", or " – <site name> - RFI" at the end of a title.
_GENERIC_SUFFIX = re.compile(r"\s+[–—-]\s+RFI$")
_SEPARATOR = " - "


# " – 法国国际广播电台 - RFI": the site suffix of AFP wire items, per edition.
_SITE_SUFFIXES = {
    code: re.compile(r"\s+[–—-]\s+" + re.escape(edition.site_name) + r"\s*[–—-]\s*RFI$")
    for code, edition in EDITIONS.items()
    if edition.site_name is not None
}


# Each edition's known programme names, longest first.
_LONGEST_FIRST = {
    code: tuple(sorted(edition.programmes, key=lambda name: (-len(name), name)))
    for code, edition in EDITIONS.items()
}


def clean_headline(
    title: str | None, *, edition: Edition | None, url_programme: str | None
) -> tuple[str | None, str | None]:
    """Return the headline without site or programme suffix, and the programme.

    The programme is taken off the title only when it is certain: it is the one
    the URL names (``/cn/专栏检索/<programme>/…``) or one of the edition's known
    programmes.
    """
    if title is None:
        return None, None
    headline = clean_text(title)
    if headline.endswith("RFI"):  # what every site suffix ends with
        site = _SITE_SUFFIXES.get(edition.code) if edition is not None else None
        if site is not None:
            headline = site.sub("", headline)
        headline = _GENERIC_SUFFIX.sub("", headline)
    programme = None
    known = _LONGEST_FIRST.get(edition.code, ()) if edition is not None else ()
    if _SEPARATOR not in headline:  # what every programme suffix starts with
        known = ()
    # The URL's programme first, then the known ones, longest first (a name may
    # itself hold " - ").
    for candidate in (url_programme, *known):
        suffix = _SEPARATOR + candidate if candidate else None
        if suffix and headline.endswith(suffix) and headline[: -len(suffix)].strip():
            headline, programme = headline[: -len(suffix)].rstrip(), candidate
            break
    if programme is None and url_programme is not None:
        programme = url_programme
    return headline or None, programme
