"""No output of the plugin, the command or the hooks contains a secret from its input.

The fixture repository holds secrets in every place a rule looks (Python literals, DSNs,
fallbacks, secrets.toml, templates, config.toml, a tracked .env, a broken TOML line whose
parse error could quote it); every value is assembled at run time from pieces, so this
file itself holds none.  Each run's stdout, stderr and output files are searched for
every secret and for any 8-character slice of one.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from helpers import console_script, run, run_flake8
from repos import make_repo


def _cycle(alphabet: str, n: int) -> str:
    return (alphabet * (n // len(alphabet) + 1))[:n]


SECRETS = {
    "PW": "Zq7" + "Lm2vX9" + "pT4kW8rB",
    "PW_DSN": "dsn" + "Pa55" + "Wq8Zr3Lx",
    "COOKIE": "c00k" + _cycle("Ie5eCr3tVa1uE9xQ", 40),
    "CLIENT": "GOC" + "SPX-" + _cycle("Kq8Lw2Zr5Tm9", 28),
    "OPENAI": ("sk-" + "proj-" + _cycle("A1b2C3d4E5", 20) + "T3Blbk" + "FJ"
               + _cycle("K1l2M3n4O5", 20)),
    "HF": "h" + "f_" + _cycle("QvLmRtZyXwNpKsJdHgFcBaEu", 34),
    "AWS": "AKI" + "A" + "Z7Q2M4XK" + "9PLRT5WB",
    "AWS_SECRET": _cycle("wJalr" + "XUtnFEMI" + "K7MDENGbPxRfiCY", 40),
    "ANTHROPIC": "sk-" + "ant-api03-" + _cycle("Xy7_Qp2-Lm9Rt4Vb", 93) + "AA",
    "FALLBACK": "Fa1l" + "bAck-" + _cycle("Rt5Yu7Io9Pa1", 24),
    "MAPBOX": "pk." + "ey" + "J1IjoiZXhhbXBsZSJ9." + _cycle("Mb0xT0k3nV4l", 22),
    "BROKEN": "br0k" + "enT0ml" + _cycle("Se3cr3tX", 16),
    "GITHUB": "gh" + "p_" + _cycle("x7Kq2Lm9Pz", 36),
}


def _files() -> dict[str, str]:
    s = SECRETS
    return {
        "app.py": f'''import os

import streamlit as st

OPENAI_API_KEY = "{s["OPENAI"]}"
HF = "{s["HF"]}"
DB_URL = "postgresql://admin:{s["PW_DSN"]}@db.internal:5432/app"
db_password = "{s["PW"]}"
fallback = os.getenv("SERVICE_TOKEN", "{s["FALLBACK"]}")
headers = {{"Authorization": "Bearer {s["GITHUB"]}"}}
print("key", OPENAI_API_KEY)
st.write(st.secrets)
st.text_input("Key", value=st.secrets["api_key"])
if st.text_input("Password", type="password") == "{s["PW"]}":
    st.write("in")
client = dict(api_key="{s["ANTHROPIC"]}")
CREDS = {{"api_key {s["AWS"]}": "{s["PW"]}"}}
cfg = {{}}
cfg["token {s["GITHUB"]}"] = "{s["PW"]}"
st.write(os.environ["TOKEN_{s["AWS"]}"])
''',
        ".streamlit/secrets.toml": f'''api_key = "{s["OPENAI"]}"
password = "{s["PW"]}"

[auth]
redirect_uri = "http://example.com/callback"
cookie_secret = "{s["CLIENT"]}"
client_id = "id"
client_secret = "{s["CLIENT"]}"
server_metadata_url = "http://accounts.example.com/.well-known/openid-configuration"

[aws]
aws_access_key_id = "{s["AWS"]}"
aws_secret_access_key = "{s["AWS_SECRET"]}"
''',
        ".streamlit/secrets.toml.example": f'''hf_token = "{s["HF"]}"
github = "{s["GITHUB"]}"
''',
        "bad/.streamlit/secrets.toml": f'password = "{s["BROKEN"]}\nkey = {s["BROKEN"]}}}\n',
        ".streamlit/config.toml": f'''[server]
cookieSecret = "{s["COOKIE"]}"
enableXsrfProtection = false

[client]
showErrorDetails = "full"

[mapbox]
token = "{s["MAPBOX"]}"
''',
        "bad/.streamlit/config.toml": f'[server]\ncookieSecret = "{s["BROKEN"]}\n',
        ".env": f"AWS_ACCESS_KEY_ID={s['AWS']}\nAWS_SECRET_ACCESS_KEY={s['AWS_SECRET']}\n",
    }


@pytest.fixture
def secret_repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    for rel, text in _files().items():
        repo.write(rel, text)
    repo.git("add", "-A")
    return repo.root


def assert_hidden(*texts: str) -> None:
    for name, secret in SECRETS.items():
        slices = {secret[i:i + 8] for i in range(len(secret) - 7)}
        for text in texts:
            assert secret not in text, f"{name} printed in full"
            leaked = [piece for piece in slices if piece in text]
            assert not leaked, f"a slice of {name} printed: {leaked[:1]}"


def _run(cmd: list[str], cwd: Path) -> tuple[int, str, str]:
    proc = run(cmd, cwd)
    return proc.returncode, proc.stdout, proc.stderr


def test_hooks_never_print_a_secret(secret_repo: Path) -> None:
    outputs = []
    runs = [
        ("check-streamlit-gitignore", []),
        ("check-streamlit-secrets", []),
        ("check-streamlit-secrets", [".streamlit/secrets.toml", "bad/.streamlit/secrets.toml",
                                     ".streamlit/secrets.toml.example"]),
        ("check-streamlit-config", []),
        ("check-streamlit-config", ["bad/.streamlit/config.toml"]),
        ("check-streamlit-config", ["--fix"]),
        ("check-streamlit-gitignore", ["--fix"]),
    ]
    codes = set()
    for name, argv in runs:
        rc, out, err = _run([console_script(name), *argv], secret_repo)
        assert rc in (0, 1), (name, rc, err)
        assert "Traceback" not in err
        outputs += [out, err]
        codes.update(part for part in out.split() if part.startswith("STS"))
    # the fixture really triggers the secret-related hook codes
    assert {"STS805", "STS810", "STS902", "STS903", "STS910", "STS913", "STS915"} <= codes
    assert_hidden(*outputs)


@pytest.mark.parametrize("fmt", ["default", "pylint", "sts-sarif", "sts-github"])
def test_flake8_and_the_command_never_print_a_secret(secret_repo: Path, tmp_path: Path,
                                                     fmt: str) -> None:
    outputs = []
    report = tmp_path / f"report-{fmt}.txt"
    for cmd in (
        [sys.executable, "-m", "flake8", "--isolated", "-j1", f"--format={fmt}",
         "--extend-select=STS403,STS406,STS503", "--select=STS", "app.py"],
        [console_script("flake8-streamlit-security"), f"--format={fmt}", "app.py"],
        [console_script("flake8-streamlit-security"), f"--format={fmt}", "--show-source",
         "-vv", "app.py"],
        [console_script("flake8-streamlit-security"), f"--format={fmt}",
         f"--output-file={report}", "."],
    ):
        rc, out, err = _run(cmd, secret_repo)
        assert rc == 1, (cmd, rc, out, err)
        assert "Traceback" not in err
        outputs += [out, err]
    outputs.append(report.read_text(encoding="utf-8"))
    assert "STS10" in "".join(outputs)  # the secrets are found...
    assert_hidden(*outputs)  # ...and never shown


def test_stdin_editor_path_never_prints_a_secret(secret_repo: Path) -> None:
    source = (secret_repo / "app.py").read_bytes()
    proc = run_flake8(["--isolated", "--stdin-display-name", "app.py", "-"], stdin=source)
    assert proc.returncode == 1 and "STS101" in proc.stdout
    assert_hidden(proc.stdout, proc.stderr)


def test_the_fixture_values_are_really_secrets(tmp_path: Path) -> None:
    """Guard against a fixture that stopped looking secret (then the tests prove nothing)."""
    from flake8_streamlit_security import secretscan

    for name in ("OPENAI", "HF", "AWS", "ANTHROPIC", "GITHUB"):
        assert secretscan.detect(SECRETS[name]), name
    assert shutil.which("git")
