"""The ``flake8-streamlit-security`` console script: rules, rule docs, linting, config."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from flake8.plugins import finder

from flake8_streamlit_security import cli, codes, ruledocs

from helpers import REPO, parse_flake8, run_cli, run_flake8

from ._support import AUDIT_APP, CLEAN_APP, INSECURE_APP, assert_no_secret, write

DEFAULT_SELECT = "--select=" + ",".join([*codes.DEFAULT_ON_PYTHON, *cli.ALWAYS_REPORTED])


# -- rules / rule -------------------------------------------------------------------


def test_rules_lists_every_code_once_with_its_state(tmp_path: Path) -> None:
    proc = run_cli(["rules"], tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    header, *lines = proc.stdout.splitlines()
    assert header.split() == ["code", "state", "severity", "precision", "cwe", "name", "finds"]
    rows = [line.split()[:6] for line in lines]
    assert [row[0] for row in rows] == list(codes.RULES)
    for code, state, severity, precision, cwe, name in rows:
        rule = codes.RULES[code]
        assert name == rule.name
        expected = "hook" if rule.scope == "hook" else ("on" if rule.default_on else "opt")
        assert state == expected
        assert (severity, precision) == (rule.severity, rule.precision)
        assert cwe == (",".join(f"CWE-{n}" for n in rule.cwe) or "-")
    row = {line.split()[0]: line for line in lines}
    assert row["STS102"].split()[2:5] == ["high", "high", "CWE-798"]
    assert row["STS501"].split()[2:5] == ["low", "high", "CWE-434"]


@pytest.mark.parametrize("argument", ["STS402", "sts402"])
def test_rule_prints_its_documentation(tmp_path: Path, argument: str) -> None:
    proc = run_cli(["rule", argument], tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert "STS402" in proc.stdout.splitlines()[0]
    assert codes.RULES["STS402"].docs_url in proc.stdout


def test_rule_shows_severity_precision_and_cwe(tmp_path: Path) -> None:
    proc = run_cli(["rule", "STS404"], tmp_path)
    assert proc.returncode == 0
    assert "Severity: **medium** · precision: **medium** · [CWE-601]" in proc.stdout
    entry = ruledocs.catalogue_entry(codes.RULES["STS404"])  # without docs: codes.py alone
    assert "Severity: medium; precision: medium; CWE: CWE-601, CWE-79" in entry
    assert "CWE: none" in ruledocs.catalogue_entry(codes.RULES["STS910"])


@pytest.mark.parametrize("code", sorted(codes.RULES))
def test_rule_help_uses_the_documented_section(code: str) -> None:
    text = ruledocs.rule_help(code)
    assert code in text.splitlines()[0]
    document = ruledocs.rules_document()
    section = ruledocs.doc_section(document, code) if document else None
    if section is not None:
        assert section in text
    else:
        assert codes.RULES[code].summary in text


@pytest.mark.parametrize(
    "argv", [["rule", "STS999"], ["rule", "E501"], ["rule", "nonsense"], ["rule"],
             ["rule", "STS101", "STS102"], ["rules", "extra"]]
)
def test_rule_errors_exit_2_with_one_line(tmp_path: Path, argv: list[str]) -> None:
    proc = run_cli(argv, tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_console_script_entry_point() -> None:
    (entry,) = metadata.entry_points(group="console_scripts", name="flake8-streamlit-security")
    assert entry.load() is cli.main


def test_the_package_reads_docs_rules_md_itself() -> None:
    """One rules document: the package's ``rules.md`` is a symlink to docs/rules.md (git
    mode 120000), not a committed copy, and the installed package reads its text."""
    packaged = REPO / "flake8_streamlit_security" / "rules.md"
    docs = REPO / "docs" / "rules.md"
    assert packaged.is_symlink(), "flake8_streamlit_security/rules.md must stay a symlink"
    assert packaged.resolve() == docs.resolve()
    assert ruledocs.rules_document() == docs.read_text(encoding="utf-8")


def test_a_symlink_written_as_a_file_falls_back_to_docs_rules_md(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without symlink support git writes the link's target path as the file's text: the
    command then reads the checkout's docs/rules.md instead of showing no entry."""
    monkeypatch.setattr(ruledocs, "_packaged_docs", lambda: "../docs/rules.md")
    docs = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert ruledocs.rules_document() == docs
    assert ruledocs.rule_help("STS402").startswith("## STS402")


