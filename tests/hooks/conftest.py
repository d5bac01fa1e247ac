"""Fixtures for the hook tests: real git repositories in temporary folders
(``tests/repos.py``: git runs with an empty global config and a fixed identity)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

import pytest
from hook_samples import Samples
from helpers import console_script, run
from repos import Repo, isolated_git, make_repo  # noqa: F401 - isolated_git: autouse fixture


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

    def call(main: Callable[[Sequence[str]], int], *argv: str, cwd: Path) -> Result:
        capsys.readouterr()
        with monkeypatch.context() as patch:
            patch.chdir(cwd)
            rc = main(list(argv))
        captured = capsys.readouterr()
        return Result(rc, captured.out, captured.err)

    yield call


@pytest.fixture
def run_script() -> Callable[..., Result]:
    """Run an installed console script in a subprocess."""

    def call(name: str, *argv: str, cwd: Path, timeout: float = 120) -> Result:
        proc = run([console_script(name), *argv], cwd, timeout=timeout)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return call


@pytest.fixture
def samples() -> type[Samples]:
    return Samples


@pytest.fixture
def new_repo(tmp_path: Path) -> Callable[[str], Repo]:
    """A factory of more repositories: ``new_repo("name")``."""
    return lambda name: make_repo(tmp_path / name)
