"""``[tool.flake8-streamlit-security]`` in pyproject.toml, honoured by the command (and
flake8's own config files as before): which wins, relative paths, one-line errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from flake8_streamlit_security import pyproject

from helpers import parse_flake8, run_cli, src

from ._support import AUDIT_APP, write

TABLE = "[tool.flake8-streamlit-security]\n"
# STS402 and STS403 (opt-in) in app.py, STS501 in a page, STS401 through a query wrapper.
PAGE = src(
    """
    import streamlit as st

    data = st.file_uploader("Data")
    """
)
SQL = src(
    """
    def find(db, name):
        return db.run_sql(f"SELECT * FROM users WHERE name = '{name}'")
    """
)


def codes(root: Path, *args: str) -> list[str]:
    proc = run_cli([*args, "."], root)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted({x.code for x in parse_flake8(proc.stdout)})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, "app.py", AUDIT_APP)
    write(tmp_path, "pages/1_Data.py", PAGE)
    write(tmp_path, "pyproject.toml",
          '[project]\nname = "notes"\n\n[tool.ruff]\nline-length = 99\n')
    return tmp_path


def add(root: Path, text: str) -> None:
    path = root / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + TABLE + text, encoding="utf-8")


def test_without_the_table_nothing_changes(project: Path) -> None:
    assert codes(project) == ["STS102", "STS103", "STS402", "STS501"]


def test_extend_select_and_extend_ignore(project: Path) -> None:
    add(project, 'extend-select = ["STS403"]\nextend-ignore = "STS102,STS103"\n')
    assert codes(project) == ["STS402", "STS403", "STS501"]


def test_per_file_ignores_as_a_table(project: Path) -> None:
    add(project, '[tool.flake8-streamlit-security.per-file-ignores]\n"pages/*" = ["STS501"]\n')
    assert "STS501" not in codes(project)
    # relative to the pyproject.toml, also from a subfolder
    assert run_cli(["1_Data.py"], project / "pages").stdout == ""


def test_per_file_ignores_in_flake8s_string_form(project: Path) -> None:
    add(project, 'per-file-ignores = "app.py:STS402 pages/*:STS501"\n')
    found = codes(project)
    assert "STS402" not in found and "STS501" not in found
    assert run_cli(["1_Data.py"], project / "pages").stdout == ""


def test_exclude_replaces_and_extend_exclude_adds(project: Path) -> None:
    add(project, 'extend-exclude = ["pages/"]\n')
    assert "STS501" not in codes(project)
    write(project, "pyproject.toml", TABLE + 'exclude = ["app.py"]\n')
    assert codes(project) == ["STS501"]


def test_plugin_options(tmp_path: Path) -> None:
    write(tmp_path, "app.py", SQL)
    assert codes(tmp_path) == []
    write(tmp_path, "pyproject.toml", TABLE + 'streamlit-sql-sinks = ["run_sql"]\n')
    assert codes(tmp_path) == ["STS401"]


def test_validators_and_the_strict_tests_flag(tmp_path: Path) -> None:
    """Every plugin option can live in the table: a list (``streamlit-validators``) and
    a flag (``streamlit-strict-tests = true``)."""
    write(tmp_path, "app.py", src(
        """
        import subprocess

        import streamlit as st

        host = st.text_input("Host")
        if not host_ok(host):
            st.stop()
        subprocess.run(f"ping -c 1 {host}", shell=True)
        """))
    write(tmp_path, "tests/test_db.py", 'DB_PASSWORD = "hunter2hunter2"\n')
    assert codes(tmp_path) == ["STS303"]
    write(tmp_path, "pyproject.toml",
          TABLE + 'streamlit-validators = ["host_ok"]\nstreamlit-strict-tests = true\n')
    assert codes(tmp_path) == ["STS101"]


def test_which_wins(project: Path) -> None:
    """Per key: the command line over pyproject.toml over setup.cfg/tox.ini/.flake8."""
    write(project, "setup.cfg", "[flake8]\nextend-ignore = STS402\n")
    assert "STS402" not in codes(project)
    add(project, 'extend-ignore = ["STS501"]\n')
    found = codes(project)
    assert "STS402" in found and "STS501" not in found
    found = codes(project, "--extend-ignore=STS102")
    assert "STS501" in found and "STS102" not in found
    # keys the table does not set still come from setup.cfg
    write(project, "setup.cfg", "[flake8]\nextend-select = STS403\n")
    assert "STS403" in codes(project)


def test_the_nearest_pyproject_with_the_table(project: Path) -> None:
    add(project, 'extend-ignore = ["STS501"]\n')
    write(project, "pages/pyproject.toml", '[tool.black]\nline-length = 99\n')
    assert run_cli(["1_Data.py"], project / "pages").stdout == ""


def test_isolated_ignores_it(project: Path) -> None:
    add(project, 'extend-ignore = ["STS501"]\n')
    assert "STS501" in codes(project, "--isolated")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('extend_selct = ["STS403"]\n',
         "unknown key 'extend_selct' in [tool.flake8-streamlit-security]; did you mean "
         "'extend-select'? known keys: " + ", ".join(pyproject.KEYS)),
        ("select = ['STS']\n",
         "unknown key 'select' in [tool.flake8-streamlit-security]; did you mean "
         "'extend-select'? known keys: " + ", ".join(pyproject.KEYS)),
        ("extend-select = 403\n",
         "extend-select in [tool.flake8-streamlit-security] must be a list of strings"),
        ('streamlit-strict-tests = "yes"\n',
         "streamlit-strict-tests in [tool.flake8-streamlit-security] must be true or false"),
        ("baseline = true\n",
         "baseline in [tool.flake8-streamlit-security] must be a file name (a string)"),
        ('per-file-ignores = "app.py STS402 :"\n',
         "per-file-ignores in [tool.flake8-streamlit-security]: Expected `per-file-ignores` "
         "to be a mapping from file exclude patterns to ignore codes."),
        ('per-file-ignores = ["a"]\n',
         "per-file-ignores in [tool.flake8-streamlit-security] must be a table of file "
         "pattern = list of codes"),
    ],
)
def test_a_wrong_key_or_value_is_one_line_and_exit_2(
    project: Path, table: str, message: str
) -> None:
    add(project, table)
    proc = run_cli(["."], project)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"flake8-streamlit-security: {project / 'pyproject.toml'}: {message}\n"


def test_invalid_toml_is_one_line_and_exit_2(project: Path) -> None:
    add(project, "extend-select = [\n")
    proc = run_cli(["."], project)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith(
        f"flake8-streamlit-security: {project / 'pyproject.toml'}: not valid TOML (")
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_an_invalid_pyproject_without_the_table_is_not_ours(project: Path) -> None:
    write(project, "pyproject.toml", "[tool.black\n")
    assert run_cli(["."], project).returncode == 1  # findings, no config error
