"""Functions: definitions, deferred bodies, summaries and their fixed points.

A function's body is analyzed at the end of the body that defines it (with the
environment it has there); a call site reads the callee's :class:`Summary`,
analyzing a callee still waiting first.  A body whose own analysis changed what it
read is analyzed again at once (:meth:`Functions.body_to_fixed_point`).
"""
from __future__ import annotations

import ast
import sys
from typing import Any, Callable

from flake8_streamlit_security import names
from flake8_streamlit_security.engine.core import Core
from flake8_streamlit_security.engine.scope import Env, Summary
from flake8_streamlit_security.engine.values import NONCONST, V, numeric_param_flows, param_flows
from flake8_streamlit_security.knowledge.categories import PCATS
from flake8_streamlit_security.engine.library import MODEL_TEXT
from flake8_streamlit_security.knowledge.untrusted import CALLBACK_CONTENT, CALLBACK_HANDLER_SUFFIX

_Marks = tuple[int, int, int]


class Todo(list["Deferred"]):
    """The function bodies deferred to the end of one body; ``open`` while that
    body is being analyzed (the list is on the pending stack)."""

    open = True


class Deferred:
    """A function body left for the end of the body that defines it."""

    __slots__ = ("func", "env", "cls", "todo", "done")

    def __init__(self, func: ast.FunctionDef | ast.AsyncFunctionDef, env: Env,
                 cls: ast.ClassDef | None, todo: Todo) -> None:
        self.func = func
        self.env = env
        self.cls = cls
        self.todo = todo  # the pending list holding it
        self.done = False