_BUILD_IGNORE = shutil.ignore_patterns(
    ".git", "*.egg-info", "__pycache__", ".mypy_cache", ".pytest_cache", ".hypothesis",
    "build", "dist", ".venv*", "tests", "bench", "*.pyc",
)


@pytest.mark.slow
def test_rule_docs_ship_in_the_wheel(tmp_path: Path) -> None:
    """A wheel built from the source holds the whole docs/rules.md (setuptools follows the
    symlink), and ``rule STSnnn`` run from the unpacked wheel prints the full entry."""
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=_BUILD_IGNORE, symlinks=True)
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "w"),
         str(source)],
        capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (tmp_path / "w").glob("*.whl")
    docs = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("flake8_streamlit_security/rules.md").decode("utf-8") == docs
        archive.extractall(site)
    code = (
        "import sys\n"
        "from flake8_streamlit_security import cli\n"
        "assert cli.__file__.startswith(sys.argv[1]), cli.__file__\n"
        "sys.exit(cli.main(['rule', 'STS402']))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    shown = subprocess.run([sys.executable, "-c", code, str(site)], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert (shown.returncode, shown.stderr) == (0, "")
    entry = ruledocs.doc_section(docs, "STS402")
    assert entry is not None and entry in shown.stdout


# -- linting ---------------------------------------------------------------------------


def test_lint_reports_only_default_sts_codes(tmp_path: Path) -> None:
    write(tmp_path, "app.py", AUDIT_APP)
    proc = run_cli(["app.py"], tmp_path)
    assert proc.returncode == 1, proc.stderr
    found = parse_flake8(proc.stdout)
    assert found and all(x.code in codes.DEFAULT_ON_PYTHON for x in found)
    # exactly what flake8 reports when told to select the default-on codes
    assert proc.stdout == run_flake8([DEFAULT_SELECT, "app.py"], tmp_path).stdout
    assert_no_secret(proc.stdout + proc.stderr)


def test_lint_opt_in_codes_follow_extend_select(tmp_path: Path) -> None:
    write(tmp_path, "app.py", AUDIT_APP)
    audit = parse_flake8(run_flake8(["--select=STS403", "app.py"], tmp_path).stdout)
    if not audit:
        pytest.skip("the engine does not flag this example with STS403")
    assert "STS403" not in run_cli(["app.py"], tmp_path).stdout
    assert "STS403" in run_cli(["--extend-select=STS403", "app.py"], tmp_path).stdout
    write(tmp_path, ".flake8", "[flake8]\nextend-select = STS403\n")
    assert "STS403" in run_cli(["app.py"], tmp_path).stdout


def test_lint_explicit_select_on_the_command_line_wins(tmp_path: Path) -> None:
    write(tmp_path, "app.py", INSECURE_APP)
    proc = run_cli(["--select=STS402", "app.py"], tmp_path)
    assert {x.code for x in parse_flake8(proc.stdout)} == {"STS402"}


def test_lint_clean_exit_0(tmp_path: Path) -> None:
    write(tmp_path, "app.py", CLEAN_APP)
    proc = run_cli(["app.py"], tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_lint_bad_option_exit_2(tmp_path: Path) -> None:
    proc = run_cli(["--no-such-option", "app.py"], tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""


@pytest.mark.parametrize(
    ("content", "code"), [(None, "E902"), ("def broken(:\n", "E999")]
)
def test_lint_unreadable_files_are_reported(
    tmp_path: Path, content: str | None, code: str
) -> None:
    if content is not None:
        write(tmp_path, "broken.py", content)
    proc = run_cli(["broken.py"], tmp_path)
    assert proc.returncode == 1
    assert [x.code for x in parse_flake8(proc.stdout)] == [code]


def test_lint_file_names_as_pre_commit_passes_them(tmp_path: Path) -> None:
    write(tmp_path, "app.py", INSECURE_APP)
    write(tmp_path, "pages/clean.py", CLEAN_APP)
    write(tmp_path, "rules", INSECURE_APP)  # an extension-less script named like a subcommand
    proc = run_cli(["rules", "app.py", "pages/clean.py"], tmp_path)
    assert proc.returncode == 1
    assert {x.path for x in parse_flake8(proc.stdout)} == {"rules", "app.py"}


def test_lint_with_the_sarif_formatter(tmp_path: Path) -> None:
    write(tmp_path, "app.py", INSECURE_APP)
    proc = run_cli(["--format=sts-sarif", "--output-file=out.sarif", "app.py"], tmp_path)
    assert (proc.returncode, proc.stdout) == (1, "")
    document = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    rule_ids = {r["ruleId"] for r in document["runs"][0]["results"]}
    assert rule_ids and rule_ids <= set(codes.DEFAULT_ON_PYTHON)


# -- the user's flake8 configuration ---------------------------------------------------

BOTH = {"app.py", "legacy/old.py"}


@pytest.mark.parametrize(
    ("config", "reported"),
    [
        ("", BOTH),
        ("select = E,F,W", BOTH),  # a plain-flake8 select does not silence the CLI
        ("ignore = E203,W503", BOTH),
        ("extend-ignore = STS1,STS4", set()),  # family prefixes
        ("per-file-ignores = legacy/*: STS", {"app.py"}),
        ("exclude = legacy/*", {"app.py"}),  # also when the file is named explicitly
        ("ignore = S", set()),  # the README caveat ...
        ("ignore = S\nextend-select = STS", BOTH),  # ... and its fix
    ],
)
def test_lint_honours_flake8_config(tmp_path: Path, config: str, reported: set[str]) -> None:
    for name in BOTH:
        write(tmp_path, name, INSECURE_APP)
    if config:
        write(tmp_path, "setup.cfg", f"[flake8]\n{config}\n")
    proc = run_cli(sorted(BOTH), tmp_path)
    assert {x.path for x in parse_flake8(proc.stdout)} == reported
    assert proc.returncode == (1 if reported else 0)


def test_lint_ignore_list_does_not_switch_opt_in_codes_on(tmp_path: Path) -> None:
    """Plain flake8 drops its default-off list when ``ignore =`` is set; the CLI does not."""
    write(tmp_path, "app.py", AUDIT_APP)
    write(tmp_path, "tox.ini", "[flake8]\nignore = E203\n")
    found = {x.code for x in parse_flake8(run_cli(["app.py"], tmp_path).stdout)}
    assert found and not found & set(codes.DEFAULT_OFF)


# -- unit tests --------------------------------------------------------------------------


def namespace(**overrides: object) -> argparse.Namespace:
    base: dict[str, object] = {
        "select": None, "extend_select": None, "ignore": None, "extend_ignore": None,
        "extended_default_select": ["C90", "F", "E", "W", "STS"],
    }
    base.update(overrides)
    return argparse.Namespace(**base)


def test_restrict_selection_from_config() -> None:
    options = namespace(select=["E", "F", "STS4"], extend_select=["STS503"], ignore=["S101"],
                        extend_ignore=["E501"])
    cli.restrict_selection(options, keep_select=False)
    assert options.select is None
    assert options.extend_select == ["STS503", "STS4"]
    assert options.ignore is None
    assert options.extend_ignore == ["S101", "E501"]
    assert options.extended_default_select == ["STS", "E902", "E999"]


def test_restrict_selection_keeps_a_command_line_select() -> None:
    options = namespace(select=["STS402"])
    cli.restrict_selection(options, keep_select=True)
    assert options.select == ["STS402"]


@pytest.mark.parametrize(
    ("argv", "given"),
    [(["--select=STS1"], True), (["--select", "STS1"], True), (["--", "--select=x"], False),
     (["--selects"], False), ([], False)],
)
def test_given(argv: list[str], given: bool) -> None:
    assert cli.given(argv, "--select") is given


def test_without_the_plugin_nothing_runs() -> None:
    plugins = finder.Plugins(finder.Checkers([], [], []), {}, [])
    with pytest.raises(cli.PluginMissing):
        cli.only_our_checkers(plugins)


def test_doc_section_stops_at_the_next_heading() -> None:
    document = (
        "# Rules\n\n## STS101\n\nWhy.\n\n### Bad\n\n```py\nx\n```\n\n"
        "## STS102 — formats\n\nOther.\n"
    )
    assert ruledocs.doc_section(document, "STS101") == (
        "## STS101\n\nWhy.\n\n### Bad\n\n```py\nx\n```")
    assert ruledocs.doc_section(document, "STS102") == "## STS102 — formats\n\nOther."
    assert ruledocs.doc_section(document, "STS10") is None


def test_doc_section_prefers_the_codes_own_heading() -> None:
    document = "# Rules\n\n## When STS402 and STS403 overlap\n\nx\n\n## `STS403` dynamic\n\ny\n"
    assert ruledocs.doc_section(document, "STS403") == "## `STS403` dynamic\n\ny"
    assert ruledocs.doc_section(document, "STS402") == "## When STS402 and STS403 overlap\n\nx"


def test_doc_section_skips_comments_in_code_blocks() -> None:
    document = "## STS000\n\n```python\n# a comment\nx = 1\n```\n\nMore.\n\n## STS101\n"
    assert ruledocs.doc_section(document, "STS000") == (
        "## STS000\n\n```python\n# a comment\nx = 1\n```\n\nMore."
    )


def test_lint_parallel_jobs_report_the_same(tmp_path: Path) -> None:
    for index in range(4):
        write(tmp_path, f"pages/page{index}.py", INSECURE_APP)
    serial = run_cli(["--jobs=1", "pages"], tmp_path)
    parallel = run_cli(["--jobs=2", "pages"], tmp_path)
    assert serial.returncode == parallel.returncode == 1
    assert sorted(serial.stdout.splitlines()) == sorted(parallel.stdout.splitlines())
    assert {x.code for x in parse_flake8(parallel.stdout)} <= set(codes.DEFAULT_ON_PYTHON)


# -- things that used to hang or end in a traceback (issue 17) ----------------------


def _cli_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "flake8_streamlit_security.cli", *args]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("named", [True, False], ids=["named", "in-a-folder"])
def test_a_fifo_is_skipped_with_one_e902(tmp_path: Path, named: bool) -> None:
    write(tmp_path, "src/app.py", INSECURE_APP)
    os.mkfifo(tmp_path / "src" / "pipe.py")
    argv = ["src/pipe.py", "src/app.py"] if named else ["src"]
    proc = run_cli(["--jobs=1", "--show-source", *argv], tmp_path, timeout=60)
    assert proc.returncode == 1 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    skipped = [x for x in parse_flake8("\n".join(
        line for line in lines if line.startswith("src/"))) if x.code == "E902"]
    assert [(x.path, x.line, x.text) for x in skipped] == [
        ("src/pipe.py", 0, "a FIFO, not a regular file: skipped")]
    assert "STS102" in proc.stdout  # the other file is still checked
    assert lines[-1] == "src/pipe.py:0:1: E902 a FIFO, not a regular file: skipped"


@pytest.mark.parametrize("fmt", ["default", "sts-sarif", "sts-github"])
@pytest.mark.parametrize("target", ["a-file/report.txt", "a-file/deeper/report.txt"])
def test_an_output_file_that_cannot_be_written_is_one_line_and_exit_2(
        tmp_path: Path, fmt: str, target: str) -> None:
    write(tmp_path, "app.py", INSECURE_APP)
    write(tmp_path, "a-file", "")
    proc = run_cli([f"--format={fmt}", f"--output-file={target}", "app.py"], tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "cannot write the report" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "a-file").read_text() == ""


@pytest.mark.parametrize("argv", [["rules"], ["rule", "STS402"], ["app.py"]],
                         ids=["rules", "rule", "lint"])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, argv: list[str]) -> None:
    """``flake8-streamlit-security rules | head -1``: the reader is gone before the
    writer writes; no BrokenPipeError traceback, as ``git log | head`` ends quietly."""
    write(tmp_path, "app.py", INSECURE_APP)
    proc = subprocess.Popen(_cli_argv(*argv), cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like head, gone before the first line arrives
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert err == ""
    assert code == (1 if argv == ["app.py"] else 0)


def test_a_pipe_closed_after_the_first_line(tmp_path: Path) -> None:
    proc = subprocess.run(["sh", "-c", " ".join(_cli_argv("rules")) + " | head -1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.stdout.split()[:2] == ["code", "state"] and len(proc.stdout.splitlines()) == 1
    assert proc.stderr == ""
