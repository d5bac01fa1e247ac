"""The hooks manifest, its README sections, and a real pre-commit run."""
from __future__ import annotations

import configparser
import importlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
HOOK_IDS = [
    "streamlit-security",
    "check-streamlit-gitignore",
    "check-streamlit-secrets",
    "check-streamlit-config",
]


def manifest() -> list[dict[str, object]]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def console_scripts() -> dict[str, str]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    raw = cfg["options.entry_points"]["console_scripts"]
    pairs = (line.split("=", 1) for line in raw.strip().splitlines() if "=" in line)
    return {name.strip(): target.strip() for name, target in pairs}


def readme_section(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- BEGIN {name} -->(.*?)<!-- END {name} -->", text, re.S)
    assert found, f"README has no {name} section"
    return found.group(1)


def test_manifest_ids_and_settings():
    hooks = {hook["id"]: hook for hook in manifest()}
    assert list(hooks) == HOOK_IDS
    for hook_id, hook in hooks.items():
        # the flake8 hook's entry is the plugin's own command; the others share the id
        expected = "flake8-streamlit-security" if hook_id == "streamlit-security" else hook_id
        assert hook["entry"] == expected
        assert hook["language"] == "python"
    assert hooks["streamlit-security"]["types"] == ["python"]
    assert hooks["streamlit-security"]["require_serial"] is False
    assert hooks["check-streamlit-gitignore"]["pass_filenames"] is False
    assert hooks["check-streamlit-gitignore"]["always_run"] is True
    assert hooks["check-streamlit-secrets"]["always_run"] is True
    assert hooks["check-streamlit-config"]["files"] == r"(^|/)\.streamlit/config\.toml$"


@pytest.mark.parametrize("hook_id", HOOK_IDS)
def test_every_hook_has_a_console_script_and_readme_docs(hook_id):
    entry = {h["id"]: h for h in manifest()}[hook_id]["entry"]
    target = console_scripts()[str(entry)]
    assert target.endswith(":main" if hook_id == "streamlit-security" else ":console_main")
    module, _, function = target.partition(":")
    assert callable(getattr(importlib.import_module(module), function))
    assert hook_id in readme_section("pre-commit")
    assert f"### {hook_id}" in readme_section("hooks")


def test_readme_config_uses_every_hook():
    block = re.search(r"```yaml\n(.*?)```", readme_section("pre-commit"), re.S)
    assert block
    config = yaml.safe_load(block.group(1))
    [repo] = config["repos"]
    assert [hook["id"] for hook in repo["hooks"]] == HOOK_IDS


def test_every_hook_code_is_documented_in_the_readme():
    from flake8_streamlit_security.codes import RULES

    hooks_doc = readme_section("hooks")
    for code, rule in RULES.items():
        if rule.scope == "hook":
            assert f"| {code} |" in hooks_doc, code


@pytest.mark.parametrize(
    "hook_id, path, matches",
    [
        ("check-streamlit-config", ".streamlit/config.toml", True),
        ("check-streamlit-config", "apps/a/.streamlit/config.toml", True),
        ("check-streamlit-config", "config.toml", False),
        ("check-streamlit-config", ".streamlit/config.toml.bak", False),
        ("check-streamlit-secrets", ".streamlit/secrets.toml", True),
        ("check-streamlit-secrets", "apps/a/.streamlit/secrets.toml.example", True),
        ("check-streamlit-secrets", "secrets.example.toml", True),
        ("check-streamlit-secrets", ".streamlit/prod.toml.template", True),
        ("check-streamlit-secrets", "config/secrets.toml", True),
        ("check-streamlit-secrets", "app.py", False),
        ("check-streamlit-secrets", ".streamlit/config.toml", False),
        ("check-streamlit-secrets", "pyproject.toml", False),
    ],
)
def test_files_patterns(hook_id, path, matches):
    hook = {h["id"]: h for h in manifest()}[hook_id]
    assert bool(re.search(str(hook["files"]), path)) is matches


def test_validate_manifest():
    proc = subprocess.run(
        ["pre-commit", "validate-manifest", str(MANIFEST)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --------------------------------------------------------------- real pre-commit

_SNAPSHOT_IGNORE = shutil.ignore_patterns(
    ".git", "*.egg-info", "__pycache__", ".mypy_cache", ".pytest_cache", "build", "dist",
    ".venv*", "tests", "bench", ".hypothesis", "*.pyc",
)


def snapshot_repo(dest: Path, new_repo) -> tuple[Path, str]:
    """A committed copy of the current source tree (the work tree may be uncommitted)."""
    shutil.copytree(ROOT, dest, ignore=_SNAPSHOT_IGNORE, symlinks=True)
    repo = new_repo(dest.name)
    repo.git("add", "-A")
    repo.commit("snapshot")
    return dest, repo.git("rev-parse", "HEAD").strip()


def hook_blocks(output: str) -> dict[str, tuple[str, str]]:
    """{hook id: (Passed/Failed/Skipped, its output)} from pre-commit's report."""
    names = {str(h["name"]): str(h["id"]) for h in manifest()}
    blocks: dict[str, tuple[str, str]] = {}
    current: str | None = None
    for line in output.splitlines():
        status = re.match(r"^(.+?)\.{2,}(?:\([^)]*\))?(Passed|Failed|Skipped)$", line)
        if status and status.group(1) in names:
            current = names[status.group(1)]
            blocks[current] = (status.group(2), "")
        elif current is not None:
            state, text = blocks[current]
            blocks[current] = (state, text + line + "\n")
    return blocks


@pytest.mark.slow
def test_real_pre_commit_run(tmp_path, new_repo, samples):
    source, rev = snapshot_repo(tmp_path / "hook-source", new_repo)
    consumer = new_repo("consumer")
    consumer.write("app.py", (
        "import streamlit as st\n\n"
        f'OPENAI_API_KEY = "{samples.openai}"\n'
        'st.title("hello")\n'
    ))
    consumer.write(".streamlit/config.toml", "[server]\nenableCORS = false  # embed\nport = 8501\n")
    consumer.write(".streamlit/secrets.toml.example", f'HF_TOKEN = "{samples.huggingface}"\n')
    consumer.write(".streamlit/secrets.toml", 'OPENAI_API_KEY = "your-key-here"\n')  # untracked

    def config(fix: bool) -> str:
        args = "\n        args: [--fix]" if fix else ""
        return (
            "repos:\n"
            f"-   repo: {source.as_posix()}\n"
            f"    rev: {rev}\n"
            "    hooks:\n"
            "    -   id: streamlit-security\n"
            f"    -   id: check-streamlit-gitignore{args}\n"
            "    -   id: check-streamlit-secrets\n"
            f"    -   id: check-streamlit-config{args}\n"
        )

    consumer.write(".pre-commit-config.yaml", config(fix=False))
    consumer.add("app.py", ".streamlit/config.toml", ".streamlit/secrets.toml.example",
                 ".pre-commit-config.yaml")
    consumer.commit("app")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1")
    env.pop("PRE_COMMIT", None)

    def pre_commit() -> tuple[int, str]:
        proc = subprocess.run(
            ["pre-commit", "run", "--all-files", "--color=never"],
            cwd=consumer.root, env=env, capture_output=True, text=True, timeout=900,
        )
        output = proc.stdout + proc.stderr
        for secret in (samples.openai, samples.huggingface):
            assert secret not in output
        return proc.returncode, output

    rc, output = pre_commit()
    assert rc == 1, output
    blocks = hook_blocks(output)
    assert set(blocks) == set(HOOK_IDS), output

    state, text = blocks["check-streamlit-gitignore"]
    assert state == "Failed"
    assert (
        ".streamlit/secrets.toml:1:1: STS901 .streamlit/secrets.toml is not ignored by git; "
        "add it to .gitignore (--fix does)"
    ) in text

    state, text = blocks["check-streamlit-secrets"]
    assert state == "Failed"
    assert (
        ".streamlit/secrets.toml.example:1:1: STS915 HF_TOKEN in a committed file looks like "
        "a real secret (Hugging Face token); remove it, rotate it and keep only placeholders"
    ) in text
    assert (
        ".streamlit/secrets.toml:1:1: STS914 placeholder value left in OPENAI_API_KEY; "
        "fill in the real value"
    ) in text

    state, text = blocks["check-streamlit-config"]
    assert state == "Failed"
    assert (
        ".streamlit/config.toml:2:1: STS802 server.enableCORS = false lets any site call this "
        "server; remove it or set true"
    ) in text

    state, text = blocks["streamlit-security"]
    if (ROOT / "flake8_streamlit_security" / "plugin.py").exists():
        assert state == "Failed", output
        assert re.search(r"app\.py:3:\d+: STS10[12] ", text), output

    # --fix through pre-commit: the files change, the next run passes those hooks
    consumer.write(".pre-commit-config.yaml", config(fix=True))
    consumer.add(".pre-commit-config.yaml")
    rc, output = pre_commit()
    assert rc == 1
    blocks = hook_blocks(output)
    assert "Fixing .gitignore" in blocks["check-streamlit-gitignore"][1]
    assert "Fixing .streamlit/config.toml" in blocks["check-streamlit-config"][1]
    assert consumer.read(".gitignore") == ".streamlit/secrets.toml\n"
    assert consumer.read(".streamlit/config.toml") == (
        "[server]\nenableCORS = true  # embed\nport = 8501\n"
    )
    consumer.add(".gitignore", ".streamlit/config.toml")
    rc, output = pre_commit()
    blocks = hook_blocks(output)
    assert blocks["check-streamlit-gitignore"][0] == "Passed", output
    assert blocks["check-streamlit-config"][0] == "Passed", output
    assert blocks["check-streamlit-secrets"][0] == "Failed", output
