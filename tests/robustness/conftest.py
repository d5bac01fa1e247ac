"""The robustness suite: every test builds its own inputs under ``tmp_path`` (so
``pytest -n 2`` can run them in any order) and runs git with an empty global config and a
fixed identity (``tests/repos.py``), never with the machine's git settings.
"""
from __future__ import annotations

from repos import isolated_git  # noqa: F401 - autouse fixture
