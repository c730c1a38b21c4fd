"""The floors of ``benchmarks/bench.py``: the correct parse and the oracle.

The oracle (``benchmarks/_oracle.py``) is rfiparse's own ``Article`` built with every
decision known; the benchmark's ratio ``rfiparse ÷ oracle`` means something only if
the oracle builds the same article, and reads every value from the input rather than
holding it. ``bench.py`` checks both on every input it times; these tests check them
on every golden fixture, so that a change of the rules that the oracle no longer
follows is seen by the suite, not only by the next benchmark run.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import attrs
import lxml.html
import pytest

import rfiparse
from goldens import SEED, inputs

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if not BENCHMARKS.is_dir():  # the sdist ships the tests, not the benchmarks
    pytest.skip("benchmarks/ is not here (an sdist)", allow_module_level=True)
sys.path.insert(0, str(BENCHMARKS))
_floors: Any = importlib.import_module("_floors")
_oracle: Any = importlib.import_module("_oracle")

ARTICLES = inputs("record", "fragment", "page")


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_oracle_builds_the_article_parse_returns(path: Path) -> None:
    data = path.read_bytes()
    plan = _oracle.plan(data)
    assert plan.run(data) == rfiparse.parse(data)


def test_oracle_refuses_a_value_it_cannot_find_in_the_input(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = SEED.read_bytes()
    article = rfiparse.parse(data)
    changed = attrs.evolve(article, headline="此标题不在输入之中")
    monkeypatch.setattr(rfiparse, "parse", lambda _data: changed)
    with pytest.raises(_oracle.OracleError, match="not located"):
        _oracle.plan(data)


def test_oracle_refuses_code_that_holds_a_value() -> None:
    source = "def oracle(data):\n    return Article(headline='中国')\n"
    with pytest.raises(_oracle.OracleError, match="holds a value"):
        _oracle.check_constants(source)


def test_oracle_code_may_hold_indices_attribute_names_and_kinds() -> None:
    source = (
        "def oracle(data):\n"
        "    root = fromstring(b''.join((data[3:9], b' ')), parser)\n"
        "    e_0 = root[0]\n"
        "    return Paragraph(text=clean_text(e_0.get('title')), kind='heading')\n"
    )
    _oracle.check_constants(source)


def test_correct_parse_reads_a_record_as_utf8_after_its_header() -> None:
    data = SEED.read_bytes()
    (step,) = _floors.capture(data)
    assert not step.markup.startswith(b"<!--")  # the record's epoch comment
    assert b"------" not in step.markup  # nor the rule under its header line
    text = "".join(_floors.correct_parse([step]).itertext())
    assert rfiparse.parse(data).paragraphs[0].text[:10] in " ".join(text.split())


def test_lxml_html_floor_garbles_a_record_that_declares_no_charset() -> None:
    data = SEED.read_bytes()
    text = "".join(lxml.html.fromstring(data).itertext())
    assert rfiparse.parse(data).paragraphs[0].text[:10] not in " ".join(text.split())
