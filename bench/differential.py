"""Differential check: the plugin's findings in the working tree against a git ref.

    python3 bench/differential.py                # working tree vs HEAD
    python3 bench/differential.py --base main~3  # vs another commit
    python3 bench/differential.py --files 200    # a spread-out sample (quick check)

A restructuring must not change what the plugin reports.  This script collects the
findings twice over the same input files, once with the package as committed at
``--base`` (exported with ``git archive`` to a temporary folder) and once with the
working tree's, each in its own interpreter whose ``sys.path`` starts with that side's
folder, and prints every line that differs.  It exits 1 on any difference.

The differential set: the running interpreter's standard library (``sysconfig``'s
``stdlib`` path, without test folders, ``site-packages`` and files that do not parse),
the benchmark corpus if ``bench/run.py`` has built it (``bench/.work/corpus``: the
``streamlit`` sources and the small apps), ``examples/`` and ``tests/corpus/``.  Every
file is analyzed two ways:

* ``flake8``: ``Plugin(tree, lines, filename).run()`` on the class flake8 loads for the
  STS entry point, its options parsed by flake8 (``--isolated``: the defaults), so the
  text gates and the Streamlit detection decide what runs, as in real use;
* ``app``: the analysis with ``streamlit=True`` (``plugin.analyze``, or wherever the
  ref keeps it; see ``_APP_ENTRIES``), so every rule runs on every file, the standard
  library included.

Options are flake8's defaults (no ``--streamlit-…`` option); the app mode calls the
entry with ``streamlit=True`` alone.  Two worker processes per side; the output is
sorted, so two runs print the same text.
"""
from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
import sysconfig
import tempfile
import time
import tokenize
from pathlib import Path
from typing import Any, Callable, Iterable

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "flake8_streamlit_security"
CORPUS = REPO / "bench" / ".work" / "corpus"
MODES = ("flake8", "app")
# Where the "analyzed as an app" entry may live: (module, function).  The first one
# that imports is called as ``fn(tree, streamlit=True)``; with none, the plugin's
# ``findings()`` with ``imports_streamlit`` forced true would be the next best, but
# a ref without any of these simply reports the ``flake8`` mode twice (and says so).
_APP_ENTRIES = (
    (f"{PACKAGE}.plugin", "analyze"),
    (f"{PACKAGE}.analysis", "analyze"),
    (f"{PACKAGE}.engine", "analyze"),
    (f"{PACKAGE}.taint", "analyze"),
)


# ------------------------------------------------------------------ the input files


def _stdlib_files() -> list[tuple[str, Path]]:
    root = Path(sysconfig.get_paths()["stdlib"])
    out = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if any(p in ("test", "tests", "site-packages", "idle_test") for p in parts[:-1]):
            continue
        out.append((f"stdlib/{'/'.join(parts)}", path))
    return out


