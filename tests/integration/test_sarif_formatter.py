"""``--format=sts-sarif`` through real flake8: schema-valid, complete, never a secret."""
from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from flake8_streamlit_security import codes, formatters

from helpers import parse_flake8, run_flake8
from sarif_checks import assert_github_security_properties, validate

from ._support import AUDIT_APP, CLEAN_APP, INSECURE_APP, assert_no_secret, write


def keys_anywhere(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(keys_anywhere(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_anywhere(v) for v in value))
    return set()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, "app.py", INSECURE_APP)
    write(tmp_path, "pages/1_Admin page.py", INSECURE_APP)
    return tmp_path


def sarif_run(project: Path, *extra: str) -> tuple[dict[str, Any], str]:
    proc = run_flake8(
        ["--format=sts-sarif", "--output-file=reports/out.sarif", *extra, "."], project
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""  # nothing stray when writing to a file
    text = (project / "reports" / "out.sarif").read_text(encoding="utf-8")
    return json.loads(text), text


def test_sarif_validates_against_the_schema(project: Path) -> None:
    document, _ = sarif_run(project)
    validate(document)
    assert document["version"] == "2.1.0"


def test_sarif_driver(project: Path) -> None:
    document, _ = sarif_run(project)
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "flake8-streamlit-security"
    assert driver["version"] == metadata.version("flake8-streamlit-security")
    assert driver["informationUri"] == codes.HOME_URL


def test_sarif_results_match_flake8_default_output(project: Path) -> None:
    document, _ = sarif_run(project)
    default = parse_flake8(run_flake8(["."], project).stdout)
    (run,) = document["runs"]
    got = []
    for result in run["results"]:
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        got.append((
            unquote(artifact["uri"]),
            physical["region"]["startLine"],
            physical["region"]["startColumn"],
            result["ruleId"],
            result["message"]["text"],
        ))
    expected = [(Path(x.path).as_posix().removeprefix("./"), x.line, x.col, x.code, x.text)
                for x in default]
    assert sorted(got) == sorted(expected)
    found = {x.code for x in default}
    assert {"STS103", "STS402", "F401"} <= found
    assert found & {"STS101", "STS102"}


def test_sarif_uris_are_relative_posix_and_escaped(project: Path) -> None:
    document, _ = sarif_run(project)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"]}
    assert uris == {"app.py", "pages/1_Admin%20page.py"}


def test_sarif_one_rule_per_code_with_docs(project: Path) -> None:
    document, _ = sarif_run(project)
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    assert set(ids) == {r["ruleId"] for r in run["results"]}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    for rule in rules:
        if rule["id"].startswith("STS"):
            entry = codes.RULES[rule["id"]]
            assert rule["name"] == entry.name
            assert rule["helpUri"] == entry.docs_url
            assert entry.docs_url in rule["help"]["text"]
            assert rule["shortDescription"]["text"]
            assert rule["fullDescription"]["text"]
            assert rule["defaultConfiguration"]["level"] == entry.level
        else:  # another plugin's code: a minimal entry
            assert rule["id"] == "F401"
            assert "helpUri" not in rule


def test_sarif_levels(project: Path) -> None:
    document, _ = sarif_run(project)
    for result in document["runs"][0]["results"]:
        rule = codes.RULES.get(result["ruleId"])
        assert result["level"] == (rule.level if rule else "warning")


def test_sarif_never_holds_a_secret_or_a_snippet(project: Path) -> None:
    document, text = sarif_run(project, "--show-source")
    assert_no_secret(text)
    assert not keys_anywhere(document) & {"snippet", "contextRegion", "contents"}


def test_sarif_output_file_is_replaced_not_appended(project: Path) -> None:
    write(project, "reports/out.sarif", "stale content from an earlier run\n")
    document, _ = sarif_run(project)
    validate(document)


def test_sarif_to_stdout_is_one_json_document(project: Path) -> None:
    proc = run_flake8(["--format=sts-sarif", "--statistics", "--benchmark", "app.py"], project)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)  # statistics and benchmarks went to stderr
    validate(document)
    assert_no_secret(proc.stdout + proc.stderr)


