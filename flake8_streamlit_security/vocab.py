"""Shared vocabulary: secret-like names and placeholder values (RULES.md).

Used by the flake8 plugin and by the hooks, so both judge names and values
the same way.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from flake8_streamlit_security.lazyre import LazyRe

SECRET_WORDS: frozenset[str] = frozenset(
    {
        "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey",
        "api_key", "access_key", "private_key", "client_secret", "cookie_secret",
        "auth_key", "credential", "credentials", "bearer", "dsn",
        # keys that sign or encrypt (cookies, sessions, tokens): as secret as a password
        "cookie_key", "signing_key", "hmac_key", "jwt_key", "encryption_key", "master_key",
        # the common short form of a password (ADMIN_PW, db_pw), beside RULES.md's list
        "pw",
    }
)
# Secret words that count only as a name's last word: ``pw_uid``, ``pw_dir`` are the
# fields of a pwd module's user record, ``ADMIN_PW`` a password.
LAST_WORD_ONLY: frozenset[str] = frozenset({"pw"})
# Words that make a name password-like (STS205): a comparison of such a value with a
# literal is a hardcoded password check.  Narrower than SECRET_WORDS: a token or a key
# compared with a literal is a key test (``"access_token" in token_json``).
PASSWORD_WORDS: frozenset[str] = frozenset(
    {"password", "passwd", "pwd", "pw", "passphrase", "pin"})
# Suffixes that make a name a *label* of a secret rather than the secret.
LABEL_SUFFIXES: tuple[str, ...] = (
    "_name", "_label", "_type", "_field", "_header", "_url", "_uri", "_endpoint",
    "_path", "_file", "_dir", "_env", "_var", "_prompt", "_placeholder", "_help",
    "_key_name", "_length", "_len", "_count",
    # settings about a secret, not the secret (measured on public apps)
    "_policy", "_strength", "_rules", "_origin", "_host",
    # an amount of them (a model's token usage and limits), not one
    "_usage", "_limit", "_used", "_quota", "_budget",
    # the element of a page or a form that takes one (a scraper's, a UI test's)
    "_input", "_button", "_selector", "_xpath", "_locator",
)
BOOLEAN_PREFIXES: tuple[str, ...] = ("is_", "has_", "use_", "show_")
# Words before "token" in the name of an API's page cursor (``nextPageToken``,
# ``continuationToken``, ``sync_token``): it fetches the next page, it grants nothing.
PAGING: frozenset[str] = frozenset(
    {"page", "paging", "pagination", "continuation", "next", "prev", "previous", "cursor",
     "sync", "resume"})
# Words of a ``.env`` key naming a password beside SECRET_WORDS (``SMTP_PASS``, ``DB_PASS``):
# in an env file a key's word "pass" is a password's (STS903); in code it is too common.
ENV_SECRET_WORDS: tuple[str, ...] = ("pass",)
# Prefixes of a message's key or a flag about a secret, not the secret: a translation
# table's "no_api_key_for_company_info", "enter_topic_and_api_key" (measured on public
# apps).  Names only: a password-like value called enter_password is still one.
MESSAGE_PREFIXES: tuple[str, ...] = (
    "no_", "missing_", "invalid_", "enter_", "need_", "needs_", "require_", "requires_",
    "without_",
)
# The last words of a key naming a setting that is no credential: an ``st.secrets`` item
# under such a key (``[smtp] host``, ``sender_email``, ``data_folder``) is configuration,
# not a secret (measured on public apps: the most frequent false alarm of STS105/STS206).
# A URL is not among them: a database URL carries its password.
SETTING_WORDS: frozenset[str] = frozenset(
    {"host", "hostname", "port", "server", "email", "sender", "region", "bucket",
     "project", "dataset", "table", "schema", "folder", "dir", "directory", "path", "model",
     "name", "title", "label", "timeout", "user", "username", "mode", "env", "environment",
     "location", "zone", "locale", "language", "lang", "version", "sheet", "spreadsheet",
     # an identifier (ADMIN_ID, client_id, spreadsheet_id): a name, not a credential
     "id"}
)
# ... and, inside a section, what names a database, a driver or a warehouse.
LEAF_SETTING_WORDS: frozenset[str] = frozenset(
    {"driver", "database", "dbname", "catalog", "warehouse", "role", "dialect",
     "sslmode", "account"}
)
# Environment variables whose secret-like name holds a file *path* by convention
# (Google's client libraries read the service-account file it names).
PATH_VARIABLES: frozenset[str] = frozenset({"GOOGLE_APPLICATION_CREDENTIALS"})

_CAMEL = LazyRe(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = LazyRe(r"[^A-Za-z0-9]+")


def words(name: str) -> list[str]:
    """Split an identifier or key into lower-case words (``_``, ``-``, ``.``, camelCase)."""
    return [w.lower() for part in _SPLIT.split(name) for w in _CAMEL.split(part) if w]


def _label_text(name: str) -> bool:
    """Words of letters separated by spaces (``"Token ID"``, ``"API Key (optional)"``): a
    human-readable label, a table's column heading, not an identifier.  A key holding
    digits, ``_`` or other signs beside a space (``"api_key s3cr3t"``) is not one."""
    parts = name.split()
    return len(parts) > 1 and all(p.strip("():").isalpha() for p in parts)


# A key naming a page or a data file (a page map's "ChangePassword.py"): not a secret's
# name.  Narrower than is_file_name: "api.key" is a dotted secret key, not a file.
_FILE_KEY = LazyRe(r"[\w./-]+\.(?:py|json|toml|ya?ml|txt|csv|md|html?)")


def _has_word(ws: list[str], vocabulary: frozenset[str]) -> bool:
    """One of the words ``ws`` of a name is in ``vocabulary`` (a LAST_WORD_ONLY word
    only as the last one)."""
    last = len(ws) - 1
    return any(w in vocabulary and (i == last or w not in LAST_WORD_ONLY)
               for i, w in enumerate(ws))


def _judge(name: str, extra: frozenset[str]) -> bool:
    if _label_text(name) or _FILE_KEY.fullmatch(name):
        return False  # a label, or a file's name (a page map's "ChangePassword.py")
    ws = words(name)
    if not ws:
        return False
    snake = "_".join(ws)
    if snake.endswith(LABEL_SUFFIXES) or snake.startswith(BOOLEAN_PREFIXES) or \
            snake.startswith(MESSAGE_PREFIXES):
        return False
    if "token" in ws:  # a page cursor (nextPageToken, continuation_token) is no credential
        ws = [w for i, w in enumerate(ws) if w != "token" or not i or ws[i - 1] not in PAGING]
    vocabulary = SECRET_WORDS | extra if extra else SECRET_WORDS
    if _has_word(ws, vocabulary):
        return True
    # two-word entries such as api_key / client_secret
    return any(f"{a}_{b}" in vocabulary for a, b in zip(ws, ws[1:]))


def is_password_like(name: str) -> bool:
    """A name of a password (``admin_password``, ``pwd``, ``userPin``), not a label of
    one (``password_label``) nor a flag (``has_password``)."""
    ws = words(name)
    snake = "_".join(ws)
    if not ws or snake.endswith(LABEL_SUFFIXES) or snake.startswith(BOOLEAN_PREFIXES):
        return False
    return _has_word(ws, PASSWORD_WORDS)


# STS203: what says that a function checks a login or a password, and that a
# session-state key is the flag a custom login gate sets.
LOGIN_WORDS: frozenset[str] = frozenset(
    {"login", "logged", "loggedin", "signin", "signed", "auth", "authenticate",
     "authenticated", "authentication", "authorized", "authorised"}
)
CHECK_WORDS: frozenset[str] = frozenset(
    {"check", "verify", "validate", "valid", "correct", "ok", "verified", "entered"}
)


def is_login_check(name: str) -> bool:
    """A function whose name says it checks a login or a password (``check_password``,
    ``login``, ``authenticate``, ``is_authenticated``, ``verifyPassword``; not
    ``get_password`` nor ``hash_password``), or a session-state key that a login gate
    sets (``authenticated``, ``logged_in``, ``password_correct``,
    ``authentication_status``; not ``password``, the value itself)."""
    ws = words(name)
    if any(w in LOGIN_WORDS for w in ws):
        return True
    return _has_word(ws, PASSWORD_WORDS) and any(w in CHECK_WORDS for w in ws)


# A session-state key naming a step of the login form rather than its outcome
# (``login_clicked``, ``show_login``, ``login_step``, ``login_attempts``).
LOGIN_STEP_WORDS: frozenset[str] = frozenset(
    {"clicked", "click", "pressed", "submitted", "show", "shown", "showing", "visible",
     "open", "opened", "expanded", "step", "stage", "form", "page", "mode", "tab", "view",
     "button", "attempt", "attempts", "tries", "error", "errors", "message", "msg"}
)


def is_login_flag(key: str) -> bool:
    """A session-state key that a login gate sets when the visitor has logged in
    (:func:`is_login_check`), not one for a step of the login form
    (``login_clicked``, ``show_login``, ``login_attempts``)."""
    return is_login_check(key) and not any(w in LOGIN_STEP_WORDS for w in words(key))


# ... and the URLs of the app itself, which carry no credential (a database's URL or a
# webhook's does, and stays a secret).
SETTING_URLS: frozenset[tuple[str, str]] = frozenset(
    {("base", "url"), ("app", "url"), ("site", "url"), ("public", "url"),
     ("redirect", "url"), ("redirect", "uri"), ("callback", "url"), ("frontend", "url")}
)


def is_setting_name(name: str, leaf: bool = False) -> bool:
    """A key naming a non-secret setting (``smtp_host``, ``sender_email``, ``port``,
    ``app_base_url``); ``leaf``: the key of an item inside a section, where a database's
    or a driver's name is one too (``[sql] driver = ...``; a top-level ``database`` is
    likely a section holding the password)."""
    ws = words(name)
    if not ws or is_secret_like(name):
        return False
    return ws[-1] in SETTING_WORDS or tuple(ws[-2:]) in SETTING_URLS or (
        leaf and ws[-1] in LEAF_SETTING_WORDS)


def is_secret_like(name: str, extra_words: Iterable[str] = ()) -> bool:
    """True when ``name`` names a secret (not a label of one, not a boolean flag).
    ``extra_words`` are the configured ``--streamlit-secret-names``."""
    extra = extra_words if type(extra_words) is tuple else tuple(extra_words)
    return _verdict(name, extra)


@lru_cache(maxsize=8192)
def _verdict(name: str, extra: tuple[str, ...]) -> bool:
    return _judge(name, frozenset(w.lower() for w in extra))


# ------------------------------------------------------------------ placeholders
# One vocabulary of placeholders (RULES.md "Placeholder values"), three questions,
# all answered with str methods on the lower-cased text:
# * is_placeholder(value): is a whole value obviously not a real secret?  (the
#   name-based rules STS101/STS104/STS205, the hooks' STS913-STS915, .env files)
# * holds_template(value): does a string holding a credential-shaped token show that
#   it is a template around it (``<...>``, ``${``, an ellipsis, ``your``)?  (STS102)
# * is_placeholder_token(token): is a token that matched a credential format filled
#   with placeholder marks (``gsk_YOUR_KEY_HERE``, ``AKIA...EXAMPLE``)?  (STS102, STS915)

PLACEHOLDER_PREFIXES: tuple[str, ...] = (
    "your", "my", "insert", "replace", "enter", "put", "change", "example", "dummy",
    "fake", "test", "sample", "placeholder",
)
# Runs that fill the place of a secret, and ellipses.
FILLERS: tuple[str, ...] = ("xxxx", "***", "00000000", "####")
ELLIPSES: tuple[str, ...] = ("...", "…")
# Words that mark a sample value wherever they stand in a token-like value (not in a
# URL or an address, where they are a host: ``https://example.com``).
MARKER_WORDS: tuple[str, ...] = (
    "example", "placeholder", "dummy", "redacted", "changeme", "replaceme", "replace_me",
    "replace-me",
)
# ``your[_-]?(own[_-]?)?`` followed by one of these: ``your_api_key``, ``your-own-token``.
_YOUR_KEY: tuple[str, ...] = ("api", "secret", "key", "token", "password", "pass")
# Whole values that stand for a missing one, wherever they are.
FILLER_WORDS: frozenset[str] = frozenset((
    "changeme change_me none null todo tbd redacted notset not_set not-set unset").split())
# Whole values that are a placeholder in a settings template, but a real (weak) password
# where a password is used: a call's password slot, a password check, a password's
# fallback (``connect(password="password")``).
COMMON_WORDS: frozenset[str] = FILLER_WORDS | frozenset((
    "secret password passw0rd default admin foo bar foobar abc abc123 123 12345678 "
    "123456789 qwerty").split())
# Words that mark a token matched by a credential format as a sample.
TOKEN_MARKER_WORDS: tuple[str, ...] = (
    "your", "example", "sample", "dummy", "fake", "placeholder", "redacted", "changeme",
    "change_me",
)


def _identifier(text: str) -> bool:
    """``[A-Za-z_][A-Za-z0-9_]*``"""
    return text.isascii() and text.isidentifier()


def _env_var_name(text: str) -> bool:
    """``[A-Z]+(_[A-Z0-9]+)*``: an environment-variable *name*."""
    first, *rest = text.split("_")
    return (
        text.isascii() and first.isalpha() and first.isupper()
        and all(part.isalnum() and part.upper() == part for part in rest)
    )


def is_env_reference(value: str) -> bool:
    """``env:VAR``: Streamlit's reference to an environment variable in config.toml."""
    return value.startswith("env:") and _identifier(value[4:])