def _tree_files(label: str, root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    return [(f"{label}/{p.relative_to(root).as_posix()}", p)
            for p in sorted(root.rglob("*.py"))]


def input_files(limit: int | None) -> tuple[list[tuple[str, str]], dict[str, int], int]:
    """``(label, path)`` pairs of the files that parse, files per group, files skipped."""
    groups = {
        "stdlib": _stdlib_files(),
        "corpus": _tree_files("corpus", CORPUS),
        "examples": _tree_files("examples", REPO / "examples"),
        "tests/corpus": _tree_files("tests/corpus", REPO / "tests" / "corpus"),
    }
    files = [item for items in groups.values() for item in items]
    if limit is not None and limit < len(files):
        # Evenly spread over the list, so every group is represented.
        files = [files[i * len(files) // limit] for i in range(limit)]
    kept: list[tuple[str, str]] = []
    skipped = 0
    for label, path in files:
        try:
            with tokenize.open(path) as f:
                ast.parse(f.read())
        except (SyntaxError, UnicodeDecodeError, ValueError, RecursionError, MemoryError):
            skipped += 1
            continue
        kept.append((label, str(path)))
    counts = {g: sum(1 for label, _ in kept if label.startswith(g + "/")) for g in groups}
    return kept, counts, skipped


# ------------------------------------------------------------ one side (subprocess)

_APP: Callable[..., Iterable[Any]] | None = None


def _app_entry() -> tuple[Callable[..., Iterable[Any]] | None, str]:
    import importlib

    for module, name in _APP_ENTRIES:
        try:
            fn = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        return fn, f"{module}.{name}"
    return None, "none (the app mode repeats the flake8 mode)"


def _line(item: Any) -> str:
    """``line:col: text`` of one finding, from a flake8 tuple or a ``Finding``-like value."""
    if isinstance(item, tuple):
        return f"{item[0]}:{item[1]}: {item[2]}"
    text = getattr(item, "text", None)
    if text is None:
        text = f"{item.code} {getattr(item, 'message', '')}"
    return f"{item.line}:{item.col}: {text}"


_PLUGIN: Any = None


def _flake8_plugin() -> tuple[Any, str]:
    """The class flake8 loads for the STS codes, its options parsed by flake8 itself
    (``--isolated``: the defaults), as in a real run; else ``plugin.Plugin``."""
    try:
        from flake8.options.parse_args import parse_args

        plugins, _options = parse_args(["--isolated"])
        for loaded in plugins.checkers.tree:
            if loaded.entry_name == "STS":
                return loaded.obj, f"{loaded.obj.__module__}.{loaded.obj.__qualname__} (flake8)"
    except Exception as exc:  # noqa: BLE001 - e.g. an entry point the ref no longer has
        reason = type(exc).__name__
    else:
        reason = "no STS entry point"
    from flake8_streamlit_security.plugin import Plugin

    return Plugin, f"flake8_streamlit_security.plugin.Plugin (flake8 could not load it: {reason})"


def _collect_one(job: tuple[str, str]) -> tuple[str, dict[str, list[str]]]:
    label, path = job
    with tokenize.open(path) as f:
        source = f.read()
    lines = source.splitlines(keepends=True)
    out: dict[str, list[str]] = {}
    for mode in MODES:
        tree = ast.parse(source)  # afresh: an analysis may annotate the tree
        try:
            if mode == "flake8" or _APP is None:
                found = [_line(t) for t in _PLUGIN(tree, lines, path).run()]
            else:
                found = [_line(f) for f in _APP(tree, streamlit=True)]
        except Exception as exc:  # noqa: BLE001 - a crash is a finding to compare
            found = [f"raised {type(exc).__name__}: {str(exc)[:200]}"]
        out[mode] = sorted(found)
    return label, out


def collect(root: str, list_file: str, jobs: int) -> None:
    """The subprocess: ``root`` is first on sys.path; prints JSON on stdout."""
    global _APP, _PLUGIN
    sys.path.insert(0, root)
    import flake8_streamlit_security as pkg

    where = Path(pkg.__file__ or "").resolve()
    if not where.is_relative_to(Path(root).resolve()):
        raise SystemExit(f"imported {where}, not the package under {root}")
    _PLUGIN, plugin_entry = _flake8_plugin()
    plugin_file = Path(sys.modules[_PLUGIN.__module__].__file__ or "").resolve()
    if not plugin_file.is_relative_to(Path(root).resolve()):
        raise SystemExit(f"flake8 loaded {plugin_file}, not the plugin under {root}")
    # The analysis recurses on nested expressions; Plugin.run raises the limit itself.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 4000))
    _APP, entry = _app_entry()
    files = json.loads(Path(list_file).read_text())
    if jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = dict(pool.imap_unordered(_collect_one, files, chunksize=4))
    else:
        results = dict(map(_collect_one, files))
    json.dump({"entry": entry, "plugin": plugin_entry, "package": str(where.parent),
               "results": results}, sys.stdout)


def run_side(root: Path, list_file: Path, jobs: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--collect", str(root),
         "--list", str(list_file), "--jobs", str(jobs)],
        capture_output=True, text=True, cwd=tempfile.gettempdir(),
    )
    if proc.returncode:
        raise SystemExit(f"collecting with {root} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def export(rev: str, dest: Path) -> str:
    """The package as committed at ``rev``, under ``dest``; returns the commit id."""
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"],
                            cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", "--format=tar", commit, PACKAGE],
                             cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return commit


# ------------------------------------------------------------------------ compare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="HEAD", help="git ref to compare with (HEAD)")
    parser.add_argument("--new", default=None,
                        help="git ref to compare with --base instead of the working tree")
    parser.add_argument("--show", type=int, default=200,
                        help="print at most this many differing lines (200)")
    parser.add_argument("--files", type=int, default=None,
                        help="analyze only this many files, spread over the set")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes per side (2)")
    parser.add_argument("--collect", help=argparse.SUPPRESS)
    parser.add_argument("--list", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.collect:
        collect(args.collect, args.list, args.jobs)
        return 0

    t0 = time.perf_counter()
    files, counts, skipped = input_files(args.files)
    with tempfile.TemporaryDirectory(prefix="sts-differential-") as tmp:
        base_root = Path(tmp) / "base"
        base_root.mkdir()
        commit = export(args.base, base_root)
        list_file = Path(tmp) / "files.json"
        list_file.write_text(json.dumps(files))
        if args.new is None:
            new_root, new_name = REPO, f"the working tree {REPO}"
        else:
            new_root = Path(tmp) / "new"
            new_root.mkdir()
            new_name = f"{args.new} = {export(args.new, new_root)[:12]}"
        base = run_side(base_root, list_file, args.jobs)
        work = run_side(new_root, list_file, args.jobs)

    print(f"base {args.base} = {commit[:12]} against {new_name}")
    print(f"flake8-mode entry: base {base['plugin']}; new {work['plugin']}")
    print(f"app-mode entry: base {base['entry']}; new {work['entry']}")
    print(f"files: {len(files)} ({', '.join(f'{g} {n}' for g, n in counts.items())}); "
          f"{skipped} skipped (do not parse)")
    diffs: list[str] = []
    for mode in MODES:
        totals = [0, 0]
        for label, _ in files:
            old = base["results"][label][mode]
            new = work["results"][label][mode]
            totals[0] += len(old)
            totals[1] += len(new)
            if old != new:
                diffs += [f"{mode} {label}:{line} (only in base)" for line in old
                          if line not in new]
                diffs += [f"{mode} {label}:{line} (only in new)" for line in new
                          if line not in old]
        print(f"{mode:>6} mode: {totals[0]} findings at base, {totals[1]} new")
    diffs.sort()
    for line in diffs[:args.show]:
        print(line)
    if len(diffs) > args.show:
        print(f"... and {len(diffs) - args.show} more (--show)")
    print(f"{len(diffs)} differing lines; {time.perf_counter() - t0:.0f} s")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
