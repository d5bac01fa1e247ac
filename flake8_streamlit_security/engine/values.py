"""What the engine knows about a value: :class:`V`, and how values combine.

A value is immutable; every operation returns a new one (or, where nothing changes,
the same one: most values share the same few sets, :data:`ALL`, :data:`PCATS` and
:data:`EMPTY`, which are passed on as they are).
"""
from __future__ import annotations

import ast
from typing import Any, Iterable, TypeVar

from flake8_streamlit_security.knowledge import sql as sql_tables
from flake8_streamlit_security.knowledge.categories import (
    ALL, ARG, EMPTY, LINK, PCATS, SQL, SQL_NAME,
)


class V:
    """What the analyzer knows about a value.  Treat as immutable.  The fields are
    named and explained in ``__init__``."""

    __slots__ = ("taint", "nonconst", "param_flows", "secret", "sql", "sqlish", "link",
                 "ref", "flags", "auth", "func", "text", "secret_at", "taint_at", "flows_at",
                 "secret_key")

    def __init__(
        self,
        taint: frozenset[str] = EMPTY,
        nonconst: frozenset[str] = EMPTY,
        param_flows: frozenset[tuple[int, str]] = EMPTY,
        secret: str | None = None,
        sql: ast.AST | None = None,
        sqlish: bool = False,
        link: ast.AST | None = None,
        ref: str | None = None,
        flags: frozenset[str] = EMPTY,
        auth: str | None = None,
        func: ast.AST | None = None,
        text: str | None = None,
        secret_at: frozenset[str] | None = None,
        taint_at: frozenset[str] | None = None,
        flows_at: frozenset[tuple[str, int]] | None = None,
        secret_key: int | None = None,
    ) -> None:
        # sink categories for which the value is user-controlled (and not sanitized)
        self.taint = taint
        # sink categories for which the value is not a constant (and not sanitized)
        self.nonconst = nonconst
        # (parameter index, category): what the parameters of the function being
        # analyzed bring, for its summary (a parameter's constness is the call site's)
        self.param_flows = param_flows
        self.secret = secret  # where the secret came from: "st.secrets", "os.environ[..]"
        self.sql = sql  # the node of the dynamically built SQL string it came from
        self.sqlish = sqlish  # a constant string (or built from constants) that reads as SQL
        self.link = link  # the node of a markdown link whose target the user controls
        self.ref = ref  # the qualified name ("streamlit.markdown") or kind ("<conn>")
        # facts about the object: upload, email, pw, login, archive, conn, state, splitext,
        # frame (a pandas DataFrame)
        self.flags = flags
        self.auth = auth  # the client-controlled, authorization-like item it is (STS207)
        self.func = func  # the function (FunctionDef or Lambda) it is
        self.text = text  # the constant string value, when known
        # a container's secret sits only under these constant keys (``{"to": secret,
        # "sent": True}``): its other items are no secret; None: anywhere in it
        self.secret_at = secret_at
        # the same for its taint (``{"summary": reply, "count": 3}``: only "summary"
        # holds model output); None: anywhere in it
        self.taint_at = taint_at
        # (key, parameter index): which parameter's flows sit under which constant key
        # (``{"name": name, "email": email}``); None: anywhere in it
        self.flows_at = flows_at
        # the parameter naming the st.secrets item this value is (``def setting(name):
        # return st.secrets.get(name)``): each call's key decides (a setting or a secret)
        self.secret_key = secret_key

    def but(self, **kw: Any) -> V:
        """A copy with the fields ``kw`` names changed."""
        new = V.__new__(V)
        (new.taint, new.nonconst, new.param_flows, new.secret, new.sql, new.sqlish,
         new.link, new.ref, new.flags, new.auth, new.func, new.text, new.secret_at,
         new.taint_at, new.flows_at, new.secret_key) = (
            self.taint, self.nonconst, self.param_flows, self.secret, self.sql,
            self.sqlish, self.link, self.ref, self.flags, self.auth, self.func, self.text,
            self.secret_at, self.taint_at, self.flows_at, self.secret_key)
        for k, v in kw.items():
            setattr(new, k, v)
        return new

    def nonconst_for(self, cat: str) -> bool:
        """Non-constant (and unsanitized) for ``cat``: own, or through a parameter."""
        return cat in self.nonconst or any(c == cat for _, c in self.param_flows)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        bits = [f"{s}={getattr(self, s)!r}" for s in V.__slots__ if getattr(self, s)]
        return f"V({', '.join(bits)})"