def is_indirection(value: str) -> bool:
    """A reference to a value kept elsewhere, not a value: ``${VAR}``, ``$VAR``,
    ``env:VAR`` or an environment-variable name (``OPENAI_API_KEY``)."""
    return (
        (value.startswith("${") and value.endswith("}") and "}" not in value[2:-1])
        or (value[:1] == "$" and _identifier(value[1:]))
        or is_env_reference(value)
        or _env_var_name(value)
    )


def _shaped_like_placeholder(text: str, lower: str) -> bool:
    """``text`` (stripped, not empty) is a filler, a template or a bare name."""
    first, last = text[0], text[-1]
    return (
        lower.startswith("xxx")
        or text.startswith("***")
        or any(e in text for e in ELLIPSES)
        or (len(text) >= 2 and (first, last) in (("<", ">"), ("{", "}")))  # <key>, {key}
        or (text.startswith("${") and last == "}")
        or is_indirection(text)
        or (_bare_prefix(text) and text[:-1].islower())
        or any(filler in lower for filler in FILLERS)
    )


# What a value that only names its slot is made of (``DatabasePassword``,
# ``SECRET_KEY``, ``OpenAI API Key``): the slot's words, and words that describe it.
_SLOT_SECRET_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "secret",
                                "key", "token", "apikey", "credential", "credentials"})
