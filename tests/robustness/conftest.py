"""Fixtures for the robustness suite: isolated git, temp repositories, hook runners.

Every test builds its own inputs under ``tmp_path`` (so ``pytest -n 2`` can run them in
any order), runs git with an empty global config and a fixed identity, and never relies
on the machine's git settings.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterator

import pytest
from helpers import console_script, isolate_git  # noqa: F401 - re-exported


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    isolate_git(tmp_path_factory.mktemp("robust-git-home"), monkeypatch)
    yield


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
                           *args], cwd=root, capture_output=True, text=True, check=True).stdout


def make_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes | str, int]]:
    """Bytes (or link target) and mtime of every entry under ``root`` except ``.git``."""
    out: dict[str, tuple[bytes | str, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if os.path.islink(path):
                out[rel] = (os.readlink(path), st.st_mtime_ns)
            elif os.path.isfile(path):
                try:
                    with open(path, "rb") as fh:
                        out[rel] = (fh.read(), st.st_mtime_ns)
                except OSError:
                    out[rel] = (b"<unreadable>", st.st_mtime_ns)
            else:  # FIFO or other special file: never opened
                out[rel] = (f"<special {st.st_mode:o}>", st.st_mtime_ns)
    return out
