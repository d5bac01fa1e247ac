"""docs/ruff-bandit.md, claim by claim (issue 18, item 5): Ruff, Bandit and the plugin run on
the page's example, its recommended configurations and its ``# noqa`` line.

Ruff and Bandit come with the test extras; without them the tests that need one skip.
"""
from __future__ import annotations

import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

from flake8_streamlit_security import codes
from helpers import REPO, parse_flake8, run, run_cli, src

from ._support import write

DOC = (REPO / "docs" / "ruff-bandit.md").read_text(encoding="utf-8")
_TRAILING = re.compile(r"  # ((?:(?:S|B|STS)\d{3}\b ?)+)$")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, re.DOTALL)


EXAMPLE, NOQA_LINE = blocks("python")
RUFF_CONFIG, BANDIT_CONFIG = blocks("toml")


def tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def expected(prefix: str) -> dict[int, set[str]]:
    """Line -> the codes of one tool that the example's trailing comments list."""
    out: dict[int, set[str]] = {}
    for number, line in enumerate(EXAMPLE.splitlines(), 1):
        match = _TRAILING.search(line)
        found = {c for c in match.group(1).split() if re.fullmatch(rf"{prefix}\d{{3}}", c)
                 } if match else set()
        if found:
            out[number] = found
    return out


