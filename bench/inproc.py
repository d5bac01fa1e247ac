"""In-process plugin timing and profiling; run by ``bench/run.py`` inside the plugin's venv.

    python bench/inproc.py time FILELIST REPS        # JSON: plugin seconds per prefix size
    python bench/inproc.py profile FILELIST [TOP]    # cProfile of Plugin.run over the files

FILELIST holds one path per line.  ``time`` reads every file and parses it once
(not timed), then times ``Plugin(tree, lines, filename).run()`` alone over the first
10%, 30% and 100% of the list's *lines* (the list is already in a fixed shuffled
order), ``REPS`` times each, and prints the medians.
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
    result = {}
    for frac in (0.1, 0.3, 1.0):
        count, lines = 0, 0
        while count < len(items) and lines < frac * total:
            lines += len(items[count][2])
            count += 1
        subset = items[:count]
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            _run(subset)
            times.append(time.perf_counter() - t0)
        result[str(frac)] = {"files": count, "lines": lines, "seconds": statistics.median(times)}
    print(json.dumps(result))


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
    elif sys.argv[1] == "profile":
        profile(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 40)
    else:
        raise SystemExit(__doc__)
