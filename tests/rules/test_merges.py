"""Joining the environments that the branches of an ``if``, loop or ``match`` leave.

``Env.merge`` looks only at the names bound since the statement began (the analyzer's
``BranchLog``), not at every name in scope: a module's scope holds all its imports and
functions, and every function's scope holds the module's too.  That is right only while
every binding goes through ``Env.bind``, which logs the name; the differential test
below checks, on real code, that no name outside the log differs between the branches.
"""
from __future__ import annotations

import ast
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from flake8_streamlit_security.engine import Analyzer, Env
from flake8_streamlit_security.rules import FAMILIES
from helpers import REPO, results, src


def _sources() -> list[Path]:
    own = sorted((REPO / "tests" / "corpus").glob("*.py")) + sorted(
        (REPO / "examples").rglob("*.py")) + sorted(
        (REPO / "flake8_streamlit_security").rglob("*.py"))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    # Big modules full of branches, loops, try/except and match statements.
    picked = ["argparse.py", "ast.py", "configparser.py", "difflib.py",
              "email/_header_value_parser.py", "inspect.py", "json/decoder.py",
              "pathlib.py", "shutil.py", "subprocess.py", "tarfile.py", "zipfile.py",
              "re/_parser.py", "logging/__init__.py", "typing.py"]
    return own + [stdlib / name for name in picked if (stdlib / name).is_file()]


def test_no_name_outside_the_log_differs_between_branches(monkeypatch: Any) -> None:
    checked = {"merges": 0, "names": 0}
    merge = Env.merge

    def checking(env: Env, a: Env, b: Env, keys: set[str]) -> None:
        checked["merges"] += 1
        for name in env.keys() | a.keys() | b.keys():
            if name in keys:
                continue
            checked["names"] += 1
            assert a.get(name) is b.get(name), name
            assert env is a or env is b or env.get(name) is a.get(name), name
        merge(env, a, b, keys)

    monkeypatch.setattr(Env, "merge", checking)
    files = _sources()
    assert len(files) > 40
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        an = Analyzer(tree, streamlit=True)
        try:
            for family in FAMILIES:
                family(an)
            an.run()
        finally:
            an.close()
        assert an.log.depth == 0, path
    assert checked["merges"] > 5000 and checked["names"] > 100_000, checked


# Every way a branch can bind a name, each reaching a sink after the statement.
BOUND_IN_A_BRANCH = {
    "assignment": """
        if st.checkbox("x"):
            v = st.text_input("a")
        else:
            v = "b"
        st.markdown(v, unsafe_allow_html=True)
    """,
    "loop carried": """
        v = "x"
        for _ in range(3):
            st.markdown(v, unsafe_allow_html=True)
            v = st.text_input("a")
    """,
    "while loop": """
        v = "x"
        while st.checkbox("go"):
            st.markdown(v, unsafe_allow_html=True)
            v = st.text_input("a")
    """,
    "walrus": """
        if (v := st.text_input("a")):
            pass
        st.markdown(v, unsafe_allow_html=True)
    """,
    "match capture": """
        match st.text_input("a"):
            case str(v):
                pass
        st.markdown(v, unsafe_allow_html=True)
    """,
    "item assignment": """
        d = {}
        if st.checkbox("x"):
            d["k"] = st.text_input("a")
        st.markdown(d["k"], unsafe_allow_html=True)
    """,
    "container taint": """
        parts = []
        if st.checkbox("x"):
            parts.append(st.text_input("a"))
        st.markdown(" ".join(parts), unsafe_allow_html=True)
    """,
    "nested branches": """
        v = "x"
        if st.checkbox("x"):
            if st.checkbox("y"):
                for _ in range(2):
                    v = st.text_input("a")
        st.markdown(v, unsafe_allow_html=True)
    """,
    "import in a branch": """
        if st.checkbox("x"):
            import subprocess
        subprocess.run(st.text_input("a"), shell=True)
    """,
}


@pytest.mark.parametrize("case", sorted(BOUND_IN_A_BRANCH))
def test_a_name_bound_in_a_branch_reaches_the_code_after_it(case: str) -> None:
    code = "import streamlit as st\n" + src(BOUND_IN_A_BRANCH[case])
    want = "STS303" if "subprocess" in code else "STS402"
    assert want in [c for _line, _col, c in results(code)], case


def test_the_log_holds_only_the_names_bound_since_the_outermost_branch_began() -> None:
    source = "".join(f"x{i} = {i}\n" for i in range(1000)) + "if x0:\n    y = 1\nz = 2\n"
    an = Analyzer(ast.parse(source), streamlit=True)
    an.run()
    assert an.log.depth == 0
    assert an.log.names == ["y", "z"]


def test_the_engine_binds_names_only_through_env_bind() -> None:
    """A binding that skips ``Env.bind`` is missing from the log, and a branch join
    would then keep one branch's value: outside ``scope.py`` the engine never stores
    into an environment by subscript."""
    engine = REPO / "flake8_streamlit_security" / "engine"
    stores = []
    for path in sorted(engine.glob("*.py")):
        if path.name == "scope.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and \
                    isinstance(node.value, ast.Name) and node.value.id in ENV_NAMES:
                stores.append(f"{path.name}:{node.lineno}")
    assert stores == []


ENV_NAMES = {"env", "inner", "a", "b", "target"}
