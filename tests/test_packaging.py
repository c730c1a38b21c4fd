"""The suite as a packager runs it: from the unpacked sdist, rfiparse installed normally."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import rfiparse

ROOT = Path(__file__).resolve().parents[1]


def test_doctests_run_from_an_rfiparse_installed_outside_src(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    shutil.copytree(
        Path(rfiparse.__file__).parent, site / "rfiparse", ignore=shutil.ignore_patterns("*.pyc")
    )
    argv = ["-m", "pytest", "-p", "no:cacheprovider", "-v", "tests/test_annotations.py", "src"]
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "import file mismatch" not in result.stdout
    doctests = [line for line in result.stdout.splitlines() if "::rfiparse." in line]
    assert doctests
    assert all("PASSED" in line for line in doctests)
