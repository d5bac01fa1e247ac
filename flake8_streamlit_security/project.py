"""The app's own modules: where an import of the linted file leads, read from disk.

Streamlit runs ``streamlit run app.py`` with the main script's folder first on
``sys.path``; pages in ``pages/`` run with that same path, so ``pages/2_Report.py``
imports ``ui`` from the folder above.  :class:`Project` resolves an import of the linted
file the way Python would then find it, but only to first-party files: files below the
project's root (the nearest folder above holding ``.git``, ``pyproject.toml``,
``setup.cfg``, ``setup.py`` or ``.streamlit``), never inside a virtual environment or
vendored code, never ``streamlit`` itself.

Modules are parsed once per process, keyed by their path, size and modification time;
a module that cannot be read or parsed, or is too large, resolves to nothing (no
finding is invented, none is lost from the linted file).
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import ast

# Folders that hold somebody else's code: never the app's (RULES.md "What is linted").
VENDORED: tuple[str, ...] = (
    "venv", ".venv", "env", "site-packages", "node_modules", ".ipynb_checkpoints", "build",
    "dist", ".tox", ".nox",
)
VENDORED_DIRS: frozenset[str] = frozenset({*VENDORED, "__pycache__", ".git"})
# A folder holding one of these is a project's root.
ROOT_MARKERS: tuple[str, ...] = (".git", "pyproject.toml", "setup.cfg", "setup.py", ".streamlit")
# How far above the linted file a root is looked for.
MAX_DEPTH = 6
# Larger modules are not followed (a generated file, a data dump): 1 MiB.
MAX_BYTES = 1 << 20
# Packages that are never first-party, whatever the folder holds.
NEVER_FOLLOWED: frozenset[str] = frozenset({"streamlit"})


class Module(NamedTuple):
    """A first-party module: its dotted name, file, parsed tree, and whether it is a
    package's ``__init__.py`` (relative imports inside it start at its own folder)."""

    name: str
    path: str
    tree: ast.Module
    is_package: bool


class _Entry(NamedTuple):
    key: tuple[int, int]
    module: Module | None


_PARSED: dict[str, _Entry] = {}


_FILE, _DIR = "f", "d"
# folder -> (its modification time, name -> _FILE or _DIR): an import is looked up in
# a few folders, once per import statement of every linted file; one listing per folder
# (checked against the folder's time, which adding or removing a file changes) replaces
# a stat per candidate module.
_LISTINGS: dict[str, tuple[int, dict[str, str]]] = {}


def _entries(folder: str) -> dict[str, str]:
    """The regular files and folders (symlinks followed) in ``folder``; empty when it
    cannot be listed."""
    try:
        mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return {}
    cached = _LISTINGS.get(folder)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    entries: dict[str, str] = {}
    try:
        with os.scandir(folder) as found:
            for entry in found:
                try:
                    if entry.is_file():
                        entries[entry.name] = _FILE
                    elif entry.is_dir():
                        entries[entry.name] = _DIR
                except OSError:
                    continue
    except OSError:
        return {}
    _LISTINGS[folder] = (mtime, entries)
    return entries


def _vendored(folder: str) -> bool:
    return os.path.basename(folder) in VENDORED_DIRS or os.path.isfile(
        os.path.join(folder, "pyvenv.cfg"))


def find_root(folder: str) -> str:
    """The project's root for a file in ``folder``: the nearest folder at or above it
    holding a root marker, or ``folder`` itself when none is near."""
    current = folder
    for _ in range(MAX_DEPTH):
        if any(os.path.exists(os.path.join(current, m)) for m in ROOT_MARKERS):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return folder


def search_path(filename: str) -> list[str]:
    """The folders an import in ``filename`` is looked up in, nearest first: the file's
    folder, the main script's folder for a page in ``pages/``, and every folder up to
    the project's root."""
    folder = os.path.dirname(os.path.abspath(filename))
    root = find_root(folder)
    out = []
    current = folder
    while True:
        out.append(current)
        if current == root or not current.startswith(root):
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return out