_SLOT_WORDS = _SLOT_SECRET_WORDS | frozenset(
    {"api", "access", "auth", "client", "app", "application", "database", "db", "sql",
     "mysql", "postgres", "postgresql", "mongo", "mongodb", "redis", "smtp", "mail", "email",
     "user", "service", "account", "server", "openai", "private", "public", "the", "a", "my",
     "your", "new", "default", "here", "goes", "value", "string"})


def _names_a_slot(text: str) -> bool:
    """``text`` is words of letters that only say what belongs there
    (``DatabasePassword``, ``api_key_here``), one of them a secret word."""
    if not text.replace("_", "").replace("-", "").replace(" ", "").isalpha():
        return False
    ws = words(text.replace(" ", "_"))
    return len(ws) > 1 and set(ws) <= _SLOT_WORDS and not _SLOT_SECRET_WORDS.isdisjoint(ws)


def _bare_prefix(text: str) -> bool:
    """A vendor prefix alone, such as ``sk-`` or ``hf_``."""
    return (3 <= len(text) <= 6 and text[-1] in "-_" and text[:-1].isascii()
            and text[:-1].isalpha())


def is_placeholder(value: str, *, min_length: int = 8, common_words: bool = True) -> bool:
    """True for values that are obviously not a real secret.

    ``min_length`` applies to name-based rules (STS101, STS104...): shorter
    values are treated as placeholders.  Pass ``0`` to disable the length test.
    ``common_words=False`` keeps words such as ``admin``, and values that only name
    their slot (``DatabasePassword``), as secrets (a password check compares with them:
    there the word *is* the password).
    """
    stripped = value.strip()
    if not stripped:
        return True
    if min_length and len(stripped) < min_length:
        return True
    lower = stripped.lower()
    if lower.startswith(PLACEHOLDER_PREFIXES) or _shaped_like_placeholder(stripped, lower):
        return True
    if ":" not in stripped and "@" not in stripped and (
        any(word in lower for word in MARKER_WORDS) or _your_key(lower)
    ):
        return True
    return common_words and (lower in COMMON_WORDS or _names_a_slot(stripped))


