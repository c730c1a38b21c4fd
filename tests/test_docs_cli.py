"""The shell sessions of docs/cli.md, run through the real ``rfiparse`` command.

Every ```` ```console ```` block of the page is a session: a line ``$ command``
(continued on the next line after a trailing ``\\``) is run by ``/bin/sh`` with
``rfiparse`` on the ``PATH``, and the lines after it, up to the next ``$``, are
its standard output, compared exactly (as doctest compares: ``...`` stands for
any text, such as a time). Standard error is shown only where the command sends it
to standard output (``2>&1``); anything else it writes fails the test, and so does
an exit status other than 0 (a session shows a failing one with ``; echo $?``).

The commands of a block run one after the other in one fresh directory, where
``tests`` leads to this repository's tests (``tests/fixtures/...`` as the page
names them), so that ``-o out/`` and ``ls out`` see each other and nothing is
written in the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import rfiparse

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "cli.md"
_FENCE = re.compile(r"^```console\n(.*?)^```$", re.M | re.S)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the sessions are POSIX shell")


class Command:
    """One ``$`` line of the page: the command, what it shows, and where it is."""

    def __init__(self, line: int, command: str, expected: str) -> None:
        self.line = line
        self.command = command
        self.expected = expected


def sessions(text: str) -> list[list[Command]]:
    """The console blocks of a page, each a list of its commands."""
    blocks = []
    for match in _FENCE.finditer(text):
        first_line = text.count("\n", 0, match.start(1)) + 1
        commands: list[Command] = []
        lines = match.group(1).splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line.startswith("$ "):
                raise ValueError(f"line {first_line + index}: output before any command")
            start = first_line + index
            command = line[2:]
            while command.endswith("\\"):  # the shell joins the lines
                index += 1
                command += "\n" + lines[index]
            index += 1
            output = []
            while index < len(lines) and not lines[index].startswith("$ "):
                output.append(lines[index])
                index += 1
            commands.append(Command(start, command, "".join(f"{o}\n" for o in output)))
        blocks.append(commands)
    return blocks


def matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` is ``expected``, where ``...`` in ``expected`` stands for any text."""
    pattern = ".*?".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual, re.S) is not None


def _path_with_rfiparse(directory: Path) -> str:
    """A ``PATH`` whose ``rfiparse`` is the console script beside this interpreter.

    Where it is not installed (a source tree), a script that runs ``python -m
    rfiparse`` with this interpreter stands in for it, in ``directory``.
    """
    here = str(Path(sys.executable).parent)
    if shutil.which("rfiparse", path=here) is None:
        here = str(directory)
        script = directory / "rfiparse"
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m rfiparse "$@"\n')
        script.chmod(0o755)
    return os.pathsep.join([here, os.environ.get("PATH", os.defpath)])


def run(commands: list[Command], directory: Path) -> list[tuple[Command, str, str, int]]:
    """Run a block's commands in ``directory``; each with its stdout, stderr and status."""
    bin_directory = directory / ".bin"
    bin_directory.mkdir()
    work = directory / "session"
    work.mkdir()
    (work / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    package = str(Path(rfiparse.__file__).resolve().parent.parent)
    environment = {
        **os.environ,
        "PATH": _path_with_rfiparse(bin_directory),
        # The rfiparse that these tests import, wherever the command runs.
        "PYTHONPATH": os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")])),
        "COLUMNS": "80",  # argparse's usage lines
        "LC_ALL": "C.UTF-8",
    }
    results = []
    for command in commands:
        done = subprocess.run(
            ["/bin/sh", "-c", command.command],
            cwd=work,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
            timeout=300,
        )
        results.append((command, done.stdout.decode(), done.stderr.decode(), done.returncode))
    return results


_BLOCKS = sessions(PAGE.read_text(encoding="utf-8")) if PAGE.exists() else []


def test_the_page_has_sessions() -> None:
    assert len(_BLOCKS) >= 8
    assert all(block for block in _BLOCKS)


@pytest.mark.parametrize(
    "block", _BLOCKS, ids=[f"cli.md:{block[0].line}" for block in _BLOCKS if block]
)
def test_session(block: list[Command], tmp_path: Path) -> None:
    for command, out, err, status in run(block, tmp_path):
        where = f"docs/cli.md line {command.line}: $ {command.command}"
        assert status == 0, f"{where}\nexit status {status}\n{err}"
        assert err == "", f"{where}\nstandard error not shown on the page:\n{err}"
        assert matches(command.expected, out), f"{where}\nshown:\n{command.expected}\ngot:\n{out}"


# The session reader itself


def test_a_session_is_split_into_commands_and_their_output() -> None:
    text = "Text.\n\n```console\n$ a \\\n  b\none\ntwo\n$ c\n```\n\n```sh\n$ not run\n```\n"
    [block] = sessions(text)
    assert [(c.line, c.command, c.expected) for c in block] == [
        (4, "a \\\n  b", "one\ntwo\n"),
        (8, "c", ""),
    ]


def test_output_before_a_command_is_an_error() -> None:
    with pytest.raises(ValueError, match="line 2: output before any command"):
        sessions("```console\nstray\n```\n")


def test_an_ellipsis_stands_for_any_text_and_nothing_else_does() -> None:
    assert matches("a: ...; 0.1 s\n", "a: 3 inputs; 0.1 s\n")
    assert matches("usage: ...\nerror\n", "usage: x\n  y\nerror\n")
    assert not matches("a\n", "a\nb\n")
    assert not matches("a.b\n", "axb\n")


# What the site's copy button takes from a session


def test_the_copy_button_leaves_out_prompts_and_output() -> None:
    # Material copies a block's rendered text while the block carries
    # data-md-copying; the site's style sheet hides Pygments' prompt (.gp) and
    # output (.go) spans for that moment, so that a copied session pastes as commands.
    sheets = re.findall(r"^  - (\S+\.css)$", (ROOT / "mkdocs.yml").read_text(), re.M)
    text = "".join((ROOT / "docs" / sheet).read_text() for sheet in sheets)
    css = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # comments out
    hidden = {
        " ".join(selector.split()[-2:])
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)
        if re.search(r"display:\s*none", body)
        for selector in selectors.split(",")
    }
    assert {"[data-md-copying] .gp", "[data-md-copying] .go"} <= hidden
