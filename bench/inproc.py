"""In-process plugin timing and profiling; run by ``bench/run.py`` inside the plugin's venv.

    python bench/inproc.py time FILELIST REPS        # JSON: plugin seconds per prefix size
    python bench/inproc.py each FILELIST REPS        # JSON: plugin seconds per file
    python bench/inproc.py paired FILELIST REPS      # JSON: flake8's checks vs the plugin
    python bench/inproc.py profile FILELIST [TOP]    # cProfile of Plugin.run over the files
    python bench/inproc.py lazyre FILE               # JSON: what lazy regexes save on FILE
    python bench/inproc.py lazyre-hook MODULE [ARGS]  # the same for one hook's main(ARGS)

FILELIST holds one path per line.  ``time`` reads every file and parses it once
(not timed), then times ``Plugin(tree, lines, filename).run()`` alone over the first
10%, 30% and 100% of the list's *lines* (the list is already in a fixed shuffled
order), ``REPS`` times each, round robin, and prints the minimum of each.
"""
from __future__ import annotations

import ast
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
import tokenize
from pathlib import Path
from typing import Callable

from flake8_streamlit_security.plugin import Plugin


def _load(listing: str) -> list[tuple[str, ast.Module, list[str]]]:
    out = []
    for name in Path(listing).read_text(encoding="utf-8").splitlines():
        with tokenize.open(name) as fh:
            source = fh.read()
        out.append((name, ast.parse(source), source.splitlines(True)))
    return out


def _run(items: list[tuple[str, ast.Module, list[str]]]) -> int:
    found = 0
    for name, tree, lines in items:
        for _line, _col, text, _cls in Plugin(tree, lines, name).run():
            if text.startswith("STS000"):
                print(f"STS000 in {name}: {text}", file=sys.stderr)
            found += 1
    return found