# The flag of an instance of one of the app's classes (its ``func`` is the class).
INSTANCE = "instance"
CLEAN = V()
NONCONST = V(nonconst=PCATS)
TAINTED = V(taint=ALL, nonconst=PCATS)
_PARAM_FLOWS: list[frozenset[tuple[int, str]]] = []


def param_flows(i: int) -> frozenset[tuple[int, str]]:
    """``{(i, c) for c in PCATS}``: what parameter ``i`` carries, built once per index."""
    assert i < KEYED_BASE  # a keyed index is made by keyed_item
    while len(_PARAM_FLOWS) <= i:
        _PARAM_FLOWS.append(frozenset((len(_PARAM_FLOWS), c) for c in PCATS))
    return _PARAM_FLOWS[i]


# An item read from a parameter under a constant key (``data["name"]``) counts as a
# parameter of its own, with an index from KEYED_BASE on: a summary then says which item
# of a dict argument reaches a sink, and a call passing ``{"name": n, "email": e}``
# answers for ``n`` alone.  The numbering is kept for the process (a few per key read).
KEYED_BASE = 1 << 20
_KEYED: dict[tuple[int, str], int] = {}
_KEYED_OF: list[tuple[int, str]] = []


_KEYED_DEPTH = 2  # data["a"]["b"] is told apart; deeper items stand for their parent


def keyed_param(i: int, key: str) -> int:
    """The index of parameter ``i``'s item under ``key``.  Bounded, so that a recursive
    walk (``for child in node.children: walk(child)``) settles: an item of an item
    under the same key, or deeper than _KEYED_DEPTH, is the item itself."""
    parent = keyed_of(i)
    if parent is not None and (parent[1] == key or _root_and_depth(i)[1] >= _KEYED_DEPTH):
        return i
    index = _KEYED.get((i, key))
    if index is None:
        index = _KEYED[(i, key)] = KEYED_BASE + len(_KEYED_OF)
        _KEYED_OF.append((i, key))
    return index


def keyed_of(index: int) -> tuple[int, str] | None:
    """(parameter index, key) of a keyed index; None for a parameter itself."""
    return _KEYED_OF[index - KEYED_BASE] if index >= KEYED_BASE else None


def _root_and_depth(index: int) -> tuple[int, int]:
    """The parameter a (possibly keyed) index reads from, and how many keys deep."""
    depth = 0
    while index >= KEYED_BASE:
        index = _KEYED_OF[index - KEYED_BASE][0]
        depth += 1
    return index, depth


def root_param(index: int) -> int:
    """The parameter a (possibly keyed) index reads from."""
    return _root_and_depth(index)[0]


def numeric_param_flows(i: int) -> frozenset[tuple[int, str]]:
    """What parameter ``i`` carries when annotated as a number: nothing for SQL."""
    return param_flows(i) - {(i, SQL)}


_T = TypeVar("_T")


def _union(acc: frozenset[_T], more: frozenset[_T]) -> frozenset[_T]:
    """``acc | more``, without a new set when a side is empty or both are one set."""
    if not more or more is acc:
        return acc
    return acc | more if acc else more