def _your_key(lower: str) -> bool:
    """``your[_-]?(own[_-]?)?(api|secret|key|token|password|pass)`` in ``lower``."""
    at = lower.find("your")
    while at != -1:
        rest = lower[at + 4:]
        for sep in ("", "_", "-"):
            if rest.startswith(sep):
                tail = rest[len(sep):]
                if tail.startswith(_YOUR_KEY):
                    return True
                for sep2 in ("", "_", "-"):
                    if tail.startswith("own" + sep2) and tail[3 + len(sep2):].startswith(_YOUR_KEY):
                        return True
        at = lower.find("your", at + 1)
    return False


# Words a template puts where a value goes (``your key``, ``replace me``, ``fixme``).
TEMPLATE_WORDS: tuple[str, ...] = (
    "your", "replace", "insert", "placeholder", "dummy", "fake", "example", "sample",
    "fixme", "redacted", "changeme", "change-me", "change_me", "change me",
)
# Whole values that a template leaves (compared lower-cased).
TEMPLATE_VALUES: frozenset[str] = frozenset({"todo", "tbd", "secret", "password", "none",
                                             "null"})


def is_template_text(value: str) -> bool:
    """The value reads like a template's placeholder text (``xxx``, ``<token>``,
    ``${KEY}``, ``change me``, ``enter your key``, ``key goes here``, ``TODO``)."""
    lower = value.lower()
    if "xxx" in lower or "***" in value or "${" in value or any(e in value for e in ELLIPSES):
        return True
    if any(word in lower for word in TEMPLATE_WORDS) or lower in TEMPLATE_VALUES:
        return True
    if lower.endswith("here") or (
        lower.startswith("enter") and not lower[5:6].isalnum() and lower[5:6] != "_"
    ):
        return True
    if len(value) >= 2 and (value[0], value[-1]) in (("<", ">"), ("{", "}")):
        return "\n" not in value[1:-1]
    return _bare_prefix(value)


