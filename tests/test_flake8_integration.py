"""The plugin through real flake8: as a subprocess and in-process.

Covers registration (``--version``), default selection and the opt-in codes, ``# noqa``
on the reported line of a multi-line call, ``per-file-ignores``, stdin, each plugin
option read from a ``setup.cfg``, the "any file" scope, inputs that must never crash a
flake8 run, and that no output ever contains a fixture secret.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_

from helpers import (
    FAKES,
    flake8_results,
    parse_flake8,
    results,
    run_flake8,
    src,
)
from flake8_streamlit_security import codes

XSS_AND_AUDIT = """
import streamlit as st
import requests

name = st.text_input("Name")
st.markdown(f"<b>{name}</b>", unsafe_allow_html=True)


def card(body):
    st.markdown(body, unsafe_allow_html=True)


up = st.file_uploader("CSV", type="csv")
if up:
    raw = up.getvalue()
requests.get(st.text_input("URL"))
"""


def _write(tmp_path: Path, rel: str, text: str) -> Path:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(src(text), encoding="utf-8")
    return path


# ------------------------------------------------------------------ registration


def test_version_lists_the_plugin() -> None:
    proc = run_flake8(["--version"])
    assert proc.returncode == 0, proc.stderr
    assert "flake8-streamlit-security" in proc.stdout


def test_plugin_class_metadata() -> None:
    from flake8_streamlit_security.plugin import Plugin

    assert Plugin.name == "flake8-streamlit-security"
    assert isinstance(Plugin.version, str) and Plugin.version


# ------------------------------------------------------------------ selection


def test_default_selection_in_process() -> None:
    found = {c for _l, _c, c in flake8_results(XSS_AND_AUDIT)}
    assert "STS402" in found
    for opt in codes.DEFAULT_OFF:
        assert opt not in found, f"{opt} is opt-in but was reported by default"


@pytest.mark.parametrize("opt", ["STS403", "STS406", "STS503"])
def test_extend_select_enables_an_opt_in_code(opt: str) -> None:
    found = {c for _l, _c, c in flake8_results(XSS_AND_AUDIT, [f"--extend-select={opt}"])}
    assert opt in found
    assert "STS402" in found  # the defaults stay on
    assert not ({"STS403", "STS406", "STS503"} - {opt}) & found


def test_select_one_code_only() -> None:
    found = flake8_results(XSS_AND_AUDIT, ["--select=STS402"])
    assert found == [(5, 30, "STS402")]


def test_default_selection_subprocess(tmp_path: Path) -> None:
    path = _write(tmp_path, "app.py", XSS_AND_AUDIT)
    proc = run_flake8(["--isolated", str(path)], cwd=tmp_path)
    got = {x.code for x in parse_flake8(proc.stdout) if x.code.startswith("STS")}
    assert "STS402" in got
    assert not got & set(codes.DEFAULT_OFF)
    assert proc.returncode == 1


def test_legacy_api_style_guide(tmp_path: Path) -> None:
    from flake8.api import legacy

    path = _write(tmp_path, "app.py", XSS_AND_AUDIT)
    guide = legacy.get_style_guide(extend_select=["STS403"])
    report = guide.check_files([str(path)])
    assert report.get_statistics("STS402")
    assert report.get_statistics("STS403")
    assert not report.get_statistics("STS406")


# ------------------------------------------------------------------ noqa and locations

MULTILINE = """
import streamlit as st

