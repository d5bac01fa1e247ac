"""The plugin over real code: every ``.py`` file of the standard library and (capped)
site-packages, in-process, with no exception and no ``STS000``.

Chunks: the files are split into fixed chunks by a CRC of their relative path, one
test per chunk, so ``pytest -n 2`` spreads the work evenly and a failure names a chunk.

site-packages can be huge on a developer machine.  Selection, deterministic for a
given environment: every file of the packages this project runs with or tests with
(:data:`FULL_PACKAGES`), plus every N-th file (sorted by path) of everything else,
with N chosen so that at most :data:`OTHER_FILES_CAP` other files are checked.  On a
clean CI virtualenv that is nearly everything; on a machine with 12,000 files it is a
sample.  Files that Python itself cannot read or parse (flake8 reports those as
E902/E999 without running plugins) are skipped.
"""
from __future__ import annotations

import ast
import functools
import gc
import math
import site
import sysconfig
import time
import tokenize
import traceback
import warnings
import zlib
from pathlib import Path

import pytest

from flake8_streamlit_security.plugin import Plugin

STDLIB_CHUNKS = 8
SITE_CHUNKS = 4
# A single file taking longer than this is a performance bug worth a look.
PER_FILE_BUDGET_S = 20.0
FULL_PACKAGES = (
    "flake8", "pyflakes", "pycodestyle", "mccabe", "detect_secrets", "tomlkit", "yaml",
    "requests", "urllib3", "pytest", "_pytest", "pluggy", "xdist", "hypothesis",
    "hypothesmith", "pre_commit", "pylsp", "jsonschema", "streamlit",
)
OTHER_FILES_CAP = 300


def _stdlib_files() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    return sorted(p for p in root.rglob("*.py")
                  if not {"site-packages", "dist-packages"} & set(p.relative_to(root).parts))


def _site_dirs() -> list[Path]:
    dirs = {Path(sysconfig.get_paths()["purelib"]), Path(sysconfig.get_paths()["platlib"])}
    dirs.update(Path(p) for p in site.getsitepackages())
    return sorted(d for d in dirs if d.is_dir())


@functools.lru_cache(maxsize=None)
def _files(kind: str) -> tuple[tuple[str, Path], ...]:
    """(relative name, path) pairs for ``kind`` ('stdlib' or 'site')."""
    if kind == "stdlib":
        root = Path(sysconfig.get_paths()["stdlib"])
        return tuple((str(p.relative_to(root)), p) for p in _stdlib_files())
    full: list[tuple[str, Path]] = []
    other: list[tuple[str, Path]] = []
    seen: set[Path] = set()
    for base in _site_dirs():
        for p in sorted(base.rglob("*.py")):
            real = p.resolve()
            if real in seen:
                continue
            seen.add(real)
            rel = p.relative_to(base)
            top = rel.parts[0].removesuffix(".py")
            (full if top in FULL_PACKAGES else other).append((str(rel), p))
    step = max(1, math.ceil(len(other) / OTHER_FILES_CAP))
    return tuple(full + other[::step])


def _chunk(kind: str, index: int, count: int) -> list[tuple[str, Path]]:
    return [(rel, p) for rel, p in _files(kind)
            if zlib.crc32(rel.encode("utf-8", "surrogateescape")) % count == index]


def _parse(path: Path) -> tuple[ast.Module, list[str]] | None:
    try:
        with tokenize.open(path) as fh:
            source = fh.read()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in old code
            return ast.parse(source), source.splitlines(True)
    except (SyntaxError, ValueError, UnicodeDecodeError, OSError, RecursionError,
            MemoryError, LookupError):
        return None  # flake8 reports E902/E999 and runs no plugin


def _check(files: list[tuple[str, Path]]) -> None:
    problems: list[str] = []
    slow: list[str] = []
    checked = 0
    gc.collect()
    for rel, path in files:
        parsed = _parse(path)
        if parsed is None:
            continue
        tree, lines = parsed
        checked += 1
        start = time.perf_counter()
        try:
            first = list(Plugin(tree, lines, str(path)).run())
        except BaseException as exc:  # run() must never raise
            problems.append(f"{rel}: run() raised {type(exc).__name__}: {exc}")
            continue
        elapsed = time.perf_counter() - start
        if elapsed > PER_FILE_BUDGET_S:
            slow.append(f"{rel}: {elapsed:.1f} s")
        for _line, _col, text, _cls in first:
            if text.startswith("STS000"):
                # findings() is what run() wraps: re-run it to show the real traceback
                try:
                    Plugin(tree, lines, str(path)).findings()
                    detail = text
                except BaseException:
                    detail = traceback.format_exc(limit=-4)
                problems.append(f"{rel}: {detail}")
    assert checked or not files, "no file of this chunk could be parsed"
    assert not problems, "\n".join(problems)
    assert not slow, "files over the per-file budget:\n" + "\n".join(slow)


@pytest.mark.slow
@pytest.mark.parametrize("index", range(STDLIB_CHUNKS), ids=lambda i: f"stdlib-{i}")
def test_stdlib_chunk(index: int) -> None:
    _check(_chunk("stdlib", index, STDLIB_CHUNKS))


@pytest.mark.slow
@pytest.mark.parametrize("index", range(SITE_CHUNKS), ids=lambda i: f"site-packages-{i}")
def test_site_packages_chunk(index: int) -> None:
    _check(_chunk("site", index, SITE_CHUNKS))


def test_selection_is_deterministic_and_bounded() -> None:
    stdlib = _files("stdlib")
    assert len(stdlib) > 500  # really the standard library
    assert any(rel == "ast.py" for rel, _p in stdlib)
    chosen = _files("site")
    assert chosen == _files.__wrapped__("site")
    assert sum(len(_chunk("site", i, SITE_CHUNKS)) for i in range(SITE_CHUNKS)) == len(chosen)
