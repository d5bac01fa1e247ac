"""Walking the work tree, and the ``.streamlit`` folders in it.

Virtual environments and dependencies are never the app (RULES.md, "What is
linted"): heavy folders and any folder holding ``pyvenv.cfg`` are not walked,
nor are symlinked folders (a ``.streamlit`` symlink is found, not entered).
"""
from __future__ import annotations

import os
from typing import Iterator

# Folders never walked: VCS data, dependencies, caches, virtualenvs.
SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox",
        ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs", "site-packages",
        "dist-packages", ".cache", ".ipynb_checkpoints",
    }
)


def walk(top: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(top)``, sorted, without heavy folders or virtualenvs below
    ``top``; unreadable folders are skipped.  Like os.walk, the caller may
    prune ``dirnames`` in place."""
    for dirpath, dirnames, filenames in os.walk(top, onerror=lambda _error: None):
        if "pyvenv.cfg" in filenames and dirpath != top:
            dirnames.clear()
            continue
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        yield dirpath, dirnames, filenames


def find_streamlit_dirs(root: str) -> list[str]:
    """Every ``.streamlit`` folder (or symlink to one) under ``root``, tracked
    or not, in :func:`walk`'s order; none is walked into."""
    found = []
    for dirpath, dirnames, _filenames in walk(root):
        if ".streamlit" in dirnames:
            found.append(os.path.join(dirpath, ".streamlit"))
            dirnames.remove(".streamlit")
    return found