def join(values: Iterable[V]) -> V:
    """What is known of a value that is one of ``values``."""
    if type(values) is list:
        # V is immutable: the join of one value (or of one value twice) is itself
        if len(values) == 1 or (len(values) == 2 and values[0] is values[1]):
            only: V = values[0]
            return only
    # Unions only where both sides hold something new: most values share the
    # same few sets (PCATS, ALL, EMPTY), which are then passed on as they are.
    taint: frozenset[str] = EMPTY
    nonconst: frozenset[str] = EMPTY
    flows: frozenset[tuple[int, str]] = EMPTY
    flags: frozenset[str] = EMPTY
    secret = sql = link = auth = ref = text = func = None
    secret_key: int | None = None
    secret_at: frozenset[str] | None = EMPTY  # EMPTY: no secret seen yet
    taint_at: frozenset[str] | None = EMPTY  # EMPTY: no taint seen yet
    flows_at: frozenset[tuple[str, int]] | None = EMPTY  # EMPTY: no flow seen yet
    sqlish = False
    first = True
    for v in values:
        if v.secret:
            if v.secret_at is None or secret_at is None:
                secret_at = None
            else:
                secret_at = _union(secret_at, v.secret_at)
        if v.taint:
            if v.taint_at is None or taint_at is None:
                taint_at = None
            else:
                taint_at = _union(taint_at, v.taint_at)
        if v.param_flows:
            if v.flows_at is None or flows_at is None:
                flows_at = None
            else:
                flows_at = _union(flows_at, v.flows_at)
        taint = _union(taint, v.taint)
        nonconst = _union(nonconst, v.nonconst)
        flows = _union(flows, v.param_flows)
        flags = _union(flags, v.flags)
        if v.secret:
            # one key parameter for every secret joined, or none
            secret_key = v.secret_key if secret is None else (
                secret_key if secret_key == v.secret_key else None)
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
    return V(taint, nonconst, flows, secret, sql, sqlish, link, ref, flags, auth, func, text,
             secret_at if secret else None, taint_at if taint else None,
             flows_at if flows else None, secret_key)


def same(a: V | None, b: V | None) -> bool:
    """``a`` and ``b`` say the same about a value (or both are None)."""
    if a is b:
        return True
    if a is None or b is None:
        return False
    # every field (nodes compare by identity: ast nodes define no equality)
    return a.taint == b.taint and a.nonconst == b.nonconst and \
        a.param_flows == b.param_flows and a.secret == b.secret and a.sql == b.sql and \
        a.sqlish == b.sqlish and a.link == b.link and a.ref == b.ref and \
        a.flags == b.flags and a.auth == b.auth and a.func == b.func and a.text == b.text and \
        a.secret_at == b.secret_at and a.taint_at == b.taint_at and \
        a.flows_at == b.flows_at and a.secret_key == b.secret_key


_DERIVED_FLAGS = frozenset({"email", "pw", "upload", "archive", "frame", "extension",
                            "sql value"})


def derive(v: V, *, keep_ref: bool = False) -> V:
    """A value computed from ``v`` (subscript, attribute, method result)."""
    return V(v.taint, v.nonconst, v.param_flows, v.secret, v.sql, v.sqlish, v.link,
             v.ref if keep_ref else None, v.flags & _DERIVED_FLAGS if v.flags else EMPTY,
             v.auth)


def secret_item(v: V, key: str | None) -> V:
    """``v[key]`` (or ``v.get(key)``) of a container whose secret or taint sits under
    known keys: another constant key holds neither (a send function's ``{"sent": True,
    "recipients": [...]}``: its ``"sent"`` is not the recipients; a summary's
    ``{"count": 3, "text": reply}``: its ``"count"`` is not the model's reply)."""
    d = derive(v)
    if key is None:
        return d
    if v.secret and v.secret_at is not None and key not in v.secret_at:
        d = d.but(secret=None)
    if v.taint_at is not None and key not in v.taint_at:
        d = d.but(taint=EMPTY)
    if v.flows_at is not None:
        held = {i for k, i in v.flows_at if k == key}
        if len(held) < len({i for i, _ in v.param_flows}):
            d = d.but(param_flows=frozenset(f for f in d.param_flows if f[0] in held))
    return d


def flows_under(key: str, v: V) -> frozenset[tuple[str, int]]:
    """Where ``v``'s parameter flows sit once stored under ``key``."""
    return frozenset((key, i) for i in {i for i, _ in v.param_flows})


