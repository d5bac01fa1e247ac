"""The project's own sources pass flake8 (with this plugin loaded) under setup.cfg."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_sources_are_lint_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "flake8_streamlit_security", "hooks", "bench", "tests"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert proc.stdout == ""
