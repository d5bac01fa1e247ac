"""Where the engine keeps what it learns: environments, the branch log, module facts.

Bookkeeping lives here, not at the places that bind or learn:

* :meth:`Env.bind` binds a name and records it in the :class:`BranchLog`, the names
  bound since the outermost branching statement under way began -- the only names
  whose values the branches can leave different, so the only ones a join looks at;
* :class:`Facts` holds what outlives a scope (function summaries, session-state keys,
  ``self.attr`` values, widget keys) behind setters that count every change, and the
  reads of them that a pass must see unchanged to be the last.
"""
from __future__ import annotations

import ast
from typing import Any, Iterator, Sequence, TypeVar

from flake8_streamlit_security.engine.values import CLEAN, V, join, same

T = TypeVar("T")


class BranchLog:
    """The names bound since the outermost branching statement under way (if, loop,
    match) began: a statement's branches can have bound those alone to different
    values, so joining them looks at those alone."""

    __slots__ = ("names", "depth")

    def __init__(self) -> None:
        self.names: list[str] = []  # shared with every Env of the analysis
        self.depth = 0  # branching statements under way

    def begin(self) -> int:
        """A branching statement begins: where its names start (an outermost one
        starts the log afresh)."""
        if not self.depth:
            self.names.clear()
        self.depth += 1
        return len(self.names)

    def end(self, since: int) -> set[str]:
        """The names bound since ``since``, the branching statement having ended."""
        self.depth -= 1
        return set(self.names[since:])

    def mark(self) -> int:
        return len(self.names)

    def bound_since(self, mark: int) -> set[str]:
        return set(self.names[mark:])


class Env(dict[str, V]):
    """The values of the names in scope.  :meth:`bind` is the one way to bind a name
    while statements are walked: it logs the name for the branch joins."""

    __slots__ = ("bound",)
    bound: list[str]  # BranchLog.names

    @staticmethod
    def empty(log: BranchLog) -> Env:
        env = Env()
        env.bound = log.names
        return env

    def bind(self, name: str, v: V) -> None:
        self[name] = v
        self.bound.append(name)

    def declare(self, values: dict[str, V]) -> None:
        """Bind names before the walk of their scope begins (a module's functions,
        callable before their ``def``; a function's parameters): no branching
        statement under way binds them, so they are not logged."""
        self.update(values)

    def copy(self) -> Env:
        """A copy for a branch or an inner scope, logging to the same log."""
        new = Env(self)
        new.bound = self.bound
        return new

    def merge(self, a: Env, b: Env, keys: set[str]) -> None:
        """Join into this environment the environments ``a`` and ``b`` that the
        branches of a statement left (copies of it, or itself), given the names
        ``keys`` bound since the statement began: only those can differ, and looking
        at those alone keeps a join from growing with the scope's size."""
        for k in keys:
            va, vb = a.get(k), b.get(k)
            if va is None or vb is None:
                if va is not None or vb is not None:
                    self[k] = va or vb  # type: ignore[assignment]
            elif va is vb:
                self[k] = va
            else:
                self[k] = join([va, vb])


def chain_order(chain: str) -> tuple[int, str]:
    """Which of two call chains to a sink a summary keeps: the shorter, then the first
    by name -- a stable rule, so messages are the same on every run."""
    return chain.count(" -> "), chain


class Summary:
    """What calling a function does: its return value and, per parameter index,
    the sinks an argument reaches: (category, code) -> the call chain to the sink.

    One chain per sink and parameter, whatever the call graph: a function calling
    its callee along two paths (``f -> g -> h`` and ``f -> h``) keeps the better
    (:func:`chain_order`), so summaries stay small on diamond-shaped call graphs,
    where the number of distinct paths doubles with every layer."""

    __slots__ = ("params", "ret", "sinks", "lookups")

    def __init__(self, params: list[str]) -> None:
        self.params = params
        self.ret: V = CLEAN
        self.sinks: dict[int, dict[tuple[str, str], str]] = {}
        # the parameters every non-empty return looked up in the database by equality
        # (``return cur.fetchone()`` after binding them): a truthy result validates
        # them (None: no such return seen yet)
        self.lookups: frozenset[int] | None = None

    def add_sink(self, index: int, cat: str, code: str, chain: str) -> None:
        chains = self.sinks.setdefault(index, {})
        old = chains.get((cat, code))
        if old is None or chain_order(chain) < chain_order(old):
            chains[(cat, code)] = chain

    def digest(self) -> tuple[Any, ...]:
        r = self.ret
        return (r.taint, r.param_flows, r.secret is not None, r.secret_at, r.taint_at, r.flows_at,
                r.sql is not None, r.nonconst,
                frozenset((k, frozenset(v.items())) for k, v in self.sinks.items()))


ClassKey = tuple[int, str]  # (id of the class, attribute name)


