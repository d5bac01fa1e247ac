"""The bundled insecure example app produces exactly the findings it was written to show.

``examples/insecure_app`` exhibits every default-on Python code (and two opt-in ones) and
a few unsafe ``config.toml`` settings.  The README's command lints it with the
``flake8-streamlit-security`` command (the default codes only); ``--select=STS`` also turns
on the opt-in codes (an explicit selection overrides the plugin's default ignore list).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from flake8_streamlit_security import codes
from helpers import REPO, parse_flake8, run, run_cli, run_flake8

APP = "examples/insecure_app"

EXPECTED: set[tuple[str, int, str]] = {
    # app.py: chat + login
    ("app.py", 16, "STS104"),  # os.getenv("OPENAI_API_KEY", "<literal>")
    ("app.py", 20, "STS102"),  # Hugging Face token literal
    ("app.py", 24, "STS201"),  # st.user.is_logged_in read directly
    ("app.py", 24, "STS203"),  # login gate without st.stop()
    ("app.py", 28, "STS204"),  # email.endswith("acme.com")
    ("app.py", 32, "STS202"),  # st.experimental_user
    ("app.py", 36, "STS105"),  # st.write(st.secrets)
    ("app.py", 46, "STS402"),  # chat history (holds user prompts) as raw HTML
    ("app.py", 51, "STS402"),  # the prompt as raw HTML
    ("app.py", 52, "STS106"),  # the API key logged
    ("app.py", 55, "STS302"),  # eval() of the prompt
    ("app.py", 64, "STS407"),  # the model's reply as raw HTML
    # pages/1_Upload.py
    ("pages/1_Upload.py", 14, "STS501"),  # no type=
    ("pages/1_Upload.py", 16, "STS405"),  # os.path.join(UPLOAD_DIR, uploaded.name)
    ("pages/1_Upload.py", 17, "STS503"),  # opt-in: read with no size check
    ("pages/1_Upload.py", 20, "STS301"),  # pickle.loads(upload)
    ("pages/1_Upload.py", 20, "STS503"),  # opt-in
    ("pages/1_Upload.py", 24, "STS502"),  # zipfile.ZipFile(upload) ... .extractall()
    ("pages/1_Upload.py", 27, "STS503"),  # opt-in
    # pages/2_SQL_Explorer.py
    ("pages/2_SQL_Explorer.py", 13, "STS601"),  # st.user inside @st.cache_data
    ("pages/2_SQL_Explorer.py", 14, "STS401"),  # f-string SQL
    ("pages/2_SQL_Explorer.py", 22, "STS401"),  # f-string SQL with a text_input
    ("pages/2_SQL_Explorer.py", 26, "STS404"),  # link_button(query param)
    ("pages/2_SQL_Explorer.py", 30, "STS303"),  # os.system(f"... {table} ...")
    # pages/3_Admin.py
    ("pages/3_Admin.py", 8, "STS101"),  # ALERT_SMTP_PASSWORD = "<literal>"
    ("pages/3_Admin.py", 9, "STS103"),  # password in a postgresql:// URL
    ("pages/3_Admin.py", 20, "STS205"),  # entered == "<literal>"
    ("pages/3_Admin.py", 22, "STS206"),  # entered == st.secrets[...]
    ("pages/3_Admin.py", 25, "STS207"),  # st.query_params.get("role") == "admin"
    ("pages/3_Admin.py", 33, "STS303"),  # query param in a subprocess argument list
    ("pages/3_Admin.py", 38, "STS406"),  # opt-in: requests.post(user URL)
    ("pages/3_Admin.py", 41, "STS208"),  # session_state written next to st.logout()
}

EXPECTED_CONFIG = {
    (3, "STS801"),
    (4, "STS802"),
    (5, "STS808"),
    (8, "STS803"),
    (9, "STS809"),
}


def _findings(args: list[str], *, cli: bool = False) -> set[tuple[str, int, str]]:
    proc = (run_cli if cli else run_flake8)([*args, APP], REPO)
    assert "Traceback" not in proc.stderr, proc.stderr
    out = set()
    for x in parse_flake8(proc.stdout):
        if x.code.startswith("STS"):
            rel = Path(x.path).as_posix().split(APP + "/", 1)[1]
            out.add((rel, x.line, x.code))
    return out


def _diff(got: set[tuple[str, int, str]], want: set[tuple[str, int, str]]) -> str:
    missing = sorted(want - got)
    extra = sorted(got - want)
    return f"\nmissing (expected, not reported): {missing}\nextra (reported, not expected): {extra}"


def test_readme_command_reports_exactly_the_default_findings() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"flake8-streamlit-security {APP}" in readme
    got = _findings([], cli=True)
    want = {f for f in EXPECTED if f[2] not in codes.DEFAULT_OFF}
    assert got == want, _diff(got, want)


def test_select_sts_reports_every_expected_finding() -> None:
    got = _findings(["--select=STS"])
    assert got == EXPECTED, _diff(got, EXPECTED)


def test_default_selection_drops_only_the_opt_in_codes() -> None:
    got = _findings([])
    want = {f for f in EXPECTED if f[2] not in codes.DEFAULT_OFF}
    assert got == want, _diff(got, want)


def test_example_covers_every_default_on_python_code() -> None:
    shown = {code for _f, _l, code in EXPECTED}
    missing = set(codes.DEFAULT_ON_PYTHON) - shown - {"STS000"}
    assert not missing, f"the example app does not exhibit {sorted(missing)}"


def test_example_is_valid_python_and_a_streamlit_app() -> None:
    for path in sorted((REPO / APP).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        compile(text, str(path), "exec")
        assert "import streamlit as st" in text


def test_example_holds_no_contiguous_credential_format() -> None:
    """Values in credential formats are split, so raw-text secret scanners stay quiet."""
    import re

    pattern = re.compile(
        r"hf_[A-Za-z]{30,}|sk-(proj-|ant-)?[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}"
        r"|gh[pousr]_[A-Za-z0-9]{30,}"
        r"|AIza[0-9A-Za-z_-]{35}|gsk_[A-Za-z0-9]{40,}|r8_[A-Za-z0-9]{30,}|xox[abposr]-"
    )
    for path in sorted((REPO / APP).rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not pattern.search(text), f"{path}: contiguous credential-looking string"
    assert not (REPO / APP / ".streamlit" / "secrets.toml").exists()


def test_config_hook_on_the_example() -> None:
    exe = shutil.which("check-streamlit-config")
    if exe is None:
        cmd = [sys.executable, "-m", "streamlit_security_hooks.check_config"]
    else:
        cmd = [exe]
    proc = run([*cmd, f"{APP}/.streamlit/config.toml"], REPO, timeout=60)
    if proc.returncode == 2 and "No module named" in proc.stderr:
        pytest.skip("check-streamlit-config is not installed")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = parse_flake8(proc.stdout)
    assert {x.path for x in found} == {f"{APP}/.streamlit/config.toml"}
    assert {(x.line, x.code) for x in found} == EXPECTED_CONFIG


def test_whole_output_lines_for_message_without_fields() -> None:
    proc = run_flake8(["--select=STS501,STS203", APP], REPO)
    assert proc.stdout.splitlines() == [
        f"{APP}/app.py:24:1: STS203 {codes.RULES['STS203'].message}",
        f"{APP}/pages/1_Upload.py:14:12: STS501 {codes.RULES['STS501'].message}",
    ]


def test_no_example_secret_value_in_the_output() -> None:
    values = [
        "q7Hk2Lw9Xz4Rt8Vb3Nm6",
        "QvLmRtZyXwNpKsJdHgFcBaEuTiOyPlMkJn",
        "Br1ght-Harbor-0412",
        "Gr4nite-Ledger-55",
        "Orchard-Lantern-7781",
    ]
    for extra in ([], ["--format=sts-sarif"], ["--format=sts-github"]):
        proc = run_flake8(["--select=STS", *extra, APP], REPO)
        assert proc.returncode == 1, proc.stderr
        for value in values:
            assert value not in proc.stdout + proc.stderr, (extra, value)