def time_fractions(listing: str, reps: int) -> None:
    items = _load(listing)
    total = sum(len(lines) for _n, _t, lines in items)
    _run(items[: max(1, len(items) // 10)])  # warm-up: lazy imports, detect-secrets
    subsets = {}
    for frac in (0.1, 0.3, 1.0):
        count, lines = 0, 0
        while count < len(items) and lines < frac * total:
            lines += len(items[count][2])
            count += 1
        subsets[frac] = (count, lines)
    times: dict[float, list[float]] = {frac: [] for frac in subsets}
    for _ in range(reps):  # round robin: a slow spell of the machine hits every size
        for frac, (count, _lines) in subsets.items():
            t0 = time.perf_counter()
            _run(items[:count])
            times[frac].append(time.perf_counter() - t0)
    # The minimum, as timeit takes it: the machine's slow spells only ever add time.
    print(json.dumps({str(frac): {"files": count, "lines": lines, "seconds": min(times[frac])}
                      for frac, (count, lines) in subsets.items()}))


def each_file(listing: str, reps: int) -> None:
    """Every file of the list timed on its own, round robin, the fastest of ``reps``."""
    items = _load(listing)
    _run(items)  # warm-up
    times: list[list[float]] = [[] for _ in items]
    for _ in range(reps):
        for i, item in enumerate(items):
            t0 = time.perf_counter()
            _run([item])
            times[i].append(time.perf_counter() - t0)
    print(json.dumps({name: {"files": 1, "lines": len(lines), "seconds": min(ts)}
                      for (name, _tree, lines), ts in zip(items, times)}))


def paired(listing: str, reps: int) -> None:
    """flake8's own checks (every plugin but this one, through flake8's FileChecker)
    and this plugin's run, file after file in one process: the machine's drift
    affects both alike, so their ratio is steady where wall-clock runs are not."""
    import gc

    from flake8.checker import FileChecker
    from flake8.options.parse_args import parse_args
    from flake8.plugins.finder import Checkers

    plugins, options = parse_args(["--isolated", "-j1"])
    checkers = plugins.checkers
    others = Checkers(tree=[p for p in checkers.tree if p.entry_name != "STS"],
                      logical_line=checkers.logical_line, physical_line=checkers.physical_line)
    names = Path(listing).read_text(encoding="utf-8").splitlines()
    flake8_s, plugin_s = [], []
    for rep in range(reps + 1):  # the first repetition warms up (imports, patterns)
        base = ours = 0.0
        for name in names:
            t0 = time.perf_counter()
            FileChecker(filename=name, plugins=others, options=options).run_checks()
            t1 = time.perf_counter()
            with tokenize.open(name) as fh:
                source = fh.read()
            tree = ast.parse(source)
            t2 = time.perf_counter()
            list(Plugin(tree, source.splitlines(True), name).run())
            t3 = time.perf_counter()
            base, ours = base + t1 - t0, ours + t3 - t2
            del tree
        gc.collect()
        if rep:
            flake8_s.append(base)
            plugin_s.append(ours)
    print(json.dumps({"flake8": statistics.median(flake8_s), "plugin": statistics.median(plugin_s),
                      "ratio": statistics.median(
                          (f + p) / f for f, p in zip(flake8_s, plugin_s))}))


def lazy_patterns(run: Callable[[], object]) -> None:
    """What :class:`~flake8_streamlit_security.lazyre.LazyRe` saves one process:
    ``run`` checks as a fresh process would; then count the lazy patterns in the
    imported modules of the plugin and the hooks, those the check compiled, and time
    compiling the rest (``re``'s own cache purged first), which eager
    ``re.compile`` at import would have added."""
    import re

    from flake8_streamlit_security.lazyre import LazyRe

    run()
    found: dict[int, LazyRe] = {}

    def collect(value: object, depth: int = 0) -> None:
        if isinstance(value, LazyRe):
            found[id(value)] = value
        elif depth < 2 and isinstance(value, (tuple, list, frozenset, set)):
            for item in value:
                collect(item, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for item in value.values():
                collect(item, depth + 1)
        elif depth < 1 and isinstance(value, type):
            for item in vars(value).values():
                collect(item, depth + 1)

    for name, module in sorted(sys.modules.items()):
        if name.split(".")[0] in _OURS and module is not None:
            for value in vars(module).values():
                collect(value)
    lazy = list(found.values())
    unused = [p for p in lazy if "search" not in vars(p)]
    times = []
    for _ in range(5):  # the fastest of 5, as timeit reports
        re.purge()
        t0 = time.perf_counter()
        for pattern in unused:
            re.compile(pattern.pattern, pattern.flags)
        times.append(time.perf_counter() - t0)
    print(json.dumps({"patterns": len(lazy), "compiled": len(lazy) - len(unused),
                      "seconds_saved": min(times)}))


_OURS = ("flake8_streamlit_security", "streamlit_security_hooks")


def _run_hook(name: str, argv: list[str]) -> object:
    import contextlib
    import importlib
    import os

    module = importlib.import_module(f"streamlit_security_hooks.{name}")
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null), \
            contextlib.redirect_stderr(null):
        return module.main(argv)


def _load_one(path: str) -> list[tuple[str, ast.Module, list[str]]]:
    with tokenize.open(path) as fh:
        source = fh.read()
    return [(path, ast.parse(source), source.splitlines(True))]


def profile(listing: str, top: int) -> None:
    items = _load(listing)
    prof = cProfile.Profile()
    prof.enable()
    _run(items)
    prof.disable()
    for key in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(top)
        print(buf.getvalue())


if __name__ == "__main__":
    if sys.argv[1] == "time":
        time_fractions(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "each":
        each_file(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "paired":
        paired(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "lazyre":
        lazy_patterns(lambda: _run(_load_one(sys.argv[2])))
    elif sys.argv[1] == "lazyre-hook":
        lazy_patterns(lambda: _run_hook(sys.argv[2], sys.argv[3:]))
    elif sys.argv[1] == "profile":
        profile(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 40)
    else:
        raise SystemExit(__doc__)
