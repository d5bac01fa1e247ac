"""The hooks under hostile input: exit codes 0/1/2 only, never a traceback, never an
"internal error", nothing written without ``--fix``; ``--fix`` idempotent and touching
only the flagged values.

Most tests call each hook's ``main(argv)`` in-process (fast enough for hypothesis);
the file-system oddities (symlink loops, FIFOs, 5,000 untracked files) run the
installed console scripts as subprocesses, exactly as pre-commit does.
"""
from __future__ import annotations

import os
import re
import stat
import sys
import time
import tomllib
from pathlib import Path
from typing import Any, Callable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import console_script, run
from repos import Repo, make_repo, snapshot
from streamlit_security_hooks import check_config, check_gitignore, check_secrets

HOOKS = {
    "check-streamlit-config": check_config.main,
    "check-streamlit-secrets": check_secrets.main,
    "check-streamlit-gitignore": check_gitignore.main,
}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)


def run_main(main: Callable[[Sequence[str]], int], argv: Sequence[str], cwd: Path,
             capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        rc = main(list(argv))
    finally:
        os.chdir(old)
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def run_script(name: str, argv: Sequence[str], cwd: Path, timeout: float = 60
               ) -> tuple[int, str, str]:
    proc = run([console_script(name), *argv], cwd, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def assert_clean_exit(rc: int, out: str, err: str, allowed: Sequence[int] = (0, 1)) -> None:
    assert "Traceback" not in err and "Traceback" not in out, err[-3000:]
    assert "internal error" not in err, err  # an exception the hook caught: still a bug
    assert rc in allowed, (rc, out[-2000:], err[-2000:])


@pytest.fixture
def app_repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    root = repo.root
    (root / "app.py").write_text("import streamlit as st\nst.title('x')\n")
    (root / ".streamlit").mkdir()
    (root / ".gitignore").write_text(".streamlit/secrets.toml\n")
    repo.git("add", "app.py", ".gitignore")
    return root


# --------------------------------------------------------------- TOML strategies

KEYS = ("enableXsrfProtection", "enableCORS", "showErrorDetails", "developmentMode",
        "cookieSecret", "enableStaticServing", "trustedUserHeaders", "maxUploadSize",
        "maxMessageSize", "toolbarMode", "token", "headless", "port", "redirect_uri",
        "cookie_secret", "client_id", "client_secret", "server_metadata_url",
        "expose_tokens", "password", "api_key", "url", "ключ", "a b", "")
TABLES = ("server", "client", "global", "mapbox", "auth", "auth.google", "auth.my_provider",
          "connections.db", "theme", "a.b.c", "\"quoted.table\"", "runner")
SCALARS = st.one_of(
    st.sampled_from(["true", "false", "True", '"full"', "'stacktrace'", '"developer"',
                     '"type"', "1001", "-1", "1e400", "nan", "inf", "0x10", "1979-05-27",
                     "1979-05-27T07:32:00Z", '"env:SECRET"', '""', "''",
                     '"""multi\nline"""', "'''raw\nline'''", '"\\u00e9\\n"', '"\\q"',
                     '["a", "b"]', '[1, "mixed"]', "{ x = 1 }", "{ enableCORS = false }",
                     '"https://example.com/oauth2callback"', '"http://evil/oauth2callback"',
                     "[[]]", "[", '"unterminated', "= =", "[[[", "x.y.z = 1"]),
    st.text(max_size=20).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.integers().map(str),
)


@st.composite
def toml_like(draw: Any) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(["header", "aot", "kv", "dotted", "comment", "blank",
                                     "junk"]))
        if kind == "header":
            lines.append(f"[{draw(st.sampled_from(TABLES))}]")
        elif kind == "aot":
            lines.append(f"[[{draw(st.sampled_from(TABLES))}]]")
        elif kind == "kv":
            sep = draw(st.sampled_from(["=", " = ", "   =\t"]))
            lines.append(f"{draw(st.sampled_from(KEYS))}{sep}{draw(SCALARS)}"
                         + draw(st.sampled_from(["", "  # comment", "#"])))
        elif kind == "dotted":
            lines.append(f"{draw(st.sampled_from(TABLES))}.{draw(st.sampled_from(KEYS))} = "
                         f"{draw(SCALARS)}")
        elif kind == "comment":
            lines.append("# " + draw(st.text(max_size=30)).replace("\n", " "))
        elif kind == "blank":
            lines.append("")
        else:
            lines.append(draw(st.text(max_size=40)))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + newline.join(lines) + draw(st.sampled_from(["", newline]))


TOML_TEXT = st.one_of(toml_like(), st.text(max_size=300))


# ------------------------------------------------------------------------ tests


@FUZZ
@given(config=TOML_TEXT, secrets=TOML_TEXT)
def test_toml_hooks_on_generated_text(app_repo: Path, capsys: pytest.CaptureFixture[str],
                                      config: str, secrets: str) -> None:
    (app_repo / ".streamlit" / "config.toml").write_bytes(config.encode("utf-8", "surrogatepass"))
    (app_repo / ".streamlit" / "secrets.toml").write_bytes(
        secrets.encode("utf-8", "surrogatepass"))
    (app_repo / "secrets.toml.example").write_bytes(secrets.encode("utf-8", "surrogatepass"))
    before = snapshot(app_repo)
    for name, argv in (
        ("check-streamlit-config", []),
        ("check-streamlit-config", [".streamlit/config.toml"]),
        ("check-streamlit-secrets", []),
        ("check-streamlit-secrets", [".streamlit/secrets.toml", "secrets.toml.example"]),
    ):
        assert_clean_exit(*run_main(HOOKS[name], argv, app_repo, capsys))
    assert snapshot(app_repo) == before


@FUZZ
@given(data=st.binary(max_size=400))
def test_toml_hooks_on_binary_files(app_repo: Path, capsys: pytest.CaptureFixture[str],
                                    data: bytes) -> None:
    for rel in (".streamlit/config.toml", ".streamlit/secrets.toml"):
        (app_repo / rel).write_bytes(data)
    before = snapshot(app_repo)
    for name in ("check-streamlit-config", "check-streamlit-secrets"):
        assert_clean_exit(*run_main(HOOKS[name], [], app_repo, capsys))
    assert snapshot(app_repo) == before


GITIGNORE_LINES = st.one_of(
    st.sampled_from([".streamlit/secrets.toml", "!.streamlit/secrets.toml", "*.toml",
                     "!secrets.toml", ".streamlit/", "/.streamlit", "**/.streamlit/secrets.toml",
                     "secrets.toml ", "\\#secrets.toml", "#.streamlit/secrets.toml", "*",
                     "!*", "[", "\\", "**", "/**/", ".streamlit/*", "!.streamlit/",
                     "app.py", ".env", "*.pem", "   ", "\t"]),
    st.text(max_size=25).map(lambda s: s.replace("\n", "").replace("\r", "")),
)


@st.composite
def gitignore_text(draw: Any) -> bytes:
    lines = draw(st.lists(GITIGNORE_LINES, max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    end = draw(st.sampled_from(["", newline]))
    return (newline.join(lines) + end).encode("utf-8", "surrogatepass")


@FUZZ
@given(content=st.one_of(gitignore_text(), st.binary(max_size=200)), nested=st.booleans())
def test_gitignore_hook_on_generated_gitignore(tmp_path_factory: pytest.TempPathFactory,
                                               capsys: pytest.CaptureFixture[str],
                                               content: bytes, nested: bool) -> None:
    repo = make_repo(tmp_path_factory.mktemp("gi") / "repo")
    root = repo.root
    (root / "app.py").write_text("import streamlit as st\n")
    (root / "sub" / ".streamlit").mkdir(parents=True)
    (root / "sub" / ".streamlit" / "config.toml").write_text("[server]\n")
    (root / ".gitignore").write_bytes(content)
    if nested:
        (root / "sub" / ".gitignore").write_bytes(content)
    repo.git("add", "-f", "app.py")
    before = snapshot(root)
    rc, out, err = run_main(check_gitignore.main, [], root, capsys)
    assert_clean_exit(rc, out, err)
    assert snapshot(root) == before  # nothing written without --fix

    rc, out, err = run_main(check_gitignore.main, ["--fix"], root, capsys)
    assert_clean_exit(rc, out, err)
    after = (root / ".gitignore").read_bytes()
    assert after.startswith(content)  # --fix only appends
    added = after[len(content):]
    if added:
        assert "Fixing .gitignore" in out
        assert all(line.strip() in (b"", b".streamlit/secrets.toml",
                                    b"**/.streamlit/secrets.toml")
                   or line.strip().startswith(b"/") for line in added.splitlines()), added
    others = {k: v for k, v in snapshot(root).items() if k != ".gitignore"}
    assert others == {k: v for k, v in before.items() if k != ".gitignore"}
    # idempotent: a second --fix changes nothing
    rc, out2, err = run_main(check_gitignore.main, ["--fix"], root, capsys)
    assert_clean_exit(rc, out2, err)
    assert "Fixing" not in out2
    assert (root / ".gitignore").read_bytes() == after


# --------------------------------------------------------- --fix of the config

FIXABLE = {  # (table, key): (unsafe literals, safe literals --fix may write)
    ("server", "enableXsrfProtection"): (["false"], ["true"]),
    ("server", "enableCORS"): (["false"], ["true"]),
    ("client", "showErrorDetails"): (['"full"', "'full'", '"stacktrace"', "true"],
                                     ['"type"', "'type'"]),
    ("global", "developmentMode"): (["true"], ["false"]),
    ("client", "toolbarMode"): (['"developer"', "'developer'"], ['"auto"', "'auto'"]),
}
SAFE_OTHERS = {
    "server": ['headless = true', 'port = 8501', 'maxUploadSize = 200', 'baseUrlPath = ""'],
    "client": ['showSidebarNavigation = false'],
    "global": ['disableWidgetStateDuplicationWarning = true'],
    "theme": ['primaryColor = "#F63366"', "font = 'serif'"],
}


@st.composite
def config_with_flags(draw: Any) -> tuple[str, set[tuple[str, str]]]:
    """A config.toml with some fixable unsafe values among safe ones, varied layout."""
    flagged: set[tuple[str, str]] = set()
    chunks: list[str] = []
    tables = draw(st.permutations(["server", "client", "global", "theme"]))
    comment = st.sampled_from(["", "  # keep", " #x", "\t# ünïcode"])
    for table in tables:
        lines = [draw(st.sampled_from([f"[{table}]", f"[ {table} ]", f"[{table}]  # t"]))]
        entries = [draw(st.sampled_from(SAFE_OTHERS[table]))]
        for (t, key), (bad, good) in FIXABLE.items():
            if t != table:
                continue
            choice = draw(st.sampled_from(["bad", "good", "absent"]))
            if choice == "absent":
                continue
            value = draw(st.sampled_from(bad if choice == "bad" else good))
            eq = draw(st.sampled_from([" = ", "=", "   =  "]))
            entries.append(f"{key}{eq}{value}{draw(comment)}")
            if choice == "bad":
                flagged.add((t, key))
        order = draw(st.permutations(entries))
        lines += list(order)
        chunks.append("\n".join(lines))
    sep = draw(st.sampled_from(["\n\n", "\n", "\n# between\n\n"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = ("# Streamlit config" + "\n" + sep.join(chunks) + "\n").replace("\n", newline)
    return text, flagged


def _changed_token(old: str, new: str) -> tuple[str, str, str]:
    """The whole TOML value token that differs between two versions of a line."""
    i = 0
    while i < min(len(old), len(new)) and old[i] == new[i]:
        i += 1
    j = 0
    while j < min(len(old), len(new)) - i and old[-1 - j] == new[-1 - j]:
        j += 1
    token = re.compile(r"[\w\"']")
    while i > 0 and token.match(old[i - 1]):
        i -= 1
    while j > 0 and token.match(old[len(old) - j]):
        j -= 1
    return old[:i], old[i:len(old) - j], new[i:len(new) - j]


@FUZZ
@given(case=config_with_flags())
def test_config_fix_changes_only_flagged_values(app_repo: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                case: tuple[str, set[tuple[str, str]]]) -> None:
    text, flagged = case
    config = app_repo / ".streamlit" / "config.toml"
    config.write_bytes(text.encode("utf-8"))
    before_parsed = tomllib.loads(text)
    others_before = {k: v for k, v in snapshot(app_repo).items() if not k.endswith("config.toml")}

    rc, out, err = run_main(check_config.main, ["--fix", ".streamlit/config.toml"], app_repo,
                            capsys)
    assert_clean_exit(rc, out, err)
    new = config.read_bytes().decode("utf-8")
    assert ("Fixing" in out) == bool(flagged)
    assert rc == (1 if flagged else 0)
    old_lines, new_lines = text.splitlines(True), new.splitlines(True)
    assert len(old_lines) == len(new_lines)
    changed = set()
    table = ""
    for old_line, new_line in zip(old_lines, new_lines):
        header = re.match(r"\s*\[\s*(\w+)\s*\]", old_line)
        if header:
            table = header.group(1)
        if old_line == new_line:
            continue
        prefix, was, now = _changed_token(old_line, new_line)
        key = prefix.split("=")[0].strip()
        assert (table, key) in flagged, (old_line, new_line)
        bad, good = FIXABLE[(table, key)]
        assert was in bad and now in good, (old_line, new_line)
        assert re.fullmatch(r"\s*\w+\s*=\s*", prefix), prefix
        changed.add((table, key))
    assert changed == flagged
    after_parsed = tomllib.loads(new)
    for table_name, values in before_parsed.items():
        for key, value in values.items():
            if (table_name, key) not in flagged:
                assert after_parsed[table_name][key] == value
    others_after = {k: v for k, v in snapshot(app_repo).items() if not k.endswith("config.toml")}
    assert others_after == others_before
    # idempotent
    rc, out2, err = run_main(check_config.main, ["--fix", ".streamlit/config.toml"], app_repo,
                             capsys)
    assert_clean_exit(rc, out2, err)
    assert rc == 0 and out2 == "" and config.read_bytes().decode("utf-8") == new


@pytest.mark.parametrize("existing", [None, b"", b"node_modules/", b"node_modules/\n",
                                      b"a\r\nb\r\n", b"a\r\nb", b"# only a comment",
                                      b"\xff\xfe binary \x00 junk"],
                         ids=["absent", "empty", "no-eol", "eol", "crlf", "crlf-no-eol",
                              "comment", "binary"])
def test_gitignore_fix_appends_only(app_repo: Path, capsys: pytest.CaptureFixture[str],
                                    existing: bytes | None) -> None:
    gitignore = app_repo / ".gitignore"
    if existing is None:
        gitignore.unlink()
    else:
        gitignore.write_bytes(existing)
    rc, out, err = run_main(check_gitignore.main, ["--fix"], app_repo, capsys)
    assert_clean_exit(rc, out, err)
    after = gitignore.read_bytes()
    base = existing or b""
    assert after.startswith(base)
    added = after[len(base):]
    newline = b"\r\n" if b"\r\n" in base else b"\n"
    assert added.strip(b"\r\n") == b".streamlit/secrets.toml", added
    assert added.endswith(newline)
    rc, out, err = run_main(check_gitignore.main, ["--fix"], app_repo, capsys)
    assert_clean_exit(rc, out, err)
    assert rc == 0 and "Fixing" not in out and gitignore.read_bytes() == after


# ----------------------------------------------------------- file-system oddities


def _all_hooks(root: Path, extra: Sequence[str] = ()) -> list[tuple[str, int, str, str]]:
    results = []
    for name in HOOKS:
        rc, out, err = run_script(name, list(extra), root)
        results.append((name, rc, out, err))
    return results


def test_symlink_loops(app_repo: Path) -> None:
    os.symlink("loop_a", app_repo / "loop_b")
    os.symlink("loop_b", app_repo / "loop_a")
    os.symlink(".", app_repo / "self_dir")
    (app_repo / "x").mkdir()
    os.symlink("../x", app_repo / "x" / "up")
    os.symlink(".streamlit", app_repo / "x" / ".streamlit")  # dangling relative link
    os.symlink("config.toml", app_repo / ".streamlit" / "config.toml")  # self loop
    os.symlink("secrets.toml", app_repo / ".streamlit" / "secrets.toml")
    nested = app_repo / "nested"
    nested.mkdir()
    os.symlink(".streamlit", nested / ".streamlit")  # a .streamlit pointing at itself
    Repo(app_repo).git("add", "-A")
    before = snapshot(app_repo)
    for name, rc, out, err in _all_hooks(app_repo):
        assert_clean_exit(rc, out, err)
    for name, rc, out, err in _all_hooks(app_repo, [".streamlit/config.toml"])[:1]:
        assert_clean_exit(rc, out, err)
    assert snapshot(app_repo) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: permission bits do not "
                    "stop root from reading, so an unreadable file cannot be made this way")
def test_unreadable_files(app_repo: Path) -> None:
    for rel in (".streamlit/config.toml", ".streamlit/secrets.toml"):
        path = app_repo / rel
        path.write_text("[server]\nenableCORS = false\n")
        path.chmod(0)
    locked = app_repo / "locked"
    locked.mkdir()
    (locked / ".streamlit").mkdir()
    locked.chmod(0)
    try:
        before = snapshot(app_repo)
        for name, rc, out, err in _all_hooks(app_repo):
            assert_clean_exit(rc, out, err)
        assert snapshot(app_repo) == before
    finally:
        locked.chmod(stat.S_IRWXU)


def test_unreadable_stand_ins(app_repo: Path) -> None:
    """What root can't be denied: a folder, a dangling link, a device in place of a file."""
    (app_repo / ".streamlit" / "config.toml").mkdir()
    os.symlink("/nonexistent/secrets.toml", app_repo / ".streamlit" / "secrets.toml")
    other = app_repo / "other" / ".streamlit"
    other.mkdir(parents=True)
    os.symlink("/dev/null", other / "config.toml")
    os.symlink("/dev/null", other / "secrets.toml")
    before = snapshot(app_repo)
    for name, rc, out, err in _all_hooks(app_repo):
        assert_clean_exit(rc, out, err)
    for name, argv in (("check-streamlit-config", [".streamlit/config.toml",
                                                   "other/.streamlit/config.toml"]),
                       ("check-streamlit-secrets", [".streamlit/secrets.toml", "missing.toml"])):
        assert_clean_exit(*run_script(name, argv, app_repo))
    assert snapshot(app_repo) == before


@pytest.mark.parametrize(("name", "argv"), [
    pytest.param("check-streamlit-config", [], id="config-walk"),
    pytest.param("check-streamlit-config", [".streamlit/config.toml"], id="config-arg"),
    pytest.param("check-streamlit-secrets", [], id="secrets-walk"),
    pytest.param("check-streamlit-gitignore", [], id="gitignore"),
])
def test_fifo_in_place_of_a_settings_file(app_repo: Path, name: str, argv: list[str]) -> None:
    os.mkfifo(app_repo / ".streamlit" / "config.toml")
    os.mkfifo(app_repo / ".streamlit" / "secrets.toml")
    assert_clean_exit(*run_script(name, argv, app_repo, timeout=10))


def test_repository_with_5000_untracked_files(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "big")
    root = repo.root
    (root / "app.py").write_text("import streamlit as st\n")
    repo.git("add", "app.py")
    for i in range(5000):
        folder = root / f"d{i % 50:02d}" / f"e{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i}.txt").write_text(str(i))
    for i in range(10):
        app = root / f"d{i:02d}" / ".streamlit"
        app.mkdir(exist_ok=True)
        (app / "config.toml").write_text("[server]\nenableCORS = false\n")
        (app / "secrets.toml").write_text('password = "changeme"\n')
    before = snapshot(root)
    for name in HOOKS:
        start = time.perf_counter()
        rc, out, err = run_script(name, [], root)
        elapsed = time.perf_counter() - start
        assert_clean_exit(rc, out, err)
        assert rc == 1 and out  # the untracked apps are found
        assert elapsed < 30, f"{name} took {elapsed:.1f} s"
    assert snapshot(root) == before


def test_bad_arguments_and_outside_a_repository(tmp_path: Path) -> None:
    for name in HOOKS:
        rc, out, err = run_script(name, ["--no-such-option"], tmp_path)
        assert_clean_exit(rc, out, err, allowed=(2,))
        assert err.count("\n") == 1, err
    rc, out, err = run_script("check-streamlit-gitignore", [], tmp_path)
    assert_clean_exit(rc, out, err, allowed=(2,))
    for name in ("check-streamlit-config", "check-streamlit-secrets"):
        assert_clean_exit(*run_script(name, [], tmp_path), allowed=(0, 1, 2))


def test_non_utf8_file_names(app_repo: Path) -> None:
    if sys.platform == "darwin":  # pragma: no cover
        pytest.skip("APFS refuses non-UTF-8 names")
    weird = os.fsencode(str(app_repo)) + b"/caf\xe9"
    os.makedirs(weird + b"/.streamlit")
    with open(weird + b"/.streamlit/config.toml", "wb") as fh:
        fh.write(b"[client]\nshowErrorDetails = 'full'\n")
    with open(weird + b"/.env", "wb") as fh:
        fh.write(b"X=1\n")
    Repo(app_repo).git("add", "-A")
    for name, rc, out, err in _all_hooks(app_repo):
        assert_clean_exit(rc, out, err)
