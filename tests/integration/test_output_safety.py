"""No output format ever prints a secret, wherever the secret sits (issue 17).

Fake but well-formed credentials of every kind the plugin detects (detect-secrets'
formats and the project's own), plus generic values that only the secret-name rules
flag, are written into every position the plugin reports: code, dict key, subscript
key, environment-variable key and comment, and a repeated dict key that pyflakes
quotes (F601).  Every output -- the command's default format, ``--show-source``,
``-vv``, ``sts-github`` and ``sts-sarif``, and plain flake8 with the report formatters
-- is searched for each secret and for every 8-character fragment of it.  All values
are assembled at run time from pieces (see tests/helpers.py FAKES).
"""
from __future__ import annotations

import random
import string
from collections import Counter
from pathlib import Path

import pytest

from flake8_streamlit_security import codes, secretscan
from flake8_streamlit_security.findings import REDACTED, redact, render_message
from helpers import FAKES, parse_flake8, run_cli, run_flake8

from ._support import write

FRAGMENT = 8  # characters


def _piece(seed: str, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(n))


_GENERIC = ("PW", "PW2", "GENERIC", "GENERIC2", "DBPW")
# Every detected kind: FAKES' formats plus the detect-secrets formats FAKES lacks.
DETECTED: dict[str, str] = {
    **{name: value for name, value in FAKES.items() if name not in _GENERIC},
    "GITLAB": "gl" + "pat-" + _piece("gitlab", 20),
    "SENDGRID": "S" + "G." + _piece("sg1", 22) + "." + _piece("sg2", 43),
    "AZURE": "Account" + "Key=" + _piece("azure", 86, string.ascii_letters + "0123456789+/")
             + "==",
    "NPM": "//registry.npmjs.org/:_auth" + "Token=npm_" + _piece("npm", 36),
    "PYPI": "py" + "pi-AgEIcHlwaS5vcmc" + _piece("pypi", 72),
    "ARTIFACTORY": "AK" + "C" + _piece("artifactory", 20),
}
# Values no detector knows: only the secret-name rules flag them.
NAMED: dict[str, str] = {name: FAKES[name] for name in _GENERIC}
# The value bound to the secret-like keys below (itself a secret to hide).
FILLER = "Zq7" + "Lm2vX9" + "pT4kW8rB"
SECRETS = {**DETECTED, **NAMED, "FILLER": FILLER}

# (position, line template); {s} is the secret, {f} the filler.  Line numbers follow.
POSITIONS = (
    ("code", 'VALUE = "{s}"'),
    ("code-secret-name", 'db_password = "{s}"'),
    ("dict-key", 'CREDS = {{"api_key {s}": "{f}"}}'),
    ("subscript-key", 'cfg["token {s}"] = "{f}"'),
    ("environ-key", 'st.write(os.environ["TOKEN_{s}"])'),
    ("getenv-key", 'print(os.getenv("API_KEY_{s}"))'),
    ("comment", "x = 1  # old key: {s}"),
    ("repeated-key", 'D = {{"{s}": 1, "{s}": 2}}'),
)
HEADER = ("import os", "", "import streamlit as st", "", "cfg = {}")
FIRST = len(HEADER) + 1  # line number of the first position
# Positions where every kind must be reported (plain code only for detected kinds).
# Comments are not reported at the time of writing (RULES.md says STS102 scans them);
# the comment is still there, so a finding there would be searched too.
MUST_REPORT = {"code-secret-name", "dict-key", "subscript-key", "environ-key", "getenv-key"}


def _app(secret: str) -> str:
    body = [template.format(s=secret, f=FILLER) for _position, template in POSITIONS]
    return "\n".join([*HEADER, *body]) + "\n"


def fragments(secret: str) -> set[str]:
    return {secret[i:i + FRAGMENT] for i in range(len(secret) - FRAGMENT + 1)}


def leaks(text: str) -> list[tuple[str, str]]:
    """(kind, what of it) for every secret or 8-character fragment found in ``text``."""
    found = []
    for name, secret in SECRETS.items():
        if secret in text:
            found.append((name, "whole"))
            continue
        pieces = sorted(p for p in fragments(secret) if p in text)
        if pieces:
            found.append((name, pieces[0]))
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("secrets-everywhere")
    for name, secret in SECRETS.items():
        if name != "FILLER":
            write(root, f"app_{name.lower()}.py", _app(secret))
    return root