class Functions(Core):

    # How many analyses made on demand may nest (a caller waiting for its callee,
    # waiting for its own callee...: about a dozen Python frames per layer; fewer
    # under a low recursion limit).  Past it, a callee waits in its list, and the
    # next pass over the module runs each list callees first (from the calls this
    # pass saw), so a long chain settles in one more pass.
    MAX_ON_DEMAND = 100

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.pending: list[Todo] = []
        # function -> its latest deferred analysis
        self.deferred: dict[ast.AST, Deferred] = {}
        # (start, end) marks of (consulted, class reads, finding_log) around each
        # analysis made on demand: what body_to_fixed_point must keep
        self.on_demand: list[tuple[_Marks, _Marks]] = []
        self.repeating = 0  # analyses under way that repeat a function's analysis
        self.demanding = 0  # analyses made on demand under way
        self.capped = False  # an analysis on demand was refused (max_on_demand)
        self.max_on_demand = min(self.MAX_ON_DEMAND, sys.getrecursionlimit() // 20)
        self.callees: dict[ast.AST, set[ast.AST]] = {}  # function -> functions it calls

    def s_FunctionDef(self, s: ast.FunctionDef | ast.AsyncFunctionDef, env: Env) -> None:
        for d in s.decorator_list:
            self.expr(d, env)
        for d in s.args.defaults + [x for x in s.args.kw_defaults if x is not None]:
            self.expr(d, env)
        env.bind(s.name, V(func=s, nonconst=PCATS))
        self.emit("function", s, env)
        cls = self.scope_stack[-1] if isinstance(self.scope_stack[-1], ast.ClassDef) else None
        if cls is not None:
            env = self.class_envs.get(cls, env)
        if self.pending:
            self.pending[-1].append(entry := Deferred(s, env, cls, self.pending[-1]))
            self.deferred[s] = entry
        else:
            self.function_body(s, env, cls)

    s_AsyncFunctionDef = s_FunctionDef

    def run_pending(self) -> None:
        """Analyze the function bodies deferred to the end of the enclosing body."""
        todo = self.pending.pop()
        todo.open = False
        for entry in self._callees_first(todo) if self.capped else todo:
            if not entry.done:
                entry.done = True
                self.function_body(entry.func, entry.env, entry.cls)
        todo.clear()  # its entries point back to it: no cycle left for the collector

    def _callees_first(self, todo: Todo) -> list[Deferred]:
        """The entries of ``todo``, each after the entries it calls (as far as the
        calls seen so far tell; a cycle is cut where it is entered), else in order."""
        index = {entry.func: entry for entry in todo}
        out: list[Deferred] = []
        seen: set[ast.AST] = set()
        for root in todo:
            if root.func in seen:
                continue
            seen.add(root.func)
            stack = [(root, iter(self.callees.get(root.func, ())))]
            while stack:
                entry, callees = stack[-1]
                for callee in callees:
                    if callee in index and callee not in seen:
                        seen.add(callee)
                        stack.append((index[callee], iter(self.callees.get(callee, ()))))
                        break
                else:
                    stack.pop()
                    out.append(entry)
        return out

    def summary_now(self, func: ast.AST) -> Summary | None:
        """``func``'s summary for a call site, analyzing its body first if it is
        deferred in a list being run -- with the environment it would get there
        anyway -- so a caller analyzed before its callee does not cost another
        pass over the whole module."""
        if self.func_stack:
            self.callees.setdefault(self.func_stack[-1][0], set()).add(func)
        summ = self.facts.summaries.get(func)
        if summ is None and self.imports is not None:
            summ = self.imports.summaries.get(func)  # a function of another module
        if summ is None:
            summ = self.analyze_now(func)
        return summ

    def analyze_now(self, func: ast.AST) -> Summary | None:
        """Analyze ``func`` now if it waits in a deferred list being run: a list is
        run once it is off the pending stack (and left with every entry done), and
        its entries get the environment they will have there anyway."""
        entry = self.deferred.get(func)
        if entry is None or entry.done or entry.todo.open:
            return None
        if self.demanding >= self.max_on_demand:
            self.capped = True
            return None
        entry.done = True
        start = self._marks()
        at = len(self.on_demand)
        self.demanding += 1
        try:
            summ = self.function_body(entry.func, entry.env, entry.cls)
        finally:
            self.demanding -= 1
        del self.on_demand[at:]  # the spans of analyses nested in this one lie inside it
        self.on_demand.append((start, self._marks()))
        return summ

    def function_body(self, s: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
                      env: Env, cls: ast.ClassDef | None = None) -> Summary:
        a = s.args
        params = [x.arg for x in a.posonlyargs + a.args]
        method = cls is not None and bool(params) and not any(
            names.dotted(d) == "staticmethod" for d in getattr(s, "decorator_list", ()))
        if method and cls is not None:
            self.method_stack.append((cls, params[0]))
        summ = Summary(params + [x.arg for x in a.kwonlyargs])
        bound: dict[str, V] = {}
        allargs = a.posonlyargs + a.args + a.kwonlyargs
        positional = a.posonlyargs + a.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + \
            list(a.defaults) + list(a.kw_defaults)
        for i, arg in enumerate(allargs):
            # constness of a parameter comes from the call site, through param_flows
            numeric = _numeric(arg.annotation) or _number(defaults[i])
            bound[arg.arg] = V(param_flows=numeric_param_flows(i) if numeric
                               else param_flows(i))
            self.emit("param", s, arg, i, env)
        if method and cls is not None and not isinstance(s, ast.Lambda):
            self.callback_content(s, cls, positional, bound)
        if a.vararg:
            bound[a.vararg.arg] = NONCONST
        if a.kwarg:
            bound[a.kwarg.arg] = NONCONST

        def fresh() -> Env:
            inner = env.copy()
            inner.declare(bound)
            return inner

        self.func_stack.append((s, summ))
        self.scope_stack.append(s)
        saved_guard, self.guarded = self.guarded, 0
        if isinstance(s, ast.Lambda):
            summ.ret = self.expr(s.body, fresh())
        else:
            summ = self.body_to_fixed_point(s, summ, fresh)
        self.guarded = saved_guard
        self.scope_stack.pop()
        self.func_stack.pop()
        if method:
            self.method_stack.pop()
        self.facts.set_summary(s, summ)
        return summ

    @staticmethod
    def callback_content(s: ast.FunctionDef | ast.AsyncFunctionDef, cls: ast.ClassDef,
                         positional: list[ast.arg], bound: dict[str, V]) -> None:
        """A callback handler's method the framework calls with what the model wrote
        (``on_llm_new_token(self, token)``): that parameter is untrusted content."""
        at = CALLBACK_CONTENT.get(s.name)
        if at is None or at >= len(positional) or not any(
                (names.dotted(b) or "").endswith(CALLBACK_HANDLER_SUFFIX)
                for b in cls.bases):
            return
        bound[positional[at].arg] = MODEL_TEXT

    def body_to_fixed_point(self, s: ast.FunctionDef | ast.AsyncFunctionDef, summ: Summary,
                            fresh: Callable[[], Env]) -> Summary:
        """Analyze a function body; analyze it again, at once, while the body
        itself changed what it read -- its own summary (a recursive call) or a
        ``self.attr`` it reads before it assigns it -- rather than leave that to
        another pass over the whole module.  Each analysis starts from what the
        one before recorded, less the function's own findings and reads; a callee
        analyzed on demand meanwhile is not analyzed again, so its records stay.
        Three analyses at most (a recursive call's chain settles by the third),
        two inside another function's second or third analysis, which repeats
        the functions defined in it."""
        marks = self._marks()
        spans_at = len(self.on_demand)
        for attempt in range(1, 3 if self.repeating else 4):
            if attempt > 1:
                spans_at = self._forget_since(marks, spans_at)
                summ = Summary(summ.params)
                self.func_stack[-1] = (s, summ)
                self.guarded = 0
                self.repeating += 1
            self.pending.append(Todo())
            self.block(s.body, fresh())
            self.run_pending()
            if attempt > 1:
                self.repeating -= 1
            self.facts.set_summary(s, summ)
            # what the callees analyzed on demand read was checked when they ended
            if self.facts.settled(marks[0], marks[1], self.on_demand[spans_at:]):
                break
        return summ

    def _marks(self) -> _Marks:
        return len(self.facts.consulted), len(self.facts.class_reads), len(self.finding_log)

    def _forget_since(self, marks: _Marks, spans_at: int) -> int:
        """Drop what was recorded since ``marks``, except the records of the
        analyses made on demand since ``on_demand[spans_at]``, which move down to
        sit together right after ``marks``; returns where their span now is."""
        spans = self.on_demand[spans_at:]
        del self.on_demand[spans_at:]
        logs: tuple[list[Any], ...] = (
            self.facts.consulted, self.facts.class_reads, self.finding_log)
        kept_to = []
        for k, log in enumerate(logs):
            keep: set[int] = set()
            for lo, hi in spans:
                keep.update(range(lo[k], hi[k]))
            tail = log[marks[k]:]
            del log[marks[k]:]
            for j, item in enumerate(tail, marks[k]):
                if j in keep:
                    log.append(item)
                elif log is self.finding_log:
                    self.findings.pop(item, None)  # (unless withdrawn already)
            kept_to.append(len(log))
        if spans:
            self.on_demand.append((marks, (kept_to[0], kept_to[1], kept_to[2])))
        return len(self.on_demand) - 1 if spans else len(self.on_demand)


# Annotations that say a parameter is a number, a date or a flag: what it formats into
# a statement (``LIMIT {limit}``) is no injection (STS401).
_NUMERIC_TYPES = frozenset({"int", "float", "bool", "date", "datetime", "Decimal", "UUID"})


def _number(default: ast.expr | None) -> bool:
    """A parameter's default that is a number (``limit=5000``): a number's parameter."""
    return isinstance(default, ast.Constant) and type(default.value) in (int, float)


def _numeric(annotation: ast.expr | None) -> bool:
    """``int``, ``datetime.date``, ``Optional[int]``, ``int | None``."""
    if isinstance(annotation, ast.Subscript) and names.dotted(annotation.value) in (
            "Optional", "typing.Optional"):
        return _numeric(annotation.slice)
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return all(_numeric(side) or isinstance(side, ast.Constant) and side.value is None
                   for side in (annotation.left, annotation.right))
    name = annotation.attr if isinstance(annotation, ast.Attribute) else \
        annotation.id if isinstance(annotation, ast.Name) else None
    return name in _NUMERIC_TYPES


def constant_defaults(func: ast.AST, bound: dict[int, tuple[V, ast.AST]]) -> frozenset[int]:
    """The parameters a call leaves at a literal default (``def count(table="trades")``
    called as ``count()``): constant for SQL as if the call passed the literal."""
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return frozenset()
    a = func.args
    positional = a.posonlyargs + a.args
    first = len(positional) - len(a.defaults)
    found = {first + j for j, d in enumerate(a.defaults)
             if first + j not in bound and isinstance(d, ast.Constant)}
    found.update(len(positional) + j for j, d in enumerate(a.kw_defaults)
                 if d is not None and len(positional) + j not in bound and
                 isinstance(d, ast.Constant))
    return frozenset(found)
