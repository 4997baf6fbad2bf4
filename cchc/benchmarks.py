"""BENCHMARKS.md: each evaluation rewrites its own section and leaves the others as they are,
so every figure in the file comes from the last run of the command that section names."""

from __future__ import annotations

import platform
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"


def machine_description() -> str:
    return f"{platform.machine()}, Python {platform.python_version()}, 2 shared vCPUs, one core used"


def write_section(title: str, body: str, path: Path = BENCHMARKS) -> None:
    """Replace the ``## title`` section of ``path`` in place (or append it) with ``body``."""
    heading = f"## {title}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = heading + "\n\n" + body.strip() + "\n"
    start = old.find(heading + "\n")
    if start < 0:
        path.write_text(old.rstrip() + "\n\n" + section, encoding="utf-8")
        return
    end = old.find("\n## ", start + len(heading))
    rest = "\n" + old[end + 1 :] if end >= 0 else ""
    path.write_text(old[:start] + section + rest, encoding="utf-8")