def holds_template(value: str) -> bool:
    """The value around a credential-shaped token is a template: a filler, an ellipsis,
    ``${``, a ``<...>`` on one line, or a word starting with ``your``."""
    lower = value.lower()
    return (
        "xxxx" in lower or "${" in value or any(e in value for e in ELLIPSES)
        or _angle_brackets(value) or _word_starting(lower, "your")
    )


def is_placeholder_token(token: str) -> bool:
    """A token that matched a credential format is a sample: it holds a filler, an
    ellipsis, an angle bracket, a marker word, or one character eight times in a row."""
    lower = token.lower()
    return (
        "xxxx" in lower or "***" in token or "<" in token or ">" in token
        or any(e in token for e in ELLIPSES)
        or any(word in lower for word in TOKEN_MARKER_WORDS)
        or _repeated(lower, 8)
    )


def _angle_brackets(text: str) -> bool:
    """``<`` and a later ``>`` with neither a bracket nor a line break between them."""
    at = text.find("<")
    while at != -1:
        close = text.find(">", at)
        if close == -1:
            return False
        start = text.rfind("<", at, close)  # the last "<" before the first ">"
        if "\n" not in text[start + 1:close]:
            return True
        at = text.find("<", close)
    return False


def _word_starting(lower: str, word: str) -> bool:
    """``word`` at the start of ``lower`` or after a character that is not a word's."""
    at = lower.find(word)
    while at != -1:
        before = lower[at - 1] if at else " "
        if not (before.isalnum() or before == "_"):
            return True
        at = lower.find(word, at + 1)
    return False


