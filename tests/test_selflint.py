"""The project's own sources pass flake8 (with this plugin loaded) under setup.cfg."""
from __future__ import annotations

from helpers import REPO, run_flake8


def test_sources_are_lint_clean() -> None:
    proc = run_flake8(
        ["flake8_streamlit_security", "hooks", "bench", "tests"], REPO, timeout=300
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert proc.stdout == ""
