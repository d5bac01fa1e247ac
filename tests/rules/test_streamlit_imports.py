"""Which files import Streamlit's public API (and so get every rule): the import may sit
anywhere a statement can, and only the statement lists are searched for it."""
from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_streamlit_security.names import imports_streamlit

PLACES = {
    "module": "{imp}\n",
    "if": "if True:\n    pass\nelse:\n    {imp}\n",
    "try": "try:\n    pass\nexcept ImportError:\n    {imp}\n",
    "try-else": "try:\n    pass\nexcept ImportError:\n    pass\nelse:\n    {imp}\n",
    "finally": "try:\n    pass\nfinally:\n    {imp}\n",
    "with": "with open('x') as fh:\n    {imp}\n",
    "function": "def main():\n    {imp}\n",
    "method": "class App:\n    def run(self):\n        {imp}\n",
    "while-def": "while True:\n    def page():\n        {imp}\n    break\n",
    "match": "match 1:\n    case 1:\n        {imp}\n",
    "async": "async def main():\n    async with lock:\n        {imp}\n",
}

PUBLIC = ["import streamlit as st", "import streamlit", "from streamlit import markdown",
          "import streamlit.components.v1 as components",
          "from streamlit.components.v1 import html"]
INTERNAL = ["import streamlit.runtime.scriptrunner", "from streamlit.runtime import Runtime",
            "from .streamlit import st", "import streamlit_extras"]


def _walk_definition(tree: ast.AST) -> bool:
    """The definition in full: any Import/ImportFrom node of the tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            a.name == "streamlit" or a.name == "streamlit.components"
            or a.name.startswith("streamlit.components.") for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and not node.level and (
            node.module in ("streamlit", "streamlit.components")
            or (node.module or "").startswith("streamlit.components.")
        ):
            return True
    return False


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("imp", PUBLIC + INTERNAL)
def test_an_import_anywhere_counts(place: str, imp: str) -> None:
    source = PLACES[place].format(imp=imp)
    tree = ast.parse(source)
    assert imports_streamlit(tree, source) is (imp in PUBLIC)
    assert imports_streamlit(tree) is _walk_definition(tree)


def test_a_mention_in_a_string_does_not_count() -> None:
    source = textwrap.dedent('''
        """Usage::

            import streamlit as st
        """
        EXAMPLE = "from streamlit import markdown"
    ''')
    assert not imports_streamlit(ast.parse(source), source)


def test_agrees_with_the_full_walk_on_real_code() -> None:
    root = Path(__file__).resolve().parents[2]
    files = sorted(root.glob("flake8_streamlit_security/**/*.py")) + sorted(
        root.glob("tests/**/*.py")) + sorted(root.glob("examples/**/*.py"))
    seen = {True: 0, False: 0}
    for path in files:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        expected = _walk_definition(tree)
        assert imports_streamlit(tree, source) is expected, path
        seen[expected] += 1
    assert seen[True] >= 10 and seen[False] >= 10


_FRAGMENTS = ["import streamlit", "import streamlit as st", "from streamlit import x",
              "from streamlit.components.v1 import html", "import os, streamlit",
              "import streamlit.runtime", "from streamlit.runtime import y", "streamlit",
              "# import streamlit", "x = 'import streamlit'", "  ", "\t", "\n", "\r\n",
              "from  streamlit  import", "importstreamlit", "#", ".components", "as"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join))
def test_the_line_hint_equals_the_multiline_pattern(text: str) -> None:
    from flake8_streamlit_security import names
    from flake8_streamlit_security.vocab import STREAMLIT_IMPORT_PATTERN

    assert names._import_hint(text) is (re.search(STREAMLIT_IMPORT_PATTERN, text) is not None)
