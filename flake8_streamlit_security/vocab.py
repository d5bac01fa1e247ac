"""Shared vocabulary: secret-like names and placeholder values (RULES.md).

Used by the flake8 plugin and by the hooks, so both judge names and values
the same way.
"""
from __future__ import annotations

import re

from flake8_streamlit_security.lazyre import LazyRe

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Iterable

SECRET_WORDS: frozenset[str] = frozenset(
    {
        "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey",
        "api_key", "access_key", "private_key", "client_secret", "cookie_secret",
        "auth_key", "credential", "credentials", "bearer", "dsn",
    }
)
# Suffixes that make a name a *label* of a secret rather than the secret.
LABEL_SUFFIXES: tuple[str, ...] = (
    "_name", "_label", "_type", "_field", "_header", "_url", "_uri", "_endpoint",
    "_path", "_file", "_dir", "_env", "_var", "_prompt", "_placeholder", "_help",
    "_key_name", "_length", "_len", "_count",
)
BOOLEAN_PREFIXES: tuple[str, ...] = ("is_", "has_", "use_", "show_")

_CAMEL = LazyRe(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = LazyRe(r"[^A-Za-z0-9]+")


def words(name: str) -> list[str]:
    """Split an identifier or key into lower-case words (``_``, ``-``, ``.``, camelCase)."""
    return [w.lower() for part in _SPLIT.split(name) for w in _CAMEL.split(part) if w]


def _judge(name: str, extra: frozenset[str]) -> bool:
    ws = words(name)
    if not ws:
        return False
    snake = "_".join(ws)
    if snake.endswith(LABEL_SUFFIXES) or snake.startswith(BOOLEAN_PREFIXES):
        return False
    vocabulary = SECRET_WORDS | extra if extra else SECRET_WORDS
    if any(w in vocabulary for w in ws):
        return True
    # two-word entries such as api_key / client_secret
    return any(f"{a}_{b}" in vocabulary for a, b in zip(ws, ws[1:]))


# Verdicts by extra words, then by name.  Dictionaries of strings and booleans only:
# the garbage collector does not track them, so a full collection of the host
# process (flake8 makes one every few files) does not walk them, as it walked an
# lru_cache's key tuples and link nodes.  Each is emptied when it gets large.
_VERDICTS: dict[tuple[str, ...], dict[str, bool]] = {}
_CACHE_LIMIT = 8192


def is_secret_like(name: str, extra_words: Iterable[str] = ()) -> bool:
    """True when ``name`` names a secret (not a label of one, not a boolean flag)."""
    key = extra_words if type(extra_words) is tuple else tuple(extra_words)
    verdicts = _VERDICTS.get(key)
    if verdicts is None:
        if len(_VERDICTS) >= 16:
            _VERDICTS.clear()
        verdicts = _VERDICTS[key] = {}
    got = verdicts.get(name)
    if got is None:
        if len(verdicts) >= _CACHE_LIMIT:
            verdicts.clear()
        got = verdicts[name] = _judge(name, frozenset(w.lower() for w in key))
    return got


_PLACEHOLDER_PREFIXES = (
    "your", "my", "insert", "replace", "enter", "put", "change", "example", "dummy",
    "fake", "test", "sample", "placeholder",
)
# Fixed parts of obvious placeholders, tested with str methods (no pattern to
# compile: the hooks start on every commit).  tests/test_vocab.py proves
# is_placeholder equal to the regular expressions these replaced.
_FILLER = ("xxxx", "XXXX", "***", "00000000", "####")
# A marker word inside a token-like value (not a URL or an address), and the
# common words that are a placeholder as a whole value; tested with str methods on
# ASCII values (is_placeholder), with these patterns built from them beyond ASCII.
_MARKER_WORDS = ("example", "placeholder", "dummy", "redacted", "changeme", "replaceme",
                 "replace_me", "replace-me")
_YOUR_KEY = ("api", "secret", "key", "token", "password", "pass")  # your[_-]?(own[_-]?)?...
_COMMON_WORDS = frozenset((
    "changeme change_me secret password passw0rd none null todo tbd redacted notset "
    "not_set not-set unset default admin foo bar foobar abc abc123 123 12345678 123456789 "
    "qwerty").split())
_MARKER_WORD = LazyRe(
    rf"(?i)^[^:@]*(?:{'|'.join(map(re.escape, _MARKER_WORDS))}"
    rf"|your[_-]?(?:own[_-]?)?(?:{'|'.join(_YOUR_KEY)}))[^:@]*$"
)
_COMMON_WORD = LazyRe(rf"^(?:{'|'.join(map(re.escape, sorted(_COMMON_WORDS)))})$", re.I)


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


def _shaped_like_placeholder(text: str, lower: str) -> bool:
    """``text`` (stripped, not empty) is a filler, a template or a bare name."""
    first, last = text[0], text[-1]
    return (
        lower.startswith("xxx")
        or text.startswith("***")
        or "..." in text
        or "…" in text
        or (len(text) >= 2 and (first, last) in (("<", ">"), ("{", "}")))  # <key>, {key}
        or (text.startswith("${") and last == "}")
        or (first == "$" and _identifier(text[1:]))
        or (text.startswith("env:") and _identifier(text[4:]))
        or _env_var_name(text)
        or (  # a bare prefix such as "sk-" or "hf_"
            3 <= len(text) <= 6 and last in "-_" and text[:-1].isascii()
            and text[:-1].isalpha() and text[:-1].islower()
        )
        or any(filler in text for filler in _FILLER)
    )


def is_placeholder(value: str, *, min_length: int = 8, common_words: bool = True) -> bool:
    """True for values that are obviously not a real secret.

    ``min_length`` applies to name-based rules (STS101, STS104...): shorter
    values are treated as placeholders.  Pass ``0`` to disable the length test.
    """
    stripped = value.strip()
    if not stripped:
        return True
    if min_length and len(stripped) < min_length:
        return True
    lower = stripped.lower()
    if lower.startswith(_PLACEHOLDER_PREFIXES) or _shaped_like_placeholder(stripped, lower):
        return True
    if not stripped.isascii():  # case folding beyond ASCII: the patterns decide
        if _MARKER_WORD.search(stripped):
            return True
        return common_words and _COMMON_WORD.search(stripped) is not None
    # ASCII: str tests equal to the patterns, which the hooks then never compile
    if ":" not in stripped and "@" not in stripped and (
        any(word in lower for word in _MARKER_WORDS) or _your_key(lower)
    ):
        return True
    return common_words and lower in _COMMON_WORDS


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
