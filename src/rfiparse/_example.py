"""``rfiparse.example_record()``: the sample record bundled with the package."""

from __future__ import annotations

from importlib.resources import files

__all__ = ["example_record"]


def example_record() -> bytes:
    """Return the feed-archive record bundled with rfiparse, as ``bytes``.

    A real record of RFI's Chinese edition (2023), the one the command line's
    ``--example`` reads: something to try the library on right after
    ``pip install rfiparse``, with no file of one's own.

    >>> import rfiparse
    >>> article = rfiparse.parse(rfiparse.example_record())
    >>> article.edition, article.published.isoformat()
    ('cn', '2023-11-19T15:34:00+01:00')
    """
    return files("rfiparse").joinpath("_data/example_record.txt").read_bytes()
