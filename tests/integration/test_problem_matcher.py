"""The GitHub Actions problem matcher captures STS codes from flake8's and the hooks' lines."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from flake8_streamlit_security import codes
from flake8_streamlit_security.findings import Finding, render_hook_line, render_message

from helpers import REPO, parse_flake8, run_flake8

from ._support import INSECURE_APP, write

MATCHER_FILE = REPO / ".github" / "streamlit-security-matcher.json"


def js_to_python(pattern: str) -> str:
    """Translate the JavaScript regex syntax a matcher may use into Python's.

    Named groups ``(?<name>`` become ``(?P<name>``; constructs with no Python
    equivalent (``\\k<name>``, ``\\u{...}``, ``\\p{...}``) are refused.
    """
    for unsupported in ("\\k<", "\\u{", "\\p{", "\\P{"):
        assert unsupported not in pattern
    return re.sub(r"\(\?<(?![=!])", "(?P<", pattern)


def matcher() -> dict[str, Any]:
    (entry,) = json.loads(MATCHER_FILE.read_text(encoding="utf-8"))["problemMatcher"]
    return dict(entry)


def pattern() -> dict[str, Any]:
    (pat,) = matcher()["pattern"]
    return dict(pat)


def match(line: str) -> dict[str, str] | None:
    pat = pattern()
    found = re.match(js_to_python(pat["regexp"]), line)
    if found is None:
        return None
    fields = ("file", "line", "column", "code", "message")
    return {field: found.group(pat[field]) for field in fields}


def test_matcher_shape() -> None:
    entry = matcher()
    assert entry["owner"] == "flake8-streamlit-security"
    assert entry["severity"] in {"warning", "error"}
    assert "loop" not in pattern()


@pytest.mark.parametrize("code", sorted(codes.RULES))
def test_matches_the_default_flake8_line_of_every_code(code: str) -> None:
    message = render_message(code, {})
    line = f"pages/1_📈_Charts.py:12:5: {code} {message}"
    assert match(line) == {
        "file": "pages/1_📈_Charts.py",
        "line": "12",
        "column": "5",
        "code": code,
        "message": f"{code} {message}",
    }


@pytest.mark.parametrize("code", sorted(codes.RULES))
def test_matches_the_hook_line_of_every_code(code: str) -> None:
    line = render_hook_line(".streamlit/config.toml", Finding(3, 0, code))
    found = match(line)
    assert found is not None
    assert (found["file"], found["line"], found["column"], found["code"]) == (
        ".streamlit/config.toml", "3", "1", code,
    )


def test_windows_paths_and_other_codes() -> None:
    found = match(r"C:\app\main.py:7:1: STS101 hardcoded secret in KEY")
    assert found is not None and found["file"] == r"C:\app\main.py"
    assert match("app.py:1:1: F401 'os' imported but unused") is None
    assert match("app.py:1:1: STS10 not a code") is None


def test_matches_real_flake8_output(tmp_path: Path) -> None:
    write(tmp_path, "app.py", INSECURE_APP)
    proc = run_flake8(["app.py"], tmp_path)
    lines = proc.stdout.splitlines()
    parsed = parse_flake8(proc.stdout)
    assert any(x.code.startswith("STS") for x in parsed)
    for raw, expected in zip(lines, parsed):
        found = match(raw)
        if not expected.code.startswith("STS"):
            assert found is None
            continue
        assert found is not None
        assert (found["file"], int(found["line"]), int(found["column"]), found["code"]) == (
            expected.path, expected.line, expected.col, expected.code,
        )
