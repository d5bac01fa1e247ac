"""The engine's shared state and plumbing: events for the rule families, findings,
name resolution.

:class:`Core` is the base of every part of the engine (:mod:`.statements`,
:mod:`.expressions`, :mod:`.calls`, :mod:`.functions`, :mod:`.classes`); it declares
the state they share and the methods one part calls in another, which
:class:`~flake8_streamlit_security.engine.analyzer.Analyzer` puts together.
"""
from __future__ import annotations

import ast
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Callable, Iterable

from flake8_streamlit_security import names
from flake8_streamlit_security.engine.library import call_kinds
from flake8_streamlit_security.engine.scope import BranchLog, ClassKey, Env, Facts, Summary
from flake8_streamlit_security.engine.values import CLEAN, NONCONST, V
from flake8_streamlit_security.knowledge.categories import PCATS
from flake8_streamlit_security.knowledge.propagation import SANITIZERS
from flake8_streamlit_security.knowledge.streamlit_api import CONTAINER_ATTRS, ST
from flake8_streamlit_security.names import canonical
from flake8_streamlit_security.vocab import is_secret_like

if TYPE_CHECKING:
    from flake8_streamlit_security.engine.imports import Imports

Handler = Callable[..., None]
FindingKey = tuple[int, int, str]
Findings = dict[FindingKey, tuple[str, dict[str, str]]]


class Events:
    """Rule families subscribe to events; the engine emits them as it walks."""

    def __init__(self) -> None:
        self.handlers: dict[str, list[Handler]] = {}
        self.call_routes: list[tuple[Handler, frozenset[str] | None, tuple[str, ...],
                                     frozenset[str], bool, set[str]]] = []
        # event -> (handler, refs, attribute names); and every ref and attribute
        # name some handler wants, to pass over the others at once
        self.ref_routes: dict[str, list[tuple[Handler, frozenset[str], frozenset[str]]]] = {}
        self.watched_refs: set[str] = set()
        self.watched_attrs: set[str] = set()

    def close(self) -> None:
        """Let go of the rule families (they hold the analyzer, it holds their
        handlers): without the cycle, reference counting frees a file's analysis
        at once instead of leaving it to the garbage collector."""
        self.handlers.clear()
        self.call_routes.clear()
        self.ref_routes.clear()

    def on(self, event: str, handler: Handler) -> None:
        self.handlers.setdefault(event, []).append(handler)

    def on_call(self, handler: Handler, *, fqs: Iterable[str] | None = None,
                prefixes: tuple[str, ...] = (), methods: Iterable[str] = (),
                keywords: bool = False, callees: set[str] | None = None) -> None:
        """Subscribe to calls, routed by resolved name, name prefix or method name;
        ``callees``: plain function names (``f(...)``), a set the handler's family may
        fill as it learns them (the module's own functions).

        With no filter the handler sees every call; routing keeps the per-call cost
        of a family near zero for the calls it does not care about.
        """
        self.call_routes.append((handler, None if fqs is None else frozenset(fqs),
                                 prefixes, frozenset(methods), keywords,
                                 callees if callees is not None else set()))

    def on_ref(self, event: str, handler: Handler, *, refs: Iterable[str],
               attrs: Iterable[str] = ()) -> None:
        """Subscribe to ``name`` or ``attribute`` events for values whose resolved
        name is one of ``refs`` (or, for attributes, whose attribute name is one of
        ``attrs``): the analyzer resolves every name and attribute it reads, and
        routing skips the handler calls for the thousands a family ignores."""
        refs, attrs = frozenset(refs), frozenset(attrs)
        self.ref_routes.setdefault(event, []).append((handler, refs, attrs))
        self.watched_refs |= refs
        self.watched_attrs |= attrs

    def emit_ref(self, event: str, node: ast.Name | ast.Attribute, v: V, env: Env) -> None:
        attr = node.attr if isinstance(node, ast.Attribute) else None
        for h, refs, attrs in self.ref_routes.get(event, ()):
            if v.ref in refs or attr in attrs:
                h(node, v, env)

    def emit_call(self, node: ast.Call, fq: str | None, env: Env) -> None:
        func = node.func
        method = func.attr if isinstance(func, ast.Attribute) else None
        for h, fqs, prefixes, methods, keywords, callees in self.call_routes:
            if fqs is None or (fq is not None and (fq in fqs or fq.startswith(prefixes))) \
                    or method in methods or (keywords and node.keywords) or \
                    callees and type(func) is ast.Name and func.id in callees:
                h(node, fq, env)

    def emit(self, event: str, *args: Any) -> None:
        hs = self.handlers.get(event)
        if not hs:
            return
        for h in hs:
            h(*args)


