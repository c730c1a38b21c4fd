"""A description of the machine and software a benchmark ran on."""

from __future__ import annotations

import datetime
import os
import platform
import resource
import subprocess
import sys
from pathlib import Path

import lxml.etree
from _inputs import REPO

import rfiparse

__all__ = ["describe", "peak_rss"]


def peak_rss() -> tuple[float, str]:
    """The resident-memory high-water mark of this process in MB (10**6 bytes), and its source.

    On Linux, ``VmHWM`` of ``/proc/self/status``: ``getrusage().ru_maxrss`` would do,
    but a process started by a larger one inherits that parent's high-water mark in
    ``ru_maxrss`` (the kernel carries it across ``exec``), so a fresh subprocess
    would start from the parent's peak. Elsewhere, ``ru_maxrss``.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6, "VmHWM"
    except (OSError, ValueError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (peak if sys.platform == "darwin" else peak * 1024) / 1e6, "ru_maxrss"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _usable_cpus() -> int | None:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count()


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) * 1024 / 1e9:.1f} GB"
    except (OSError, ValueError):
        pass
    try:
        import psutil
    except ImportError:
        return "unknown"
    return f"{psutil.virtual_memory().total / 1e9:.1f} GB"


def _os_name() -> str:
    try:
        release = platform.freedesktop_os_release().get("PRETTY_NAME")
    except OSError:
        release = None
    kernel = f"{platform.system()} {platform.release()}"
    return f"{release} ({kernel})" if release else kernel


def _git(*args: str) -> str:
    """What ``git args`` prints in the repository, stripped."""
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _git_revision() -> str:
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"git {head}" + (", with uncommitted changes" if dirty else "")


def _load() -> str:
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def describe(versions: dict[str, str]) -> dict[str, str]:
    """The machine, the software and the date, as label to value (in display order).

    ``versions`` adds the peers' versions (name to version).
    """
    libxml2 = ".".join(map(str, lxml.etree.LIBXML_VERSION))
    compiled = ".".join(map(str, lxml.etree.LIBXML_COMPILED_VERSION))
    description = {
        "Date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": _cpu_model(),
        "Cores": f"{os.cpu_count()} (usable by this process: {_usable_cpus()})",
        "Memory": _memory_gb(),
        "Load average at start (1/5/15 min)": _load(),
        "OS": _os_name(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "lxml": ".".join(map(str, lxml.etree.LXML_VERSION[:3])),
        "libxml2": libxml2 if libxml2 == compiled else f"{libxml2} (compiled against {compiled})",
        "rfiparse": f"{rfiparse.__version__} ({_git_revision()})",
    }
    description.update(versions)
    return description
