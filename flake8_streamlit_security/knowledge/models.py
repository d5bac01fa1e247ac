"""What a library call, attribute or item is, by qualified name: the engine's models.

The engine evaluates a call, an attribute or a subscript it knows by name through
these tables: each maps a qualified name to a *kind* of result, and the engine gives
every kind its value (:mod:`flake8_streamlit_security.engine.library`).  Where a
name would match two entries, the first in the engine's old order of tests wins
(:data:`CALL_KINDS_IN_ORDER`), which the tables are built to respect.
"""
from __future__ import annotations

from flake8_streamlit_security.knowledge import sql, untrusted
from flake8_streamlit_security.knowledge.propagation import (
    ARCHIVE_OPENERS, CLOCK_CALLS, ENV_GETTERS, ENVIRONMENT, FILE_WRITERS, FRAME_CALLS, HTTP_CLIENTS,
    LOGGER_FACTORIES, PARSERS, PASSTHROUGH, PATH_METHODS, SANITIZERS, TEMP_FILES,
)
from flake8_streamlit_security.knowledge.streamlit_api import (
    CLIENT_SOURCE_METHODS, CLIENT_SOURCES, CONTAINER_CALLS, SAFE_WIDGETS, SOURCE_WIDGETS, ST,
)

# Kinds of result.
CONTAINER = "container"  # a Streamlit container (or several): st.columns(), st.sidebar
SOURCE_WIDGET = "source widget"  # user input; its key= names a session-state source
OPTION_WIDGET = "option widget"  # one of the developer's options: untainted, constant for SQL
CONNECTION = "connection"  # a database connection or engine (STS401 reads its queries)
QUERY_PARAMS = "query params"  # st.experimental_get_query_params(): client data
CLIENT_DATA = "client data"  # a query parameter, header or cookie (STS207: auth-like keys)
SECRETS = "secrets"  # st.secrets or one of its items
STATE = "session state"  # a session-state item, by key
ENV_READ = "environment read"  # os.getenv(key): a secret when the key looks like one
ENV = "environment"  # os.environ itself
HTTP_CLIENT = "http client"  # a session whose methods fetch URLs (STS406)
LOGIN_GETATTR = "login getattr"  # getattr(st.user, "is_logged_in")
USER_GET = "user get"  # st.user.get("email" | "is_logged_in")
USER = "user"  # st.user["email" | "tokens" | "is_logged_in"]
USER_TOKENS = "user tokens"  # st.user.tokens: a secret
USER_EMAIL = "user email"  # st.user.email
LOGIN = "login"  # st.user.is_logged_in
LOGGER = "logger"  # a logger (STS106 reads its methods as log sinks)
SANITIZER = "sanitizer"  # the categories of SANITIZERS[name] made safe
PATH = "path"  # a pathlib path built from the arguments
SPLITEXT = "splitext"  # os.path.splitext(): its [1] is an extension, no "/"
PASS_THROUGH = "pass-through"  # carries the arguments' taint
ARCHIVE = "archive"  # an archive whose members carry its taint (STS502)
OPAQUE = "opaque"  # a non-constant value known to carry nothing
PATH_METHOD = "path method"  # a path built from the receiver (a path) and the arguments
ITSELF = "itself"  # the receiver itself: ``with requests.Session() as s``
FRAME = "frame"  # a pandas DataFrame (STS302: only its .query/.eval run code)
MODEL = "model"  # a model client, chat model, chain or agent (``<llm>``): STS407
REPLY = "reply"  # what a model wrote: untrusted content (STS407)
RESPONSE = "response"  # an HTTP response: its body is untrusted content (STS407)
ROWS = "rows"  # what a database returns: the app's own data (constant for SQL)
CLOCK = "clock"  # the server's time: typed by nobody (constant for SQL)
PARSED = "parsed"  # what a parser read from its argument: carries its taint
OPENED = "opened"  # a file opened (``<file>``): what is written to it taints its path
TEMP_FILE = "temp file"  # a temporary file (``<file>``): its ``.name`` is the path

# The ``ref`` of a model object (and of what is read from one: ``client.chat``), and of
# an open file.
MODEL_REF = "<llm>"
FILE_REF = "<file>"

_USERS = ("streamlit.user", "streamlit.experimental_user")

