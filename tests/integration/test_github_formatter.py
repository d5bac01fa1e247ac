"""``--format=sts-github``: GitHub Actions workflow commands, escaped per GitHub's rules."""
from __future__ import annotations

from pathlib import Path

import pytest
from flake8.violation import Violation

from flake8_streamlit_security import codes, formatters

from helpers import parse_flake8, run_flake8
from sarif_checks import parse, unescape

from ._support import INSECURE_APP, assert_no_secret, write


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, "app.py", INSECURE_APP)
    # a comma and a colon in the path, a '%' in a pyflakes message (F507)
    write(tmp_path, "we,ird:dir/odd.py", INSECURE_APP + 'print("%s %s" % (1,))\n')
    return tmp_path


def test_github_lines_are_workflow_commands_matching_flake8(project: Path) -> None:
    proc = run_flake8(["--format=sts-github", "."], project)
    assert proc.returncode == 1, proc.stderr
    got = []
    commands = {}
    for line in proc.stdout.splitlines():
        command, props, data = parse(line)
        assert list(props) == ["file", "line", "col", "title"]
        got.append((props["file"], int(props["line"]), int(props["col"]), props["title"], data))
        rule = codes.RULES.get(props["title"])
        # the catalogue's severity: high error, medium warning, low notice
        level = rule.level if rule is not None else "warning"
        assert command == {"error": "error", "warning": "warning", "note": "notice"}[level]
        commands[props["title"]] = command
    default = parse_flake8(run_flake8(["."], project).stdout)
    expected = [(x.path.removeprefix("./"), x.line, x.col, x.code, x.text) for x in default]
    assert sorted(got) == sorted(expected)
    assert {"STS402", "F507"} <= {x.code for x in default}
    assert "we,ird:dir/odd.py" in {g[0] for g in got}
    assert (commands["STS103"], commands["STS402"], commands["F507"]) == (
        "error", "warning", "warning")


def test_github_output_file_and_no_source(project: Path) -> None:
    proc = run_flake8(
        ["--format=sts-github", "--show-source", "--output-file=annotations.txt", "app.py"], project
    )
    assert (proc.returncode, proc.stdout) == (1, "")
    text = (project / "annotations.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines and all(parse(line) for line in lines)
    assert_no_secret(text)


def test_github_unreadable_file_is_an_error_without_position(tmp_path: Path) -> None:
    proc = run_flake8(["--format=sts-github", "missing.py"], tmp_path)
    (line,) = proc.stdout.splitlines()
    command, props, _ = parse(line)
    assert command == "error"
    assert props == {"file": "missing.py", "title": "E902"}


# -- unit tests of the escaping -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_escaping(raw: str, data: str, prop: str) -> None:
    assert formatters.escape_data(raw) == data
    assert formatters.escape_property(raw) == prop
    assert unescape(formatters.escape_property(raw)) == raw


def test_annotation_of_a_hostile_violation() -> None:
    violation = Violation(
        "STS402", "a,b:c%d.py", 3, 7, "bad\n::error::injected 100%", "secret line\n"
    )
    line = formatters.annotation(violation)
    assert "\n" not in line
    command, props, data = parse(line)
    assert command == "warning"
    assert props == {"file": "a,b:c%d.py", "line": "3", "col": "7", "title": "STS402"}
    assert data == "bad\n::error::injected 100%"
    assert "secret line" not in line


def test_another_plugins_message_is_redacted_too(tmp_path: Path) -> None:
    """pyflakes quotes a repeated dict key (F601): a publishable log masks it (issue 17)."""
    key = "AKI" + "A" + "Q7Z2M4XK9PLRT5WB"
    write(tmp_path, "app.py", f'D = {{"{key}": 1, "{key}": 2}}\n')
    proc = run_flake8(["--isolated", "--format=sts-github", "app.py"], tmp_path)
    f601 = [parse(line) for line in proc.stdout.splitlines() if "title=F601" in line]
    assert [data for _command, _props, data in f601] == [
        "dictionary key '<redacted>' repeated with different values"] * 2
    assert_no_secret(proc.stdout, [key])


def test_annotation_redacts_message_and_path() -> None:
    token = "gh" + "p_" + "x7Kq2Lm9Pz" * 3 + "x7Kq2L"
    violation = Violation("F821", f"keys/{token}.py", 1, 1, f"undefined name '{token}'", None)
    line = formatters.annotation(violation)
    assert token[:8] not in line and token[-8:] not in line
    assert line == "::warning file=keys/<redacted>,line=1,col=1,title=F821::" \
        "undefined name '<redacted>'"
