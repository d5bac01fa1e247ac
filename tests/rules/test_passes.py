"""How many passes the analyzer makes over a module, and that fewer passes find the same.

A call site needs its callee's summary.  Function bodies are analyzed at the end of the
body that defines them; a callee still waiting there when a caller is analyzed is
analyzed first, with the environment it would get anyway (``Analyzer.summary_now``),
instead of costing another pass over the whole module; so are the methods that assign a
``self.attr`` before it is first read.  A function whose own analysis changed what it
read (its summary, through recursion; a ``self.attr`` it assigns after reading it) is
analyzed again at once, keeping what the callees analyzed on demand meanwhile found.
Calls made from the module body itself still take a second pass (their callee must see
every global).
"""
from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_streamlit_security import taint
from flake8_streamlit_security.rules import FAMILIES
from helpers import results


def codes(source: str) -> list[str]:
    return [code for _line, _col, code in results(textwrap.dedent(source))]


def passes(source: str) -> int:
    an = taint.Analyzer(ast.parse(textwrap.dedent(source)), streamlit=True)
    for family in FAMILIES:
        family(an)
    count = 0
    stable = an._stable

    def counting() -> bool:
        nonlocal count
        count += 1
        return stable()

    an._stable = counting  # type: ignore[method-assign]
    an.run()
    return count


CALLER_FIRST = """
    import streamlit as st

    def render():
        show(st.text_input("Name"))

    def show(text):
        st.markdown(wrap(text), unsafe_allow_html=True)

    def wrap(text):
        return f"<b>{text}</b>"

    def main():
        render()
"""


def test_callers_before_callees_take_one_pass() -> None:
    assert passes(CALLER_FIRST) == 1
    assert "STS402" in codes(CALLER_FIRST)


def test_recursion_still_reaches_a_fixed_point() -> None:
    source = """
        import streamlit as st

        def nest(value, depth):
            if depth:
                return nest(value, depth - 1)
            return value

        st.markdown(nest(st.text_input("Name"), 3), unsafe_allow_html=True)
    """
    assert passes(source) >= 2
    assert "STS402" in codes(source)


@pytest.mark.parametrize("order", ["callee first", "caller first"])
def test_definition_order_does_not_change_findings(order: str) -> None:
    callee = """
        def run_query(conn, name):
            return conn.query(f"SELECT * FROM users WHERE name = '{name}'")
    """
    caller = """
        def page():
            conn = st.connection("sql")
            run_query(conn, st.text_input("Name"))
    """
    parts = [callee, caller] if order == "callee first" else [caller, callee]
    source = "import streamlit as st\n" + "".join(textwrap.dedent(p) for p in parts)
    assert "STS401" in codes(source)
    assert passes(source) == 1


def test_recursion_inside_functions_settles_locally() -> None:
    """A recursive function is analyzed again at once (its own summary changed),
    not the whole module."""
    source = """
        import streamlit as st

        def nest(value, depth):
            if depth:
                return nest(value, depth - 1)
            return value

        def page():
            st.markdown(nest(st.text_input("Name"), 3), unsafe_allow_html=True)
    """
    assert passes(source) == 1
    assert "STS402" in codes(source)


def test_attribute_assigned_after_its_first_read_settles_locally() -> None:
    source = """
        import streamlit as st

        class Store:
            def __init__(self):
                self._rows = None

            def rows(self):
                if self._rows is None:
                    self._rows = st.text_input("Filter")
                return self._rows

            def show(self):
                st.markdown(self._rows, unsafe_allow_html=True)
    """
    assert passes(source) == 1
    assert "STS402" in codes(source)


def test_a_recursive_chain_settles_and_names_each_function_once() -> None:
    """A recursive function reaching a sink: its recursive call adds the chain
    ``walk -> read -> open`` once, not ``walk -> walk -> ... -> read -> open``,
    one more ``walk`` for every pass, until the passes ran out."""
    source = """
        import streamlit as st

        def read(path):
            return open(path).read()

        def walk(node):
            read(node.path)
            for child in node.children:
                walk(child)

        def page():
            walk(st.text_input("Path"))
    """
    assert passes(source) == 1
    from flake8_streamlit_security.plugin import Plugin

    text = textwrap.dedent(source)
    found = Plugin(ast.parse(text), text.splitlines(True), "app.py").run()
    assert [message for _line, _col, message, _cls in found] == [
        "STS405 user-controlled file path in walk -> read -> open() (path traversal); "
        "use os.path.basename() and a fixed folder"
    ]