def test_sarif_clean_run(tmp_path: Path) -> None:
    write(tmp_path, "app.py", CLEAN_APP)
    proc = run_flake8(["--format=sts-sarif", "--output-file=out.sarif", "app.py"], tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "")
    document = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    validate(document)
    assert document["runs"][0]["results"] == []
    assert document["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_stdin_uses_the_display_name(tmp_path: Path) -> None:
    proc = run_flake8(
        ["--format=sts-sarif", "--stdin-display-name=src/app.py", "-"], tmp_path, INSECURE_APP
    )
    document = json.loads(proc.stdout)
    validate(document)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"]}
    assert uris == {"src/app.py"}


def test_sarif_unreadable_file_has_no_region(tmp_path: Path) -> None:
    proc = run_flake8(["--format=sts-sarif", "missing.py"], tmp_path)
    document = json.loads(proc.stdout)
    validate(document)
    (result,) = document["runs"][0]["results"]
    assert result["ruleId"] == "E902"
    assert result["level"] == "error"
    assert "region" not in result["locations"][0]["physicalLocation"]


def test_sarif_file_outside_the_working_directory(tmp_path: Path) -> None:
    app = write(tmp_path, "elsewhere/app.py", INSECURE_APP)
    (tmp_path / "cwd").mkdir()
    proc = run_flake8(["--format=sts-sarif", str(app)], tmp_path / "cwd")
    document = json.loads(proc.stdout)
    validate(document)
    for result in document["runs"][0]["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": app.as_uri()}


def test_sarif_masks_other_plugins_messages(tmp_path: Path) -> None:
    """pyflakes quotes a repeated dict key (F601): the SARIF log masks it (issue 17)."""
    key = "AKI" + "A" + "Q7Z2M4XK9PLRT5WB"
    write(tmp_path, "app.py", f'D = {{"{key}": 1, "{key}": 2}}\n')
    proc = run_flake8(["--isolated", "--format=sts-sarif", "app.py"], tmp_path)
    document = json.loads(proc.stdout)
    texts = [r["message"]["text"] for r in document["runs"][0]["results"]
             if r["ruleId"] == "F601"]
    assert texts == ["dictionary key '<redacted>' repeated with different values"] * 2
    assert_no_secret(proc.stdout, [key])


def test_sarif_output_file_in_a_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """Plain flake8 with the SARIF formatter: no FileExistsError traceback (issue 17)."""
    write(tmp_path, "app.py", INSECURE_APP)
    write(tmp_path, "a-file", "")
    proc = run_flake8(["--isolated", "--format=sts-sarif", "--output-file=a-file/r.sarif",
                       "app.py"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "flake8: cannot write the report to 'a-file/r.sarif': File exists"]


# ------------------------------------------ issue 18: severity, precision and CWE for GitHub

def test_sarif_rules_carry_security_severity_precision_and_cwe(project: Path) -> None:
    document, _ = sarif_run(project)
    run = document["runs"][0]
    sts_rules = [rule for rule in run["tool"]["driver"]["rules"]
                 if rule["id"].startswith("STS")]
    assert {rule["id"] for rule in sts_rules} >= {"STS103", "STS402"}
    for rule in sts_rules:
        assert_github_security_properties(rule)
    by_id = {rule["id"]: rule for rule in sts_rules}
    assert "external/cwe/cwe-079" in by_id["STS402"]["properties"]["tags"]
    assert by_id["STS103"]["properties"]["security-severity"] == "8.0"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert (levels["STS103"], levels["STS402"], levels["F401"]) == ("error", "warning",
                                                                    "warning")


def test_every_catalogue_rule_is_a_valid_descriptor_with_a_security_severity() -> None:
    """Every code, reported or not: a log holding all the rule entries validates, and
    each has the properties GitHub ranks by."""
    rules = [formatters.sts_descriptor(rule) for rule in codes.RULES.values()]
    validate(formatters.sarif_log(rules, []))
    for rule in rules:
        assert_github_security_properties(rule)


def test_sarif_level_of_an_audit_code_follows_its_severity(tmp_path: Path) -> None:
    write(tmp_path, "app.py", AUDIT_APP)
    proc = run_flake8(["--format=sts-sarif", "--extend-select=STS403", "app.py"], tmp_path)
    document = json.loads(proc.stdout)
    validate(document)
    levels = {r["ruleId"]: r["level"] for r in document["runs"][0]["results"]}
    assert levels["STS403"] == "warning"  # medium severity, low precision
    rule = next(r for r in document["runs"][0]["tool"]["driver"]["rules"]
                if r["id"] == "STS403")
    assert rule["properties"]["precision"] == "low"
