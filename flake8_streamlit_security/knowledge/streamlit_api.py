"""Streamlit's own API: which calls are sources, containers, display and HTML sinks.

Qualified names are those :mod:`flake8_streamlit_security.names` resolves to
(``streamlit.markdown``; containers collapse to ``streamlit``).  Facts are Streamlit's
(docs and source), see RULES.md "Streamlit facts".
"""
from __future__ import annotations

ST = "streamlit"
# Calls returning a container (or a sequence of containers).
CONTAINER_CALLS: frozenset[str] = frozenset(
    f"{ST}.{n}"
    for n in (
        "columns", "tabs", "container", "expander", "popover", "form", "empty",
        "dialog", "chat_message", "status", "fragment",
    )
)
# Attributes that are containers themselves.
CONTAINER_ATTRS: frozenset[str] = frozenset({"sidebar"})

# User-controlled sources (RULES.md "User-controlled data").
SOURCE_WIDGETS: frozenset[str] = frozenset(
    f"{ST}.{n}"
    for n in (
        "text_input", "text_area", "chat_input", "data_editor", "experimental_data_editor",
        "file_uploader", "camera_input", "audio_input",
    )
)
UPLOAD_WIDGETS: frozenset[str] = frozenset(
    f"{ST}.{n}" for n in ("file_uploader", "camera_input", "audio_input")
)
# Widgets whose values Streamlit maps to developer-defined values (constants).
SAFE_WIDGETS: frozenset[str] = frozenset(
    f"{ST}.{n}"
    for n in (
        "number_input", "slider", "select_slider", "selectbox", "radio", "multiselect",
        "checkbox", "toggle", "date_input", "time_input", "color_picker", "button",
        "form_submit_button", "pills", "segmented_control", "feedback", "download_button",
        "link_button",
    )
)

DISPLAY_CALLS: frozenset[str] = frozenset(
    f"{ST}.{n}"
    for n in (
        "write", "markdown", "text", "code", "json", "caption", "title", "header",
        "subheader", "info", "success", "warning", "error", "toast", "metric", "dataframe",
        "table", "write_stream", "latex", "exception",
    )
)
# Calls whose text argument is rendered as Markdown (links are live).
MARKDOWN_CALLS: frozenset[str] = frozenset(
    f"{ST}.{n}"
    for n in (
        "write", "markdown", "caption", "title", "header", "subheader", "info", "success",
        "warning", "error", "toast", "chat_message",
    )
)

# Calls after which the rest of a Streamlit script does not run.
TERMINATOR_CALLS: frozenset[str] = frozenset(
    {"stop", "rerun", "exit", "quit", "_exit", "switch_page", "experimental_rerun", "abort"}
)

# Request data the client controls (RULES.md STS207), with the word messages use.
CLIENT_SOURCES: dict[str, str] = {
    "streamlit.query_params": "query parameter",
    "streamlit.context.headers": "request header",
    "streamlit.context.cookies": "cookie",
}
CLIENT_PREFIXES: tuple[str, ...] = tuple(CLIENT_SOURCES)
# Methods of those mappings that return client data.
CLIENT_SOURCE_METHODS: frozenset[str] = frozenset(
    {"get", "get_all", "to_dict", "items", "values", "keys", "__getitem__", "setdefault"}
)
# Mapping methods: ``st.query_params.get`` is a method, ``st.query_params.page`` an item.
MAPPING_METHODS: frozenset[str] = frozenset(
    {"get", "get_all", "to_dict", "from_dict", "items", "keys", "values", "clear", "update",
     "setdefault", "pop", "copy"}
)
# Keys of client data that an authorization decision may read (STS207).
AUTH_KEYS: frozenset[str] = frozenset(
    {"admin", "role", "roles", "user", "username", "user_name", "userid", "user_id", "uid",
     "email", "user_email", "auth", "token", "is_admin", "isadmin", "x_forwarded_user",
     "x_forwarded_email", "remote_user", "x_remote_user", "x_auth_request_email",
     "x_auth_request_user", "x_user", "x_email", "group", "groups", "access", "access_level",
     "permission", "permissions", "superuser", "is_superuser"}
)

# HTML sinks (STS402/STS403/STS407).
HTML_FLAG_CALLS = frozenset({"streamlit.markdown", "streamlit.caption"})
# The keyword only Streamlit spells: a ``.markdown``/``.caption``/``.write`` call passing it
# is a Streamlit element's, whatever the receiver (a container kept on ``self`` or
# handed to a callback handler: ``self.container.markdown(..., unsafe_allow_html=True)``).
HTML_FLAG_KEYWORD = "unsafe_allow_html"
HTML_FLAG_METHODS = frozenset(
    {c.rpartition(".")[2] for c in HTML_FLAG_CALLS} | {"write"}
)
COMPONENT_HTML = frozenset(
    {"streamlit.components.v1.html", "streamlit.components.v1.components.html",
     "streamlit.components.html"}
)
COMPONENT_IFRAME = frozenset({"streamlit.components.v1.iframe", "streamlit.components.iframe"})

# Caches shared by every user (STS601), and the per-user state they must not read.
CACHE_DECORATORS: frozenset[str] = frozenset(
    f"{ST}.{n}" for n in ("cache_data", "cache_resource", "cache", "experimental_memo",
                          "experimental_singleton", "memo", "singleton")
)
PER_USER_STATE: dict[str, str] = {
    "streamlit.session_state": "st.session_state", "streamlit.user": "st.user",
    "streamlit.experimental_user": "st.experimental_user", "streamlit.context": "st.context",
    "streamlit.query_params": "st.query_params",
}
# Words of a cached function's parameter that names a digest of content (STS601): per-user
# state read under such a key holds the same content for every user who has that key.
CONTENT_HASH_WORDS: frozenset[str] = frozenset(
    {"hash", "digest", "checksum", "sha", "sha1", "sha256", "md5", "fingerprint", "etag"}
)
# Words of a ``_``-prefixed cached-function parameter that names a user (STS601).
USER_PARAM_WORDS: frozenset[str] = frozenset(
    {"user", "email", "token", "tenant", "username", "userid"}
)