def bare_parameter(v: V) -> int | None:
    """The index of the one parameter ``v`` is, unchanged (no taint, no other flow)."""
    indices = {i for i, _ in v.param_flows}
    return indices.pop() if len(indices) == 1 and not v.taint and not v.nonconst else None


def keyed_item(v: V, key: str) -> V | None:
    """``v[key]`` when ``v`` is a bare parameter: a keyed parameter (KEYED_BASE)."""
    i = bare_parameter(v)
    if i is None:
        return None
    return V(param_flows=frozenset((keyed_param(i, key), c) for _, c in v.param_flows))


def keyed(v: V) -> bool:
    """``v`` is a container whose secret or taint sits under known keys."""
    return v.secret_at is not None or v.taint_at is not None or v.flows_at is not None


POSITION = "\0"


def position(i: int) -> str:
    """The key of a tuple's ``i``-th element in :attr:`V.secret_at` (no constant
    string key starts with a NUL)."""
    return f"{POSITION}{i}"


def stored_under(v: V, key: str | None) -> V:
    """What ``d[key] = v`` adds to the container ``d``."""
    d = derive(v)
    if key is not None:
        at = frozenset((key,))
        return d.but(secret_at=at if v.secret else None, taint_at=at if v.taint else None,
                     flows_at=flows_under(key, v) if v.param_flows else None)
    return d


def stored_key(key: str) -> bool:
    """A (secret-like) key or attribute that names a stored credential field, not a
    class or a column heading (``Credentials``, ``Token``, ``"Token ID"``: CapWords or
    words with spaces) nor a bare ``token``, which in app data is as often a coin or a
    piece of text (``row["token"]``, a streamed ``chunk.token``) as a credential."""
    if any(c.isspace() for c in key) or (
            key[:1].isupper() and "_" not in key and not key.isupper()):
        return False
    return key.lower() not in ("token", "tokens")


def stored_secret(base: V, key: str, v: V) -> V:
    """``v``, read under the secret-like key or attribute ``key`` of ``base``: a secret
    (``settings["openai_api_key"]`` from the app's database or config reaches every
    visitor) unless ``base`` is the session's own state or the user's own input, or one
    of the app's classes (``Msg.MISSING_SECRET``: a constant or an Enum member written in
    the code, which STS101 checks where it is written)."""
    users = base.taint and (base.taint_at is None or key in base.taint_at)  # (their items)
    if v.secret or base.secret or users or "state" in base.flags or "state" in v.flags \
            or not stored_key(key) or (isinstance(base.func, ast.ClassDef) and
                                       INSTANCE not in base.flags):
        return v
    return v.but(secret=f"{STORED}'{key}'")


STORED = "stored "  # how a stored secret's origin starts: "stored 'api_key'"


def sanitize(v: V, cats: frozenset[str]) -> V:
    """``v`` made safe for the categories ``cats``."""
    if cats >= PCATS:
        return CLEAN
    return V(v.taint - cats, v.nonconst - cats,
             frozenset(x for x in v.param_flows if x[1] not in cats),
             v.secret, v.sql if SQL not in cats else None, v.sqlish,
             v.link if LINK not in cats else None, None, v.flags, v.auth)


# The flag of a dict display whose keys are all constants ({"status": s, "mode": m}):
# iterating it gives those keys, the program's own names.  Kept while only constant
# keys are added; lost in a list of dicts and when a key that is not constant is set.
DICT = "dict"
# The key under which a parameter's items stand (``for k in fields`` in a helper), as a
# keyed parameter: the items of a dict argument with constant keys are constants.
EACH = "\0each"


# The flag of a list whose first item is a program of the developer's, not a shell or an
# interpreter (``["soffice", "--headless", path]``): run as a command, its other items
# are arguments (STS303 category ARG).
ARGV = "argv"
# A string that begins with the program's words (a prompt): no path, no option.
PROSE = "prose"


def carries(v: V, cat: str) -> bool:
    """``v`` is user-controlled for sink category ``cat``, or (in a summary) holds a
    parameter that brings it."""
    return cat in v.taint or any(c == cat for _, c in v.param_flows)


