"""Git repositories for tests: an isolated git configuration and real repositories in
temporary folders.

Git runs with an empty global config (``GIT_CONFIG_GLOBAL``), no system config and a
fixed identity, so the machine's own settings (a global excludesFile, a default branch,
hooks, signing) never influence a result, and CI without any git config behaves like a
developer's machine.  A conftest that wants this for every test of its folder imports the
autouse fixture: ``from repos import isolated_git  # noqa: F401 - autouse fixture``.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

# Variables that would point git at another repository than the test's own.
_GIT_LOCATION_ENV = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX",
)


def isolate_git(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point git (and the subprocesses a test runs) at an empty config under ``home``.

    Returns the empty global config file (a test may write settings into it).
    """
    global_config = home / "gitconfig"
    global_config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(global_config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg"))
    for name in ("GIT_AUTHOR", "GIT_COMMITTER"):
        monkeypatch.setenv(f"{name}_NAME", "Test")
        monkeypatch.setenv(f"{name}_EMAIL", "test@example.invalid")
    for name in _GIT_LOCATION_ENV:
        monkeypatch.delenv(name, raising=False)
    return global_config


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty global git config for every test (and the subprocesses it runs)."""
    return isolate_git(tmp_path_factory.mktemp("git-home"), monkeypatch)


@dataclass
class Repo:
    """A git work tree at ``root``."""

    root: Path

    def git(self, *args: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        )
        return proc.stdout

    def write(self, rel: str, content: str | bytes = "") -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    def add(self, *rels: str) -> None:
        self.git("add", "--", *rels)

    def commit(self, message: str = "commit") -> None:
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def read(self, rel: str) -> str:
        return (self.root / rel).read_bytes().decode("utf-8")


def make_repo(path: Path) -> Repo:
    """A new git repository (branch ``main``, no commits) at ``path``, made if missing;
    files already there are kept (and untracked)."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "init", "-q", str(path)],
        check=True, capture_output=True,
    )
    repo = Repo(path)
    repo.git("config", "user.name", "Test")
    repo.git("config", "user.email", "test@example.invalid")
    repo.git("config", "commit.gpgsign", "false")
    return repo


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
