"""Abstract values, propagation, sanitizers and the module analyzer.

One :class:`Analyzer` walks a module's statements in order, evaluating every
expression once per pass into a :class:`V` (what is known about the value:
user taint per sink category, non-constness, secret-ness, parameter flows,
Streamlit object kind).  Rule families subscribe to events (``call``,
``compare``, ``if``, ``assign``...) and read values through
:meth:`Analyzer.val`.

Functions of the module get summaries (which parameters reach which sinks,
what the return value carries); passes repeat until summaries and the
session-state facts stop changing, and the findings of the last pass are kept.
"""
from __future__ import annotations

import ast
from bisect import bisect_left
from typing import Any, Callable, Iterable, TypeVar

from flake8_streamlit_security import names
from flake8_streamlit_security.knowledge import sql, streamlit_api
from flake8_streamlit_security.knowledge.categories import (
    ALL, EMPTY, HTML, LINK, PATH, PCATS, SQL, URL,
)
from flake8_streamlit_security.knowledge.propagation import (
    ARCHIVE_OPENERS, DERIVED_METHOD_BLOCK, ENV_GETTERS, ENVIRONMENT, HTTP_CLIENTS,
    LOGGER_FACTORIES, PASSTHROUGH, PATH_METHODS, PATH_PARTS, SANITIZERS, STATE_WRITERS,
    TEMPLATE_METHODS, UPLOAD_READERS,
)
from flake8_streamlit_security.knowledge.streamlit_api import (
    AUTH_KEYS, CLIENT_PREFIXES, CLIENT_SOURCE_METHODS, CLIENT_SOURCES, MAPPING_METHODS, ST,
)
from flake8_streamlit_security.lazyre import LazyRe
from flake8_streamlit_security.names import canonical, const_str
from flake8_streamlit_security.vocab import is_secret_like


_FIXED_HOST = LazyRe(r"[a-zA-Z][\w+.-]*://[^/?#{}\s]+[/?#]")


def auth_like(key: str) -> bool:
    k = key.strip().lower().replace("-", "_")
    if k in AUTH_KEYS:
        return True
    parts = set(k.split("_"))
    return bool(parts & {"admin", "role", "auth"})


class V:
    """What the analyzer knows about a value.  Treat as immutable."""

    __slots__ = ("t", "n", "p", "secret", "sql", "sqlish", "link", "ref", "flags", "auth",
                 "func", "text")

    def __init__(
        self,
        t: frozenset[str] = EMPTY,
        n: frozenset[str] = EMPTY,
        p: frozenset[tuple[int, str]] = EMPTY,
        secret: str | None = None,
        sql: ast.AST | None = None,
        sqlish: bool = False,
        link: ast.AST | None = None,
        ref: str | None = None,
        flags: frozenset[str] = EMPTY,
        auth: str | None = None,
        func: ast.AST | None = None,
        text: str | None = None,
    ) -> None:
        self.t = t  # categories of user taint still dangerous
        self.n = n  # categories for which the value is non-constant and unsanitized
        self.p = p  # (parameter index, category) flows, for function summaries
        self.secret = secret  # description of the secret source, if a secret value
        self.sql = sql  # node of a dynamically built SQL string this value came from
        self.sqlish = sqlish  # a constant string that reads as SQL
        self.link = link  # node of a markdown link with a tainted target
        self.ref = ref  # qualified name / object kind
        self.flags = flags  # upload, email, pw, login, archive, conn, logger, state
        self.auth = auth  # description of a client-controlled auth-like item
        self.func = func  # FunctionDef this name is bound to
        self.text = text  # constant string value, when known

    def but(self, **kw: Any) -> V:
        new = V.__new__(V)
        (new.t, new.n, new.p, new.secret, new.sql, new.sqlish, new.link, new.ref, new.flags,
         new.auth, new.func, new.text) = (
            self.t, self.n, self.p, self.secret, self.sql, self.sqlish, self.link, self.ref,
            self.flags, self.auth, self.func, self.text)
        for k, v in kw.items():
            setattr(new, k, v)
        return new

    def nc(self, cat: str) -> bool:
        """Non-constant (and unsanitized) for ``cat``: own, or through a parameter."""
        return cat in self.n or any(c == cat for _, c in self.p)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        bits = [f"{s}={getattr(self, s)!r}" for s in V.__slots__ if getattr(self, s)]
        return f"V({', '.join(bits)})"


CLEAN = V()
NONCONST = V(n=PCATS)
_PARAM_FLOWS: list[frozenset[tuple[int, str]]] = []


def _param_flows(i: int) -> frozenset[tuple[int, str]]:
    """``{(i, c) for c in PCATS}``: what parameter ``i`` carries, built once per index."""
    while len(_PARAM_FLOWS) <= i:
        _PARAM_FLOWS.append(frozenset((len(_PARAM_FLOWS), c) for c in PCATS))
    return _PARAM_FLOWS[i]


TAINTED = V(t=ALL, n=PCATS)


_T = TypeVar("_T")


def _union(acc: frozenset[_T], more: frozenset[_T]) -> frozenset[_T]:
    """``acc | more``, without a new set when a side is empty or both are one set."""
    if not more or more is acc:
        return acc
    return acc | more if acc else more


def join(values: Iterable[V]) -> V:
    if type(values) is list:
        # V is immutable: the join of one value (or of one value twice) is itself
        if len(values) == 1 or (len(values) == 2 and values[0] is values[1]):
            only: V = values[0]
            return only
    # Unions only where both sides hold something new: most values share the
    # same few sets (PCATS, ALL, EMPTY), which are then passed on as they are.
    t: frozenset[str] = EMPTY
    n: frozenset[str] = EMPTY
    p: frozenset[tuple[int, str]] = EMPTY
    flags: frozenset[str] = EMPTY
    secret = sql = link = auth = ref = text = func = None
    sqlish = False
    first = True
    for v in values:
        t = _union(t, v.t)
        n = _union(n, v.n)
        p = _union(p, v.p)
        flags = _union(flags, v.flags)
        secret = secret or v.secret
        sql = sql or v.sql
        link = link or v.link
        auth = auth or v.auth
        sqlish = sqlish or v.sqlish
        if first:
            ref, text, func = v.ref, v.text, v.func
            first = False
        else:
            ref = ref if ref == v.ref else None
            text = None
            func = func if func is v.func else None
    return V(t, n, p, secret, sql, sqlish, link, ref, flags, auth, func, text)


def same(a: V | None, b: V | None) -> bool:
    """``a`` and ``b`` say the same about a value (or both are None)."""
    if a is b:
        return True
    if a is None or b is None:
        return False
    # every field (nodes compare by identity: ast nodes define no equality)
    return all(getattr(a, field) == getattr(b, field) for field in V.__slots__)


_DERIVED_FLAGS = frozenset({"email", "pw", "upload", "archive"})


def derive(v: V, *, keep_ref: bool = False) -> V:
    """A value computed from ``v`` (subscript, attribute, method result)."""
    return V(v.t, v.n, v.p, v.secret, v.sql, v.sqlish, v.link,
             v.ref if keep_ref else None, v.flags & _DERIVED_FLAGS if v.flags else EMPTY,
             v.auth)


def sanitize(v: V, cats: frozenset[str]) -> V:
    if cats >= PCATS:
        return CLEAN
    return V(v.t - cats, v.n - cats, frozenset(x for x in v.p if x[1] not in cats),
             v.secret, v.sql if SQL not in cats else None, v.sqlish,
             v.link if LINK not in cats else None, None, v.flags, v.auth)


def sqlish(v: V) -> bool:
    """A constant string value (or one built from constants) that reads as SQL."""
    return v.sqlish or (v.text is not None and reads_as_sql(v.text))


def reads_as_sql(text: str) -> bool:
    """A string that reads as SQL (``SELECT ... FROM``, ``INSERT INTO`` ...)."""
    return len(text) >= 10 and sql.STATEMENT_WORD.search(text) is not None and \
        sql.STATEMENT.search(text) is not None


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