# Calls, in the order the engine tested them: an earlier entry wins a name.
CALL_KINDS_IN_ORDER: tuple[tuple[str, frozenset[str]], ...] = (
    (CONTAINER, CONTAINER_CALLS | {ST}),
    (SOURCE_WIDGET, SOURCE_WIDGETS),
    (OPTION_WIDGET, SAFE_WIDGETS),
    (CONNECTION, frozenset({sql.STREAMLIT_CONNECTION})),
    (QUERY_PARAMS, frozenset({"streamlit.experimental_get_query_params"})),
    (CLIENT_DATA, frozenset(f"{base}.{method}" for base in CLIENT_SOURCES
                            for method in CLIENT_SOURCE_METHODS)),
    (STATE, frozenset({"streamlit.session_state.get"})),
    (ENV_READ, ENV_GETTERS),
    (HTTP_CLIENT, HTTP_CLIENTS),
    (LOGIN_GETATTR, frozenset({"builtins.getattr"})),
    (USER_GET, frozenset(f"{u}.get" for u in _USERS)),
    (LOGGER, LOGGER_FACTORIES),
    (CONNECTION, sql.CONNECTORS),
    (SANITIZER, frozenset(SANITIZERS)),
    (PATH, frozenset({"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath"})),
    (SPLITEXT, frozenset({"os.path.splitext"})),
    (FRAME, FRAME_CALLS),
    (PASS_THROUGH, PASSTHROUGH),
    (OPAQUE, frozenset({"streamlit.cache_data", "streamlit.cache_resource"})),
    (MODEL, untrusted.MODEL_CLIENTS),
    (REPLY, untrusted.REPLY_FUNCTIONS),
    (RESPONSE, untrusted.HTTP_FETCHES),
    (PARSED, PARSERS),
    (OPENED, frozenset(FILE_WRITERS)),
    (TEMP_FILE, TEMP_FILES),
    (CLOCK, CLOCK_CALLS),
)
# Calls by name prefix, tried when the name is not in CALL_KINDS; the secrets prefix
# came before the sanitizers, the archive openers after every table.
SECRETS_PREFIX = "streamlit.secrets."
CALL_PREFIXES: tuple[tuple[str, str], ...] = (
    (SECRETS_PREFIX, SECRETS), *((opener, ARCHIVE) for opener in ARCHIVE_OPENERS),
)


def _first_wins(entries: tuple[tuple[str, frozenset[str]], ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, fqs in entries:
        for fq in fqs:
            table.setdefault(fq, kind)
    return table


CALL_KINDS: dict[str, str] = _first_wins(CALL_KINDS_IN_ORDER)
# Kinds that a sanitizer given by the user (``--streamlit-sanitizers``) does not replace.
BEFORE_SANITIZERS: frozenset[str] = frozenset(
    kind for kind, _ in CALL_KINDS_IN_ORDER[:[k for k, _ in CALL_KINDS_IN_ORDER].index(SANITIZER)]
)

# Attributes by their own qualified name, then by prefix.
ATTRIBUTE_KINDS: dict[str, str] = {
    "streamlit.secrets": SECRETS, ENVIRONMENT: ENV,
    **{f"{u}.tokens": USER_TOKENS for u in _USERS},
    **{f"{u}.email": USER_EMAIL for u in _USERS},
    **{f"{u}.is_logged_in": LOGIN for u in _USERS},
}
ATTRIBUTE_PREFIXES: tuple[tuple[str, str], ...] = (("streamlit.session_state.", STATE),)
# Attributes by the qualified name of the object they are read from.
ATTRIBUTE_OF_KINDS: dict[str, str] = {
    "streamlit.secrets": SECRETS, **{base: CLIENT_DATA for base in CLIENT_SOURCES},
}
# Items (``obj[key]``) by the qualified name of the object.
ITEM_KINDS: dict[str, str] = {
    "streamlit.secrets": SECRETS, "streamlit.session_state": STATE, ENVIRONMENT: ENV_READ,
    **{base: CLIENT_DATA for base in CLIENT_SOURCES},
    **{u: USER for u in _USERS}, ST: CONTAINER,
    "streamlit.experimental_get_query_params()": CLIENT_DATA,
}
# What client data is called in messages, by the qualified name of its mapping.
CLIENT_WORDS: dict[str, str] = {
    **CLIENT_SOURCES, "streamlit.experimental_get_query_params()": "query parameter",
}

# Method calls by the kind of object they are called on: the ``ref`` the engine gives
# a connection (``<conn>``), a path (``<path>``), an HTTP client (``<http>``), a logger;
# the receiver alone decides for a logger, the method too for the others.
RECEIVER_KINDS: dict[str, str] = {"logging.Logger": OPAQUE}
METHOD_KINDS: dict[tuple[str, str], str] = {
    **{("<conn>", method): CONNECTION for method in sql.CONNECTION_METHODS},
    **{("<conn>", method): ROWS for method in sql.ROW_METHODS},
    **{("<path>", method): PATH_METHOD for method in PATH_METHODS},
    **{("<http>", method): ITSELF for method in ("__enter__", "__aenter__")},
    **{("<http>", method): RESPONSE for method in untrusted.SESSION_FETCHES},
}
