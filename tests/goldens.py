"""The golden fixtures of ``tests/fixtures``: where each kind of input lives, one loader.

Each input kind has its folder (``records/``, ``fragments/``, ``pages/``, ``listings/``,
``feeds/``), and in it each input ``<name>.<ext>`` has its expectation ``<name>.json``
beside it (see ``tests/fixtures/README.md`` for what each kind's JSON holds). Every test,
benchmark and script that reads the fixtures asks :func:`cases` or :func:`inputs`
instead of knowing the layout. ``foreign/`` (other publishers' documents, refused) and
``regressions/`` (fuzzer finds) are not golden cases and have no loader here.

A JSON written by ``tests/draft_expected.py`` carries the :data:`DRAFT_KEY` key until a
person has checked every value against the input; :meth:`Case.load` refuses it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

__all__ = [
    "ARTICLE_KINDS",
    "DRAFT_KEY",
    "EXPECTED_SUFFIX",
    "FIXTURES",
    "FOLDERS",
    "KINDS",
    "SEED",
    "SUFFIXES",
    "Case",
    "DraftExpectationError",
    "FixtureLayoutError",
    "Kind",
    "cases",
    "fixture",
    "inputs",
    "kind_of",
]

Kind = Literal["record", "fragment", "page", "listing", "feed"]
KINDS: tuple[Kind, ...] = get_args(Kind)
ARTICLE_KINDS: tuple[Kind, ...] = ("record", "fragment", "page")
"""The kinds whose JSON is the whole ``rfiparse.parse(input).to_dict()``."""

FIXTURES = Path(__file__).parent / "fixtures"
FOLDERS: dict[Kind, str] = {
    "record": "records",
    "fragment": "fragments",
    "page": "pages",
    "listing": "listings",
    "feed": "feeds",
}
SUFFIXES: dict[Kind, tuple[str, ...]] = {
    "record": (".md", ".txt"),
    "fragment": (".html",),
    "page": (".html",),
    "listing": (".html",),
    "feed": (".xml",),
}
EXPECTED_SUFFIX = ".json"
DRAFT_KEY = "_draft"
SEED = FIXTURES / FOLDERS["record"] / "record_2023_seed.txt"
"""The record most tests start from (also the README's and the CLI's sample)."""


class FixtureLayoutError(Exception):
    """A fixture folder breaks the layout: an input without its JSON, or the reverse."""


class DraftExpectationError(FixtureLayoutError):
    """An expectation still carries the draft marker: nobody has reviewed it yet."""


@dataclass(frozen=True)
class Case:
    """One golden case: an input and the JSON of what rfiparse must return for it."""

    name: str
    """The input's file name without its suffix: the test id (``record_2023_seed``)."""
    input_path: Path
    expected_path: Path
    kind: Kind

    def read(self) -> bytes:
        """The input, byte for byte."""
        return self.input_path.read_bytes()

    def load(self) -> dict[str, Any]:
        """The expectation: a JSON object, reviewed by a person.

        :raises DraftExpectationError: the JSON still carries :data:`DRAFT_KEY`.
        :raises FixtureLayoutError: the JSON is not an object.
        """
        expected = json.loads(self.expected_path.read_text(encoding="utf-8"))
        if not isinstance(expected, dict):
            raise FixtureLayoutError(f"{self.expected_path}: not a JSON object")
        if DRAFT_KEY in expected:
            raise DraftExpectationError(
                f"{self.expected_path} is an unreviewed draft: check every value against "
                f"{self.input_path.name}, correct it, then delete its {DRAFT_KEY!r} key"
            )
        return expected


def _kinds_or_all(kinds: tuple[Kind, ...]) -> tuple[Kind, ...]:
    """``kinds``, or every kind when none is named."""
    return kinds or KINDS


def _inputs_of(kind: Kind, root: Path) -> list[Path]:
    """The input files of one kind's folder under ``root`` (none if the folder is absent)."""
    folder = root / FOLDERS[kind]
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES[kind]]


def inputs(*kinds: Kind, root: Path = FIXTURES) -> list[Path]:
    """Every input file of ``kinds`` (all kinds if none), sorted by file name."""
    found = [path for kind in _kinds_or_all(kinds) for path in _inputs_of(kind, root)]
    return sorted(found, key=lambda path: path.name)


def _case(kind: Kind, path: Path) -> Case:
    """The case of one input, whose JSON must stand beside it."""
    expected = path.with_suffix(EXPECTED_SUFFIX)
    if not expected.is_file():
        raise FixtureLayoutError(f"{path} has no {expected.name} beside it")
    return Case(name=path.stem, input_path=path, expected_path=expected, kind=kind)


def _check_one_input_per_json(kind: Kind, root: Path, found: list[Case]) -> None:
    """Every JSON of the folder belongs to exactly one input.

    :raises FixtureLayoutError: a JSON without input, or two inputs for one JSON.
    """
    folder = root / FOLDERS[kind]
    if not folder.is_dir():
        return
    names = [case.name for case in found]
    if len(set(names)) != len(names):
        raise FixtureLayoutError(f"{folder}: two inputs share a name: {sorted(names)}")
    orphans = sorted(p.name for p in folder.glob("*" + EXPECTED_SUFFIX) if p.stem not in names)
    if orphans:
        raise FixtureLayoutError(f"{folder}: no input for {', '.join(orphans)}")


def cases(*kinds: Kind, root: Path = FIXTURES) -> list[Case]:
    """The golden cases of ``kinds`` (all kinds if none), sorted by name.

    :raises FixtureLayoutError: an input without its JSON, or a JSON without its input.
    """
    found: list[Case] = []
    for kind in _kinds_or_all(kinds):
        of_kind = [_case(kind, path) for path in _inputs_of(kind, root)]
        _check_one_input_per_json(kind, root, of_kind)
        found += of_kind
    return sorted(found, key=lambda case: case.name)


def fixture(name: str, *, root: Path = FIXTURES) -> Path:
    """The input file called ``name`` (``page_cn_taiwan_defense_budget.html``) in its kind's folder.

    :raises FileNotFoundError: no input of that name (or its name says no kind).
    """
    kind = kind_of(Path(name))
    path = root / FOLDERS[kind] / name if kind is not None else root / name
    if kind is None or not path.is_file():
        raise FileNotFoundError(f"no fixture input {name!r} under {root}")
    return path


def kind_of(path: Path) -> Kind | None:
    """The kind of an input: from the folder it is in, else from its name's prefix.

    ``tests/fixtures/pages/x.html`` is a page; ``listing_fr_home.html`` anywhere is a
    listing. ``None`` when neither says, or when the suffix does not fit the kind.
    """
    by_folder = [kind for kind, folder in FOLDERS.items() if path.parent.name == folder]
    by_prefix = [kind for kind in KINDS if path.name.startswith(kind + "_")]
    for kind in by_folder or by_prefix:
        if path.suffix in SUFFIXES[kind]:
            return kind
    return None