def login_guard(test: ast.AST) -> int:
    """1 when ``test`` checks that ``is_logged_in`` exists before reading it."""
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and \
            test.func.id == "hasattr" and len(test.args) == 2 and \
            const_str(test.args[1]) == "is_logged_in":
        return 1
    if isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.In) and \
            const_str(test.left) == "is_logged_in":
        return 1
    return 0


def _scheme_prefixes(node: ast.AST) -> bool:
    lits = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    values = [const_str(x) for x in lits]
    return bool(values) and all(
        v is not None and v.lower().startswith(("http", "https", "/", "mailto:"))
        for v in values
    )


def _checked_name(node: ast.AST) -> str | None:
    # u, u.lower(), u.strip().lower()
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("lower", "strip", "casefold", "lstrip"):
        node = node.func.value
    return node.id if isinstance(node, ast.Name) else None


def scheme_checked(test: ast.AST) -> list[str]:
    """Names whose URL scheme ``test`` validates (startswith http, urlparse().scheme)."""
    out: list[str] = []
    parts = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) \
        else [test]
    for part in parts:
        if isinstance(part, ast.Call) and isinstance(part.func, ast.Attribute) and \
                part.func.attr == "startswith" and part.args and \
                _scheme_prefixes(part.args[0]):
            name = _checked_name(part.func.value)
            if name:
                out.append(name)
        elif isinstance(part, ast.Compare) and isinstance(part.left, ast.Attribute) and \
                part.left.attr in ("scheme", "netloc", "hostname") and \
                isinstance(part.left.value, ast.Call) and part.left.value.args:
            name = _checked_name(part.left.value.args[0])
            if name:
                out.append(name)
        elif isinstance(part, ast.Call) and part.args and len(part.args) >= 2 and \
                (names.dotted(part.func) or "").endswith(("re.match", "re.fullmatch")):
            pattern = const_str(part.args[0]) or ""
            name = _checked_name(part.args[1])
            if name and pattern.startswith(("^http", "http", "^(http", "(http")):
                out.append(name)
    return out


class Summary:
    """What calling a function does: its return value and, per parameter index,
    the sinks an argument reaches (category, code, inner call)."""

    __slots__ = ("params", "ret", "sinks")

    def __init__(self, params: list[str]) -> None:
        self.params = params
        self.ret: V = CLEAN
        self.sinks: dict[int, set[tuple[str, str, str]]] = {}

    def digest(self) -> tuple[Any, ...]:
        return (self.ret.t, self.ret.p, self.ret.secret is not None, self.ret.sql is not None,
                self.ret.n, frozenset((k, frozenset(v)) for k, v in self.sinks.items()))


Env = dict[str, V]
_Marks = tuple[int, int, int]
Handler = Callable[..., None]


class _Deferred:
    """A function body left for the end of the body that defines it."""

    __slots__ = ("func", "env", "cls", "todo", "done")

    def __init__(self, func: ast.FunctionDef | ast.AsyncFunctionDef, env: Env,
                 cls: ast.ClassDef | None, todo: list[_Deferred]) -> None:
        self.func = func
        self.env = env
        self.cls = cls
        self.todo = todo  # the pending list holding it
        self.done = False


