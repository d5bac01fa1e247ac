"""Walking the work tree, and the ``.streamlit`` folders in it.

Virtual environments and vendored code are never the app (RULES.md, "What is
linted"): the folders the command skips (:data:`VENDORED_DIRS`, one list for
both), any folder holding ``pyvenv.cfg``, VCS data and caches are not walked,
nor are symlinked folders (a ``.streamlit`` symlink is found, not entered).
Tracked paths inside such folders are left out the same way
(:class:`Vendored`).
"""
from __future__ import annotations

import os
from typing import Iterable, Iterator

from flake8_streamlit_security.project import VENDORED_DIRS

VENV_MARKER = "pyvenv.cfg"
# Folders never walked: vendored code, VCS data, caches.
SKIP_DIRS = VENDORED_DIRS | frozenset(
    {
        ".hg", ".svn", "dist-packages", ".mypy_cache", ".pytest_cache", ".ruff_cache",
        ".eggs", ".cache",
    }
)


def walk(top: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(top)``, sorted, without heavy folders or virtualenvs below
    ``top``; unreadable folders are skipped.  Like os.walk, the caller may
    prune ``dirnames`` in place."""
    for dirpath, dirnames, filenames in os.walk(top, onerror=lambda _error: None):
        if VENV_MARKER in filenames and dirpath != top:
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


def unreadable(folder: str) -> bool:
    """Whether the files in ``folder`` cannot be listed or opened (its files are
    then reported as unreadable, never skipped without a word)."""
    return os.path.isdir(folder) and not os.access(folder, os.R_OK | os.X_OK)


class Vendored:
    """Which repository paths (POSIX, relative to ``root``) lie in vendored code:
    below a folder :func:`walk` skips by name, or below one holding ``pyvenv.cfg``
    (in the work tree, or tracked: ``tracked`` lists the repository's paths)."""

    def __init__(self, root: str, tracked: Iterable[str] = ()) -> None:
        self.root = root
        self.venvs = {p.rpartition("/")[0] for p in tracked
                      if p.rpartition("/")[2] == VENV_MARKER and "/" in p}
        self._checked: dict[str, bool] = {}

    def _vendored(self, folder: str) -> bool:
        """``folder`` (POSIX, relative) or a folder above it is vendored; each folder
        is judged once (a repository has far fewer folders than files)."""
        known = self._checked.get(folder)
        if known is None:
            parent, _, name = folder.rpartition("/")
            known = name in SKIP_DIRS or folder in self.venvs or os.path.isfile(
                os.path.join(self.root, folder, VENV_MARKER)) or (
                bool(parent) and self._vendored(parent))
            self._checked[folder] = known
        return known

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str):
            return False
        folder = path.rpartition("/")[0]
        return bool(folder) and self._vendored(folder)
