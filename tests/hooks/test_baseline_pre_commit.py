"""The baseline through real pre-commit, as a team adopts it: record the findings an
app has, commit the baseline, and the hook fails only on a new finding."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from test_hook_manifest import hook_blocks, snapshot_repo

BASELINE = ".streamlit-security-baseline.json"


@pytest.mark.slow
def test_baseline_through_real_pre_commit(tmp_path, new_repo, samples):
    source, rev = snapshot_repo(tmp_path / "hook-source", new_repo)
    consumer = new_repo("consumer")
    app = (
        "import streamlit as st\n\n"
        f'OPENAI_API_KEY = "{samples.openai}"\n'
        'name = st.text_input("Name")\n'
        'st.markdown(f"<b>{name}</b>", unsafe_allow_html=True)\n'
    )
    consumer.write("app.py", app)
    consumer.write(".pre-commit-config.yaml", (
        "repos:\n"
        f"-   repo: {source.as_posix()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "    -   id: streamlit-security\n"
        f"        args: [--baseline, {BASELINE}]\n"
    ))
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1")
    env.pop("PRE_COMMIT", None)

    def pre_commit(*args: str) -> tuple[int, str]:
        proc = subprocess.run(
            ["pre-commit", *args, "--color=never"],
            cwd=consumer.root, env=env, capture_output=True, text=True, timeout=900,
        )
        output = proc.stdout + proc.stderr
        assert samples.openai not in output and samples.openai[4:16] not in output
        return proc.returncode, output

    # the app's findings today, recorded with the command the hook installed
    consumer.write(BASELINE, "")
    consumer.add("app.py", ".pre-commit-config.yaml")
    rc, output = pre_commit("run", "--all-files")
    assert rc == 1 and "is not JSON" in output, output  # a damaged baseline: one line
    assert "Traceback" not in output
    command = subprocess.run(
        [sys.executable, "-m", "flake8_streamlit_security.cli", "baseline", "."],
        cwd=consumer.root, capture_output=True, text=True, check=False,
    )
    assert command.returncode == 0, command.stderr
    text = consumer.read(BASELINE)
    assert samples.openai not in text and "<b>" not in text
    consumer.add(BASELINE)
    consumer.commit("adopt flake8-streamlit-security with a baseline")

    rc, output = pre_commit("run", "--all-files")
    assert rc == 0, output
    (state, _text), = hook_blocks(output).values()
    assert state == "Passed"

    # a new finding fails the hook, and only it is shown; lines moved above don't matter
    consumer.write("app.py", "# Notes app\n\n" + app + 'st.markdown(st.query_params["q"], '
                   "unsafe_allow_html=True)\n")
    consumer.add("app.py")
    rc, output = pre_commit("run")
    assert rc == 1, output
    (state, text), = hook_blocks(output).values()
    assert state == "Failed"
    assert [line for line in text.splitlines() if ": STS" in line] == [
        "app.py:8:35: STS402 user input rendered as raw HTML by st.markdown() (XSS); "
        "escape it with html.escape()"
    ], output
    assert "2 known findings hidden" in text
