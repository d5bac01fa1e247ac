"""The values of library calls, attributes and items the engine knows by name.

:mod:`flake8_streamlit_security.knowledge.models` says what kind of thing a qualified
name is; the functions here say what a thing of each kind is worth as a :class:`V`
(with the call's arguments, or the item's key, where they matter).
"""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from flake8_streamlit_security import names
from flake8_streamlit_security.engine.scope import Env
from flake8_streamlit_security.engine.values import (
    CLEAN, NONCONST, V, anchored, derive, flows_under, holds_arg, join, position, sanitize,
)
from flake8_streamlit_security.knowledge import models as m
from flake8_streamlit_security.knowledge.categories import (
    ALL, ARCHIVE, CODE, CONTENT, DESER, EMPTY, HTML_SAFE, PCATS, SQL,
)
from flake8_streamlit_security.knowledge.propagation import (
    ABSOLUTE_PATH_METHODS, ABSOLUTE_PATHS, FILE_WRITERS, HTML_SPECIALS, PATH_JOINS,
    POSITIONAL_ZIPS, SUBSTITUTIONS, URL_ENCODERS, URL_PARSERS, substitution_safe,
)
from flake8_streamlit_security.knowledge.sql import DB_READERS
from flake8_streamlit_security.knowledge.streamlit_api import (
    AUTH_KEYS, MAPPING_METHODS, ST, UPLOAD_WIDGETS,
)
from flake8_streamlit_security.knowledge.untrusted import (
    CODE_AGENTS, HISTORY_MESSAGES, LOCAL_HOSTS, MODEL_FACTORIES, MODEL_PACKAGES, REPLY_METHODS,
    RUNS_CODE, URL_ARGUMENT,
    URL_ARGUMENT_OF_REQUEST,
)
from flake8_streamlit_security.lazyre import LazyRe
from flake8_streamlit_security.names import const_str
from flake8_streamlit_security.vocab import PATH_VARIABLES, is_password_like, is_setting_name

if TYPE_CHECKING:
    from flake8_streamlit_security.engine.core import Core


def auth_like(key: str) -> bool:
    """A key of client data that an authorization decision may read (STS207)."""
    k = key.strip().lower().replace("-", "_")
    if k in AUTH_KEYS:
        return True
    parts = set(k.split("_"))
    return bool(parts & {"admin", "role", "auth"})


def bearer(auth: str) -> bool:
    """The client-controlled item ``auth`` (``st.query_params "token"``) is a token a
    link carries (a password reset's, an e-mail check's): the server checks it, so its
    presence routes the visitor and decides nothing (STS207 reports comparisons only)."""
    key = auth.rsplit('"', 2)[-2] if auth.endswith('"') else auth
    return "token" in key.lower().replace("-", "_").split("_")


def _client_data(word: str, key: str | None) -> V:
    return V(taint=ALL, nonconst=PCATS,
             auth=f'{word} "{key}"' if key and auth_like(key) else None)


def _environment_read(an: Core, key: str | None) -> V:
    if key is not None and an.secret_like(key) and key not in PATH_VARIABLES:
        return V(secret=f"os.environ[{key!r}]", nonconst=PCATS)
    return NONCONST


