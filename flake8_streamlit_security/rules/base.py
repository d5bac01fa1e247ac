"""The base class of a rule family."""
from __future__ import annotations

import ast
from typing import ClassVar

from flake8_streamlit_security.engine import Analyzer


class Family:
    """A family of rules.  ``streamlit_only`` families skip files that never import it."""

    codes: ClassVar[tuple[str, ...]] = ()
    streamlit_only: ClassVar[bool] = True

    def __init__(self, an: Analyzer) -> None:
        # Each family's own __init__ calls this first, then subscribes its handlers.
        self.an = an

    def report(self, node: ast.AST, code: str, **args: str) -> None:
        self.an.report(node, code, **args)


def short(fq: str | None, node: ast.Call) -> str:
    """A readable call name for messages: ``st.markdown``, ``pickle.loads``."""
    if fq:
        if fq.startswith("streamlit."):
            return "st." + fq[len("streamlit."):]
        if fq.startswith("builtins."):
            return fq[len("builtins."):]
        if not fq.startswith("<"):
            return fq
    func = node.func
    if isinstance(func, ast.Attribute):
        return "." + func.attr
    if isinstance(func, ast.Name):
        return func.id
    return "call"