def test_a_callee_analyzed_on_demand_keeps_its_findings_when_its_caller_repeats() -> None:
    """``walk`` is analyzed again at once (its recursive call changed its summary);
    ``run`` was analyzed on demand during its first analysis and is not analyzed
    again, so what ``run`` found stays."""
    source = """
        import subprocess
        import streamlit as st

        def walk(node):
            run(node)
            for child in node.children:
                walk(child)

        def run(node):
            subprocess.run(st.text_input("Command"), shell=True)
            return eval(node)

        def page():
            walk(st.text_input("Root"))
    """
    assert passes(source) == 1
    assert codes(source) == ["STS303", "STS302"]


def test_a_method_reading_an_attribute_assigned_by_a_later_method_takes_one_pass() -> None:
    """Before ``self.host`` is first read, the methods that assign it are analyzed."""
    source = """
        import subprocess
        import streamlit as st

        class Tools:
            def __init__(self):
                self.host = "localhost"

            def ping(self):
                subprocess.run(f"ping -c 1 {self.host}", shell=True)

            def sidebar(self):
                self.host = st.sidebar.text_input("Host")
    """
    assert passes(source) == 1
    assert codes(source) == ["STS303"]


def test_an_analysis_leaves_no_reference_cycle() -> None:
    """Reference counting frees a file's analysis at once: the garbage collector's
    full collections (which flake8 pays for on every later file) never see it."""
    import gc

    from flake8_streamlit_security.plugin import Plugin

    source = textwrap.dedent(CALLER_FIRST) + textwrap.dedent("""
        class Store:
            def __init__(self):
                self.rows = st.text_input("Rows")

            def show(self):
                st.markdown(self.rows, unsafe_allow_html=True)
    """)
    tree = ast.parse(source)
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        assert list(Plugin(tree, source.splitlines(True), "app.py").run())
        gc.collect()
        ours = [o for o in gc.garbage
                if type(o).__module__.startswith("flake8_streamlit_security")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert ours == []


def loop_analyses(source: str) -> int:
    """How many times the body of the module's first loop is analyzed."""
    tree = ast.parse(textwrap.dedent(source))
    loop = next(n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While)))
    an = taint.Analyzer(tree, streamlit=True)
    for family in FAMILIES:
        family(an)
    count = 0
    block = an.block

    def counting(body: list[ast.stmt], env: taint.Env) -> None:
        nonlocal count
        count += body is loop.body
        block(body, env)

    an.block = counting  # type: ignore[method-assign]
    an.run()
    return count


LOOP_BINDS_NOTHING = """
    import streamlit as st

    for row in rows:
        st.write(row)
        st.markdown(row.title, unsafe_allow_html=True)
"""
LOOP_CARRIES_A_VALUE = """
    import streamlit as st

    shown = "<b>start</b>"
    for _ in range(3):
        st.markdown(shown, unsafe_allow_html=True)
        shown = st.text_input("Next")
"""
LOOP_REBINDS_THE_SAME = """
    import streamlit as st

    label = "Name"
    while True:
        label = "Name"
        st.text(label)
"""
LOOP_WRITES_STATE_READ_BEFORE = """
    import streamlit as st

    for _ in range(3):
        st.markdown(st.session_state.get("shown", ""), unsafe_allow_html=True)
        st.session_state["shown"] = st.text_input("Next")
"""


@pytest.mark.parametrize(("source", "analyses"), [
    (LOOP_BINDS_NOTHING, [1]), (LOOP_REBINDS_THE_SAME, [1]), (LOOP_CARRIES_A_VALUE, [2]),
    # the module's second pass (for the state read) writes the key as it was
    (LOOP_WRITES_STATE_READ_BEFORE, [2, 1]),
])
def test_a_loop_body_is_analyzed_again_only_when_the_first_analysis_changed_something(
        source: str, analyses: list[int]) -> None:
    """Per pass over the module: a second analysis of a body that bound every name to
    what it already held, and changed no module fact, would see what the first saw."""
    assert passes(source) == len(analyses)
    assert loop_analyses(source) == sum(analyses)


def test_a_value_carried_by_a_loop_still_reaches_the_sink() -> None:
    assert codes(LOOP_CARRIES_A_VALUE) == ["STS402"]
    assert codes(LOOP_WRITES_STATE_READ_BEFORE) == ["STS402"]
