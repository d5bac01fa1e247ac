"""The package and the hooks type-check under ``mypy --strict`` (setup.cfg [mypy])."""
from __future__ import annotations

import sys

import pytest

from helpers import REPO, run


@pytest.mark.slow
def test_mypy_strict() -> None:
    proc = run([sys.executable, "-m", "mypy", "--no-incremental"], REPO, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout
