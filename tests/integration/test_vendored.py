"""The command skips virtual environments and vendored code by default (issue 19).

A repository as real ones commit them: a whole ``venv/`` with a fake site-packages
holding findings, a virtual environment under another name (found by its
``pyvenv.cfg``), ``node_modules``, ``build``, ``dist``, notebook checkpoints -- and the
app.  Only the app is reported; flake8's ``exclude`` (which replaces the default
list, as in flake8) brings the rest back, ``extend-exclude`` adds to it.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from flake8_streamlit_security import cli

from helpers import parse_flake8, run_cli, run_flake8
from repos import make_repo

from ._support import INSECURE_APP, write

# A file any Python linter of ours reports (STS101 and STS102) -- in vendored code.
VENDORED_CODE = 'password = "Zq7' + 'Lm2vX9pT4kW8rB"\nTOKEN = "gh' + 'p_' + "x7Kq2Lm9Pz" * 3 \
    + 'x7Kq2L"\n'
SITE = "lib/python3.11/site-packages"
VENDORED_FILES = (
    f"venv/{SITE}/pandas/io/sql.py",
    f"venv/{SITE}/pip/_internal/network/auth.py",
    f".venv/{SITE}/tornado/web.py",
    "tools/.venv-3.12/bin/jinja2_cli.py",  # only its pyvenv.cfg says it is one
    "myproject-env/share/requests_auth.py",  # only its pyvenv.cfg says it is one
    "env/bin/activate_this.py",
    "site-packages/vendored/mod.py",
    "frontend/node_modules/some-pkg/build.py",
    "notebooks/.ipynb_checkpoints/analysis-checkpoint.py",
    "build/lib/app.py",
    "dist/app.py",
    ".tox/py311/lib/x.py",
    ".nox/tests/lib/x.py",
)
APP_FILES = ("app.py", "pages/1_Admin.py", "src/environment.py", "builder/make.py")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name in VENDORED_FILES:
        write(tmp_path, name, VENDORED_CODE)
    for venv in ("venv", ".venv", "tools/.venv-3.12", "myproject-env", "env"):
        write(tmp_path, f"{venv}/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.7\n")
    (tmp_path / "myproject-env" / "pyvenv.cfg").unlink()
    write(tmp_path, "myproject-env/pyvenv.cfg", "include-system-site-packages = false\n")
    for name in APP_FILES:
        write(tmp_path, name, INSECURE_APP)
    return tmp_path


def _lint(root: Path, *args: str) -> set[str]:
    proc = run_cli(args, root)
    assert proc.returncode == 1, proc.stderr
    return {os.path.normpath(line.path) for line in parse_flake8(proc.stdout)}


def test_only_the_app_is_reported(repo: Path) -> None:
    assert _lint(repo) == set(APP_FILES)
    assert _lint(repo, ".") == set(APP_FILES)


def test_file_names_as_pre_commit_passes_them(repo: Path) -> None:
    """pre-commit names every tracked file: named files in vendored folders are skipped."""
    assert _lint(repo, *VENDORED_FILES, *APP_FILES) == set(APP_FILES)


def test_exclude_replaces_the_default_list(repo: Path) -> None:
    """Setting flake8's ``exclude`` (here in setup.cfg) makes it the whole list."""
    write(repo, "setup.cfg", "[flake8]\nexclude = .git,__pycache__\n")
    assert _lint(repo) == set(APP_FILES) | set(VENDORED_FILES)


def test_extend_exclude_adds_to_the_default_list(repo: Path) -> None:
    write(repo, "tox.ini", "[flake8]\nextend-exclude = pages\n")
    assert _lint(repo) == set(APP_FILES) - {"pages/1_Admin.py"}


def test_plain_flake8_is_unchanged(repo: Path) -> None:
    """Plain flake8 keeps flake8's own defaults: README shows the extend-exclude line."""
    proc = run_flake8(["--isolated", "--select=STS", "."], repo)
    found = {os.path.normpath(line.path) for line in parse_flake8(proc.stdout)}
    assert {f"venv/{SITE}/pandas/io/sql.py", "build/lib/app.py"} <= found
    line = "extend-exclude = " + ",".join(n for n in cli.VENDORED if n not in (".tox", ".nox"))
    write(repo, "setup.cfg", f"[flake8]\n{line}\n")
    proc = run_flake8(["--select=STS", "."], repo)
    found = {os.path.normpath(line.path) for line in parse_flake8(proc.stdout)}
    # the documented line covers every named folder; pyvenv.cfg folders need a name
    assert found == set(APP_FILES) | {"tools/.venv-3.12/bin/jinja2_cli.py",
                                      "myproject-env/share/requests_auth.py"}


def _options(filenames: list[str], exclude: list[str] | None = None) -> argparse.Namespace:
    from flake8 import defaults

    return argparse.Namespace(filenames=filenames, extend_exclude=[],
                              exclude=list(defaults.EXCLUDE) if exclude is None else exclude)


def test_exclude_vendored_patterns(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    options = _options(["."])
    cli.exclude_vendored(options)
    added = options.exclude[len(_options([]).exclude):]
    names = [p for p in added if not os.path.isabs(p)]
    assert sorted(names) == sorted(n for n in cli.VENDORED if n not in (".tox", ".nox"))
    venvs = sorted(os.path.relpath(p, repo) for p in added if os.path.isabs(p))
    assert venvs == ["myproject-env", "tools/.venv-3.12"]  # the named ones are pruned first
    mine = _options(["."], exclude=[".git"])
    cli.exclude_vendored(mine)
    assert mine.exclude == [".git"]


def test_a_project_inside_a_folder_named_like_a_vendored_one(tmp_path: Path) -> None:
    """Only folders below the working directory count: a project kept in ``~/build/``
    or ``~/env/`` is still linted, by folder and by file name."""
    root = tmp_path / "build" / "env" / "project"
    write(root, "app.py", INSECURE_APP)
    assert _lint(root) == {"app.py"}
    assert _lint(root, "app.py") == {"app.py"}
    assert _lint(root, str(root / "app.py")) == {os.path.normpath(str(root / "app.py"))}


def test_a_repository_with_a_committed_venv_as_pre_commit_runs_it(repo: Path) -> None:
    """The ``streamlit-security`` hook gets ``git ls-files``: the venv is skipped."""
    work_tree = make_repo(repo)
    work_tree.add(".")
    tracked = work_tree.git("ls-files", "*.py").split()
    assert len(tracked) == len(VENDORED_FILES) + len(APP_FILES)
    assert _lint(repo, *tracked) == set(APP_FILES)
