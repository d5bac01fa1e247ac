"""The README is for users: its sections, commands, links and claims say what the code does."""
from __future__ import annotations

import configparser
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from flake8_streamlit_security import codes

from helpers import REPO, console_script, parse_flake8, run_cli, run_flake8
from repos import make_repo
from sarif_checks import assert_github_security_properties, validate

from ._support import AUDIT_APP, INSECURE_APP, assert_no_secret, write

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


def _sarif_step_and_uploads() -> tuple[str, list[dict[str, str]]]:
    yaml = pytest.importorskip("yaml")
    (workflow_text,) = blocks(section("ci"), "yaml")
    steps = yaml.safe_load(workflow_text)["jobs"]["lint"]["steps"]
    (script,) = [step["run"] for step in steps if "--format=sts-sarif" in step.get("run", "")]
    uploads = [step["with"] for step in steps
               if step.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    return script, uploads


def _run_step(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The step as GitHub runs a ``run:`` script (bash -e -o pipefail), with this
    environment's console scripts first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAKE8")}
    scripts = os.path.dirname(console_script("check-streamlit-config"))
    env["PATH"] = scripts + os.pathsep + env.get("PATH", "")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_ci_sarif_step_uploads_the_plugins_and_every_hooks_log(tmp_path: Path) -> None:
    """The README's SARIF step, run for real in a repository with findings of the plugin
    and of each hook: it succeeds, and each upload step finds a valid log of its own
    category whose every rule carries a security severity."""
    script, uploads = _sarif_step_and_uploads()
    assert len({upload["category"] for upload in uploads}) == len(uploads) == 4
    repo = make_repo(tmp_path / "app")
    write(repo.root, "app.py", INSECURE_APP + "\nst.write(st.secrets['greeting'])\n")
    write(repo.root, ".streamlit/config.toml", "[server]\nenableCORS = false\n")
    write(repo.root, ".streamlit/secrets.toml", 'greeting = "your greeting here"\n')
    repo.add("app.py", ".streamlit/config.toml")
    repo.commit()
    proc = _run_step(script, repo.root)
    assert proc.returncode == 0, proc.stderr
    found = set()
    for upload in uploads:
        document = json.loads((repo.root / upload["sarif_file"]).read_text(encoding="utf-8"))
        validate(document)
        (run,) = document["runs"]
        assert run["results"], upload
        for rule in run["tool"]["driver"]["rules"]:
            assert_github_security_properties(rule)
        found |= {result["ruleId"] for result in run["results"]}
    assert {"STS103", "STS402", "STS901", "STS914", "STS802"} <= found
    assert_no_secret(proc.stdout + proc.stderr)


def test_ci_sarif_step_fails_when_a_hook_cannot_run(tmp_path: Path) -> None:
    """Exit status 1 (findings) passes; 2 (check-streamlit-gitignore outside a git
    repository) fails the step instead of uploading a log that is not there."""
    script, _uploads = _sarif_step_and_uploads()
    write(tmp_path, "app.py", INSECURE_APP)
    proc = _run_step(script, tmp_path)
    assert proc.returncode != 0
    assert "check-streamlit-gitignore: error: not inside a git repository" in proc.stderr
    assert not (tmp_path / "sarif" / "gitignore.sarif").exists()


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
    audit = parse_flake8(run_flake8(["--select=STS403", "app.py"], tmp_path).stdout)
    if not audit:
        pytest.skip("the engine does not flag this example with STS403")
    write(tmp_path, "setup.cfg", caveat_config() if config is None else config)
    found = {x.code for x in parse_flake8(run_flake8(["app.py"], tmp_path).stdout)}
    assert any(code.startswith("STS") for code in found) is expect_sts
    assert bool(found & set(codes.DEFAULT_OFF)) is expect_opt_in


def test_cli_section_shows_the_commands() -> None:
    text = section("cli")
    for command in ("flake8-streamlit-security rules", "flake8-streamlit-security rule STS402"):
        assert command in text


# -- structure and the two commands -------------------------------------------------

SECTIONS = [
    "Install", "Try it", "Rules", "Options", "pre-commit", "Hooks", "Editors",
    "CI: GitHub annotations and SARIF", "The `flake8-streamlit-security` command",
    "Limitations", "Contributing",
]
LINT_COMMAND = "python3 -m pip install . && flake8-streamlit-security examples/insecure_app"


def without_code_blocks(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)


def headings(text: str, level: str = "##") -> list[str]:
    return re.findall(rf"^{level} (.+?)\s*$", without_code_blocks(text), re.MULTILINE)


def test_sections_in_order() -> None:
    assert headings(README) == SECTIONS


def test_exactly_two_setup_commands_and_ci_runs_the_second() -> None:
    commands = [b.strip() for b in blocks(README, "sh") if "pip install" in b]
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert len(commands) == 2, commands
    assert commands[0] == LINT_COMMAND
    assert commands[1] in ci_lines, "the README's test command is not what .ci/run runs"
    assert "exits with status 1: findings, as intended" in section("try-it")


def test_readme_is_short_and_holds_no_benchmark_results() -> None:
    words = len(README.split())
    assert words < 4000, f"README has {words} words; method and figures go to docs/"
    assert "| PASS |" not in README and "| FAIL |" not in README
    assert "docs/performance.md" in README


def test_install_names_the_supported_pythons() -> None:
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg", encoding="utf-8")
    required = config["options"]["python_requires"]
    assert required.startswith(">=")
    assert f"Python {required[2:]} or newer" in section("install")


def test_fast_loop_uses_a_registered_marker() -> None:
    (loop,) = blocks(section("contributing"), "sh")
    assert loop.strip() == 'python3 -m pytest -n 2 -m "not slow"'
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg", encoding="utf-8")
    assert re.search(r"^slow:", config["tool:pytest"]["markers"], re.MULTILINE)


# -- links --------------------------------------------------------------------------

DOCS = ["README.md", "docs/README.md", "docs/performance.md", "docs/rules.md",
        "docs/ruff-bandit.md"]


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower-case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("name", DOCS)
def test_relative_links_resolve(name: str) -> None:
    path = REPO / name
    text = re.sub(r"`[^`\n]*`", "", without_code_blocks(path.read_text(encoding="utf-8")))
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, fragment = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        assert linked.exists(), f"{name}: broken link {target}"
        if fragment and linked.suffix == ".md":
            anchors = {anchor(h) for h in headings(linked.read_text(encoding="utf-8"), "#+")}
            assert fragment in anchors, f"{name}: no heading for {target}"


# -- limitations --------------------------------------------------------------------


def test_constructor_limitation_is_still_true(tmp_path: Path) -> None:
    """The README says a constructor's arguments reach the instance's methods only for a
    class defined in the same file.  When a class imported from another file is
    followed too, this fails: update the README's Limitations section and this test."""
    assert "A constructor's arguments reach the instance's attributes only for a class " \
        "defined in the same file." in " ".join(section("limitations").split())
    greeter = (
        "class Greeter:\n"
        "    def __init__(self, name):\n"
        "        self.name = name\n\n"
        "    def card(self):\n"
        "        st.markdown(f'<b>{self.name}</b>', unsafe_allow_html=True)\n"
    )
    write(tmp_path, "views.py", "import streamlit as st\n\n\n" + greeter)
    write(tmp_path, "app.py", (
        "import streamlit as st\n"
        "from views import Greeter\n\n"
        'Greeter(st.text_input("Name")).card()\n'
    ))
    proc = run_cli(["app.py", "views.py"], tmp_path)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr
    write(tmp_path, "one.py", "import streamlit as st\n\n\n" + greeter + (
        '\n\nGreeter(st.text_input("Name")).card()\n'))
    proc = run_cli(["one.py"], tmp_path)
    assert proc.returncode == 1 and proc.stdout.split(" ")[:2] == ["one.py:9:44:", "STS402"], \
        proc.stdout + proc.stderr


def test_docs_index_lists_every_doc() -> None:
    index = (REPO / "docs" / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([\w.-]+\.md)\)", index))
    assert linked == {p.name for p in (REPO / "docs").glob("*.md")} - {"README.md"}
