"""Dates: the Paris wall-clock time feed records show, and epoch timestamps."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

__all__ = ["DATE_LINE", "epoch_ms_to_utc", "iso_datetime", "paris_datetime"]

_PARIS = ZoneInfo("Europe/Paris")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Paris's winter and summer offsets, made once (others occur only in distant years).
_PARIS_OFFSETS = {timedelta(hours=h): timezone(timedelta(hours=h)) for h in (1, 2)}

DATE_LINE = re.compile(r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*-\s*([0-9]{1,2}):([0-9]{2})\s*")
"""A feed record's visible date, ``DD/MM/YYYY - HH:MM`` in ASCII digits, alone in its element."""


def paris_datetime(text: str) -> datetime | None:
    """Read ``DD/MM/YYYY - HH:MM`` (the whole of ``text``) as Europe/Paris time.

    The result carries a fixed UTC offset (+01:00 or +02:00). In the repeated
    hour when clocks go back, the earlier (summer-time) instant is chosen.
    """
    match = DATE_LINE.fullmatch(text)
    if match is None:
        return None
    day, month, year, hour, minute = map(int, match.groups())
    try:
        local = datetime(year, month, day, hour, minute, tzinfo=_PARIS)
        # Round-trip through UTC so that a wall time that never existed (the
        # skipped hour in spring) is moved to the instant it denotes.
        utc = local.astimezone(timezone.utc)
        offset = utc.astimezone(_PARIS).utcoffset()
    except (ValueError, OverflowError):
        return None
    if offset is None:  # pragma: no cover - ZoneInfo always answers
        return None
    zone = _PARIS_OFFSETS.get(offset) or timezone(offset)
    return utc.astimezone(zone)


def epoch_ms_to_utc(ms: int) -> datetime | None:
    """An aware UTC datetime for milliseconds since the Unix epoch, or ``None`` if out of range."""
    try:
        return _EPOCH + timedelta(milliseconds=ms)
    except OverflowError:
        return None


# ISO 8601 / RFC 3339 date-times as pages write them; the same on every Python
# version (datetime.fromisoformat accepts less before 3.11).
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,6})\d*)?)?"
    r"\s*(?:([Zz])|([+-])(\d\d):?(\d\d))",
    re.ASCII,
)


def iso_datetime(text: str) -> datetime | None:
    """An ISO 8601 date-time *with* its UTC offset (``Z`` included), or ``None``.

    A value without an offset names no instant and gives ``None``; so does an
    impossible date or an offset of a day or more.
    """
    match = _ISO_DATETIME.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    offset = timedelta(0)
    if zulu is None:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        if offset >= timedelta(hours=24):
            return None
        offset = -offset if sign == "-" else offset
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return None