class Analyzer:
    """Walks one module; rule families subscribe to its events."""

    MAX_PASSES = 4

    def __init__(self, tree: ast.Module, *, streamlit: bool,
                 extra_sanitizers: Iterable[str] = (), extra_secret_words: Iterable[str] = (),
                 sql_sinks: Iterable[str] = ()) -> None:
        self.tree = tree
        self.streamlit = streamlit
        self.sanitizers = dict(SANITIZERS)
        for s in extra_sanitizers:
            self.sanitizers[s] = PCATS
        self.extra_sanitizer_tails = frozenset(s.rsplit(".", 1)[-1] for s in extra_sanitizers)
        self.secret_words = tuple(extra_secret_words)
        self.sql_sinks = frozenset(sql_sinks)
        self.handlers: dict[str, list[Handler]] = {}
        self.findings: dict[tuple[int, int, str], tuple[str, dict[str, str]]] = {}
        self.summaries: dict[ast.AST, Summary] = {}
        self.state: dict[str, V] = {}  # session_state key -> joined value
        self.source_keys: dict[str, V] = {}  # widget key= -> source value
        self.memo: dict[ast.AST, V] = {}
        self.func_stack: list[tuple[ast.AST, Summary]] = []
        self.scope_stack: list[ast.AST] = []
        self.block_stack: list[list[ast.stmt]] = []
        self.pending: list[list[_Deferred]] = []
        # function -> its latest deferred analysis
        self.deferred: dict[ast.AST, _Deferred] = {}
        self.consulted: list[tuple[ast.AST, bool, Any]] = []
        self.method_stack: list[tuple[ast.ClassDef, str]] = []
        self.class_attrs: dict[tuple[int, str], V] = {}
        # finding keys in the order added, for body_to_fixed_point
        self.finding_log: list[tuple[int, int, str]] = []
        # every read of a self.attr: (class, attr) and the sig it saw
        self.class_read_log: list[tuple[tuple[int, str], Any]] = []
        self.writers_tried: set[tuple[int, str]] = set()
        # (start, end) lengths of (consulted, class_read_log, finding_log) around
        # each analysis made on demand: what body_to_fixed_point must keep
        self.on_demand: list[tuple[_Marks, _Marks]] = []
        self.repeating = 0  # analyses under way that repeat a function's analysis
        # class -> attribute name -> the methods that assign self.<name>
        self.writers: dict[ast.ClassDef, dict[str, list[ast.AST]]] = {}
        self.call_routes: list[tuple[Handler, frozenset[str] | None, tuple[str, ...],
                                     frozenset[str], bool]] = []
        # event -> (handler, refs, attribute names); and every ref and attribute
        # name some handler wants, to pass over the others at once
        self.ref_routes: dict[str, list[tuple[Handler, frozenset[str], frozenset[str]]]] = {}
        self.watched_refs: set[str] = set()
        self.watched_attrs: set[str] = set()
        self.watched_blocks: set[int] = set()
        self.state_reads: dict[str, Any] = {}
        self.nonsink: set[int] = set()
        self.guarded = 0
        # Every name bound since the outermost branching statement under way (if,
        # loop, match) began: the only names its branches can have bound to
        # different values, so the only ones merge_into looks at.
        self.bound_log: list[str] = []
        self.branching = 0
        # how many times a summary, a session-state key, a self.attr or a widget
        # key changed: a loop body's second analysis is needed when they did
        self.facts = 0

    # ----------------------------------------------------------- plumbing
    def close(self) -> None:
        """Let go of the rule families (they hold the analyzer, it holds their
        handlers): without the cycle, reference counting frees a file's analysis
        at once instead of leaving it to the garbage collector, whose full
        collections flake8 then pays for on every later file."""
        self.handlers.clear()
        self.call_routes.clear()
        self.ref_routes.clear()

    def on(self, event: str, handler: Handler) -> None:
        self.handlers.setdefault(event, []).append(handler)

    def on_call(self, handler: Handler, *, fqs: Iterable[str] | None = None,
                prefixes: tuple[str, ...] = (), methods: Iterable[str] = (),
                keywords: bool = False) -> None:
        """Subscribe to calls, routed by resolved name, name prefix or method name.

        With no filter the handler sees every call; routing keeps the per-call cost
        of a family near zero for the calls it does not care about.
        """
        self.call_routes.append((handler, None if fqs is None else frozenset(fqs),
                                 prefixes, frozenset(methods), keywords))

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
        for h, fqs, prefixes, methods, keywords in self.call_routes:
            if fqs is None or (fq is not None and (fq in fqs or fq.startswith(prefixes))) \
                    or method in methods or (keywords and node.keywords):
                h(node, fq, env)

    def watch_block(self) -> None:
        """Ask for a ``block`` event when the block being walked ends."""
        if self.block_stack:
            self.watched_blocks.add(id(self.block_stack[-1]))

    def emit(self, event: str, *args: Any) -> None:
        hs = self.handlers.get(event)
        if not hs:
            return
        for h in hs:
            h(*args)

    def secret_like(self, name: str) -> bool:
        return is_secret_like(name, self.secret_words)

    def report(self, node: ast.AST, code: str, **args: str) -> None:
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        key = (line, col, code)
        if key not in self.findings:
            self.findings[key] = (code, args)
            self.finding_log.append(key)

    def run(self) -> dict[tuple[int, int, str], tuple[str, dict[str, str]]]:
        for _ in range(self.MAX_PASSES):
            self.findings = {}
            self.finding_log = []
            self.class_read_log = []
            self.memo = {}
            self.nonsink = set()
            self.consulted = []
            self.on_demand = []
            self.deferred = {}
            self.state_reads = {}
            self.writers_tried = set()
            env: Env = {}
            for s in self.tree.body:
                if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    env[s.name] = V(func=s, n=PCATS)
            self.scope_stack = [self.tree]
            self.pending.append([])
            self.block(self.tree.body, env)
            self.run_pending()
            self.emit("module_end", env)
            if self._stable():
                break
        return self.findings

    def _stable(self) -> bool:
        """Did every fact consulted during the pass keep the value it was read with?"""
        return all(self._sig(f, i) == k for f, i, k in self.consulted) and all(
            self._state_sig(k) == v for k, v in self.state_reads.items()) and all(
            self._class_sig(k) == v for k, v in self.class_read_log)

    def _sig(self, func: ast.AST, interesting: bool) -> Any:
        """What a call site saw of ``func``'s summary; None when it cannot matter."""
        s = self.summaries.get(func)
        if s is None:
            return None
        r = s.ret
        if not (s.sinks or r.t or r.secret or r.sql or r.link or r.flags or r.auth) and not (
            interesting and r.p
        ):
            return None
        return s.digest()

    def _state_sig(self, key: str) -> Any:
        v = self.state.get(key)
        return (v.t, v.secret is not None) if v is not None else None, key in self.source_keys

    def run_light(self, hot_lines: list[int] | None = None
                  ) -> dict[tuple[int, int, str], tuple[str, dict[str, str]]]:
        """No data flow: for files where only literal checks apply.

        With ``hot_lines`` (sorted line numbers where the text hints at a secret-like
        name or a credential), only the statements spanning them are walked.
        """
        env: Env = {}
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
            if base == ST and node.attr in streamlit_api.CONTAINER_ATTRS:
                return ST
            return canonical(f"{base}.{node.attr}")
        if isinstance(node, ast.Call):
            v = self.memo.get(node)
            return v.ref if v is not None else None
        if isinstance(node, ast.Subscript):
            v = self.memo.get(node)
            return v.ref if v is not None else None
        return None

    def val(self, node: ast.AST | None, env: Env | None = None) -> V:
        if node is None:
            return CLEAN
        v = self.memo.get(node)
        if v is None:
            v = self.expr(node, env if env is not None else {})
        return v

    # ----------------------------------------------------------- statements
    def block(self, body: list[ast.stmt], env: Env) -> None:
        self.block_stack.append(body)
        for s in body:
            self.stmt(s, env)
        if id(body) in self.watched_blocks:
            self.emit("block", body, env)
        self.block_stack.pop()

    def stmt(self, s: ast.stmt, env: Env) -> None:
        m = _S_DISPATCH.get(type(s))
        if m is not None:
            m(self, s, env)
        else:
            for child in ast.iter_child_nodes(s):
                if isinstance(child, ast.expr):
                    self.expr(child, env)

    def s_Import(self, s: ast.Import | ast.ImportFrom, env: Env) -> None:
        for bound, qual in names.import_bindings(s):
            env[bound] = V(ref=qual, n=PCATS)
            self.bound_log.append(bound)

    s_ImportFrom = s_Import

    def s_Expr(self, s: ast.Expr, env: Env) -> None:
        if isinstance(s.value, ast.Constant):  # a docstring: documentation, not code
            self.memo[s.value] = CLEAN
            return
        v = self.expr(s.value, env)
        self.emit("expr_stmt", s, v, env)

    def s_Assign(self, s: ast.Assign, env: Env) -> None:
        v = self.expr(s.value, env)
        for target in s.targets:
            self.bind(target, v, env, s.value)
        self.emit("assign", s, s.targets, s.value, env)

    def s_AnnAssign(self, s: ast.AnnAssign, env: Env) -> None:
        if s.value is not None:
            v = self.expr(s.value, env)
            self.bind(s.target, v, env, s.value)
            self.emit("assign", s, [s.target], s.value, env)

    def s_AugAssign(self, s: ast.AugAssign, env: Env) -> None:
        old = self.expr_load(s.target, env)
        new = self.expr(s.value, env)
        v = self.binop(s.value, old, new, s.op, s.value)
        self.bind(s.target, v, env, s.value)
        self.emit("assign", s, [s.target], s.value, env)

    def s_Return(self, s: ast.Return, env: Env) -> None:
        v = self.expr(s.value, env) if s.value is not None else CLEAN
        if self.func_stack:
            summ = self.func_stack[-1][1]
            summ.ret = join([summ.ret, v]) if summ.ret is not CLEAN else v

    def s_If(self, s: ast.If, env: Env) -> None:
        self.expr(s.test, env)
        self.emit("if", s, env)
        since = self.branch()
        a = dict(env)
        b = dict(env)
        negated = isinstance(s.test, ast.UnaryOp) and isinstance(s.test.op, ast.Not)
        checked = scheme_checked(s.test.operand if negated else s.test)  # type: ignore
        for name in checked:
            target = b if negated else a
            if name in target:
                target[name] = sanitize(target[name], frozenset({LINK, URL}))
                self.bound_log.append(name)
        guard = login_guard(s.test)
        self.guarded += guard
        self.block(s.body, a)
        self.guarded -= guard
        self.block(s.orelse, b)
        if negated and checked and names.terminates(s.body):
            # `if not ok: st.stop()` -- the rest runs only when ok
            self.merge_into(env, b, b, since)
            return
        self.merge_into(env, a, b, since)

    def s_While(self, s: ast.While, env: Env) -> None:
        self.expr(s.test, env)
        self.emit("if", s, env)
        since = self.branch()
        a = dict(env)
        self.loop_body(s, a)
        self.block(s.orelse, a)
        self.merge_into(env, env, a, since)

    def s_For(self, s: ast.For | ast.AsyncFor, env: Env) -> None:
        it = self.expr(s.iter, env)
        since = self.branch()
        a = dict(env)
        self.bind(s.target, self.element(it), a, None)
        self.loop_body(s, a)
        self.block(s.orelse, a)
        self.merge_into(env, env, a, since)

    s_AsyncFor = s_For

    def loop_body(self, s: ast.For | ast.AsyncFor | ast.While, env: Env) -> None:
        """A loop's body, analyzed twice so that what one iteration binds reaches
        the next -- unless the first analysis bound every name to what it was
        already bound to, and changed no fact of the module (a summary, a session
        state key, a ``self.attr``, a widget key): the second would then see what
        the first saw, and find what it found."""
        before = dict(env)
        since = len(self.bound_log)
        facts = self.facts
        self.block(s.body, env)
        if facts == self.facts and all(
            same(before.get(k), env.get(k)) for k in set(self.bound_log[since:])
        ):
            return
        self.block(s.body, env)

    def s_With(self, s: ast.With | ast.AsyncWith, env: Env) -> None:
        for item in s.items:
            v = self.expr(item.context_expr, env)
            if item.optional_vars is not None:
                self.bind(item.optional_vars, v, env, item.context_expr)
        self.block(s.body, env)

    s_AsyncWith = s_With

    def s_Try(self, s: ast.Try, env: Env) -> None:
        self.guarded += 1 if s.handlers else 0
        self.block(s.body, env)
        self.guarded -= 1 if s.handlers else 0
        for h in s.handlers:
            if h.type is not None:
                self.expr(h.type, env)
            if h.name:
                env[h.name] = NONCONST
                self.bound_log.append(h.name)
            self.block(h.body, env)
        self.block(s.orelse, env)
        self.block(s.finalbody, env)

    s_TryStar = s_Try

    def s_Match(self, s: Any, env: Env) -> None:
        v = self.expr(s.subject, env)
        since = self.branch()
        branches = []
        for case in s.cases:
            a = dict(env)
            for n in ast.walk(case.pattern):
                name = getattr(n, "name", None)
                if isinstance(name, str):
                    a[name] = v
                    self.bound_log.append(name)
            if case.guard is not None:
                self.expr(case.guard, a)
            self.block(case.body, a)
            branches.append(a)
        keys = self.branch_end(since)
        for a in branches:
            self.merge_keys(env, env, a, keys)

    def s_FunctionDef(self, s: ast.FunctionDef | ast.AsyncFunctionDef, env: Env) -> None:
        for d in s.decorator_list:
            self.expr(d, env)
        for d in s.args.defaults + [x for x in s.args.kw_defaults if x is not None]:
            self.expr(d, env)
        env[s.name] = V(func=s, n=PCATS)
        self.bound_log.append(s.name)
        self.emit("function", s, env)
        cls = self.scope_stack[-1] if isinstance(self.scope_stack[-1], ast.ClassDef) else None
        if self.pending:
            self.pending[-1].append(entry := _Deferred(s, env, cls, self.pending[-1]))
            self.deferred[s] = entry
        else:
            self.function_body(s, env, cls)

    def run_pending(self) -> None:
        """Analyze the function bodies deferred to the end of the enclosing body."""
        todo = self.pending.pop()
        for entry in todo:
            if not entry.done:
                entry.done = True
                self.function_body(entry.func, entry.env, entry.cls)
        todo.clear()  # its entries point back to it: no cycle left for the collector

    def summary_now(self, func: ast.AST) -> Summary | None:
        """``func``'s summary for a call site, analyzing its body first if it is
        deferred in a list being run -- with the environment it would get there
        anyway -- so a caller analyzed before its callee does not cost another
        pass over the whole module."""
        summ = self.summaries.get(func)
        if summ is None:
            summ = self.analyze_now(func)
        return summ

    def analyze_now(self, func: ast.AST) -> Summary | None:
        """Analyze ``func`` now if it waits in a deferred list being run: a list is
        run once it is off the pending stack (and left with every entry done), and
        its entries get the environment they will have there anyway."""
        entry = self.deferred.get(func)
        if entry is None or entry.done or any(todo is entry.todo for todo in self.pending):
            return None
        entry.done = True
        start = self._marks()
        summ = self.function_body(entry.func, entry.env, entry.cls)
        self.on_demand.append((start, self._marks()))
        return summ

    def writers_first(self, cls: ast.ClassDef, attr: str) -> None:
        """Before ``self.attr`` is first read, analyze the methods of the class that
        assign it, if they wait in a list being run: the read then sees what
        another pass over the module would show it."""
        index = self.writers.get(cls)
        if index is None:
            index = self.writers[cls] = _attribute_writers(cls)
        for method in index.get(attr, ()):
            self.analyze_now(method)

    s_AsyncFunctionDef = s_FunctionDef

    def s_ClassDef(self, s: ast.ClassDef, env: Env) -> None:
        for d in s.decorator_list + s.bases:
            self.expr(d, env)
        inner = dict(env)
        self.scope_stack.append(s)
        self.block(s.body, inner)
        self.scope_stack.pop()
        env[s.name] = NONCONST
        self.bound_log.append(s.name)

    def s_Global(self, s: ast.stmt, env: Env) -> None:
        return None

    s_Nonlocal = s_Global

    def function_body(self, s: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
                      env: Env, cls: ast.ClassDef | None = None) -> Summary:
        a = s.args
        params = [x.arg for x in a.posonlyargs + a.args]
        method = cls is not None and bool(params) and not any(
            names.dotted(d) == "staticmethod" for d in getattr(s, "decorator_list", ()))
        if method and cls is not None:
            self.method_stack.append((cls, params[0]))
        summ = Summary(params + [x.arg for x in a.kwonlyargs])
        bound: Env = {}
        allargs = a.posonlyargs + a.args + a.kwonlyargs
        for i, arg in enumerate(allargs):
            # constness of a parameter comes from the call site, through `p`
            bound[arg.arg] = V(p=_param_flows(i))
            self.emit("param", s, arg, i, env)
        if a.vararg:
            bound[a.vararg.arg] = NONCONST
        if a.kwarg:
            bound[a.kwarg.arg] = NONCONST
        inner = {**env, **bound}
        self.func_stack.append((s, summ))
        self.scope_stack.append(s)
        saved_guard, self.guarded = self.guarded, 0
        if isinstance(s, ast.Lambda):
            summ.ret = self.expr(s.body, inner)
        else:
            summ = self.body_to_fixed_point(s, summ, inner, lambda: {**env, **bound})
        self.guarded = saved_guard
        self.scope_stack.pop()
        self.func_stack.pop()
        if method:
            self.method_stack.pop()
        self.summaries[s] = summ
        self.facts += 1
        return summ

    def body_to_fixed_point(self, s: ast.FunctionDef | ast.AsyncFunctionDef, summ: Summary,
                            inner: Env, fresh: Callable[[], Env]) -> Summary:
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
        env = inner
        for attempt in range(1, 3 if self.repeating else 4):
            if attempt > 1:
                spans_at = self._forget_since(marks, spans_at)
                summ = Summary(summ.params)
                self.func_stack[-1] = (s, summ)
                self.guarded = 0
                env = fresh()
                self.repeating += 1
            self.pending.append([])
            self.block(s.body, env)
            self.run_pending()
            if attempt > 1:
                self.repeating -= 1
            self.summaries[s] = summ
            if all(self._sig(f, i) == k for f, i, k in self.consulted[marks[0]:]) and all(
                self._class_sig(ck) == sig for ck, sig in self.class_read_log[marks[1]:]
            ):
                break
        return summ

    def _marks(self) -> _Marks:
        return len(self.consulted), len(self.class_read_log), len(self.finding_log)

    def _forget_since(self, marks: _Marks, spans_at: int) -> int:
        """Drop what was recorded since ``marks``, except the records of the
        analyses made on demand since ``on_demand[spans_at]``, which move down to
        sit together right after ``marks``; returns where their span now is."""
        spans = self.on_demand[spans_at:]
        del self.on_demand[spans_at:]
        logs: tuple[list[Any], ...] = (self.consulted, self.class_read_log, self.finding_log)
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
                    del self.findings[item]
            kept_to.append(len(log))
        if spans:
            self.on_demand.append((marks, (kept_to[0], kept_to[1], kept_to[2])))
        return len(self.on_demand) - 1 if spans else len(self.on_demand)

    # ----------------------------------------------------------- binding
    def branch(self) -> int:
        """A branching statement begins: where its names start in ``bound_log``
        (which an outermost one starts afresh)."""
        if not self.branching:
            self.bound_log.clear()
        self.branching += 1
        return len(self.bound_log)

    def branch_end(self, since: int) -> set[str]:
        """The names bound since ``since``, the branching statement having ended."""
        self.branching -= 1
        return set(self.bound_log[since:])

    def merge_into(self, env: Env, a: Env, b: Env, since: int) -> None:
        """Join into ``env`` the environments ``a`` and ``b`` its branches left,
        both copies of ``env`` (or ``env`` itself) when the statement began at
        ``since``."""
        self.merge_keys(env, a, b, self.branch_end(since))

    @staticmethod
    def merge_keys(env: Env, a: Env, b: Env, keys: set[str]) -> None:
        # Only a name bound in a branch can differ between ``a``, ``b`` and ``env``:
        # looking at those alone keeps this from growing with the scope's size.
        for k in keys:
            va, vb = a.get(k), b.get(k)
            if va is None or vb is None:
                if va is not None or vb is not None:
                    env[k] = va or vb  # type: ignore[assignment]
            elif va is vb:
                env[k] = va
            else:
                env[k] = join([va, vb])

    def element(self, v: V) -> V:
        """The value of an element of an iterable value."""
        return derive(v, keep_ref=v.ref == ST)

    def bind(self, target: ast.AST, v: V, env: Env, value_node: ast.AST | None) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = v
            self.bound_log.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            elts = None
            if isinstance(value_node, (ast.Tuple, ast.List)) and len(value_node.elts) == len(
                target.elts
            ):
                elts = value_node.elts
            for i, t in enumerate(target.elts):
                if isinstance(t, ast.Starred):
                    t = t.value
                if elts is not None:
                    self.bind(t, self.val(elts[i], env), env, elts[i])
                else:
                    self.bind(t, self.element(v), env, None)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, v, env, None)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            self.expr(target.value, env)
            if isinstance(target, ast.Subscript):
                self.expr(target.slice, env)
            ck = self.class_key(target)
            if ck is not None:
                # self.attr = value: seen by every method of the class
                old = self.class_attrs.get(ck)
                plain = v.but(p=EMPTY, func=None)
                self.class_attrs[ck] = plain if old is None else join([old, plain])
                self.facts += 1
                return
            key = self.state_key(target, env)
            if key is not None:
                old = self.state.get(key)
                new = v if old is None else join([old, v])
                if old is None or old.t != new.t or (old.secret is None) != (
                    new.secret is None
                ):
                    self.state[key] = new.but(func=None)
                    self.facts += 1
            elif isinstance(target.value, ast.Name) and (v.t or v.secret):
                # obj.attr = tainted / d[k] = tainted taints the container
                old = env.get(target.value.id)
                if old is not None and old.ref is None and old.func is None:
                    env[target.value.id] = join([old, derive(v)])
                    self.bound_log.append(target.value.id)

    def class_key(self, node: ast.AST) -> tuple[int, str] | None:
        """``self.attr`` inside a method -> (class, attr)."""
        if self.method_stack and isinstance(node, ast.Attribute) and isinstance(
            node.value, ast.Name
        ):
            cls, self_name = self.method_stack[-1]
            if node.value.id == self_name:
                return id(cls), node.attr
        return None

    def _class_sig(self, key: tuple[int, str]) -> Any:
        v = self.class_attrs.get(key)
        if v is None:
            return None
        return v.t, v.secret is not None, bool(v.n), v.sql is not None, v.flags

    def state_key(self, node: ast.AST, env: Env) -> str | None:
        """``st.session_state[k]`` / ``st.session_state.k`` -> k."""
        if isinstance(node, ast.Subscript):
            if self.qual(node.value, env) == "streamlit.session_state":
                return const_str(node.slice) or self.val(node.slice, env).text or "<dynamic>"
        elif isinstance(node, ast.Attribute):
            if self.qual(node.value, env) == "streamlit.session_state":
                return node.attr
        return None

    # ----------------------------------------------------------- expressions
    def expr_load(self, node: ast.AST, env: Env) -> V:
        if isinstance(node, ast.Name):
            return self.name(node.id, env)
        return self.expr(node, env)

    def expr(self, node: ast.AST, env: Env) -> V:
        t = type(node)
        # Names and constants are most of a module's expressions: inline.
        if t is ast.Name:
            ident = node.id  # type: ignore[attr-defined]
            v = env.get(ident) or self.name(ident, env)
            self.memo[node] = v
            if v.ref is not None and v.ref in self.watched_refs:
                self.emit_ref("name", node, v, env)  # type: ignore[arg-type]
            return v
        if t is ast.Constant:
            value = node.value  # type: ignore[attr-defined]
            if type(value) is str:
                self.memo[node] = CLEAN  # what a "str" handler sees of it
                self.emit("str", node, env)
                v = V(text=value)
            else:
                v = CLEAN
            self.memo[node] = v
            return v
        m = _E_DISPATCH.get(t)
        if m is not None:
            v = m(self, node, env)
        else:
            vs = [self.expr(c, env) for c in ast.iter_child_nodes(node)
                  if isinstance(c, ast.expr)]
            v = join(vs) if vs else NONCONST
        self.memo[node] = v
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

    def e_JoinedStr(self, node: ast.JoinedStr, env: Env) -> V:
        parts = []
        lit = []
        for piece in node.values:
            if isinstance(piece, ast.FormattedValue):
                parts.append(self.expr(piece.value, env))
                if piece.format_spec is not None:
                    self.expr(piece.format_spec, env)
            elif isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                lit.append(piece.value)
                self.memo[piece] = CLEAN
                self.emit("str", piece, env)
        v = join(parts) if parts else CLEAN
        v = v.but(ref=None, func=None, text=None, flags=v.flags & {"email", "pw"})
        first = node.values[0] if node.values else None
        if isinstance(first, ast.Constant) and str(first.value).strip():
            # a constant prefix fixes the scheme: the value cannot become javascript:
            v = v.but(t=v.t - {LINK})
            if _FIXED_HOST.match(str(first.value)):
                v = v.but(t=v.t - {URL})  # scheme and host are fixed: not a forged request
        literal = "".join(lit)
        if v.nc(SQL) and reads_as_sql(literal):
            v = v.but(sql=node)
        elif reads_as_sql(literal):
            v = v.but(sqlish=True)
        link = self.link_target(node, env)
        if link:
            v = v.but(link=node)
        self.emit("fstring", node, v, env)
        return v

    def link_target(self, node: ast.JoinedStr, env: Env) -> bool:
        """An f-string whose markdown link/image target is tainted: ``[x]({url})``."""
        prev = ""
        for piece in node.values:
            if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                prev = piece.value
            elif isinstance(piece, ast.FormattedValue):
                if prev.rstrip().endswith("](") and LINK in self.val(piece.value, env).t:
                    return True
                prev = ""
        return False

    def e_BinOp(self, node: ast.BinOp, env: Env) -> V:
        # Long left-deep chains ("a" + b + "c" + ...) are evaluated iteratively.
        spine = [node]
        while isinstance(spine[-1].left, ast.BinOp):
            spine.append(spine[-1].left)
        left = self.expr(spine[-1].left, env)
        for b in reversed(spine):
            right = self.expr(b.right, env)
            left = self.binop(b, left, right, b.op, b)
            self.memo[b] = left
        return left

    def binop(self, node: ast.AST, left: V, right: V, op: ast.operator,
              report_node: ast.AST) -> V:
        if isinstance(op, ast.Div) and left.ref in ("<path>",):
            v = join([left, right]).but(ref="<path>")
            self.emit("path_join", node, left, right)
            if PATH in right.t:  # reported where the path is built, not at every use
                v = sanitize(v, frozenset({PATH})).but(ref="<path>")
            return v
        v = join([left, right]).but(ref=None, func=None, text=None)
        if isinstance(op, (ast.Add, ast.Mod)):
            if (left.nc(SQL) or right.nc(SQL)) and (
                left.sql or right.sql or sqlish(left) or sqlish(right)
            ):
                v = v.but(sql=left.sql or right.sql or report_node)
            if isinstance(op, ast.Add) and left.text is not None and right.text is not None:
                v = v.but(text=left.text + right.text)
            if isinstance(op, ast.Add) and LINK in right.t and left.text is not None and \
                    left.text.rstrip().endswith("]("):
                v = v.but(link=report_node)
            if isinstance(op, ast.Add) and left.text and LINK not in left.t:
                v = v.but(t=v.t - {LINK})
                if _FIXED_HOST.match(left.text):
                    v = v.but(t=v.t - {URL})
        elif not isinstance(op, (ast.Mult,)):
            v = v.but(sqlish=False, flags=EMPTY)
        return v

    def e_BoolOp(self, node: ast.BoolOp, env: Env) -> V:
        vs = []
        guard = 0
        for x in node.values:
            vs.append(self.expr(x, env))
            if isinstance(node.op, ast.And) and login_guard(x):
                guard += 1
                self.guarded += 1
        self.guarded -= guard
        v = join(vs)
        self.emit("boolop", node, vs, env)
        return v

    def e_UnaryOp(self, node: ast.UnaryOp, env: Env) -> V:
        v = self.expr(node.operand, env)
        if isinstance(node.op, ast.Not):
            return CLEAN
        return v.but(ref=None, text=None)

    def e_Compare(self, node: ast.Compare, env: Env) -> V:
        self.expr(node.left, env)
        for c in node.comparators:
            self.expr(c, env)
        self.emit("compare", node, env)
        return CLEAN

    def e_IfExp(self, node: ast.IfExp, env: Env) -> V:
        self.expr(node.test, env)
        return join([self.expr(node.body, env), self.expr(node.orelse, env)])

    def e_NamedExpr(self, node: ast.NamedExpr, env: Env) -> V:
        v = self.expr(node.value, env)
        self.bind(node.target, v, env, node.value)
        self.memo[node.target] = v
        self.emit("assign", node, [node.target], node.value, env)
        return v

    def e_Lambda(self, node: ast.Lambda, env: Env) -> V:
        for d in node.args.defaults + [x for x in node.args.kw_defaults if x is not None]:
            self.expr(d, env)
        self.emit("function", node, env)
        self.function_body(node, env)
        return V(func=node, n=PCATS)

    def _comprehension(self, node: Any, env: Env, elts: list[ast.AST]) -> V:
        inner = dict(env)
        for gen in node.generators:
            it = self.expr(gen.iter, inner)
            self.bind(gen.target, self.element(it), inner, None)
            for cond in gen.ifs:
                self.expr(cond, inner)
        return join([self.expr(e, inner) for e in elts]).but(ref=None, text=None)

    def e_ListComp(self, node: ast.ListComp, env: Env) -> V:
        return self._comprehension(node, env, [node.elt])

    e_SetComp = e_ListComp
    e_GeneratorExp = e_ListComp

    def e_DictComp(self, node: ast.DictComp, env: Env) -> V:
        return self._comprehension(node, env, [node.key, node.value])

    def e_Dict(self, node: ast.Dict, env: Env) -> V:
        vs = [self.expr(k, env) for k in node.keys if k is not None]
        vs += [self.expr(v, env) for v in node.values]
        self.emit("dict", node, env)
        return join(vs).but(ref=None, text=None, sqlish=False, sql=None) if vs else CLEAN

    def e_List(self, node: ast.List | ast.Tuple | ast.Set, env: Env) -> V:
        vs = [self.expr(e, env) for e in node.elts]
        if not vs:
            return CLEAN
        v = join(vs)
        return v.but(text=None, sqlish=False,
                     ref=ST if v.ref == ST else None, func=None)

    e_Tuple = e_List
    e_Set = e_List

    def e_Starred(self, node: ast.Starred, env: Env) -> V:
        return self.expr(node.value, env)

    def e_Attribute(self, node: ast.Attribute, env: Env) -> V:
        if node.attr in PATH_PARTS and isinstance(node.value, ast.Call):
            self.nonsink.add(id(node.value))
        base = self.expr(node.value, env)
        ref = None
        if base.ref is not None:
            if base.ref == ST and node.attr in streamlit_api.CONTAINER_ATTRS:
                ref = ST
            else:
                ref = canonical(f"{base.ref}.{node.attr}")
        v = self.attribute_value(node, base, ref, env)
        self.memo[node] = v
        if v.ref in self.watched_refs or node.attr in self.watched_attrs:
            self.emit_ref("attribute", node, v, env)
        return v

    def attribute_value(self, node: ast.Attribute, base: V, ref: str | None, env: Env) -> V:
        ck = self.class_key(node) if self.method_stack else None
        if ck is not None:
            if ck not in self.writers_tried:
                self.writers_tried.add(ck)
                self.writers_first(self.method_stack[-1][0], node.attr)
            self.class_read_log.append((ck, self._class_sig(ck)))
            known = self.class_attrs.get(ck)
            if known is not None:
                return known
        if ref is not None:
            if ref == "streamlit.secrets" or (base.secret and base.ref == "streamlit.secrets"):
                return V(secret="st.secrets", ref="streamlit.secrets", n=PCATS)
            if ref in ("streamlit.user.tokens", "streamlit.experimental_user.tokens"):
                return V(secret="st.user.tokens", n=PCATS, ref=ref)
            if ref in ("streamlit.user.email", "streamlit.experimental_user.email"):
                return V(n=PCATS, flags=frozenset({"email"}), ref=ref)
            if ref == ENVIRONMENT:
                return V(secret="os.environ", ref=ref, n=PCATS)
            if ref.startswith("streamlit.session_state."):
                key = node.attr
                return self.state_value(key, ref)
            if base.ref in CLIENT_SOURCES and node.attr not in MAPPING_METHODS:
                key = node.attr
                auth = f'{CLIENT_SOURCES[base.ref]} "{key}"' if auth_like(key) else None
                return V(t=ALL, n=PCATS, auth=auth)
            if ref in ("streamlit.user.is_logged_in", "streamlit.experimental_user.is_logged_in"):
                return V(flags=frozenset({"login"}), ref=ref)
            return V(ref=ref, n=PCATS if not node.attr.isupper() else EMPTY)
        if "upload" in base.flags:
            if node.attr in ("name", "type"):
                return V(t=ALL, n=PCATS, p=base.p)
            if node.attr in ("size", "file_id"):
                return CLEAN
        if base.secret:
            return derive(base)
        if not (base.t or base.n or base.p):
            return CLEAN if node.attr.isupper() else NONCONST
        v = derive(base)
        if node.attr.isupper() and not v.t:
            return v.but(n=EMPTY)
        return v

    def state_value(self, key: str, ref: str | None = None) -> V:
        if key not in self.state_reads:
            self.state_reads[key] = self._state_sig(key)
        v = self.state.get(key) or self.source_keys.get(key)
        base = V(n=PCATS, ref=ref, flags=frozenset({"state"}))
        if v is None:
            if key in self.source_keys:
                return join([base, self.source_keys[key]]).but(ref=ref)
            return base
        extra = self.source_keys.get(key)
        parts = [base, derive(v)] + ([extra] if extra is not None else [])
        return join(parts).but(ref=ref)

    def e_Subscript(self, node: ast.Subscript, env: Env) -> V:
        base = self.expr(node.value, env)
        key = const_str(node.slice) or self.expr(node.slice, env).text
        v: V
        if base.ref == "streamlit.secrets" or (base.secret == "st.secrets"):
            v = V(secret="st.secrets", ref="streamlit.secrets", n=PCATS)
        elif base.ref == "streamlit.session_state":
            v = self.state_value(key or "<dynamic>")
        elif base.ref in CLIENT_SOURCES:
            auth = f'{CLIENT_SOURCES[base.ref]} "{key}"' if key and auth_like(key) else None
            v = V(t=ALL, n=PCATS, auth=auth)
        elif base.ref == ENVIRONMENT:
            if key is not None and self.secret_like(key):
                v = V(secret=f"os.environ[{key!r}]", n=PCATS)
            else:
                v = NONCONST
        elif base.ref in ("streamlit.user", "streamlit.experimental_user"):
            if key == "email":
                v = V(n=PCATS, flags=frozenset({"email"}))
            elif key == "tokens":
                v = V(secret="st.user.tokens", n=PCATS)
            elif key == "is_logged_in":
                v = V(flags=frozenset({"login"}))
            else:
                v = NONCONST
        elif base.ref == ST:
            v = V(ref=ST)  # columns(...)[0]
        elif "splitext" in base.flags and isinstance(node.slice, ast.Constant) and \
                node.slice.value in (1, -1):
            v = sanitize(derive(base), frozenset({PATH}))  # the extension has no "/"
        elif base.ref == "streamlit.experimental_get_query_params()":
            v = V(t=ALL, n=PCATS,
                  auth=f'query parameter "{key}"' if key and auth_like(key) else None)
        else:
            v = derive(base)
        self.memo[node] = v
        self.emit("subscript", node, v, env)
        return v

    def e_Slice(self, node: ast.Slice, env: Env) -> V:
        for c in (node.lower, node.upper, node.step):
            if c is not None:
                self.expr(c, env)
        return CLEAN

    def e_Await(self, node: ast.Await, env: Env) -> V:
        return self.expr(node.value, env)

    # ----------------------------------------------------------- calls
    def e_Call(self, node: ast.Call, env: Env) -> V:
        fv = self.expr(node.func, env)
        args = [self.expr(a, env) for a in node.args] if node.args else []
        kws = {kw.arg: self.expr(kw.value, env) for kw in node.keywords} if node.keywords \
            else {}
        fq = fv.ref
        if fq is not None and isinstance(node.func, (ast.Name, ast.Attribute)):
            fq = canonical(fq)
        v = self.call_value(node, fq, fv, args, kws, env)
        self.memo[node] = v
        if node.keywords and self.streamlit:
            self.callback(node, env)
        self.emit_call(node, fq, env)
        return self.memo[node]

    def call_value(self, node: ast.Call, fq: str | None, fv: V, args: list[V],
                   kws: dict[str | None, V], env: Env) -> V:
        allargs = args + list(kws.values()) if kws else args  # read, never changed
        if self.extra_sanitizer_tails and (
            (isinstance(node.func, ast.Name) and node.func.id in self.extra_sanitizer_tails)
            or (fq is not None and fq in self.sanitizers and self.sanitizers[fq] is PCATS
                and fq.rsplit(".", 1)[-1] in self.extra_sanitizer_tails)
        ):
            return CLEAN
        if fv.func is not None:
            return self.summarized_call(node, fv.func, args, kws)
        if fq is not None:
            if fq in streamlit_api.CONTAINER_CALLS or fq == ST:
                return V(ref=ST)
            if fq in streamlit_api.SOURCE_WIDGETS:
                flags = set()
                if fq in streamlit_api.UPLOAD_WIDGETS:
                    flags.add("upload")
                tp = names.kwarg(node, "type")
                label = const_str(names.arg_node(node, 0, "label"))
                if (tp is not None and const_str(tp.value) == "password") or (
                    label is not None and self.secret_like(label)
                ):
                    flags.add("pw")
                kw = names.kwarg(node, "key")
                if kw is not None:
                    key = const_str(kw.value) or self.val(kw.value, env).text
                    if key and key not in self.source_keys:
                        self.facts += 1
                        self.source_keys[key] = V(t=ALL, n=PCATS, flags=frozenset(
                            flags & {"upload", "pw"}))
                return V(t=ALL, n=PCATS, flags=frozenset(flags))
            if fq in streamlit_api.SAFE_WIDGETS:
                # developer-defined options: untainted, and constant for SQL (STS401)
                return V(n=PCATS - {SQL})
            if fq == sql.STREAMLIT_CONNECTION:
                return V(n=PCATS, ref="<conn>", flags=frozenset({"conn"}))
            if fq == "streamlit.experimental_get_query_params":
                return V(t=ALL, n=PCATS, ref="streamlit.experimental_get_query_params()")
            if fq.startswith(CLIENT_PREFIXES):
                base, _, method = fq.rpartition(".")
                if base in CLIENT_SOURCES and method in CLIENT_SOURCE_METHODS:
                    key = const_str(node.args[0]) if node.args else None
                    auth = (f'{CLIENT_SOURCES[base]} "{key}"'
                            if key and auth_like(key) else None)
                    return V(t=ALL, n=PCATS, auth=auth)
            if fq.startswith("streamlit.secrets."):
                return V(secret="st.secrets", n=PCATS)
            if fq == "streamlit.session_state.get":
                key = const_str(node.args[0]) if node.args else None
                return self.state_value(key or "<dynamic>")
            if fq in ENV_GETTERS:
                key = const_str(node.args[0]) if node.args else None
                if key is not None and self.secret_like(key):
                    return V(secret=f"os.environ[{key!r}]", n=PCATS)
                return NONCONST
            if fq in HTTP_CLIENTS:
                return V(n=PCATS, ref="<http>")
            if fq == "builtins.getattr" and len(node.args) >= 2 and const_str(
                node.args[1]
            ) == "is_logged_in":
                return V(flags=frozenset({"login"}))
            if fq in ("streamlit.user.get", "streamlit.experimental_user.get") and node.args and \
                    const_str(node.args[0]) in ("is_logged_in", "email"):
                key = const_str(node.args[0])
                return V(flags=frozenset({"login" if key == "is_logged_in" else "email"}),
                         n=PCATS)
            if fq in LOGGER_FACTORIES:
                return V(ref="logging.Logger", n=PCATS)
            if fq in sql.CONNECTORS:
                return V(n=PCATS, ref="<conn>", flags=frozenset({"conn"}))
            if fq in self.sanitizers:
                return sanitize(join(allargs) if allargs else CLEAN, self.sanitizers[fq])
            if fq in ("pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath"):
                return join(allargs).but(ref="<path>") if allargs else V(ref="<path>")
            if fq == "os.path.splitext" and allargs:
                return derive(join(allargs)).but(flags=frozenset({"splitext"}))
            if fq in PASSTHROUGH:
                v = join(allargs) if allargs else CLEAN
                return v.but(ref=None, func=None, text=None,
                             flags=v.flags & {"upload", "email", "pw"})
            if fq.startswith(ARCHIVE_OPENERS):
                v = join(allargs) if allargs else CLEAN
                return v.but(ref=None, flags=frozenset({"archive"}) if v.t else EMPTY)
            if fq == "streamlit.cache_data" or fq == "streamlit.cache_resource":
                return NONCONST
        # method calls on values
        if isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in self.extra_sanitizer_tails:
                return CLEAN
            recv = self.val(node.func.value, env)
            if recv.ref == "logging.Logger":
                return NONCONST
            if recv.ref == "<conn>" and method in sql.CONNECTION_METHODS:
                return V(n=PCATS, ref="<conn>", flags=frozenset({"conn"}))
            if recv.ref == "<path>" and method in PATH_METHODS:
                return join([recv] + allargs).but(ref="<path>")
            if method == "join" and recv.text is not None:
                v = join(allargs) if allargs else CLEAN
                return v.but(ref=None, text=None, func=None, flags=EMPTY)
            if method == "format" and recv.text is not None:
                v = join([recv] + allargs).but(ref=None, text=None, func=None)
                if any(a.nc(SQL) for a in allargs) and sqlish(recv):
                    v = v.but(sql=node)
                if recv.text.rstrip().find("](") != -1 and any(LINK in a.t for a in allargs):
                    v = v.but(link=node)
                return v
            if method in DERIVED_METHOD_BLOCK:
                return CLEAN
            if recv.ref == "<http>" and method in ("__enter__", "__aenter__"):
                return recv
            if recv.secret and method in ("keys", "has_key", "__contains__"):
                return NONCONST
            if method in TEMPLATE_METHODS and allargs:
                # string.Template(...).substitute(x=...), jinja2 Template.render(...)
                return join([recv, *allargs]).but(ref=None, text=None, func=None)
            if method == "to_html" and recv.t:
                escape = names.kwarg(node, "escape")
                v = derive(recv)
                if escape is None or not names.is_falsy_const(escape.value):
                    v = sanitize(v, frozenset({HTML}))  # pandas escapes cell text by default
                return v
            if "upload" in recv.flags and method in UPLOAD_READERS:
                return V(t=ALL, n=PCATS, p=recv.p)
            if method in STATE_WRITERS and allargs:
                self.mutate(node.func.value, join(allargs), env)
            if recv.t or recv.secret or recv.p or recv.sql or "email" in recv.flags:
                return derive(recv).but(
                    flags=recv.flags & {"email", "pw", "upload", "archive"})
            if recv.text is not None and not any(a.n or a.p for a in allargs):
                return V(text=None, sqlish=sqlish(recv))
            if recv.text is not None:
                return join(allargs).but(ref=None, text=None, func=None, flags=EMPTY)
        return NONCONST

    def mutate(self, target: ast.AST, v: V, env: Env) -> None:
        if not (v.t or v.secret):
            return
        key = self.state_key(target, env)
        if key is not None:
            old = self.state.get(key)
            new = derive(v) if old is None else join([old, derive(v)])
            if old is None or old.t != new.t:
                self.state[key] = new
                self.facts += 1
            return
        if isinstance(target, ast.Name):
            old = env.get(target.id)
            if old is not None and old.ref is None and old.func is None:
                env[target.id] = join([old, derive(v)])
                self.bound_log.append(target.id)

    def summarized_call(self, node: ast.Call, func: ast.AST, args: list[V],
                        kws: dict[str | None, V]) -> V:
        summ = self.summary_now(func)
        if summ is None:
            interesting = any(v.t or v.secret or v.sql or v.link or v.p or v.flags or v.auth
                              for v in [*args, *kws.values()])
            self.consulted.append((func, interesting, None))
            return NONCONST
        bound: dict[int, tuple[V, ast.AST]] = {}
        for i, a in enumerate(node.args):
            if isinstance(a, ast.Starred):
                break
            bound[i] = (args[i], a)
        for kw in node.keywords:
            if kw.arg is not None and kw.arg in summ.params:
                bound[summ.params.index(kw.arg)] = (kws[kw.arg], kw.value)
        return self.apply_summary(func, summ, bound)

    def callback(self, node: ast.Call, env: Env) -> None:
        """``st.button(..., on_click=f, args=(...), kwargs={...})`` calls ``f`` with them."""
        cb = None
        for kw in node.keywords:
            if kw.arg in ("on_click", "on_change", "on_submit"):
                cb = self.val(kw.value, env).func
        if cb is None:
            return
        summ = self.summary_now(cb)
        if summ is None:
            self.consulted.append((cb, True, None))
            return
        bound: dict[int, tuple[V, ast.AST]] = {}
        for kw in node.keywords:
            if kw.arg == "args" and isinstance(kw.value, (ast.Tuple, ast.List)):
                for i, a in enumerate(kw.value.elts):
                    if isinstance(a, ast.Starred):
                        break
                    bound[i] = (self.val(a, env), a)
            elif kw.arg == "kwargs" and isinstance(kw.value, ast.Dict):
                for k, v in zip(kw.value.keys, kw.value.values):
                    key = const_str(k)
                    if key is not None and key in summ.params:
                        bound[summ.params.index(key)] = (self.val(v, env), v)
        if bound:
            self.apply_summary(cb, summ, bound)

    def apply_summary(self, func: ast.AST, summ: Summary,
                      bound: dict[int, tuple[V, ast.AST]]) -> V:
        interesting = any(v.t or v.secret or v.sql or v.link or v.p or v.flags or v.auth
                          for v, _ in bound.values())
        self.consulted.append((func, interesting, self._sig(func, interesting)))
        fname = getattr(func, "name", "<lambda>")
        for i, (av, anode) in bound.items():
            for cat, code, inner in summ.sinks.get(i, ()):
                self.sink_value(anode, av, cat, code, _through(fname, inner))
        ret = summ.ret
        t = set(ret.t)
        p: set[tuple[int, str]] = set()
        n = set(ret.n)
        secret, sql, link = ret.secret, ret.sql, ret.link
        for (i, cat) in ret.p:
            if i in bound:
                av = bound[i][0]
                if cat in av.t:
                    t.add(cat)
                if cat in av.n:
                    n.add(cat)
                for (j, c2) in av.p:
                    if c2 == cat:
                        p.add((j, cat))
                # A secret passed in does not make the result a secret: helpers that
                # take a config (or os.environ) return something computed from it.
                sql = sql or av.sql
                link = link or av.link
        flags = ret.flags & {"upload", "email", "pw", "archive"}
        return V(frozenset(t), frozenset(n), frozenset(p), secret, sql, ret.sqlish, link,
                 ret.ref if ret.ref in ("<conn>", "<path>", ST) else None,
                 frozenset(flags), ret.auth)

    # ----------------------------------------------------------- sinks
    def sink_value(self, node: ast.AST, v: V, cat: str, code: str, call: str) -> bool:
        """Check a value arriving at a sink; report or record a summary flow."""
        hit = False
        if cat == SQL:
            if v.sql is not None:
                self.report(v.sql, code, call=call)
                hit = True
        elif cat in v.t:
            self.report(node, code, call=call)
            hit = True
        if self.func_stack:
            summ = self.func_stack[-1][1]
            for (i, c) in v.p:
                if c == cat:
                    summ.sinks.setdefault(i, set()).add((cat, code, call))
        return hit

    def sink(self, node: ast.AST | None, cat: str, code: str, call: str,
             env: Env) -> bool:
        if node is None:
            return False
        if isinstance(node, ast.Starred):
            node = node.value
        return self.sink_value(node, self.val(node, env), cat, code, call)


