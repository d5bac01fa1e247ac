"""What a new user meets first: --version, rule by name, JSON output, LICENSE,
CHANGELOG and one home for the version number."""
from __future__ import annotations

import configparser
import json
import re
from importlib import metadata
from pathlib import Path

import flake8
import pytest

from flake8_streamlit_security import codes

from helpers import REPO, run_cli

from ._support import INSECURE_APP, assert_no_secret, write

CONFIG = configparser.ConfigParser()
CONFIG.read(REPO / "setup.cfg", encoding="utf-8")
VERSION = CONFIG["metadata"]["version"]


@pytest.fixture
def app(tmp_path: Path) -> Path:
    write(tmp_path, "app.py", INSECURE_APP)
    return tmp_path


def test_version_leads_with_the_commands_own(tmp_path: Path) -> None:
    proc = run_cli(["--version"], tmp_path)
    assert proc.returncode == 0
    assert re.fullmatch(
        rf"flake8-streamlit-security {re.escape(VERSION)} \(flake8 {re.escape(flake8.__version__)}"
        r", detect-secrets [\w.]+, \w+ \d+\.\d+\.\d+\S* on \w+\)\n", proc.stdout), proc.stdout
    assert metadata.version("flake8-streamlit-security") == VERSION  # installed = setup.cfg


@pytest.mark.parametrize("name", ["html-injection", "HTML-Injection", "html_injection"])
def test_rule_accepts_the_names_rules_prints(tmp_path: Path, name: str) -> None:
    listed = run_cli(["rules"], tmp_path).stdout
    assert re.search(r"^STS402\s+on\s.*\shtml-injection\s", listed, re.MULTILINE)
    by_name = run_cli(["rule", name], tmp_path)
    assert by_name.returncode == 0
    assert by_name.stdout == run_cli(["rule", "STS402"], tmp_path).stdout


def test_every_name_is_unique_and_found(tmp_path: Path) -> None:
    from flake8_streamlit_security import ruledocs

    names = [rule.name for rule in codes.RULES.values()]
    assert len(names) == len(set(names))
    assert all(ruledocs.rule_code(rule.name) == rule.code for rule in codes.RULES.values())
    proc = run_cli(["rule", "html-injektion"], tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_sts_json_is_one_object_per_finding(app: Path) -> None:
    proc = run_cli(["--format=sts-json", "--show-source", "app.py"], app)
    assert proc.returncode == 1
    text_run = run_cli(["app.py"], app).stdout.splitlines()
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == len(text_run)
    for record, line in zip(records, text_run):
        assert list(record) == ["path", "line", "column", "code", "message"]
        assert line == (f"{record['path']}:{record['line']}:{record['column']}: "
                        f"{record['code']} {record['message']}")
    assert_no_secret(proc.stdout)
    assert "st.markdown(f" not in proc.stdout  # no source text, --show-source or not


@pytest.mark.parametrize(("alias", "name"),
                         [("json", "sts-json"), ("sarif", "sts-sarif"), ("github", "sts-github")])
def test_format_aliases(app: Path, alias: str, name: str) -> None:
    aliased = run_cli([f"--format={alias}", "app.py"], app)
    assert aliased.stdout.strip() and alias + "\n" not in aliased.stdout
    assert aliased.stdout == run_cli([f"--format={name}", "app.py"], app).stdout


@pytest.mark.parametrize("value", ["jsn", "text", "csv"])
def test_an_unknown_format_is_one_line_and_exit_2(app: Path, value: str) -> None:
    proc = run_cli([f"--format={value}", "app.py"], app)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith(f"flake8-streamlit-security: unknown --format {value!r}: ")
    assert proc.stderr.count("\n") == 1
    # a template still works
    proc = run_cli(["--format=%(code)s", "app.py"], app)
    assert proc.returncode == 1 and proc.stdout.startswith("STS")


# -- LICENSE, CHANGELOG, version -------------------------------------------------------


def test_license_matches_the_metadata() -> None:
    assert CONFIG["metadata"]["license"] == "MIT"
    assert CONFIG["metadata"]["license_files"].strip() == "LICENSE"
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text


def test_changelog_leads_with_this_version() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", text, re.MULTILINE)
    assert versions[0] == VERSION and "0.1.0" in versions


def test_one_home_for_the_version() -> None:
    """setup.cfg holds it; the code asks the installed metadata, and the README's
    release tags follow it."""
    pattern = re.compile(rf"\b{re.escape(VERSION)}\b")
    for path in [*(REPO / "flake8_streamlit_security").rglob("*.py"),
                 *(REPO / "hooks").rglob("*.py")]:
        assert not pattern.search(path.read_text(encoding="utf-8")), path
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    tags = set(re.findall(r"(?:@|rev: )v(\d+\.\d+\.\d+)", readme))
    assert tags == {VERSION}


def test_the_readme_names_the_pythons_the_metadata_lists() -> None:
    listed = re.findall(r"Programming Language :: Python :: (3\.\d+)$",
                        CONFIG["metadata"]["classifiers"], re.MULTILINE)
    assert CONFIG["options"]["python_requires"] == f">={listed[0]}"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"(CPython {listed[0]} to {listed[-1]})" in readme