def holds_arg(v: V) -> bool:
    """The user (or, in a summary, a parameter) may choose how ``v`` begins."""
    return carries(v, ARG)


def anchored(v: V) -> V:
    """``v``, a string that begins with the program's own text (``f"/tmp/{name}"``,
    ``Path(folder) / name``): whatever the user sent, it is no option of a program."""
    if not holds_arg(v):
        return v
    return v.but(taint=v.taint - {ARG}, nonconst=v.nonconst - {ARG},
                 param_flows=frozenset(x for x in v.param_flows if x[1] != ARG))


_KEPT_BY_VALIDATION = frozenset({"email", "pw"})


def valid(v: V) -> V:
    """``v`` where a validator passed (RULES.md "Validators"): clean for every sink.
    What it is stays: a secret, a password, a client-controlled identity."""
    return V(secret=v.secret, flags=v.flags & _KEPT_BY_VALIDATION, auth=v.auth)


_NOT_SQL = PCATS - {SQL}


def constant_for_sql(v: V) -> V:
    """``v`` known to be a constant for SQL (STS401): the developer's own value."""
    if SQL not in v.nonconst and not any(c == SQL for _, c in v.param_flows):
        return v
    return v.but(nonconst=_NOT_SQL if v.nonconst is PCATS else v.nonconst - {SQL},
                 param_flows=frozenset(x for x in v.param_flows if x[1] != SQL))


# The flag of a string holding a non-constant value where a statement takes a value
# (``f"AND name = '{x}'"``): a clause that stays dynamic wherever it is placed.
SQL_VALUE = "sql value"
# The flag of a bind marker built from a name (``f":{key}"``, ``f"%({key})s"``): the
# driver binds the value it stands for; the name is the program's, like a column's.
SQL_MARKER = "sql marker"
_SQL_FLOWS = frozenset({SQL, SQL_NAME})


def sql_part(before: str, v: V) -> V:
    """What a dynamic part of a statement, after the statement text ``before``,
    brings to it (RULES.md STS401): in a value's place, or when the user controls it,
    itself; in a name's or a clause's place (``FROM {table}``), a developer's value is
    no placeholder's job, and a parameter there is followed for user input only."""
    if not v.nonconst_for(SQL) or v.taint or SQL_VALUE in v.flags or (
            SQL_MARKER not in v.flags and sql_tables.value_slot(before)):
        return v
    return v.but(nonconst=v.nonconst - {SQL}, param_flows=frozenset(
        (i, SQL_NAME) if c == SQL else (i, c) for i, c in v.param_flows))


def with_sql_of(v: V, parts: list[V]) -> V:
    """``v`` (a string built from ``parts``) non-constant for SQL as the parts are."""
    nonconst = v.nonconst - {SQL}
    flows = frozenset(x for x in v.param_flows if x[1] not in _SQL_FLOWS)
    for p in parts:
        if SQL in p.nonconst:
            nonconst = nonconst | {SQL}
        flows = flows | frozenset(x for x in p.param_flows if x[1] in _SQL_FLOWS)
    return v.but(nonconst=nonconst, param_flows=flows)


def sql_names_only(pairs: list[tuple[str, V]]) -> bool:
    """Every dynamic part the statement takes as a value is constant: what the user
    controls stands where a name or a clause goes (STS401's advice: an allow-list)."""
    return not any(v.nonconst_for(SQL) and (SQL_VALUE in v.flags or (
        SQL_MARKER not in v.flags and sql_tables.value_slot(before))) for before, v in pairs)


def sqlish(v: V) -> bool:
    """A constant string value (or one built from constants) that reads as SQL."""
    return v.sqlish or (v.text is not None and reads_as_sql(v.text))


def reads_as_sql(text: str) -> bool:
    """A string that reads as SQL (``SELECT ... FROM``, ``INSERT INTO`` ...)."""
    return len(text) >= 10 and sql_tables.STATEMENT_WORD.search(text) is not None and \
        sql_tables.STATEMENT.search(text) is not None