name = st.text_input("Name")
st.markdown(  {first}
    f"<b>{{name}}</b>",
    unsafe_allow_html=True,  {kw}
)
"""


def test_noqa_on_the_reported_line_of_a_multiline_call() -> None:
    plain = MULTILINE.format(first="", kw="")
    assert flake8_results(plain, ["--select=STS402"]) == [(6, 4, "STS402")]
    suppressed = MULTILINE.format(first="", kw="# noqa: STS402")
    assert flake8_results(suppressed, ["--select=STS402"]) == []


def test_noqa_on_another_line_does_not_suppress() -> None:
    text = MULTILINE.format(first="# noqa: STS402", kw="")
    assert flake8_results(text, ["--select=STS402"]) == [(6, 4, "STS402")]


def test_noqa_for_a_different_code_does_not_suppress() -> None:
    text = MULTILINE.format(first="", kw="# noqa: STS403")
    assert flake8_results(text, ["--select=STS402"]) == [(6, 4, "STS402")]


def test_flake8_column_is_one_based_col_offset(tmp_path: Path) -> None:
    path = _write(tmp_path, "app.py", 'import streamlit as st\nf = st.file_uploader("Upload")\n')
    proc = run_flake8(["--isolated", "--select=STS", str(path)], cwd=tmp_path)
    assert f"{path}:2:5: STS501 " in proc.stdout


def test_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nper-file-ignores =\n    pages/*.py: STS501\n", encoding="utf-8"
    )
    uploader = 'import streamlit as st\nf = st.file_uploader("Upload")\n'
    _write(tmp_path, "app.py", uploader)
    _write(tmp_path, "pages/upload.py", uploader)
    proc = run_flake8(["--select=STS", "."], cwd=tmp_path)
    found = parse_flake8(proc.stdout)
    paths = {(Path(x.path).as_posix().lstrip("./"), x.code) for x in found}
    assert paths == {("app.py", "STS501")}, proc.stdout


def test_stdin_with_display_name(tmp_path: Path) -> None:
    text = src('import streamlit as st\nname = st.text_input("n")\nst.markdown(name, True)\n')
    proc = run_flake8(
        ["--isolated", "--select=STS", "-", "--stdin-display-name", "app.py"],
        cwd=tmp_path,
        stdin=text,
    )
    assert all(line.startswith("app.py:") for line in proc.stdout.strip().splitlines())
    assert [(x.path, x.line, x.col, x.code) for x in parse_flake8(proc.stdout)] == [
        ("app.py", 3, 19, "STS402")
    ]


def test_plugin_never_reads_the_file_from_disk(tmp_path: Path) -> None:
    # stdin content differs from what is on disk under the display name
    _write(tmp_path, "app.py", "x = 1\n")
    text = src('import streamlit as st\nf = st.file_uploader("Upload")\n')
    proc = run_flake8(
        ["--isolated", "--select=STS", "-", "--stdin-display-name", "app.py"],
        cwd=tmp_path,
        stdin=text,
    )
    assert [x.code for x in parse_flake8(proc.stdout)] == ["STS501"]


# ------------------------------------------------------------------ options from setup.cfg

OPTION_CASES = [
    pytest.param(
        "streamlit-sanitizers = my_clean, acme.html.strip_tags",
        """
        import streamlit as st


        def my_clean(value):
            return value.replace("<", "")


        name = st.text_input("Name")
        st.markdown(my_clean(name), unsafe_allow_html=True)
        """,
        "STS402",
        id="sanitizers",
    ),
    pytest.param(
        "streamlit-secret-names = license, signing_key",
        'LICENSE_CODE = "@@GENERIC@@"\n',
        "STS101",
        id="secret-names",
    ),
    pytest.param(
        "streamlit-sql-sinks = run_sql",
        """
        def find(db, name):
            return db.run_sql(f"SELECT * FROM users WHERE name = '{name}'")
        """,
        "STS401",
        id="sql-sinks",
    ),
]


@pytest.mark.parametrize(("cfg_line", "snippet", "code"), OPTION_CASES)
def test_option_from_setup_cfg(tmp_path: Path, cfg_line: str, snippet: str, code: str) -> None:
    _write(tmp_path, "app.py", snippet)
    without = run_flake8(["--select=STS", "app.py"], cwd=tmp_path)
    (tmp_path / "setup.cfg").write_text(f"[flake8]\n{cfg_line}\n", encoding="utf-8")
    with_cfg = run_flake8(["--select=STS", "app.py"], cwd=tmp_path)
    assert not with_cfg.stderr.strip(), with_cfg.stderr
    before = {x.code for x in parse_flake8(without.stdout)}
    after = {x.code for x in parse_flake8(with_cfg.stdout)}
    if code == "STS402":  # a sanitizer removes a finding
        assert code in before and code not in after, (without.stdout, with_cfg.stdout)
    else:  # extra secret words / sinks add one
        assert code not in before and code in after, (without.stdout, with_cfg.stdout)


def test_options_on_the_command_line_in_process() -> None:
    snippet = OPTION_CASES[2].values[1]
    assert "STS401" not in {c for *_x, c in flake8_results(snippet)}
    assert "STS401" in {c for *_x, c in flake8_results(snippet, ["--streamlit-sql-sinks=run_sql"])}


def test_options_through_the_direct_helper() -> None:
    snippet = OPTION_CASES[0].values[1]
    assert "STS402" in {c for *_x, c in results(snippet)}
    assert "STS402" not in {c for *_x, c in results(snippet, streamlit_sanitizers="my_clean")}
    assert "STS402" in {c for *_x, c in results(snippet)}  # options do not leak between runs


def test_qualified_sanitizer_option_in_audit_mode() -> None:
    """An imported sanitizer named by its qualified name makes a value "sanitized" (STS403)."""
    snippet = """
    import streamlit as st
    from acme import html as acme_html


    def card(body):
        st.markdown(acme_html.strip_tags(body), unsafe_allow_html=True)
    """
    assert "STS403" in {c for *_x, c in results(snippet)}
    assert "STS403" not in {
        c for *_x, c in results(snippet, streamlit_sanitizers="acme.html.strip_tags")
    }


def test_sql_sink_option_for_a_function() -> None:
    snippet = """
    from warehouse import run_sql


    def find(name):
        return run_sql(f"SELECT * FROM users WHERE name = '{name}'")
    """
    assert "STS401" not in {c for *_x, c in results(snippet)}
    assert "STS401" in {c for *_x, c in results(snippet, streamlit_sql_sinks="run_sql")}


# ------------------------------------------------------------------ scope


def test_file_without_streamlit_gets_only_any_file_rules() -> None:
    snippet = """
    import os
    import pickle
    import sqlite3

    OPENAI_API_KEY = "@@GENERIC@@"


    def markdown(body, unsafe_allow_html=False):
        return body


    def file_uploader(label):
        return label


    def lookup(name):
        cur = sqlite3.connect("a.db").cursor()
        cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
        markdown(name, unsafe_allow_html=True)
        file_uploader("any")
        pickle.loads(name)
        os.system(name)
        eval(name)
    """
    found = results(snippet)
    assert {c for *_x, c in found} == {"STS101", "STS401"}, found
    for _l, _c, code in found:
        assert codes.RULES[code].scope == "any"


# ------------------------------------------------------------------ robustness

WEIRD = [
    pytest.param(
        """
        import streamlit as st

        args = ("<b>x</b>",)
        kwargs = {"unsafe_allow_html": True}
        st.markdown(*args)
        st.markdown(**kwargs)
        st.markdown(*args, **kwargs)
        st.file_uploader(**kwargs)
        st.file_uploader(*args)
        """,
        id="star-args-and-kwargs",
    ),
    pytest.param(
        """
        import streamlit as st
        import streamlit.components.v1 as components

        st.markdown()
        st.markdown(unsafe_allow_html=True)
        st.text_input()
        st.file_uploader()
        st.link_button()
        st.html()
        components.html()
        components.iframe()
        st.login(1, 2, 3, 4)
        st.query_params.get()
        st.secrets.get()
        st.user[0]
        st.session_state[None] = 1
        """,
        id="wrong-arities",
    ),
    pytest.param(
        """
        import streamlit as st

        f = lambda: st.text_input("x")
        g = lambda v=st.text_input("y"): eval(v)
        st.markdown((lambda: f())(), unsafe_allow_html=True)
        handlers = {"a": lambda: st.login()}
        st.button("go", on_click=lambda: st.login())
        st.button("go", on_click=handlers["a"])
        st.button("go", on_click=None)
        """,
        id="lambdas",
    ),
    pytest.param(
        """
        import functools

        import streamlit as st


        @st.cache_data()
        @functools.wraps(print)
        def a(_user):
            return _user


        @(lambda fn: fn)
        def b():
            return st.user.email


        @st.cache_data(ttl=lambda: 1, hash_funcs={str: lambda s: s})
        def c(x=st.session_state):
            return x


        @st.cache_resource
        async def d(*args, **kwargs):
            return await args[0]


        class Page:
            @st.cache_data
            def method(self):
                return st.user.email
        """,
        id="decorators",
    ),
    pytest.param(
        """
        import streamlit as st
        import streamlit as st
        from streamlit import *
        from streamlit import markdown as st

        st.x = st
        st = None
        st.markdown(input(), unsafe_allow_html=True)
        del st
        """,
        id="rebinding",
    ),
    pytest.param(
        """
        import streamlit as st


        def f(x):
            return f(x)


        def g(y):
            return h(y)


        def h(z):
            return g(z)


        eval(f(st.text_input("a")))
        exec(g(st.text_input("b")))
        """,
        id="recursive-functions",
    ),
    pytest.param(
        """
        import streamlit as st

        match st.text_input("cmd"):
            case "a" | "b" as c:
                eval(c)
            case {"k": v, **rest}:
                exec(v)
            case [x, *ys]:
                st.markdown(x, unsafe_allow_html=True)
            case _:
                pass
        try:
            pass
        except* ValueError as eg:
            st.write(eg)


        async def h():
            async for q in aiter(st.text_input("q")):
                yield q
        """,
        id="new-syntax",
    ),
    pytest.param(
        'import streamlit as st\nx = "' + "A" * 200_000 + '"\nst.write(x)\n',
        id="huge-literal",
    ),
    pytest.param(
        "import streamlit as st\n" + "".join(f"v{i} = st.text_input('{i}')\n" for i in range(1500)),
        id="many-statements",
    ),
    pytest.param(
        "import streamlit as st\nx = st.text_input('x')\n" + "\n".join(
            f"x = x + x  # {i}" for i in range(300)
        ) + "\neval(x)\n",
        id="long-reassignment-chain",
    ),
]


@pytest.mark.parametrize("snippet", WEIRD)
def test_weird_inputs_never_crash(snippet: str) -> None:
    found = results(snippet)
    assert "STS000" not in {c for *_x, c in found}, found


def _deep_binop(depth: int) -> str:
    return "import streamlit as st\nx = " + " + ".join(["st.text_input('a')"] * depth) + "\n"


@pytest.mark.parametrize("depth", [400, 1000, 2000])
def test_deep_but_parseable_nesting_does_not_crash(depth: int) -> None:
    found = [f for f in results(_deep_binop(depth)) if f[2] == "STS000"]
    assert len(found) <= 1


def test_deep_attribute_and_call_chains_do_not_crash() -> None:
    chain = (
        "import streamlit as st\nx = st" + ".a" * 1500
        + "\ny = st.text_input('q')" + "()" * 1500 + "\n"
    )
    found = [f for f in results(chain) if f[2] == "STS000"]
    assert len(found) <= 1


@pytest.mark.slow
def test_deep_nesting_through_flake8_subprocess(tmp_path: Path) -> None:
    """10000 levels: flake8 must not print a traceback from this plugin; at most one STS000."""
    (tmp_path / "deep.py").write_text(_deep_binop(10_000), encoding="utf-8")
    (tmp_path / "deep2.py").write_text(_deep_binop(1_500), encoding="utf-8")
    proc = run_flake8(["--isolated", "--select=STS", "deep2.py"], cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    sts = [x.code for x in parse_flake8(proc.stdout, strict=False) if x.code.startswith("STS")]
    assert sts in ([], ["STS000"]), proc.stdout
    proc = run_flake8(["--isolated", "--select=STS", "deep.py"], cwd=tmp_path)
    # Python itself cannot build an AST this deep; whatever flake8 does, it is not our crash.
    assert "flake8_streamlit_security" not in proc.stderr, proc.stderr[-2000:]
    sts = [x.code for x in parse_flake8(proc.stdout, strict=False) if x.code.startswith("STS")]
    assert sts in ([], ["STS000"]), proc.stdout


def test_weird_inputs_through_flake8_subprocess(tmp_path: Path) -> None:
    for i, param in enumerate(WEIRD):
        (tmp_path / f"weird_{i}.py").write_text(src(param.values[0]), encoding="utf-8")
    (tmp_path / "latin1.py").write_bytes(
        b"# -*- coding: latin-1 -*-\nimport streamlit as st\nst.write('caf\xe9')\n"
    )
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbfimport streamlit as st\nst.write('x')\n")
    (tmp_path / "empty.py").write_text("", encoding="utf-8")
    (tmp_path / "only_comment.py").write_text("# streamlit\n", encoding="utf-8")
    (tmp_path / "syntax_error.py").write_text(
        "import streamlit as st\nst.write(\n", encoding="utf-8"
    )
    proc = run_flake8(["--isolated", "--select=STS,E999", "."], cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (0, 1)
    got = parse_flake8(proc.stdout)
    assert "STS000" not in {x.code for x in got}, proc.stdout


_FRAGMENTS = [
    "x = st.text_input('a')",
    "y = st.query_params.get('next')",
    "z = st.file_uploader('f', type='csv')",
    "st.markdown(x, unsafe_allow_html=True)",
    "st.markdown(f'<b>{y}</b>', True)",
    "components.html(x)",
    "eval(x)",
    "os.system(y)",
    "open(z.name)",
    "for item in z:\n    st.write(item.name)",
    "with st.sidebar:\n    w = st.text_area('w')",
    "if not st.user.is_logged_in:\n    st.login()",
    "def f(p):\n    return eval(p)",
    "f(x)",
    "x = f(y)",
    "@st.cache_data\ndef g(_user):\n    return st.session_state",
    "conn = st.connection('sql')",
    "conn.query(f'SELECT * FROM t WHERE a = {x}')",
    "x += y",
    "(x, y) = (y, x)",
    "st.session_state['k'] = x",
    "st.link_button('go', y)",
    "st.write(st.secrets)",
    "print(os.environ)",
    "lambda q=x: eval(q)",
    "x = [c for c in x if c]",
    "x = {k: v for k, v in st.query_params.to_dict().items()}",
    "try:\n    pass\nexcept Exception as x:\n    pass",
    "del x",
    "global x",
    "x = st",
    "st = x",
    "import streamlit as st",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st_.lists(st_.sampled_from(_FRAGMENTS), min_size=1, max_size=25))
def test_fuzz_fragments_never_raise(parts: list[str]) -> None:
    code = "import os\nimport streamlit as st\nimport streamlit.components.v1 as components\n"
    code += "\n".join(parts) + "\n"
    try:
        compile(code, "fuzz.py", "exec", flags=0, dont_inherit=True)
    except SyntaxError:  # e.g. 'global' after use
        return
    found = results(code)
    assert "STS000" not in {c for *_x, c in found}, code


# ------------------------------------------------------------------ secrets never printed


def _all_fail_snippets() -> list[str]:
    snippets = []
    for mod in ("secrets", "auth", "execution", "injection", "uploads", "caching"):
        module = importlib.import_module(f"rules.test_{mod}")
        for name in dir(module):
            if name.endswith("_FAIL"):
                snippets.extend(p.values[0] for p in getattr(module, name))
    return snippets


def test_no_fixture_secret_in_any_output_line(tmp_path: Path) -> None:
    snippets = _all_fail_snippets()
    assert len(snippets) > 100
    for i, snippet in enumerate(snippets):
        (tmp_path / f"case_{i:03d}.py").write_text(src(snippet), encoding="utf-8")
    for fmt in ([], ["--format=sts-sarif"], ["--format=sts-github"]):
        proc = run_flake8(
            ["--isolated", "--select=STS", "--extend-select=STS403,STS406,STS503", *fmt, "."],
            cwd=tmp_path,
        )
        if fmt and "sts-" in fmt[0] and proc.returncode not in (0, 1):
            continue  # formatter not (yet) available; the default format is the contract here
        output = proc.stdout + proc.stderr
        if not fmt:
            assert len(parse_flake8(proc.stdout)) > 100, output[-3000:]
        for name, value in FAKES.items():
            windows = {value}
            windows |= {value[i:i + 12] for i in range(0, max(1, len(value) - 12), 6)}
            for window in windows:
                assert window not in output, f"fixture secret {name} leaked: {window!r}"


def test_messages_never_contain_literal_values() -> None:
    snippet = """
    import os
    import streamlit as st

    DB_PASSWORD = "@@DBPW@@"
    key = os.getenv("OPENAI_API_KEY", "@@GENERIC@@")
    URL = "postgresql://app:@@PW@@@db/prod"
    TOKEN = "@@GITHUB@@"
    """
    from helpers import messages

    text = "\n".join(messages(snippet))
    assert {"STS101", "STS102", "STS103", "STS104"} <= {m.split()[0] for m in text.splitlines()}
    for value in FAKES.values():
        assert value not in text


# ------------------------------------------------------------------ direct helper == real flake8


def _first_fail_case_per_code() -> list[object]:
    cases = []
    for mod in ("secrets", "auth", "execution", "injection", "uploads", "caching"):
        module = importlib.import_module(f"rules.test_{mod}")
        for name in sorted(dir(module)):
            if name.endswith("_FAIL") and name.startswith("STS"):
                code = name[:6]
                param = getattr(module, name)[0]
                cases.append(pytest.param(code, param.values[0], id=code))
    return cases


@pytest.mark.parametrize(("code", "snippet"), _first_fail_case_per_code())
def test_real_flake8_reports_what_the_direct_run_reports(code: str, snippet: str) -> None:
    direct = [r for r in results(snippet) if r[2] == code]
    assert direct, f"{code}: the first failing snippet reports nothing"
    via_flake8 = flake8_results(snippet, [f"--select={code}"])
    assert via_flake8 == direct


def test_every_message_is_fully_rendered() -> None:
    """No leftover ``{field}``, no ``<redacted>`` name, no ``None`` in any fail-case message."""
    from helpers import messages

    bad = []
    for snippet in _all_fail_snippets():
        for message in messages(snippet):
            code = message.split()[0]
            assert code in codes.RULES, message
            if re.search(r"\{\w+\}", message) or "<redacted>" in message or " None" in message:
                bad.append(message)
    assert not bad, bad
