"""The feed-record header: a bad epoch comment loses its time and nothing else."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import rfiparse
from rfiparse._record import split_record

URL = "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231119-x"
BODY = "<div><p>正文第一段。</p></div>"


def _record(epoch: str) -> str:
    return f"<!--{epoch}-->\n[标题](https://www.rfi.fr/cn/中国/20231119-x)\n------\n{BODY}"


@pytest.mark.parametrize(
    "epoch",
    [
        "17004051020000000000",  # 20 digits: the spelling
        "-1",  # negative: the spelling (<!---1-->)
        "-1700405102000",
        "253402300800000",  # one millisecond past 9999-12-31T23:59:59.999
        "9" * 5000,  # longer than int() reads by default on Python 3.11+
    ],
)
def test_a_bad_epoch_loses_only_the_record_time(epoch: str) -> None:
    article = rfiparse.parse(_record(epoch))
    assert article.feed_record_time is None
    assert article.headline == "标题"
    assert article.url == URL
    assert article.edition == "cn"
    assert [p.text for p in article.paragraphs] == ["正文第一段。"]


def test_a_bad_epoch_leaves_the_html_after_the_header() -> None:
    header = split_record(_record("-1"))
    assert header.title == "标题"
    assert header.record_time is None
    assert header.html == BODY


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [
        ("0", datetime(1970, 1, 1, tzinfo=timezone.utc)),
        ("+1000", datetime(1970, 1, 1, 0, 0, 1, tzinfo=timezone.utc)),
        (
            "000000000000000000001700405102123",
            datetime(2023, 11, 19, 14, 45, 2, 123000, tzinfo=timezone.utc),
        ),
        ("253402300799999", datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=timezone.utc)),
        ("253370764800000", datetime(9999, 1, 1, tzinfo=timezone.utc)),
    ],
)
def test_epochs_at_the_boundaries_are_read(epoch: str, expected: datetime) -> None:
    article = rfiparse.parse(_record(epoch))
    assert article.feed_record_time == expected
    assert article.headline == "标题"


def test_an_epoch_with_blanks_inside_the_comment_is_read() -> None:
    header = split_record("<!-- 1700405102123 -->\n[T](https://www.rfi.fr/cn/x)\n")
    assert header.record_time == datetime(2023, 11, 19, 14, 45, 2, 123000, tzinfo=timezone.utc)


def test_a_comment_that_is_not_a_number_is_no_header() -> None:
    text = "<!-- not a time -->\n<p>x</p>"
    assert split_record(text).html == text


def test_an_unclosed_comment_of_digits_is_no_header() -> None:
    text = "<!--" + "9" * 100_000 + "\n[标题](https://www.rfi.fr/cn/x)\n<p>x</p>"
    assert split_record(text).html == text