def _command(args: list[str], cwd: Path) -> tuple[int, str]:
    proc = run_cli(args, cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout + proc.stderr


def _flake8(args: list[str], cwd: Path) -> tuple[int, str]:
    proc = run_flake8(["--isolated", "-j1", *args], cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout + proc.stderr


def test_the_generated_secrets_are_what_they_claim() -> None:
    """A detected kind is detected (else the test proves nothing); a named one is not."""
    for name, secret in DETECTED.items():
        assert secretscan.detect(secret), name
    for name, secret in NAMED.items():
        assert secretscan.detect(secret) is None, name


def test_every_position_is_reported_once_per_literal(project: Path) -> None:
    rc, out = _command(["."], project)
    assert rc == 1
    found = parse_flake8(out)
    lines: dict[str, set[int]] = {}
    for line in found:
        lines.setdefault(Path(line.path).stem, set()).add(line.line)
    for name in SECRETS:
        if name == "FILLER":
            continue
        wanted = MUST_REPORT | ({"code"} if name in DETECTED else set())
        reported = lines.get(f"app_{name.lower()}", set())
        for number, (position, _template) in enumerate(POSITIONS, FIRST):
            if position in wanted:
                assert number in reported, (name, position, out)
    # One finding per literal: never two codes at the same place (RULES.md: STS102 wins)
    places = Counter((line.path, line.line, line.col) for line in found)
    assert [place for place, n in places.items() if n > 1] == []
    # the figures the report quotes
    assert (len(DETECTED), len(NAMED), len(POSITIONS)) == (23, 5, 8)


@pytest.mark.parametrize("args", [
    [],
    ["--show-source"],
    ["--format=sts-github"],
    ["--format=pylint", "--show-source"],
    ["-vv", "-j1"],
], ids=["default", "show-source", "sts-github", "pylint-show-source", "debug-log"])
def test_the_command_never_prints_a_secret(project: Path, args: list[str]) -> None:
    rc, out = _command([*args, "."], project)
    assert rc == 1
    assert "STS10" in out
    assert leaks(out) == []


def test_the_command_drops_source_lines_that_hold_a_credential(project: Path) -> None:
    _rc, out = _command(["--show-source", "."], project)
    assert "(source line not shown: it may hold a credential)" in out
    assert "^" not in out  # every line reported here holds one


def test_the_command_sarif_report_never_holds_a_secret(project: Path) -> None:
    rc, out = _command(["--format=sts-sarif", "--output-file=report.sarif", "."], project)
    report = (project / "report.sarif").read_text(encoding="utf-8")
    assert rc == 1 and "STS102" in report
    assert leaks(out + report) == []


@pytest.mark.parametrize("fmt", ["sts-github", "sts-sarif"])
def test_publishable_formats_mask_every_plugins_messages(project: Path, fmt: str) -> None:
    """pyflakes quotes a repeated dict key (F601): the publishable formats mask it too."""
    rc, out = _flake8([f"--format={fmt}", "."], project)
    assert rc == 1
    assert "F601" in out and "STS101" in out
    assert leaks(out) == []


def test_plain_flake8_sts_messages_never_hold_a_secret(project: Path) -> None:
    """flake8's own default format prints other plugins' messages as they are (F601
    quotes the key: docs/output-safety.md says so); ours are redacted."""
    _rc, out = _flake8(["."], project)
    ours = "\n".join(line for line in out.splitlines() if ": STS" in line)
    assert "STS101" in ours
    assert leaks(ours) == []


# -- the redaction step itself -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SECRETS))
@pytest.mark.parametrize("form", [
    "api_key {s}", "TOKEN_{s}", "'{s}'", 'x = "{s}"  # {s}', 'cfg["token {s}"] = 1',
    "password {s}", "token_{s}", "dictionary key '{s}' repeated with different values",
    "secret value (os.environ['API_KEY_{s}']) rendered in the app",
])
def test_redact_masks_every_kind_in_every_form(name: str, form: str) -> None:
    text = redact(form.format(s=SECRETS[name]))
    assert leaks(text) == [], text
    assert redact(text) == text  # idempotent


@pytest.mark.parametrize("text", [
    *(rule.message for rule in codes.RULES.values()),
    "line too long (120 > 100 characters)",
    "'sha256' imported but unused", "local variable 'x86_64' is assigned to but never used",
    "pages/2_Dashboard.py", "flake8_streamlit_security/formatters.py", "utf8mb4_unicode_ci",
    "secret DB_PASSWORD has a hardcoded fallback", "secret db_password2 has a fallback",
    "E902 FileNotFoundError: [Errno 2] No such file or directory: 'x.py'",
    "password required", "postgresql://app:{password}@db/x", "st.secrets['api_key']",
    REDACTED,
])
def test_redact_leaves_names_paths_and_prose_alone(text: str) -> None:
    assert redact(text) == text


def test_a_url_keeps_all_but_its_password() -> None:
    url = "postgresql://admin:" + FAKES["DBPW"] + "@db.internal:5432/app"
    assert redact(url) == f"postgresql://admin:{REDACTED}@db.internal:5432/app"


@pytest.mark.parametrize("name", sorted(DETECTED))
def test_messages_never_print_a_key_that_holds_a_secret(name: str) -> None:
    secret = DETECTED[name]
    for code, arg in (("STS101", "name"), ("STS104", "key"), ("STS105", "source")):
        text = render_message(code, {arg: f"os.environ['TOKEN_{secret}']"})
        assert leaks(text) == [], text


def test_hook_lines_escape_control_characters_in_paths() -> None:
    """A newline in a file name would split a finding over two lines, an ESC reach the
    terminal: render_hook_line escapes them (and redacts the path like any text)."""
    from flake8_streamlit_security.findings import Finding, render_hook_line

    line = render_hook_line("odd\nname\x1b[31m.toml", Finding(1, 0, "STS914", {"key": "k"}))
    assert line.startswith("odd\\nname\\x1b[31m.toml:1:1: STS914 ")
    assert "\n" not in line and "\x1b" not in line