def _repeated(text: str, times: int) -> bool:
    """One character ``times`` times in a row."""
    run = 1
    for previous, char in zip(text, text[1:]):
        run = run + 1 if char == previous else 1
        if run >= times:
            return True
    return False


_FILE_NAME = LazyRe(
    r"^[\w.~/\\-]+\.(json|toml|ya?ml|txt|env|pem|key|p12|pfx|cfg|ini|csv|db|sqlite3?|pkl|"
    r"crt|cer|gpg|asc)$", re.I,
)


def is_file_name(value: str) -> bool:
    """A file name or path (``credentials.json``, ``certs/key.pem``), not a secret value."""
    return _FILE_NAME.match(value) is not None


# A line that imports Streamlit's public API: ``import streamlit [as st]`` (also in a
# comma list), ``import streamlit.components...``, ``from streamlit[.components...]
# import ...``.  Shared by the plugin (which file is an app) and the gitignore hook.
STREAMLIT_IMPORT_PATTERN = (
    r"(?m)^[ \t]*(?:import[ \t][^\n#]*\bstreamlit\b(?!\.(?!components\b))"
    r"|from[ \t]+streamlit(?:\.components[\w.]*)?[ \t]+import\b)"
)


# ------------------------------------------------------------------ URL credentials
# scheme://user:password@host -- the password must be a literal, not a template.
_URL_CREDS = LazyRe(
    r"\b[a-zA-Z][a-zA-Z0-9+.\-]{1,30}://(?P<user>[^:/@\s{}<>]*):(?P<pw>[^@/\s]+)@[^\s/@]*"
)
# The names of a URL's fields, written where their values go in format help.
_FIELD_WORDS = frozenset({"user", "username", "usr", "login", "pass", "password", "passwd",
                          "pwd", "pw"})


def url_password(value: str) -> bool:
    """A URL in ``value`` carries a password that is not a placeholder (STS103, and a
    credential in a tracked ``.env`` file for STS903)."""
    if "://" in value and "@" in value:
        for m in _URL_CREDS.finditer(value):
            pw = m.group("pw")
            if pw.lower() in _FIELD_WORDS and m.group("user").lower() in _FIELD_WORDS:
                continue  # format help: "redis://user:pass@host:port"
            if not is_placeholder(pw, min_length=1) and not pw.startswith(("$", "%")):
                return True
    return False


def app_password(value: str) -> bool:
    """Twelve or more lowercase letters with few vowels, alone or in groups of four
    (``lytygvtswbcjuinn``, ``abcd efgh ijkl mnop``: a mail provider's app password),
    not a name made of words: words run 35-45% vowels, random letters about 20%."""
    letters = value.replace(" ", "")
    if " " in value and not all(len(g) == 4 for g in value.split(" ")):
        return False
    return len(letters) >= 12 and letters.islower() and generated_letters(letters)


def generated_letters(letters: str) -> bool:
    """ASCII letters that read as generated, not written: at most one vowel in four
    (words run 35-45%, random letters about 20%), eight distinct letters at least, and
    no run of the alphabet (``zzzz zzzz zzzz``, ``abcd efgh ijkl mnop``: samples)."""
    return letters.isascii() and letters.isalpha() and len(set(letters.lower())) >= 8 and \
        sum(c in "aeiouAEIOU" for c in letters) <= len(letters) // 4 and \
        not alphabet_run(letters)


def alphabet_run(text: str) -> bool:
    """Four letters in alphabet order in a row (``abcd``, ``MnOp``): a sample's filler."""
    low = text.lower()
    return any(all(ord(b) - ord(a) == 1 for a, b in zip(low[i:i + 4], low[i + 1:i + 4]))
               for i in range(len(low) - 3))