def _read(path: str) -> Module | None:
    """The parsed module at ``path``, or None (unreadable, too large, not Python)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (stat.st_size, stat.st_mtime_ns)
    cached = _PARSED.get(path)
    if cached is not None and cached.key == key:
        return cached.module
    module = None
    if stat.st_size <= MAX_BYTES and os.path.isfile(path):
        import ast
        import tokenize

        try:
            with tokenize.open(path) as handle:  # honours the coding cookie and BOM
                source = handle.read()
            tree = ast.parse(source, filename=path)
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError, RecursionError,
                MemoryError):
            tree = None
        if isinstance(tree, ast.Module):
            module = Module("", path, tree, os.path.basename(path) == "__init__.py")
    _PARSED[path] = _Entry(key, module)
    return module


class Project:
    """Import resolution for one linted file (``filename``, as flake8 names it; for
    stdin, the ``--stdin-display-name``)."""

    def __init__(self, filename: str) -> None:
        self.filename = os.path.abspath(filename) if filename else ""
        self.folders = search_path(self.filename) if filename else []
        self.root = self.folders[-1] if self.folders else ""
        self._listed: dict[str, dict[str, str]] = {}

    def _first_party(self, path: str) -> bool:
        real = os.path.realpath(path)
        root = os.path.realpath(self.root)
        if real == os.path.realpath(self.filename):
            return False  # the linted file itself: analysed from flake8's tree, not disk
        if not (real == root or real.startswith(root + os.sep)):
            return False
        folder = os.path.dirname(real)
        while folder.startswith(root) and folder != root:
            if _vendored(folder):
                return False
            folder = os.path.dirname(folder)
        return True

    def _entries(self, folder: str) -> dict[str, str]:
        """:func:`_entries`, once per folder for this file's imports."""
        found = self._listed.get(folder)
        if found is None:
            found = self._listed[folder] = _entries(folder)
        return found

    def _locate(self, base: str, parts: list[str]) -> str | None:
        """``base/a/b.py`` or ``base/a/b/__init__.py`` (namespace folders allowed)."""
        folder = os.path.join(base, *parts[:-1])
        entries = self._entries(folder)
        if not entries:
            return None
        name = parts[-1]
        if entries.get(name + ".py") == _FILE:
            path = os.path.join(folder, name + ".py")
            if self._first_party(path):
                return path
        if entries.get(name) == _DIR and self._entries(os.path.join(folder, name)).get(
                "__init__.py") == _FILE:
            path = os.path.join(folder, name, "__init__.py")
            if self._first_party(path):
                return path
        return None

    def resolve(self, dotted: str, *, level: int = 0, importer: str | None = None
                ) -> Module | None:
        """The first-party module an import names: ``import ui`` -> ``resolve("ui")``;
        ``from .db import q`` inside ``services/llm.py`` -> ``resolve("db", level=1,
        importer=<that path>)``; ``from . import db`` -> ``resolve("db", level=1, ...)``.
        None for anything that is not a first-party file."""
        if not self.folders:
            return None
        parts = [p for p in dotted.split(".") if p]
        if level:
            # level 1 is the importing file's own folder (its package), 2 the one above
            folder = os.path.dirname(importer or self.filename)
            for _ in range(level - 1):
                folder = os.path.dirname(folder)
            if not parts:
                path = os.path.join(folder, "__init__.py")
                found = path if os.path.isfile(path) and self._first_party(path) else None
            else:
                found = self._locate(folder, parts)
        else:
            if not parts or parts[0] in NEVER_FOLLOWED:
                return None
            found = None
            for base in self.folders:
                found = self._locate(base, parts)
                if found:
                    break
        if found is None:
            return None
        module = _read(found)
        if module is None:
            return None
        return module._replace(name=dotted)
