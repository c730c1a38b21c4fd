"""Publication dates: Paris wall-clock time to an aware datetime with the right offset."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import rfiparse

CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))


def _published(visible: str) -> datetime | None:
    html = f"<div>{visible}</div><div><p>Texte.</p></div>"
    return rfiparse.parse(html).published


@pytest.mark.parametrize(
    ("visible", "expected"),
    [
        ("19/11/2023 - 15:34", datetime(2023, 11, 19, 15, 34, tzinfo=CET)),
        ("15/07/2020 - 22:05", datetime(2020, 7, 15, 22, 5, tzinfo=CEST)),
        # Spring forward on 26 March 2023 at 02:00 CET: 01:59 is winter, 03:00 summer.
        ("26/03/2023 - 01:59", datetime(2023, 3, 26, 1, 59, tzinfo=CET)),
        ("26/03/2023 - 03:00", datetime(2023, 3, 26, 3, 0, tzinfo=CEST)),
        # Fall back on 29 October 2023 at 03:00 CEST: 03:00 is winter again.
        ("29/10/2023 - 01:59", datetime(2023, 10, 29, 1, 59, tzinfo=CEST)),
        ("29/10/2023 - 03:00", datetime(2023, 10, 29, 3, 0, tzinfo=CET)),
    ],
)
def test_visible_date_is_paris_time_with_its_offset(visible: str, expected: datetime) -> None:
    published = _published(visible)
    assert published == expected
    assert published is not None
    assert published.utcoffset() == expected.utcoffset()


def test_repeated_hour_when_clocks_go_back_is_the_earlier_instant() -> None:
    assert _published("29/10/2023 - 02:30") == datetime(2023, 10, 29, 0, 30, tzinfo=timezone.utc)


def test_skipped_hour_when_clocks_go_forward_is_moved_to_the_instant_it_denotes() -> None:
    # 02:30 never existed on 26 March 2023; read with the winter offset it is 01:30 UTC.
    assert _published("26/03/2023 - 02:30") == datetime(2023, 3, 26, 1, 30, tzinfo=timezone.utc)


def test_impossible_date_gives_no_date() -> None:
    assert _published("31/02/2020 - 10:00") is None


def test_feed_record_time_is_utc_with_milliseconds() -> None:
    article = rfiparse.parse("<!--1700405102123-->\n[T](https://www.rfi.fr/cn/x)\n------\n")
    assert article.feed_record_time == datetime(
        2023, 11, 19, 14, 45, 2, 123000, tzinfo=timezone.utc
    )
    assert article.feed_record_time is not None
    assert article.feed_record_time.utcoffset() == timedelta(0)
