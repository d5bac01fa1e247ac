"""The hooks' ``--format=sarif|github`` and ``--output-file`` (issue 18, item 3): the same
findings as their text output, in the plugin's SARIF (schema-valid, a security severity on
every rule) and GitHub annotations, never a secret.

The hooks run as the README's CI workflow runs them: their console scripts, from the root
of a real git repository whose findings come from every hook.  Secrets are generated at
run time (``hook_samples.Samples``).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from flake8_streamlit_security import codes
from hook_samples import Samples
from repos import Repo
from sarif_checks import assert_github_security_properties, parse, validate

HOOKS = ("check-streamlit-gitignore", "check-streamlit-secrets", "check-streamlit-config")
SECRETS = (Samples.openai, Samples.password, Samples.cookie, Samples.huggingface,
           Samples.github)
_TEXT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>STS\d{3}) "
                        r"(?P<message>.*)$")
Finding = tuple[str, int, int, str, str]


@pytest.fixture
def insecure(repo: Repo) -> Repo:
    """An app whose repository every hook has something to say about, with real-looking
    secrets in the places people leave them."""
    repo.write("app.py", "import streamlit as st\n\nclient = st.secrets['openai']\n")
    repo.write(".streamlit/config.toml", (
        "[server]\n"
        "enableXsrfProtection = false\n"
        f'cookieSecret = "{Samples.cookie}"\n'
        "\n[client]\n"
        'toolbarMode = "developer"\n'
    ))
    repo.write(".streamlit/secrets.toml", (  # untracked and not ignored: STS901
        "[auth]\n"
        'redirect_uri = "http://app.example.com/oauth2callback"\n'
        'cookie_secret = "changeme"\n'
        'client_id = "app"\n'
        f'client_secret = "{Samples.password}"\n'
        'server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"\n'
    ))
    repo.write(".streamlit/secrets.toml.example", f'openai_api_key = "{Samples.openai}"\n')
    repo.write(".env", f"HF_TOKEN={Samples.huggingface}\nGH_TOKEN={Samples.github}\n")
    repo.add("app.py", ".streamlit/config.toml", ".streamlit/secrets.toml.example", ".env")
    repo.commit()
    return repo


def text_findings(out: str) -> list[Finding]:
    found = []
    for line in out.splitlines():
        match = _TEXT_LINE.match(line)
        assert match, line
        found.append(
            (match["path"], int(match["line"]), int(match["col"]), match["code"],
             match["message"]))
    return found


def sarif_findings(document: dict[str, Any]) -> list[Finding]:
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    found = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == codes.RULES[result["ruleId"]].level
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        found.append((unquote(physical["artifactLocation"]["uri"]),
                      physical["region"]["startLine"], physical["region"]["startColumn"],
                      result["ruleId"], result["message"]["text"]))
    return found


def assert_hides_secrets(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
            assert secret[4:16] not in text


@pytest.mark.parametrize("hook", HOOKS)
def test_sarif_holds_the_text_findings_with_their_rules(insecure, run_script, hook):
    text = run_script(hook, cwd=insecure.root)
    assert text.rc == 1 and text.err == "", text.err
    expected = text_findings(text.out)
    result = run_script(hook, "--format=sarif", "--output-file=reports/hook.sarif",
                        cwd=insecure.root)
    assert (result.rc, result.out, result.err) == (1, "", "")
    raw = (insecure.root / "reports" / "hook.sarif").read_text(encoding="utf-8")
    document = json.loads(raw)
    validate(document)
    assert sorted(sarif_findings(document)) == sorted(expected)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == {f[3] for f in expected}
    for rule in rules:
        assert codes.RULES[rule["id"]].hook == hook
        assert_github_security_properties(rule)
    assert document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (
        insecure.root.as_uri() + "/")
    assert_hides_secrets(raw, text.out, text.err, result.err)


def test_every_hook_reports_in_the_fixture(insecure, run_script):
    """The fixture is what the other tests claim it is: each hook's codes, with high,
    medium and low severities among them."""
    found = {hook: {f[3] for f in text_findings(run_script(hook, cwd=insecure.root).out)}
             for hook in HOOKS}
    assert found == {
        "check-streamlit-gitignore": {"STS901", "STS903"},
        "check-streamlit-secrets": {"STS912", "STS913", "STS915"},
        "check-streamlit-config": {"STS801", "STS805", "STS809"},
    }
    severities = {codes.RULES[code].severity for codes_ in found.values() for code in codes_}
    assert severities == {"high", "medium", "low"}


@pytest.mark.parametrize("hook", HOOKS)
def test_github_annotations_match_the_text_findings(insecure, run_script, hook):
    text = run_script(hook, cwd=insecure.root)
    result = run_script(hook, "--format=github", cwd=insecure.root)
    assert (result.rc, result.err) == (1, "")
    got = []
    for line in result.out.splitlines():
        command, props, message = parse(line)
        assert list(props) == ["file", "line", "col", "title"]
        level = codes.RULES[props["title"]].level
        assert command == {"error": "error", "warning": "warning", "note": "notice"}[level]
        got.append((props["file"], int(props["line"]), int(props["col"]), props["title"],
                    message))
    assert sorted(got) == sorted(text_findings(text.out))
    assert_hides_secrets(result.out)


def test_annotation_commands_follow_the_severity(insecure, run_script):
    result = run_script("check-streamlit-config", "--format=github", cwd=insecure.root)
    commands = {parse(line)[1]["title"]: parse(line)[0] for line in result.out.splitlines()}
    assert commands == {"STS801": "warning", "STS805": "error", "STS809": "notice"}


@pytest.mark.parametrize("hook", HOOKS)
def test_a_clean_repository_is_an_empty_valid_log(repo, run_script, hook):
    repo.write("app.py", "import streamlit as st\n\nst.title('Hello')\n")
    repo.write(".streamlit/config.toml", "[server]\nheadless = true\n")
    repo.write(".gitignore", ".streamlit/secrets.toml\n")
    repo.add("app.py", ".streamlit/config.toml", ".gitignore")
    repo.commit()
    result = run_script(hook, "--format=sarif", cwd=repo.root)
    assert (result.rc, result.err) == (0, "")
    document = json.loads(result.out)  # one document on stdout, nothing else
    validate(document)
    assert document["runs"][0]["results"] == []
    assert document["runs"][0]["tool"]["driver"]["rules"] == []
    github = run_script(hook, "--format=github", cwd=repo.root)
    assert (github.rc, github.out, github.err) == (0, "", "")


def test_fix_with_sarif_on_stdout_keeps_stdout_one_document(insecure, run_script):
    result = run_script("check-streamlit-config", "--fix", "--format=sarif", cwd=insecure.root)
    assert result.rc == 1
    assert result.err == "Fixing .streamlit/config.toml\n"
    document = json.loads(result.out)
    validate(document)
    # the unsafe values with one safe answer are fixed; the literal secret is left to its owner
    assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["STS805"]
    assert_hides_secrets(result.out, result.err)


def test_fix_with_a_report_file_keeps_the_note_on_stdout(insecure, run_script):
    result = run_script("check-streamlit-gitignore", "--fix", "--format=sarif",
                        "--output-file=gitignore.sarif", cwd=insecure.root)
    assert (result.rc, result.out, result.err) == (1, "Fixing .gitignore\n", "")
    document = json.loads((insecure.root / "gitignore.sarif").read_text(encoding="utf-8"))
    validate(document)
    assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["STS903"]


def test_text_to_an_output_file(insecure, run_script):
    text = run_script("check-streamlit-secrets", cwd=insecure.root)
    result = run_script("check-streamlit-secrets", "--output-file=out/secrets.txt",
                        cwd=insecure.root)
    assert (result.rc, result.out, result.err) == (1, "", "")
    assert (insecure.root / "out" / "secrets.txt").read_text(encoding="utf-8") == text.out


def test_the_report_file_is_replaced(insecure, run_script):
    insecure.write("hook.sarif", "stale report of an earlier run\n" * 50)
    result = run_script("check-streamlit-config", "--format=sarif", "--output-file=hook.sarif",
                        cwd=insecure.root)
    assert result.rc == 1
    validate(json.loads((insecure.root / "hook.sarif").read_text(encoding="utf-8")))


@pytest.mark.parametrize("argv", [["--format=json"], ["--format"], ["--output-file"]])
def test_bad_format_arguments_are_one_line_and_exit_2(insecure, run_script, argv):
    for hook in HOOKS:
        result = run_script(hook, *argv, cwd=insecure.root)
        assert (result.rc, result.out) == (2, "")
        assert len(result.err.splitlines()) == 1 and result.err.startswith(f"{hook}: error:")


def test_a_report_file_that_cannot_be_written_is_one_line_and_exit_2(insecure, run_script):
    insecure.write("a-file", "")
    for hook in HOOKS:
        result = run_script(hook, "--format=sarif", "--output-file=a-file/hook.sarif",
                            cwd=insecure.root)
        assert (result.rc, result.out) == (2, "")
        assert result.err.splitlines() == [
            f"{hook}: error: cannot write the report to 'a-file/hook.sarif': File exists"]


def test_help_names_the_formats(run_script, tmp_path: Path):
    for hook in HOOKS:
        result = run_script(hook, "--help", cwd=tmp_path)
        assert result.rc == 0
        assert "--format {text,sarif,github}" in result.out and "--output-file FILE" in (
            result.out)
