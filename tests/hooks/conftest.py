"""Fixtures for the hook tests: real git repositories in temporary folders.

Git runs with an empty global config (``GIT_CONFIG_GLOBAL``), no system config
and a fixed identity, so the machine's own settings (a global excludesFile,
a default branch, hooks) never influence a result, and CI without any git
config behaves like a developer's machine.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

import pytest
from hook_samples import Samples
from helpers import console_script, isolate_git  # noqa: F401 - re-exported


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty global git config for every test (and the subprocesses it runs)."""
    return isolate_git(tmp_path_factory.mktemp("git-home"), monkeypatch)


@dataclass
class Repo:
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


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """An empty git repository (no commits) in a temporary folder."""
    return make_repo(tmp_path / "repo")


@dataclass
class Result:
    rc: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    def assert_hides(self, *secrets: str) -> None:
        """No secret value, nor a long slice of one, appears in any output."""
        for secret in secrets:
            assert secret, "empty secret in a test"
            for text in (self.out, self.err):
                assert secret not in text
                if len(secret) >= 16:
                    assert secret[4:16] not in text


Runner = Callable[..., Result]


@pytest.fixture
def run_hook(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Runner]:
    """Call a hook's ``main(argv)`` from ``cwd``; return its exit code and output."""

    def run(main: Callable[[Sequence[str]], int], *argv: str, cwd: Path) -> Result:
        capsys.readouterr()
        with monkeypatch.context() as patch:
            patch.chdir(cwd)
            rc = main(list(argv))
        captured = capsys.readouterr()
        return Result(rc, captured.out, captured.err)

    yield run


@pytest.fixture
def run_script() -> Callable[..., Result]:
    """Run an installed console script in a subprocess."""

    def run(name: str, *argv: str, cwd: Path, timeout: float = 120) -> Result:
        proc = subprocess.run(
            [console_script(name), *argv], cwd=cwd, capture_output=True, text=True,
            env=dict(os.environ), timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture
def samples() -> type[Samples]:
    return Samples


@pytest.fixture
def new_repo(tmp_path: Path) -> Callable[[str], Repo]:
    """A factory of more repositories: ``new_repo("name")``."""
    return lambda name: make_repo(tmp_path / name)
