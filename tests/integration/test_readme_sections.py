"""The README's editors, CI and CLI sections say what the code does."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flake8_streamlit_security import codes

from ._support import AUDIT_APP, REPO, flake8, parse_default, write

README = (REPO / "README.md").read_text(encoding="utf-8")


def section(name: str) -> str:
    match = re.search(rf"<!-- BEGIN {name} -->\n(.*?)<!-- END {name} -->", README, re.DOTALL)
    assert match, f"README has no {name} section"
    return match.group(1)


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def test_editor_settings_are_valid_json() -> None:
    vscode, pylsp = (json.loads(block) for block in blocks(section("editors"), "json"))
    assert vscode["flake8.severity"]["STS"] == "Warning"
    assert vscode["flake8.importStrategy"] == "fromEnvironment"
    assert pylsp["pylsp"]["plugins"]["flake8"]["enabled"] is True


def test_ci_workflow_uses_what_exists() -> None:
    yaml = pytest.importorskip("yaml")
    text = section("ci")
    (workflow_text,) = blocks(text, "yaml")
    workflow = yaml.safe_load(workflow_text)
    steps = workflow["jobs"]["lint"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "pre-commit run" in runs
    assert "--format=sts-sarif" in runs
    uses = [step.get("uses", "") for step in steps]
    assert any(use.startswith("github/codeql-action/upload-sarif") for use in uses)
    assert "::add-matcher::.github/streamlit-security-matcher.json" in runs
    assert (REPO / ".github" / "streamlit-security-matcher.json").is_file()


def caveat_config() -> str:
    (ini,) = blocks(section("ci"), "ini")
    return ini


def test_caveat_lists_exactly_the_opt_in_codes() -> None:
    (line,) = [x for x in caveat_config().splitlines() if x.startswith("extend-ignore")]
    assert line.split("=", 1)[1].strip().split(",") == list(codes.DEFAULT_OFF)


@pytest.mark.parametrize(
    ("config", "expect_sts", "expect_opt_in"),
    [
        ("[flake8]\nignore = S\n", False, False),  # the problem
        (None, True, False),  # the README's fix
        ("[flake8]\nignore = E203\n", True, True),  # why extend-ignore is preferred
    ],
)
def test_caveat_is_what_plain_flake8_does(
    tmp_path: Path, config: str | None, expect_sts: bool, expect_opt_in: bool
) -> None:
    write(tmp_path, "app.py", AUDIT_APP)
    audit = parse_default(flake8(["--select=STS403", "app.py"], tmp_path).stdout)
    if not audit:
        pytest.skip("the engine does not flag this example with STS403")
    write(tmp_path, "setup.cfg", caveat_config() if config is None else config)
    found = {x.code for x in parse_default(flake8(["app.py"], tmp_path).stdout)}
    assert any(code.startswith("STS") for code in found) is expect_sts
    assert bool(found & set(codes.DEFAULT_OFF)) is expect_opt_in


def test_cli_section_shows_the_commands() -> None:
    text = section("cli")
    for command in ("flake8-streamlit-security rules", "flake8-streamlit-security rule STS402"):
        assert command in text
