"""Make ``tests/helpers.py`` importable as ``helpers`` from every test module, and keep
the plugin's pattern cache out of the home folder."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

_CACHE: list[str] = []


def pytest_configure(config: object) -> None:
    """Every test and every process it starts keeps the plugin's pattern cache
    (``$XDG_CACHE_HOME/flake8-streamlit-security``) in a folder of this run,
    never in the home folder of whoever runs the suite."""
    import os
    import tempfile

    _CACHE.append(tempfile.mkdtemp(prefix="sts-test-cache-"))
    os.environ["XDG_CACHE_HOME"] = _CACHE[-1]


def pytest_unconfigure(config: object) -> None:
    import shutil

    for folder in _CACHE:
        shutil.rmtree(folder, ignore_errors=True)
