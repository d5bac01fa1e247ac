"""The analyzer of one module: the parts of the engine put together, and its passes.

Every expression is evaluated once per pass; passes repeat (at most
:attr:`Analyzer.MAX_PASSES`) until every fact read during one -- a summary, a
session-state key, a ``self.attr`` -- kept the value it was read with; the findings of
the last pass are kept.
"""
from __future__ import annotations

import ast
from bisect import bisect_left
from typing import TYPE_CHECKING, Any, Callable, Iterable

from flake8_streamlit_security import names
from flake8_streamlit_security.engine import expressions, statements
from flake8_streamlit_security.engine.calls import Calls
from flake8_streamlit_security.engine.classes import Classes
from flake8_streamlit_security.engine.core import Findings
from flake8_streamlit_security.engine.expressions import Expressions
from flake8_streamlit_security.engine.functions import Functions, Todo
from flake8_streamlit_security.knowledge.sql import sql_sink_kind
from flake8_streamlit_security.engine.statements import Statements
from flake8_streamlit_security.engine.values import V
from flake8_streamlit_security.knowledge.categories import PCATS


if TYPE_CHECKING:
    from flake8_streamlit_security.engine.imports import Imports


class Analyzer(Statements, Expressions, Calls, Functions, Classes):
    """Walks one module; rule families subscribe to its events."""

    MAX_PASSES = 4

    def __init__(self, tree: ast.Module, *, streamlit: bool,
                 extra_sanitizers: Iterable[str] = (), extra_secret_words: Iterable[str] = (),
                 sql_sinks: Iterable[str] = (), validators: Iterable[str] = (),
                 imports: Imports | None = None) -> None:
        super().__init__(tree, streamlit=streamlit, extra_sanitizers=extra_sanitizers,
                         secret_words=extra_secret_words, sql_sinks=sql_sinks,
                         validators=validators, imports=imports)

    def run(self) -> Findings:
        for _ in range(self.MAX_PASSES):
            self.findings = {}
            self.finding_log = []
            self.memo = {}
            self.nonsink = set()
            self.on_demand = []
            self.deferred = {}
            self.writers_tried = set()
            self.sql_from_params = {}
            self.sql_calls = {}
            self.facts.new_pass()
            env = self.new_env()
            env.declare({s.name: V(func=s, nonconst=PCATS) for s in self.tree.body
                         if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))})
            self.scope_stack = [self.tree]
            self.pending.append(Todo())
            self.block(self.tree.body, env)
            self.run_pending()
            self.emit("module_end", env)
            if self.facts.stable():
                break
        self.report_sql_from_params()
        return self.findings

    def report_sql_from_params(self) -> None:
        """STS401 for SQL built from a function's parameters: a parameter is constant
        when the module calls the function and every call passes a constant for it
        (``find_by(table="users")``); a function never called here (a helper other
        files call, a callback) is reported as before."""
        known: dict[tuple[ast.AST, frozenset[int]], bool] = {}
        for (node, code), (func, params, call) in self.sql_from_params.items():
            if self.constant_params(func, params, set(), known):
                continue
            self.report(node, code, call=call, remedy=sql_sink_kind(call))

    def constant_params(self, func: ast.AST, params: frozenset[int], seen: set[ast.AST],
                        known: dict[tuple[ast.AST, frozenset[int]], bool]) -> bool:
        """Every call of ``func`` in the module passes a constant (or leaves a literal
        default) for ``params``, or passes its caller's parameters that every call of
        the caller fills so; False when ``func`` is never called here (a helper other
        files call) or a cycle leaves it open."""
        if (func, params) in known:
            return known[(func, params)]
        calls = self.sql_calls.get(func)
        if not calls or func in seen:
            return False
        seen.add(func)
        try:
            result = all(all(i in constant or i in forwarded and self.constant_params(
                *forwarded[i], seen, known) for i in params) for constant, forwarded in calls)
        finally:
            seen.discard(func)
        known[(func, params)] = result  # (a False a cycle decided may stay: it only reports)
        return result

    def run_light(self, hot_lines: list[int] | None = None) -> Findings:
        """No data flow: for files where only literal checks apply.

        With ``hot_lines`` (sorted line numbers where the text hints at a secret-like
        name or a credential), only the statements spanning them are walked.
        """
        env = self.new_env()
        for s in self.tree.body:
            if isinstance(s, (ast.Import, ast.ImportFrom)):
                self.s_Import(s, env)
        if hot_lines is None:
            nodes: list[ast.AST] = list(ast.walk(self.tree))
        else:
            nodes = []
            _nodes_near(self.tree.body, hot_lines, nodes)
        emit = self.emit
        for node in nodes:
            t = type(node)
            if t is ast.Constant:
                if isinstance(node.value, str):  # type: ignore[attr-defined]
                    emit("str", node, env)
            elif t is ast.Call:
                self.emit_call(node, self.qual(node.func, env), env)  # type: ignore
            elif t is ast.Assign:
                emit("assign", node, node.targets, node.value, env)  # type: ignore
            elif t is ast.AnnAssign or t is ast.NamedExpr:
                if node.value is not None:  # type: ignore[attr-defined]
                    emit("assign", node, [node.target], node.value, env)  # type: ignore
            elif t is ast.Dict:
                emit("dict", node, env)
            elif t is ast.Compare:
                emit("compare", node, env)
            elif t is ast.BoolOp:
                emit("boolop", node, [], env)
            elif t is ast.FunctionDef or t is ast.AsyncFunctionDef or t is ast.Lambda:
                emit("function", node, env)
        emit("module_end", env)
        return self.findings


_BODIES = names.STATEMENT_FIELDS


def _nodes_near(body: list[Any], hot: list[int], out: list[ast.AST]) -> None:
    """Collect the nodes of the statements in ``body`` whose lines include a hot line."""
    for s in body:
        lo = getattr(s, "lineno", 0)
        hi = getattr(s, "end_lineno", None) or lo
        i = bisect_left(hot, lo)
        if i == len(hot) or hot[i] > hi:
            continue
        if not any(isinstance(getattr(s, f, None), list) for f in _BODIES):
            out.extend(ast.walk(s))
            continue
        out.append(s)
        for name, value in ast.iter_fields(s):
            if name in _BODIES:
                _nodes_near(value, hot, out)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        out.extend(ast.walk(item))
            elif isinstance(value, ast.AST):
                out.extend(ast.walk(value))


def _dispatch(prefix: str) -> dict[type, Callable[..., Any]]:
    """Node type -> the analyzer's method ``<prefix><node type name>``."""
    table: dict[type, Callable[..., Any]] = {}
    for attr in dir(Analyzer):
        if attr.startswith(prefix):
            node_type = getattr(ast, attr[len(prefix):], None)
            if isinstance(node_type, type):
                table[node_type] = getattr(Analyzer, attr)
    return table


expressions.E_DISPATCH.update(_dispatch("e_"))
statements.S_DISPATCH.update(_dispatch("s_"))