def by_line(pairs: list[tuple[int, str]]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for line, code in pairs:
        out.setdefault(line, set()).add(code)
    return out


def ruff_findings(root: Path, *argv: str) -> dict[int, set[str]]:
    proc = run([tool("ruff"), "check", "--no-cache", "--output-format", "concise",
                "--exit-zero", *argv, "app.py"], root)
    assert proc.returncode == 0, proc.stderr
    pairs = re.findall(r"^app\.py:(\d+):\d+: ([A-Z]+\d+) ", proc.stdout, re.MULTILINE)
    return by_line([(int(line), code) for line, code in pairs])


def bandit_findings(root: Path, *argv: str) -> dict[int, set[str]]:
    proc = run([tool("bandit"), "-q", *argv, "-f", "custom", "--msg-template",
                "{line} {test_id}", "app.py"], root)
    assert proc.returncode in (0, 1), proc.stderr
    pairs = re.findall(r"^(\d+) (B\d{3})$", proc.stdout, re.MULTILINE)
    return by_line([(int(line), code) for line, code in pairs])


def sts_findings(root: Path, *argv: str) -> dict[int, set[str]]:
    proc = run_cli([*argv, "app.py"], root)
    assert proc.returncode in (0, 1), proc.stderr
    return by_line([(x.line, x.code) for x in parse_flake8(proc.stdout)])


@pytest.fixture
def example(tmp_path: Path) -> Path:
    write(tmp_path, "app.py", src(EXAMPLE))
    return tmp_path


def without(found: dict[int, set[str]], dropped: set[str]) -> dict[int, set[str]]:
    return {line: c - dropped for line, c in found.items() if c - dropped}


# ---------------------------------------------------------------- the example


def test_the_plugin_reports_what_the_example_says(example: Path) -> None:
    assert sts_findings(example, "--extend-select=STS406") == expected("STS")


def test_ruff_reports_what_the_example_says(example: Path) -> None:
    assert ruff_findings(example, "--isolated", "--select", "S") == expected("S")


def test_bandit_reports_what_the_example_says(example: Path) -> None:
    assert bandit_findings(example) == expected("B")


def test_the_example_shows_each_difference_the_page_names() -> None:
    """Both fire on user input; only Ruff/Bandit on constants and labels; only the
    plugin on API keys and HTML."""
    ruff, sts = expected("S"), expected("STS")
    both = {line for line in ruff if line in sts}
    assert len(both) >= 6
    assert any("token_type" in EXAMPLE.splitlines()[line - 1] for line in set(ruff) - set(sts))
    assert any("OPENAI_API_KEY" in EXAMPLE.splitlines()[line - 1] for line in set(sts) - set(ruff))


# ------------------------------------------------------------ the configurations

IGNORED_IN_RUFF = {"S105", "S106", "S107", "S608"}


def test_recommended_ruff_configuration(example: Path) -> None:
    settings = tomllib.loads(RUFF_CONFIG)["tool"]["ruff"]["lint"]
    assert settings["extend-select"] == ["S"]
    assert set(settings["ignore"]) == IGNORED_IN_RUFF
    assert settings["external"] == ["STS"]
    write(example, "pyproject.toml", RUFF_CONFIG)
    found = ruff_findings(example)
    s_codes = {line: {c for c in c_ if re.fullmatch(r"S\d{3}", c)} for line, c_ in found.items()}
    # (Ruff's default rules, which extend-select keeps, may find other things)
    assert without(s_codes, set()) == without(expected("S"), IGNORED_IN_RUFF)


def test_recommended_bandit_configuration(example: Path) -> None:
    skips = tomllib.loads(BANDIT_CONFIG)["tool"]["bandit"]["skips"]
    assert set(skips) == {"B105", "B106", "B107", "B608"}
    write(example, "pyproject.toml", BANDIT_CONFIG)
    assert bandit_findings(example, "-c", "pyproject.toml") == without(expected("B"), set(skips))


def test_the_overlap_table_names_real_codes() -> None:
    table = [line for line in DOC.splitlines() if line.startswith("| [STS")]
    assert len(table) == 8
    ruff_rules = run([tool("ruff"), "rule", "--all"], REPO).stdout
    bandit_help = run([tool("bandit"), "--help"], REPO).stdout
    for row in table:
        sts, ruff, bandit, _why = row.strip("|").split("|")
        (code,) = re.findall(r"STS\d{3}", sts)
        assert code in codes.RULES
        for rule in re.findall(r"`(S\d{3})`", ruff):
            assert f"({rule})" in ruff_rules, rule
        for test_id in re.findall(r"`(B\d{3})`", bandit):
            assert re.search(rf"^\s+{test_id}\s", bandit_help, re.MULTILINE), test_id


# ---------------------------------------------------------------- # noqa on one line

APP = (
    "import sqlite3\n\nimport streamlit as st\n\n"
    'name = st.text_input("Name")\nconn = sqlite3.connect("app.db")\n'
)
QUERY = "rows = conn.execute(f\"SELECT * FROM t WHERE n = '{name}'\")"
LINE = 7


def test_the_noqa_line_is_the_documented_one() -> None:
    assert NOQA_LINE.strip() == QUERY + "  # noqa: S608, STS401  # nosec B608"


@pytest.mark.parametrize("comment", [
    "  # noqa: S608, STS401  # nosec B608",
    "  # nosec B608  # noqa: S608, STS401",
    "  # noqa:S608,STS401 - reviewed: n is checked above  # nosec B608",
])
def test_one_line_silences_all_three(tmp_path: Path, comment: str) -> None:
    write(tmp_path, "app.py", APP + QUERY + comment + "\n")
    assert sts_findings(tmp_path) == {}
    write(tmp_path, "pyproject.toml", RUFF_CONFIG.replace('"S608",', ""))  # S608 on
    assert ruff_findings(tmp_path, "--extend-select", "RUF100,RUF102") == {}
    assert bandit_findings(tmp_path) == {}


def test_each_tool_reads_only_its_own_comment_and_codes(tmp_path: Path) -> None:
    write(tmp_path, "app.py", APP + QUERY + "  # noqa: S608\n")
    assert sts_findings(tmp_path) == {LINE: {"STS401"}}  # S608 does not cover STS401
    assert bandit_findings(tmp_path) == {LINE: {"B608"}}  # Bandit ignores noqa
    write(tmp_path, "app.py", APP + QUERY + "  # nosec B608  # noqa: STS401\n")
    assert ruff_findings(tmp_path, "--isolated", "--select", "S608") == {LINE: {"S608"}}
    assert sts_findings(tmp_path) == {} and bandit_findings(tmp_path) == {}


@pytest.mark.parametrize("external", [True, False])
def test_ruff_fix_of_an_unused_noqa_keeps_sts_codes_only_with_external(
        tmp_path: Path, external: bool) -> None:
    """RUF100: once S608 no longer fires (the query is bound now), ``--fix`` deletes the
    whole comment unless Ruff knows STS codes are another tool's."""
    config = RUFF_CONFIG if external else RUFF_CONFIG.replace('external = ["STS"]', "")
    write(tmp_path, "pyproject.toml", config.replace('"S608",', ""))
    bound = 'rows = conn.execute("SELECT * FROM t WHERE n = ?", (name,))'
    write(tmp_path, "app.py", APP + bound + "  # noqa: S608, STS401\n")
    run([tool("ruff"), "check", "--no-cache", "--extend-select", "RUF100,RUF102", "--fix",
         "app.py"], tmp_path)
    line = (tmp_path / "app.py").read_text(encoding="utf-8").splitlines()[LINE - 1]
    assert line == (bound + "  # noqa: STS401" if external else bound)


@pytest.mark.parametrize("external", [True, False])
def test_ruff_fix_keeps_sts_codes_only_with_external(tmp_path: Path, external: bool) -> None:
    """Without ``external = ["STS"]``, RUF102's fix deletes STS401 from the comment and
    the plugin reports the line again."""
    config = RUFF_CONFIG if external else RUFF_CONFIG.replace('external = ["STS"]', "")
    write(tmp_path, "pyproject.toml", config.replace('"S608",', ""))
    write(tmp_path, "app.py", APP + QUERY + "  # noqa: S608, STS401\n")
    proc = run([tool("ruff"), "check", "--no-cache", "--extend-select", "RUF100,RUF102",
                "--fix", "app.py"], tmp_path)
    line = (tmp_path / "app.py").read_text(encoding="utf-8").splitlines()[LINE - 1]
    if external:
        assert proc.returncode == 0, proc.stdout
        assert line.endswith("# noqa: S608, STS401")
        assert sts_findings(tmp_path) == {}
    else:
        assert "STS401" not in line and "S608" in line
        assert sts_findings(tmp_path) == {LINE: {"STS401"}}
