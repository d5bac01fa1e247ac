"""``flake8-streamlit-security baseline`` and ``--baseline FILE``, run as a user runs them:
adopt the linter in an app that has findings today, fail only on new ones."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from helpers import parse_flake8, run_cli, secret_values, src

from ._support import DATA, write

BASELINE = ".streamlit-security-baseline.json"

# An app as teams have them: a committed key, HTML from input in a helper, SQL in a page.
APP = src(
    """
    import sqlite3

    import streamlit as st

    OPENAI_API_KEY = "@@OPENAI@@"
    ADMIN_PASSWORD = "@@PW@@"


    def greet(name):
        st.markdown(f"<b>Hello {name}</b>", unsafe_allow_html=True)


    def search(conn, term):
        return conn.execute(f"SELECT * FROM notes WHERE body LIKE '%{term}%'")


    name = st.text_input("Name")
    greet(name)
    if st.text_input("Password", type="password") == "@@PW2@@":
        st.write("welcome")
    search(sqlite3.connect("notes.db"), st.text_input("Search"))
    """
)
PAGE = src(
    """
    import streamlit as st

    upload = st.file_uploader("Data")
    """
)


def codes_of(output: str) -> list[str]:
    return sorted(line.code for line in parse_flake8(output))


@pytest.fixture
def app(tmp_path: Path) -> Path:
    write(tmp_path, "app.py", APP)
    write(tmp_path, "pages/1_Data.py", PAGE)
    return tmp_path


def make_baseline(root: Path, *args: str) -> dict[str, Any]:
    proc = run_cli(["baseline", *args], root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    name = args[args.index("-o") + 1] if "-o" in args else BASELINE
    document: dict[str, Any] = json.loads((root / name).read_text(encoding="utf-8"))
    return document


def test_baseline_holds_paths_codes_and_hashes_only(app: Path) -> None:
    before = run_cli(["."], app)
    document = make_baseline(app, ".")
    assert set(document) == {"format", "version", "findings"}
    entries = document["findings"]
    assert sorted(e["code"] for e in entries) == codes_of(before.stdout)
    assert {e["path"] for e in entries} == {"app.py", "pages/1_Data.py"}
    for entry in entries:
        assert set(entry) == {"path", "code", "fingerprint"}
        assert len(entry["fingerprint"]) == 32 and int(entry["fingerprint"], 16) >= 0
    text = (app / BASELINE).read_text(encoding="utf-8")
    for secret in secret_values():
        assert secret not in text and secret[: len(secret) // 2] not in text
    for line in (APP + PAGE).splitlines():  # not a source line, nor a message
        assert len(line.strip()) < 12 or line.strip() not in text
    assert "Hello" not in text and "hardcoded" not in text and "SELECT" not in text


def test_the_same_findings_write_the_same_file(app: Path) -> None:
    make_baseline(app, ".")
    first = (app / BASELINE).read_bytes()
    make_baseline(app, ".")
    assert (app / BASELINE).read_bytes() == first


def test_known_findings_are_hidden_and_exit_0(app: Path) -> None:
    document = make_baseline(app, ".")
    proc = run_cli(["--baseline", BASELINE, "."], app)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr
    count = len(document["findings"])
    assert proc.stderr == (
        f"flake8-streamlit-security: baseline {BASELINE}: {count} known findings hidden\n"
    )


def test_findings_survive_lines_moving(app: Path) -> None:
    make_baseline(app, ".")
    moved = APP.replace("import sqlite3\n", "import sqlite3\nimport os\n\n\n# settings\n")
    moved = moved.replace("def greet(name):\n", "def title():\n    st.title('Notes')\n\n\n"
                                                "def greet(name):\n    '''Say hello.'''\n")
    write(app, "app.py", moved.replace('"Name")', '"Name")  # who is there'))
    proc = run_cli(["--baseline", BASELINE, "."], app)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr


def test_only_new_findings_are_reported_and_exit_1(app: Path) -> None:
    make_baseline(app, ".")
    write(app, "app.py", APP + 'st.markdown(st.query_params["q"], unsafe_allow_html=True)\n'
                               'greet(st.text_input("Again"))\n')
    proc = run_cli(["--baseline", BASELINE, "."], app)
    assert proc.returncode == 1, proc.stderr
    found = parse_flake8(proc.stdout)
    # a new sink, and a new call of the helper with user input: two new findings
    assert [(x.line, x.code) for x in found] == [(22, "STS402"), (23, "STS402")], proc.stdout
    assert "known findings hidden" in proc.stderr


def test_a_second_identical_finding_is_new(app: Path) -> None:
    make_baseline(app, ".")
    write(app, "pages/1_Data.py", PAGE + 'other = st.file_uploader("More")\n')
    proc = run_cli(["--baseline", BASELINE, "."], app)
    assert proc.returncode == 1
    assert [(x.path, x.line, x.code) for x in parse_flake8(proc.stdout)] == [
        ("./pages/1_Data.py", 4, "STS501")]


def test_a_finding_moved_into_another_function_is_new(app: Path) -> None:
    make_baseline(app, ".")
    write(app, "app.py", APP.replace("def greet(name):", "def welcome(name):")
          .replace("greet(name)\n", "welcome(name)\n"))
    proc = run_cli(["--baseline", BASELINE, "app.py"], app)
    assert codes_of(proc.stdout) == ["STS402"]
    assert "1 entry no longer matches (fixed?)" in proc.stderr


def test_fixed_findings_are_counted_and_update_prunes_them(app: Path) -> None:
    document = make_baseline(app, ".")
    total = len(document["findings"])
    write(app, "pages/1_Data.py", PAGE.replace('("Data")', '("Data", type=["csv"])'))
    proc = run_cli(["--baseline", BASELINE, "."], app)
    assert proc.returncode == 0
    assert proc.stderr == (
        f"flake8-streamlit-security: baseline {BASELINE}: {total - 1} known findings hidden; "
        "1 entry no longer matches (fixed?): remove them with "
        "`flake8-streamlit-security baseline --update`\n"
    )
    proc = run_cli(["baseline", "--update", "."], app)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == (
        f"flake8-streamlit-security: removed 1 entry that no longer match; "
        f"{total - 1} left in {BASELINE}\n"
    )
    pruned = json.loads((app / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert pruned == [e for e in document["findings"] if e["code"] != "STS501"]
    proc = run_cli(["--baseline", BASELINE, "."], app)
    assert proc.stderr.endswith(f"{total - 1} known findings hidden\n")


def test_update_never_adds_and_keeps_files_not_linted(app: Path) -> None:
    document = make_baseline(app, ".")
    write(app, "app.py", APP + 'st.file_uploader("New")\n')
    proc = run_cli(["baseline", "--update", "pages/1_Data.py"], app)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((app / BASELINE).read_text(encoding="utf-8")) == document
    proc = run_cli(["baseline", "--update", "app.py"], app)
    assert json.loads((app / BASELINE).read_text(encoding="utf-8")) == document


def test_pre_commit_passes_some_files_stale_counts_only_those(app: Path) -> None:
    make_baseline(app, ".")
    write(app, "app.py", "import streamlit as st\n")  # every app.py finding fixed
    proc = run_cli(["--baseline", BASELINE, "pages/1_Data.py"], app)
    assert (proc.returncode, proc.stdout) == (0, "")
    assert proc.stderr.endswith(": 1 known finding hidden\n")


def test_output_file_option_and_subfolder_paths(app: Path) -> None:
    document = make_baseline(app, "-o", "ci/known.json", ".")
    assert {e["path"] for e in document["findings"]} == {"../app.py", "../pages/1_Data.py"}
    proc = run_cli(["--baseline=../ci/known.json", "."], app / "pages")
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr


def test_noqa_and_ignored_findings_stay_out(app: Path) -> None:
    write(app, "setup.cfg", "[flake8]\nextend-ignore = STS501\n")
    write(app, "app.py", APP.replace('"Name")', '"Name")  # noqa: STS402'))
    document = make_baseline(app, ".")
    assert "STS501" not in {e["code"] for e in document["findings"]}


def test_files_not_checked_are_never_hidden(app: Path) -> None:
    write(app, "broken.py", "def broken(:\n")
    write(app, "deep.py", "import streamlit as st\nvalue = tree" + ".child" * 2000 + "\n")
    document = make_baseline(app, ".")
    assert {"E999", "STS000"}.isdisjoint(e["code"] for e in document["findings"])
    proc = run_cli(["baseline", "."], app)
    assert proc.stderr == (
        f"flake8-streamlit-security: wrote {len(document['findings'])} findings to {BASELINE}; "
        "2 files could not be checked (E902, E999 or STS000): run the command without "
        "`baseline` to see why\n")
    proc = run_cli(["--baseline", BASELINE, "."], app)
    assert proc.returncode == 1
    assert codes_of(proc.stdout) == ["E999", "STS000"]


def test_sarif_marks_baseline_state(app: Path) -> None:
    make_baseline(app, ".")
    write(app, "pages/1_Data.py", PAGE + 'other = st.file_uploader("More")\n')
    proc = run_cli(["--baseline", BASELINE, "--format=sts-sarif", "."], app)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    states = [(r["ruleId"], r["baselineState"]) for r in log["runs"][0]["results"]]
    assert ("STS501", "new") in states
    assert [s for s in states if s[1] == "new"] == [("STS501", "new")]
    assert {s for _, s in states} == {"new", "unchanged"}
    assert len(states) == len(json.loads((app / BASELINE).read_text())["findings"]) + 1
    # without a baseline, no baselineState at all
    plain = json.loads(run_cli(["--format=sts-sarif", "."], app).stdout)
    assert not any("baselineState" in r for r in plain["runs"][0]["results"])


def test_baseline_from_pyproject(app: Path) -> None:
    make_baseline(app, "-o", "known.json", ".")
    write(app, "pyproject.toml", '[tool.flake8-streamlit-security]\nbaseline = "known.json"\n')
    proc = run_cli(["."], app)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr
    # and `baseline` writes there by default
    (app / "known.json").unlink()
    assert run_cli(["baseline", "."], app).returncode == 0
    assert (app / "known.json").is_file() and not (app / BASELINE).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, f"baseline file {BASELINE!r} not found; create it with "
               f"`flake8-streamlit-security baseline -o {BASELINE}`"),
        ("{not json", f"baseline file {BASELINE!r} is not JSON; recreate it with "
                      f"`flake8-streamlit-security baseline -o {BASELINE}`"),
        ('["app.py"]', f"baseline file {BASELINE!r} is not a baseline (no \"format\": "
                       f"\"flake8-streamlit-security baseline\"); recreate it with "
                       f"`flake8-streamlit-security baseline -o {BASELINE}`"),
        ('{"format": "flake8-streamlit-security baseline", "version": 9, "findings": []}',
         f"baseline file {BASELINE!r} is not a baseline (version 9; this version reads 1); "
         f"recreate it with `flake8-streamlit-security baseline -o {BASELINE}`"),
        ('{"format": "flake8-streamlit-security baseline", "version": 1, '
         '"findings": [{"path": "app.py"}]}',
         f"baseline file {BASELINE!r} is not a baseline (an entry without path, code and "
         f"fingerprint strings); recreate it with "
         f"`flake8-streamlit-security baseline -o {BASELINE}`"),
    ],
)
@pytest.mark.parametrize("command", [["--baseline", BASELINE], ["baseline", "--update"]])
def test_a_missing_or_corrupt_baseline_is_one_line_and_exit_2(
    app: Path, content: str | None, message: str, command: list[str]
) -> None:
    if content is not None:
        write(app, BASELINE, content)
    proc = run_cli([*command, "."], app)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"flake8-streamlit-security: {message}\n"


def test_baseline_option_needs_a_value(app: Path) -> None:
    proc = run_cli([".", "--baseline"], app)
    assert (proc.returncode, proc.stderr) == (
        2, "flake8-streamlit-security: --baseline needs a file name\n")