# A model's reply, an HTTP response: untrusted content (STS407); "fetched" marks the
# response itself, whose metadata attributes are not content.
UNTRUSTED = V(taint=frozenset({CONTENT}), nonconst=PCATS, flags=frozenset({"fetched"}))
# Text a model wrote, handed to the app's callback (untrusted.CALLBACK_CONTENT).
MODEL_TEXT = V(taint=frozenset({CONTENT}), nonconst=PCATS)
# A response of the app's own API (see untrusted.LOCAL_HOSTS): only its page text is
# content.
OWN_API = V(nonconst=PCATS, flags=frozenset({"fetched", "own api"}))
# (its flag makes a helper returning one worth a summary: ``def get_llm(): return ...``)
MODEL_OBJECT = V(ref=m.MODEL_REF, nonconst=PCATS, flags=frozenset({"model"}))
# the developer's configuration: a secret, but constant for SQL (STS401: a table
# or dataset name read from st.secrets is no user input)
_CONFIGURED = PCATS - {SQL}
_ST_SECRETS = V(secret="st.secrets", ref="streamlit.secrets", nonconst=_CONFIGURED)
# An st.secrets item under a key naming a setting (vocab.SETTING_WORDS): configuration.
_SETTING = V(nonconst=_CONFIGURED)
# An item of st.secrets, possibly a section: what is read from it is an item of a section.
_SECTION = frozenset({"section"})
_ST_SECTION = _ST_SECRETS.but(flags=_SECTION)


def secrets_item(key: str | None, base: V | None = None) -> V:
    """``st.secrets[key]``, ``st.secrets.key`` (``base``: what it is read from): a secret,
    unless the key names a setting that is no credential (``smtp_host``, ``port``; inside
    a section, ``driver`` and ``database`` too)."""
    leaf = base is not None and "section" in base.flags
    return _SETTING if key is not None and is_setting_name(key, leaf) else _ST_SECTION


def rows(method: str) -> V:
    """What a database returns to ``method``: its rows.  (Not flagged a DataFrame for
    STS302: a "frame" flag on every query result made summaries differ between passes
    and cost a module 50% more analysis, measured on the bench's grown module.)"""
    return _ROWS