class Facts:
    """What the analysis of a module learns beyond one scope.  Every setter counts in
    :attr:`changes` the facts it changed (a loop body is analyzed again only when its
    first analysis changed a fact or a name); every read a later fact could change is
    recorded, with what it saw, in :attr:`consulted`, :attr:`class_reads` and
    :attr:`state_reads`, which :meth:`stable` checks at the end of a pass."""

    __slots__ = ("summaries", "state", "widget_keys", "class_attrs", "changes",
                 "consulted", "class_reads", "state_reads")

    def __init__(self) -> None:
        self.summaries: dict[ast.AST, Summary] = {}
        self.state: dict[str, V] = {}  # session_state key -> joined value
        self.widget_keys: dict[str, V] = {}  # widget key= -> source value
        self.class_attrs: dict[ClassKey, V] = {}  # self.attr -> joined value
        self.changes = 0
        # every call site's view of a summary: (function, interesting, signature)
        self.consulted: list[tuple[ast.AST, bool, Any]] = []
        # every read of a self.attr: (class, attr) and the signature it saw
        self.class_reads: list[tuple[ClassKey, Any]] = []
        self.state_reads: dict[str, Any] = {}

    def new_pass(self) -> None:
        self.consulted = []
        self.class_reads = []
        self.state_reads = {}

    # ----------------------------------------------------------- setters
    def set_summary(self, func: ast.AST, summ: Summary) -> None:
        old = self.summaries.get(func)
        self.summaries[func] = summ
        if old is None or not same(old.ret, summ.ret) or old.sinks != summ.sinks:
            self.changes += 1

    def set_state(self, key: str, v: V) -> None:
        """``st.session_state[key] = v``: the key holds ``v`` too."""
        old = self.state.get(key)
        new = v if old is None else join([old, v])
        if old is None or old.taint != new.taint or (old.secret is None) != (
            new.secret is None
        ) or not old.nonconst and new.nonconst or old.taint_at != new.taint_at:
            self.state[key] = new.but(func=None)
            self.changes += 1

    def add_to_state(self, key: str, v: V) -> None:
        """``st.session_state[key].append(v)``: the key's value carries ``v`` too."""
        old = self.state.get(key)
        new = v if old is None else join([old, v])
        if old is None or old.taint != new.taint or old.taint_at != new.taint_at or \
                not old.nonconst and new.nonconst:
            self.state[key] = new
            self.changes += 1

    def set_class_attr(self, key: ClassKey, v: V) -> None:
        """``self.attr = v`` in a method: every method of the class sees it."""
        old = self.class_attrs.get(key)
        new = v if old is None else join([old, v])
        self.class_attrs[key] = new
        if not same(old, new):
            self.changes += 1

    def add_widget_key(self, key: str, v: V) -> None:
        """A source widget's ``key=``: the session-state key holds user input."""
        if key not in self.widget_keys:
            self.widget_keys[key] = v
            self.changes += 1

    # ----------------------------------------------------------- reads
    def summary_sig(self, func: ast.AST, interesting: bool) -> Any:
        """What a call site saw of ``func``'s summary; None when it cannot matter."""
        s = self.summaries.get(func)
        if s is None:
            return None
        r = s.ret
        if not (s.sinks or r.taint or r.secret or r.sql or r.link or r.flags or r.auth) \
                and not (interesting and r.param_flows):
            return None
        return s.digest()

    def consult(self, func: ast.AST, interesting: bool, sig: Any) -> None:
        self.consulted.append((func, interesting, sig))

    def state_sig(self, key: str) -> Any:
        v = self.state.get(key)
        return (v.taint, v.secret is not None, not v.nonconst, v.taint_at) if v is not None \
            else None, \
            key in self.widget_keys

    def constant_state(self, key: str) -> bool:
        """Session-state ``key`` only ever holds constants (``st.session_state["home"]
        = os.path.join(".", "data")``): the same for every visitor."""
        written, widget = self.read_state(key)
        return written is not None and widget is None and not written.nonconst and \
            not written.taint and written.secret is None

    def read_state(self, key: str) -> tuple[V | None, V | None]:
        """The value written to session-state ``key`` and its widget's, recorded."""
        if key not in self.state_reads:
            self.state_reads[key] = self.state_sig(key)
        return self.state.get(key), self.widget_keys.get(key)

    def class_sig(self, key: ClassKey) -> Any:
        v = self.class_attrs.get(key)
        if v is None:
            return None
        return v.taint, v.secret is not None, bool(v.nonconst), v.sql is not None, v.flags

    def read_class_attr(self, key: ClassKey) -> V | None:
        self.class_reads.append((key, self.class_sig(key)))
        return self.class_attrs.get(key)

    def settled(self, consulted_from: int = 0, class_reads_from: int = 0,
                skip: Sequence[tuple[tuple[int, ...], tuple[int, ...]]] = ()) -> bool:
        """Does every summary and ``self.attr`` read since the marks still say what
        it said when it was read?  ``skip``: (start, end) marks of spans not to
        check again (analyses made on demand, each checked when it ended)."""
        return all(self.summary_sig(f, i) == k for f, i, k in
                   _outside(self.consulted, consulted_from, skip, 0)) and all(
            self.class_sig(ck) == sig for ck, sig in
            _outside(self.class_reads, class_reads_from, skip, 1))

    def stable(self) -> bool:
        """Did every fact read during the pass keep the value it was read with?"""
        return self.settled() and all(
            self.state_sig(k) == v for k, v in self.state_reads.items())


def _outside(log: list[T], start: int, skip: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
             k: int) -> Iterator[T]:
    """The entries of ``log`` from ``start`` on that lie outside every span of
    ``skip`` (span ``(lo, hi)`` covers ``log[lo[k]:hi[k]]``; spans do not overlap)."""
    at = start
    for lo, hi in sorted(skip, key=lambda span: span[0][k]):
        yield from log[at:max(at, lo[k])]
        at = max(at, hi[k])
    yield from log[at:]