class Core(Events, ABC):
    """The state every part of the engine shares, and the calls between parts."""

    def __init__(self, tree: ast.Module, *, streamlit: bool, extra_sanitizers: Iterable[str],
                 secret_words: Iterable[str], sql_sinks: Iterable[str],
                 validators: Iterable[str] = (), imports: Imports | None = None) -> None:
        super().__init__()
        self.tree = tree
        self.streamlit = streamlit
        self.imports = imports  # the app's own modules this one imports, if followed
        extra = tuple(extra_sanitizers)  # the user's, each for every category
        self.sanitizers: dict[str, frozenset[str]] = {**SANITIZERS, **dict.fromkeys(extra, PCATS)}
        self.extra_sanitizer_tails: frozenset[str] = frozenset(s.rsplit(".", 1)[-1] for s in extra)
        self.call_kinds: dict[str, str] = call_kinds(extra)
        self.secret_words = tuple(secret_words)
        self.sql_sinks = frozenset(sql_sinks)
        # the user's validators (--streamlit-validators), by their last dotted part
        self.validators = frozenset(x.rsplit(".", 1)[-1] for x in validators)
        self.facts = Facts()
        self.log = BranchLog()
        self.findings: Findings = {}
        # finding keys in the order added, for body_to_fixed_point
        self.finding_log: list[FindingKey] = []
        self.memo: dict[ast.AST, V] = {}
        self.nonsink: set[int] = set()
        self.func_stack: list[tuple[ast.AST, Summary]] = []
        self.scope_stack: list[ast.AST] = []
        self.block_stack: list[list[ast.stmt]] = []
        self.watched_blocks: set[int] = set()
        self.method_stack: list[tuple[ast.ClassDef, str]] = []
        self.qualnames: dict[ast.AST, str] = {}  # method -> "Class.method", for messages
        self.class_envs: dict[ast.ClassDef, Env] = {}  # class -> the scope around it
        self.guarded = 0  # login checks (or try/except) around the code being walked
        self.asserting = 0  # assert statements around the expression being walked
        # STS401 on SQL built from a function's parameters alone: (string node, code)
        # -> (function, parameters, sink); and each call's constant parameters
        self.sql_from_params: dict[tuple[ast.AST, str], tuple[ast.AST, frozenset[int], str]] = {}
        # function -> per call: the parameters passed a constant, and those passed the
        # caller's own parameters (caller, its parameters)
        self.sql_calls: dict[ast.AST, list[tuple[frozenset[int],
                                                 dict[int, tuple[ast.AST, frozenset[int]]]]]] = {}
        # SQL strings whose only dynamic parts the user controls are names or clauses
        # (``FROM {table}``): STS401's advice is an allow-list, not placeholders
        self.sql_names: set[ast.AST] = set()

    # ----------------------------------------------------------- plumbing
    def watch_block(self) -> None:
        """Ask for a ``block`` event when the block being walked ends."""
        if self.block_stack:
            self.watched_blocks.add(id(self.block_stack[-1]))

    def secret_like(self, name: str) -> bool:
        return is_secret_like(name, self.secret_words)

    def report(self, node: ast.AST, code: str, **args: str) -> None:
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        key = (line, col, code)
        if key not in self.findings:
            self.findings[key] = (code, args)
            self.finding_log.append(key)

    def withdraw(self, node: ast.AST, code: str) -> None:
        """Take back a finding at ``node`` that a more specific one replaces (one
        finding per literal)."""
        self.findings.pop((getattr(node, "lineno", 1), getattr(node, "col_offset", 0), code),
                          None)

    def new_env(self) -> Env:
        return Env.empty(self.log)

    # ----------------------------------------------------------- resolution
    def qual(self, node: ast.AST, env: Env) -> str | None:
        """Resolved qualified name of a Name/Attribute chain."""
        if isinstance(node, ast.Name):
            v = env.get(node.id)
            if v is not None:
                return v.ref
            if node.id in names.BUILTIN_NAMES:
                return "builtins." + node.id
            return None
        if isinstance(node, ast.Attribute):
            base = self.qual(node.value, env)
            if base is None:
                v = self.memo.get(node.value)
                base = v.ref if v is not None else None
            if base is None:
                return None
            if base == ST and node.attr in CONTAINER_ATTRS:
                return ST
            return canonical(f"{base}.{node.attr}")
        if isinstance(node, (ast.Call, ast.Subscript)):
            v = self.memo.get(node)
            return v.ref if v is not None else None
        return None

    def val(self, node: ast.AST | None, env: Env | None = None) -> V:
        """The value of ``node``: the one computed when it was walked, if it was."""
        if node is None:
            return CLEAN
        v = self.memo.get(node)
        if v is None:
            v = self.expr(node, env if env is not None else self.new_env())
        return v

    def name(self, ident: str, env: Env) -> V:
        v = env.get(ident)
        if v is not None:
            return v
        if ident in names.BUILTIN_NAMES:
            return V(ref="builtins." + ident)
        if ident.isupper() or (ident[:1] == "_" and ident[1:].isupper()):
            return CLEAN
        return NONCONST

    # ----------------------------------------------------------- between the parts
    # Each is defined by the part named (abstract here, so that every part can call it
    # and a part used without the others fails at once instead of at the first call).
    @abstractmethod
    def block(self, body: list[ast.stmt], env: Env) -> None:  # statements
        ...

    @abstractmethod
    def bind(self, target: ast.AST, v: V, env: Env,
             value_node: ast.AST | None) -> None:  # statements
        ...

    @abstractmethod
    def bind_element(self, target: ast.AST, iterable: ast.AST, it: V,
                     env: Env) -> None:  # statements
        ...

    @abstractmethod
    def element(self, v: V) -> V:  # statements
        ...

    @abstractmethod
    def taint_container(self, name: str, v: V, env: Env,
                        keeps_keys: bool = False) -> None:  # statements
        ...

    @abstractmethod
    def state_key(self, node: ast.AST, env: Env) -> str | None:  # statements
        ...

    @abstractmethod
    def expr(self, node: ast.AST, env: Env) -> V:  # expressions
        ...

    @abstractmethod
    def binop(self, node: ast.AST, left: V, right: V, op: ast.operator,
              report_node: ast.AST, right_node: ast.AST) -> V:  # expressions
        ...

    @abstractmethod
    def sql_built(self, node: ast.AST, v: V, pairs: list[tuple[str, V]]) -> V:  # expressions
        ...

    @abstractmethod
    def state_value(self, key: str, ref: str | None = None) -> V:  # expressions
        ...

    @abstractmethod
    def check(self, node: ast.AST, env: Env) -> tuple[frozenset[str], frozenset[str]]:
        ...  # statements: the names one elementary check validates (true, false)

    @abstractmethod
    def on_disk(self, node: ast.AST, env: Env) -> V:  # calls
        ...

    @abstractmethod
    def sink_value(self, node: ast.AST, v: V, cat: str, code: str,
                   call: str) -> bool:  # calls
        ...

    @abstractmethod
    def function_body(self, s: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
                      env: Env, cls: ast.ClassDef | None = None) -> Summary:  # functions
        ...

    @abstractmethod
    def summary_now(self, func: ast.AST) -> Summary | None:  # functions
        ...

    @abstractmethod
    def analyze_now(self, func: ast.AST) -> Summary | None:  # functions
        ...

    @abstractmethod
    def run_pending(self) -> None:  # functions
        ...

    @abstractmethod
    def class_key(self, node: ast.AST) -> ClassKey | None:  # classes
        ...

    @abstractmethod
    def class_attribute(self, node: ast.Attribute, key: ClassKey) -> V | None:  # classes
        ...

    @abstractmethod
    def constructed(self, init: ast.AST, node: ast.Call, args: list[V],
                    kws: dict[str | None, V]) -> None:  # classes
        ...

    @abstractmethod
    def through_constructor(self, v: V) -> V:  # classes
        ...

    @abstractmethod
    def instance_attribute(self, cls: ast.ClassDef, attr: str) -> V | None:  # classes
        ...

    @abstractmethod
    def set_instance_attribute(self, target: ast.Attribute, v: V, env: Env) -> bool:  # classes
        ...

    @abstractmethod
    def bound_method(self, func: ast.Attribute, env: Env) -> tuple[ast.AST, int] | None:  # classes
        ...

    @abstractmethod
    def find_method(self, cls: ast.ClassDef, name: str, depth: int = 0
                    ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:  # classes
        ...