def _attribute_writers(cls: ast.ClassDef) -> dict[str, list[ast.AST]]:
    """Attribute name -> the methods of ``cls`` that assign ``self.<name>``
    (anywhere in their bodies; statements only, no expression is visited)."""
    out: dict[str, list[ast.AST]] = {}
    for item in cls.body:
        if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = item.args.posonlyargs + item.args.args
        if not params:
            continue
        found: set[str] = set()
        for node in names.statements(item.body):
            s: Any = node
            t = type(s)
            if t is ast.Assign:
                targets = list(s.targets)
            elif t is ast.AugAssign or t is ast.AnnAssign or t is ast.For or t is ast.AsyncFor:
                targets = [s.target]
            elif t is ast.With or t is ast.AsyncWith:
                targets = [i.optional_vars for i in s.items if i.optional_vars is not None]
            else:
                targets = []
            while targets:
                target = targets.pop()
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                    if target.value.id == params[0].arg:
                        found.add(target.attr)
                elif isinstance(target, (ast.Tuple, ast.List)):
                    targets.extend(target.elts)
                elif isinstance(target, ast.Starred):
                    targets.append(target.value)
        for name in found:
            out.setdefault(name, []).append(item)
    return out


def _through(fname: str, inner: str) -> str:
    """The call chain ``fname -> inner``, with a cycle cut out: a recursive call
    (``f -> f -> g``, ``f -> h -> f -> g``) reaches the sink as ``f -> g`` does.
    Without the cut a recursive function's summary grew by one chain per pass and
    never settled."""
    parts = inner.split(" -> ")
    if fname in parts:
        return " -> ".join(parts[len(parts) - 1 - parts[::-1].index(fname):])
    return f"{fname} -> {inner}"


def _dispatch(prefix: str) -> dict[type, Callable[..., Any]]:
    table: dict[type, Callable[..., Any]] = {}
    for attr in dir(Analyzer):
        if attr.startswith(prefix):
            node_type = getattr(ast, attr[len(prefix):], None)
            if isinstance(node_type, type):
                table[node_type] = getattr(Analyzer, attr)
    return table


_E_DISPATCH = _dispatch("e_")
_S_DISPATCH = _dispatch("s_")
