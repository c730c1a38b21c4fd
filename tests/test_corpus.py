"""Every record of the shared corpus parses, and loses none of its text.

The corpus (``../shared/corpus`` beside the repository) is not part of the
project; these tests run where it exists and are skipped on a bare clone, where
the golden fixtures (copied from it) still run.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import rfiparse
from conftest import CORPUS
from goldens import inputs
from invariants import assert_invariants

RECORDS = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []
RECORDS = [p for p in RECORDS if p.name != "README.md"]
needs_corpus = pytest.mark.skipif(not RECORDS, reason="../shared/corpus is not present")

# A deliberately naive reading of the raw HTML, independent of the parser:
# every <p>…</p> and <li>…</li>, tags stripped.
_BLOCK = re.compile(r"<(p|li)\b([^>]*)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]*>")
# Paragraphs that belong to an audio player's caption, not to the article.
_PLAYER_CAPTION = re.compile(r'class="m-em-audio__show-infos')


def _raw_blocks(text: str) -> list[str]:
    fragment = text.split("\n------\n", 1)[-1]
    blocks = []
    for match in _BLOCK.finditer(fragment):
        if _PLAYER_CAPTION.search(match.group(2)):
            continue
        inner = " ".join(html.unescape(_TAG.sub("", match.group(3))).split())
        if inner:
            blocks.append(inner)
    return blocks


@needs_corpus
@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_corpus_record_has_headline_url_and_date(path: Path) -> None:
    article = rfiparse.parse(path.read_bytes())
    assert article.headline
    assert article.url is not None
    assert article.url.startswith("https://www.rfi.fr/cn/")
    assert article.published is not None
    assert article.feed_record_time is not None
    assert_invariants(article)


@needs_corpus
@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_corpus_record_keeps_every_text_block(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    article = rfiparse.parse(text)
    kept = [article.lead or "", article.copyright or ""]
    kept += [p.text for p in article.paragraphs]
    kept += [m.title or "" for m in article.media]
    haystack = "\n".join(kept)
    missing = [block for block in _raw_blocks(text) if block not in haystack]
    assert missing == []


@needs_corpus
@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_corpus_record_without_text_is_a_video_item(path: Path) -> None:
    article = rfiparse.parse(path.read_bytes())
    assert article.paragraphs or [m.kind for m in article.media if m.kind == "video"]


FIXTURE_RECORDS = inputs("record")


@pytest.mark.parametrize("path", FIXTURE_RECORDS, ids=[p.stem for p in FIXTURE_RECORDS])
def test_every_body_paragraph_of_a_record_is_kept_in_order(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    article = rfiparse.parse(text)
    elsewhere = {article.lead, article.copyright, *(m.title for m in article.media)}
    blocks = [b for b in _raw_blocks(text) if b not in elsewhere]
    paragraphs = iter(p.text for p in article.paragraphs)
    for block in blocks:
        # Each raw block is found in this or a later paragraph, never an earlier one.
        assert any(block in paragraph for paragraph in paragraphs), block