def _secrets_call(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V:
    """A call on ``st.secrets`` (``st.secrets.to_dict()``, ``.get(key)``)."""
    v = secrets_item(const_str(node.args[0]) if node.args else None)
    return v.but(ref=None) if v.secret else v


_CONNECTION = V(nonconst=PCATS, ref="<conn>", flags=frozenset({"conn"}))
# Rows a database returns (knowledge/sql.py ROW_METHODS): constant for SQL.
# Constant for SQL, and nothing else known: rows a database returns (knowledge/sql.py
# ROW_METHODS), the server's clock (propagation.CLOCK_CALLS).
CONSTANT_FOR_SQL = V(nonconst=PCATS - {SQL})
_ROWS = CONSTANT_FOR_SQL
_EMAIL = frozenset({"email"})
_LOGIN = frozenset({"login"})

# ------------------------------------------------------------------ calls
CallModel = Callable[["Core", ast.Call, str, list[V], Env], "V | None"]


def _first_key(node: ast.Call) -> str | None:
    return const_str(node.args[0]) if node.args else None


def _state_key(node: ast.Call, allargs: list[V]) -> str:
    """The key of ``st.session_state.get(key)``: its text, else its spelling."""
    text = _first_key(node) or (allargs[0].text if node.args else None)
    return text or names.dynamic_key(node.args[0] if node.args else None)


def _source_widget(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V:
    flags = set()
    if fq in UPLOAD_WIDGETS:
        flags.add("upload")
    if fq in DATA_EDITORS:
        flags.add("frame")
    tp = names.kwarg(node, "type")
    label = const_str(names.arg_node(node, 0, "label"))
    if (tp is not None and const_str(tp.value) == "password") or (
        label is not None and is_password_like(label)
    ):
        flags.add("pw")  # a password's value (STS205)
    kw = names.kwarg(node, "key")
    if kw is not None:
        # a key computed at run time (key=PREFIX + str(i)) is known by its spelling
        key = const_str(kw.value) or an.val(kw.value, env).text or names.dynamic_key(kw.value)
        an.facts.add_widget_key(key, V(
            taint=ALL, nonconst=PCATS, flags=frozenset(flags & {"upload", "pw"})))
    return V(taint=ALL, nonconst=PCATS, flags=frozenset(flags))


DATA_EDITORS = frozenset({"streamlit.data_editor", "streamlit.experimental_data_editor"})


def _login_getattr(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env
                   ) -> V | None:
    if len(node.args) >= 2 and const_str(node.args[1]) == "is_logged_in":
        return V(flags=_LOGIN)
    return None


def _user_get(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V | None:
    key = _first_key(node)
    if key in ("is_logged_in", "email"):
        return V(flags=_LOGIN if key == "is_logged_in" else _EMAIL, nonconst=PCATS)
    return None


def _pass_through(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V:
    v = join(allargs) if allargs else CLEAN
    v = v.but(ref=None, func=None, text=None, flags=v.flags & {"upload", "email", "pw"})
    if fq in ABSOLUTE_PATHS or fq in PATH_JOINS and len(allargs) > 1 and \
            not holds_arg(allargs[0]):
        v = anchored(v)  # os.path.join(folder, name), os.path.abspath(name)
    if fq in POSITIONAL_ZIPS and allargs and not node.keywords and not any(
            isinstance(a, ast.Starred) for a in node.args) and (
            v.taint or v.param_flows or v.secret):
        # zip(titles, names): the i-th item of each tuple is the i-th argument's item
        places = list(enumerate(allargs))
        v = v.but(taint_at=frozenset(position(i) for i, a in places if a.taint) or None
                  if v.taint else None,
                  flows_at=frozenset().union(*(flows_under(position(i), a) for i, a in places))
                  if v.param_flows else None,
                  secret_at=frozenset(position(i) for i, a in places if a.secret) or None
                  if v.secret else None)
    if fq in SUBSTITUTIONS and len(node.args) >= 3:
        # re.sub(r"[^0-9]", "", x): only the allowed characters are left
        safe = substitution_safe(const_str(node.args[0]), const_str(node.args[1]))
        if safe:
            v = sanitize(join(allargs[2:3]), safe).but(flags=EMPTY)
    if fq in URL_PARSERS:
        v = v.but(flags=v.flags | URL_PARTS)  # whose host part holds no "/"
    return v


URL_PARTS = frozenset({"url parts"})  # what urlparse() returns


def _sanitizer(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V:
    cats = an.sanitizers[fq]
    if fq in URL_ENCODERS:
        safe = names.arg_node(node, *URL_ENCODERS[fq])
        if safe is not None and (const_str(safe) is None or any(
                c in HTML_SPECIALS for c in const_str(safe) or "")):
            cats = cats - HTML_SAFE  # quote(x, safe="<>"): markup is left as it is
    return sanitize(join(allargs) if allargs else CLEAN, cats)


def _path(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V:
    if not allargs:
        return V(ref="<path>")
    v = join(allargs).but(ref="<path>")
    if len(allargs) > 1 and not holds_arg(allargs[0]):
        v = anchored(v)  # Path(folder, name)
    return v


_FRAME = frozenset({"frame"})


def _frame(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V:
    """A DataFrame: the constructor carries its data's taint; a reader is non-constant
    and carries what it read (an upload's cells stay user input)."""
    if fq == "pandas.DataFrame":
        v = _pass_through(an, node, fq, allargs, env)
        return v.but(flags=v.flags | _FRAME, nonconst=v.nonconst or PCATS)
    if fq in DB_READERS:
        return _ROWS.but(flags=_FRAME)  # the database's rows, not the query's text
    return _parsed(an, node, fq, allargs, env).but(flags=_FRAME, nonconst=PCATS)


def _archive(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V:
    v = join(allargs) if allargs else CLEAN
    # an archive opened from user data, or from a parameter (for the summary)
    opened = ARCHIVE in v.taint or any(c == ARCHIVE for _, c in v.param_flows)
    return v.but(ref=None, flags=frozenset({"archive"}) if opened else EMPTY)


def _parsed(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V:
    """What a parser read from its arguments: their taint, none of their facts (a
    frame read from an upload is not the upload), and no secret its options carry
    (``read_parquet(url, storage_options={"key": ...})``: the rows, not the key)."""
    v = join(allargs) if allargs else CLEAN
    source = allargs[:len(node.args)]
    secret = join(source).secret if source and v.secret else None
    return v.but(ref=None, func=None, text=None, flags=EMPTY, sqlish=False, secret=secret,
                 secret_at=None if secret is None else v.secret_at)


# What written content is to the path it was written to: data for loaders and runners.
ON_DISK = frozenset({DESER, CODE})
# Facts of a file opened for writing: the name and the text of the path it writes to.
WRITTEN_NAME = "written name="
WRITTEN_TEXT = "written text="
# The name under which a scope records that it wrote to the path ``text``.
WRITTEN_SLOT = "<written>"


def _opened(an: Core, node: ast.Call, fq: str, allargs: list[V], env: Env) -> V:
    pos, kw, default = FILE_WRITERS[fq]
    mode_node = names.arg_node(node, pos, kw)
    mode = const_str(mode_node) if mode_node is not None else default
    path = names.arg_node(node, 0, "file")
    if mode is None or not set(mode) & set("wax+"):
        # read: a handle on a path holding written user data is that data to a loader
        held = an.on_disk(path, env).taint & ON_DISK if path is not None else EMPTY
        return V(taint=held, nonconst=PCATS) if held else NONCONST
    return V(nonconst=PCATS, ref=m.FILE_REF, flags=written_to(an, path, env))


def written_to(an: Core, path: ast.AST | None, env: Env) -> frozenset[str]:
    """The facts recording where ``path`` (the node of a path written to) is: its
    name, if a plain name, and its text, if known."""
    if path is None:
        return EMPTY
    facts = set()
    if isinstance(path, ast.Name):
        facts.add(WRITTEN_NAME + path.id)
    text = an.val(path, env).text
    if text is not None:
        facts.add(WRITTEN_TEXT + text)
    return frozenset(facts)


def _model(node: ast.Call, fq: str) -> V:
    """A chat model, chain or agent; one that runs the Python its model writes is
    flagged (an agent built with ``allow_dangerous_code=True``)."""
    name = fq.rpartition(".")[2]
    if name in CODE_AGENTS:
        flag = CODE_AGENTS[name]
        kw = names.kwarg(node, flag) if flag is not None else None
        if flag is None or kw is not None and not names.is_falsy_const(kw.value):
            return MODEL_OBJECT.but(flags=MODEL_OBJECT.flags | {RUNS_CODE})
    return MODEL_OBJECT


def _constant(v: V) -> CallModel:
    return lambda an, node, fq, allargs, env: v


CALL_RESULTS: dict[str, CallModel] = {
    m.CONTAINER: _constant(V(ref=ST)),
    m.SOURCE_WIDGET: _source_widget,
    # developer-defined options: untainted, and constant for SQL (STS401)
    m.OPTION_WIDGET: _constant(V(nonconst=PCATS - {SQL})),
    m.CONNECTION: _constant(_CONNECTION),
    m.QUERY_PARAMS: _constant(V(taint=ALL, nonconst=PCATS,
                                ref="streamlit.experimental_get_query_params()")),
    m.CLIENT_DATA: lambda an, node, fq, allargs, env: _client_data(
        m.CLIENT_WORDS[fq.rpartition(".")[0]], _first_key(node)),
    m.SECRETS: _secrets_call,
    m.STATE: lambda an, node, fq, allargs, env: an.state_value(_state_key(node, allargs)),
    m.ENV_READ: lambda an, node, fq, allargs, env: _environment_read(an, _first_key(node)),
    m.HTTP_CLIENT: _constant(V(nonconst=PCATS, ref="<http>")),
    m.LOGIN_GETATTR: _login_getattr,
    m.USER_GET: _user_get,
    m.LOGGER: _constant(V(ref="logging.Logger", nonconst=PCATS)),
    m.SANITIZER: _sanitizer,
    m.PATH: _path,
    m.SPLITEXT: lambda an, node, fq, allargs, env: (
        derive(join(allargs)).but(flags=frozenset({"splitext"})) if allargs
        else _pass_through(an, node, fq, allargs, env)),
    m.FRAME: _frame,
    m.PASS_THROUGH: _pass_through,
    m.ARCHIVE: _archive,
    m.OPAQUE: _constant(NONCONST),
    m.MODEL: lambda an, node, fq, allargs, env: _model(node, fq),
    m.REPLY: _constant(UNTRUSTED),
    m.RESPONSE: lambda an, node, fq, allargs, env: response(
        an, node, fq.endswith(".request"), env),
    m.PARSED: _parsed,
    m.OPENED: _opened,
    m.TEMP_FILE: _constant(V(nonconst=PCATS, ref=m.FILE_REF)),
    m.CLOCK: _constant(CONSTANT_FOR_SQL),
}


def response(an: Core, node: ast.Call, request: bool, env: Env) -> V:
    """The response of a fetch: untrusted content from the web, or the app's own API."""
    pos, kw = URL_ARGUMENT_OF_REQUEST if request else URL_ARGUMENT
    url = names.arg_node(node, pos, kw)
    prefix = _constant_prefix(an, url, env) if url is not None else None
    host = _WEB_HOST.match(prefix) if prefix else None
    if host is None:
        return OWN_API
    name = host.group(1).lower()
    return UNTRUSTED if name not in LOCAL_HOSTS and "." in name else OWN_API


_WEB_HOST = LazyRe(r"(?i)https?://(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#{}\s]+)")


def _constant_prefix(an: Core, node: ast.AST, env: Env) -> str | None:
    """The constant text a string value starts with, when known."""
    while True:
        if isinstance(node, ast.JoinedStr):
            first = node.values[0] if node.values else None
            return first.value if isinstance(first, ast.Constant) and isinstance(
                first.value, str) else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            node = node.left
            continue
        return const_str(node) or an.val(node, env).text


def model_factory(fq: str) -> bool:
    """A LangChain/LangGraph/LlamaIndex call building a chat model, chain or agent."""
    return fq.startswith(MODEL_PACKAGES) and fq.rpartition(".")[2] in MODEL_FACTORIES


def call_kinds(extra_sanitizers: tuple[str, ...]) -> dict[str, str]:
    """The table of call kinds, with the sanitizers the user named where a
    sanitizer would have been found (not over a kind tested before sanitizers)."""
    if not extra_sanitizers:
        return m.CALL_KINDS
    table = dict(m.CALL_KINDS)
    for fq in extra_sanitizers:
        if table.get(fq) not in m.BEFORE_SANITIZERS and not fq.startswith(m.SECRETS_PREFIX):
            table[fq] = m.SANITIZER
    return table


CALL_PREFIXES = tuple(prefix for prefix, _ in m.CALL_PREFIXES)


def prefixed_call_kind(fq: str) -> str | None:
    """The kind of a call not in the table of names, by the prefix of its name
    (for a name that starts with one of :data:`CALL_PREFIXES`)."""
    for prefix, kind in m.CALL_PREFIXES:
        if fq.startswith(prefix):
            return kind
    return None  # pragma: no cover - the caller tested the prefixes


def method_value(an: Core, node: ast.Call, recv: V, method: str, allargs: list[V],
                 env: Env) -> V | None:
    """What ``recv.method(...)`` returns when the kind of the receiver (which has a
    ``ref``) decides; None if not."""
    assert recv.ref is not None
    if recv.ref.startswith(m.MODEL_REF):
        # a model object's reply methods return its text; the rest another model object
        # (``llm.bind_tools(...)``, ``model.start_chat()``)
        return UNTRUSTED if method in REPLY_METHODS else MODEL_OBJECT
    kind = m.RECEIVER_KINDS.get(recv.ref) or m.METHOD_KINDS.get((recv.ref, method))
    if kind is None:
        return None
    if kind == m.OPAQUE:
        return NONCONST
    if kind == m.CONNECTION:
        return _CONNECTION
    if kind == m.ROWS:
        return rows(method)
    if kind == m.PATH_METHOD:
        v = join([recv] + allargs).but(ref="<path>")
        return anchored(v) if method in ABSOLUTE_PATH_METHODS else v
    if kind == m.ITSELF:
        return recv
    if kind == m.RESPONSE:
        return response(an, node, method == "request", env)
    raise AssertionError(kind)  # pragma: no cover - a kind without a value


# ------------------------------------------------------------------ attributes
_ATTRIBUTE_PREFIXES = tuple(prefix for prefix, _ in m.ATTRIBUTE_PREFIXES)


def attribute_value(an: Core, node: ast.Attribute, base: V, ref: str) -> V | None:
    """The value of a known attribute ``ref`` read from ``base``; None if unknown."""
    if base.ref is not None and base.ref.startswith(m.MODEL_REF) and \
            node.attr in HISTORY_MESSAGES:
        return UNTRUSTED  # StreamlitChatMessageHistory(...).messages: the conversation
    kind = m.ATTRIBUTE_KINDS.get(ref)
    if kind is None and ref.startswith(_ATTRIBUTE_PREFIXES):
        for prefix, prefixed in m.ATTRIBUTE_PREFIXES:
            if ref.startswith(prefix):
                kind = prefixed
                break
    if kind is None and base.ref is not None:
        kind = m.ATTRIBUTE_OF_KINDS.get(base.ref)
        if kind == m.SECRETS and not base.secret:
            kind = None
        elif kind == m.CLIENT_DATA:
            if node.attr in MAPPING_METHODS:
                kind = None
            else:
                return _client_data(m.CLIENT_WORDS[base.ref], node.attr)
    if kind is None:
        return None
    if kind == m.SECRETS:
        return _ST_SECRETS if ref == "streamlit.secrets" else secrets_item(node.attr, base)
    if kind == m.USER_TOKENS:
        return V(secret="st.user.tokens", nonconst=PCATS, ref=ref)
    if kind == m.USER_EMAIL:
        return V(nonconst=PCATS, flags=_EMAIL, ref=ref)
    if kind == m.ENV:
        return V(secret="os.environ", ref=ref, nonconst=PCATS)
    if kind == m.STATE:
        return an.state_value(node.attr, ref)
    if kind == m.LOGIN:
        return V(flags=_LOGIN, ref=ref)
    raise AssertionError(kind)  # pragma: no cover - a kind without a value


# ------------------------------------------------------------------ items
def item_value(an: Core, base: V, key: str | None, key_node: ast.AST | None = None
               ) -> V | None:
    """The value of ``base[key]`` when ``base`` (which has a ``ref`` or is a secret)
    is known by name; None if not."""
    if base.secret == "st.secrets":
        return secrets_item(key, base)
    kind = m.ITEM_KINDS.get(base.ref)  # type: ignore[arg-type]
    if kind is None:
        return None
    if kind == m.SECRETS:
        return secrets_item(key, base)
    if kind == m.STATE:
        return an.state_value(key or names.dynamic_key(key_node))
    if kind == m.CLIENT_DATA:
        return _client_data(m.CLIENT_WORDS[base.ref], key)  # type: ignore[index]
    if kind == m.ENV_READ:
        return _environment_read(an, key)
    if kind == m.USER:
        if key == "email":
            return V(nonconst=PCATS, flags=_EMAIL)
        if key == "tokens":
            return V(secret="st.user.tokens", nonconst=PCATS)
        if key == "is_logged_in":
            return V(flags=_LOGIN)
        return NONCONST
    if kind == m.CONTAINER:
        return V(ref=ST)  # columns(...)[0]
    raise AssertionError(kind)  # pragma: no cover - a kind without a value
