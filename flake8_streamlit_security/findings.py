"""Findings as typed data, rendered in one place, and the one redaction step.

Every output path (flake8 text, hook text, SARIF, GitHub annotations) renders
through :func:`render_message`: message arguments are *names* (of keys, calls,
detectors), and any argument that looks like a value rather than a name is
replaced.  Names can still hold a secret (``{"api_key AKIA...": ...}``), so every
text that leaves the program -- our messages and their arguments, other plugins'
messages in the publishable formats, paths, source lines the command would echo --
passes :func:`redact`, which masks whatever a detector
(:func:`flake8_streamlit_security.secretscan.detect`) or the secret-name rules would
flag.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flake8_streamlit_security import secretscan, vocab
from flake8_streamlit_security.codes import RULES
from flake8_streamlit_security.lazyre import LazyRe

if TYPE_CHECKING:
    from typing import Mapping

# What a message argument may look like: identifiers, dotted/bracketed names,
# paths, call names and short phrases of plain words.  Anything else is redacted.
_SAFE_ARG = LazyRe(r"^[\w .,:;/\\\[\]()<>'\"=@*+{}#!?-]{0,120}$")
_MAX_WORD = 40
# Repository paths are names, not values: longer, but still plain characters.
_SAFE_PATH = LazyRe(r"^[^\x00-\x1f]{0,400}$")
_MAX_PATH = 400
REDACTED = "<redacted>"


class Finding:
    """One finding: where, which code, and the *names* its message mentions."""

    __slots__ = ("line", "col", "code", "args", "secrets")

    def __init__(self, line: int, col: int, code: str, args: Mapping[str, str] | None = None,
                 secrets: tuple[str, ...] = ()) -> None:
        self.line = line  # 1-based
        self.col = col  # 0-based, as ast reports it (flake8 adds 1)
        self.code = code
        self.args: Mapping[str, str] = args if args is not None else {}
        # Values that must never appear in output (e.g. the literal that was found).
        self.secrets = secrets

    def _key(self) -> tuple[object, ...]:
        return (self.line, self.col, self.code, tuple(sorted(self.args.items())),
                self.secrets)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Finding({self.line}, {self.col}, {self.code!r}, {dict(self.args)!r})"

    @property
    def message(self) -> str:
        return render_message(self.code, self.args, self.secrets)

    @property
    def text(self) -> str:
        """``STSnnn message``: what flake8 and the hooks print after the location."""
        return f"{self.code} {self.message}"


def _safe(value: str, secrets: tuple[str, ...], path: bool = False) -> str:
    value = str(value).replace("\n", " ").replace("\r", " ")
    for secret in secrets:
        if len(secret) >= 4 and secret in value:
            value = value.replace(secret, REDACTED)
    if not path and _names_only(value):
        return value  # a call chain: long qualified names are names (redact still runs)
    limit = _MAX_PATH if path else _MAX_WORD
    if not (_SAFE_PATH if path else _SAFE_ARG).match(value) or any(
        len(w) > limit for w in value.split()
    ):
        return REDACTED
    return value


def _names_only(value: str) -> bool:
    """``src.fileupload.copy_local_files -> shutil.copy2()``: dotted identifiers (a
    call's ``()`` allowed, a method's leading ``.``: ``-> .execute``), ``->`` and
    ``...``, at most 400 characters."""
    if len(value) > _MAX_PATH:
        return False
    for word in value.split():
        if word in ("->", "..."):
            continue
        name = word[:-2] if word.endswith("()") else word
        name = name[1:] if name.startswith(".") else name
        if not all(part.isidentifier() and part.isascii() for part in name.split(".")):
            return False
    return True


# ---------------------------------------------------------------------- redaction

# Words of a text for redaction: what lies between spaces, quotes, brackets and
# list separators (a credential never holds one of them, except a private key's
# header, which the whole-text check below catches).
_WORD = LazyRe(r"""[^\s'"`()\[\]{}<>,;|]+""")
# Parts of a word that may be a generic secret on their own: ``TOKEN_<value>``.
_PART = LazyRe(r"[^_./:@=]+")
# ``name=value`` or ``name:value`` inside one word.
_ASSIGNED = LazyRe(r"([A-Za-z_][\w.-]*?)([=:]+)(.+)")
# The password of a URL's user information: ``scheme://user:password@host``.
_URL_PASSWORD = LazyRe(r"(://[^/\s:@]*:)([^@/\s]+)(?=@)")
_OPERATOR = LazyRe(r"[=:!<>+*/%&|^~-]+")
_CONTROL = LazyRe(r"[\x00-\x1f\x7f-\x9f]")
_MIN_RANDOM = 10  # characters: a shorter random-looking word is an identifier


def _alternations(text: str) -> int:
    """How often ``text`` switches between a letter and a digit."""
    count = 0
    for a, b in zip(text, text[1:]):
        if (a.isdigit() and b.isalpha()) or (a.isalpha() and b.isdigit()):
            count += 1
    return count


def _looks_random(word: str) -> bool:
    """A generated value rather than a name: letters and digits interleaved
    (``q8ZrLm2Vx9Tp``), or high entropy by detect-secrets' thresholds.  Judged on the
    parts of a word between ``_ . / : @ =`` (paths and dotted names have many)."""
    if len(word) < _MIN_RANDOM or not any(c.isdigit() for c in word) or not any(
            c.isalpha() for c in word):
        return False
    return _alternations(word) >= 4 or secretscan.is_high_entropy(word)


def _is_value(word: str) -> bool:
    """Whether ``word``, written after a secret-like name, is a value the secret-name
    rules would flag (not a placeholder, not another name, not a plain word)."""
    if vocab.is_placeholder(word, min_length=8) or vocab.is_secret_like(word):
        return False
    if not word.isidentifier():
        return True
    return "_" not in word and (any(c.isdigit() for c in word) or (
        any(c.islower() for c in word) and any(c.isupper() for c in word[1:])))


def _mask_credential(match: re.Match[str]) -> str:
    """A word with the credential a detector finds in it masked, from where the
    credential starts (``TOKEN_<redacted>``) or as a whole."""
    word = match.group()
    if not secretscan.could_match(word):
        return word
    whole = secretscan.detect(word) is not None
    # A credential glued to a name (``TOKEN_hf_...``, ``hf_..._b``) is only found where
    # it starts and where it ends: try each start, ending at the word's end or before a
    # separator; everything from the start on is masked.
    for at in sorted(set(secretscan.hot_offsets(word)) - {0}) + [0]:
        if at and secretscan.detect(word[:at]) is not None:
            continue
        tail = word[at:]
        ends = [len(tail), *(i for i in range(len(tail) - 1, 0, -1) if tail[i] in "_-.")]
        if any(secretscan.detect(tail[:end]) for end in ends):
            return word[:at] + REDACTED if at else REDACTED
    return REDACTED if whole else word


def _mask_value(word: str, after_secret_name: bool) -> str:
    if after_secret_name and _is_value(word):
        return REDACTED
    assigned = _ASSIGNED.fullmatch(word)
    if assigned and vocab.is_secret_like(assigned.group(1)) and _is_value(assigned.group(3)):
        return f"{assigned.group(1)}{assigned.group(2)}{REDACTED}"
    if "://" in word:
        word = str(_URL_PASSWORD.sub(
            lambda m: m.group(1) + (m.group(2) if vocab.is_placeholder(
                m.group(2), min_length=1) else REDACTED), word))
    return str(_PART.sub(lambda m: REDACTED if _looks_random(m.group()) else m.group(), word))


def redact(text: str) -> str:
    """``text`` with every credential masked as ``<redacted>``: the one redaction step
    for every text that leaves the program (messages, key names, paths, source lines).

    A word is masked where a detector finds a credential in it; a credential that
    spans words (a private key's header) masks the whole text.  Then a word is masked
    when it is a value written after or assigned to a secret-like name (``password
    Tr0ub4dor``, ``token=...``), or the part of a word that looks generated (letters
    and digits interleaved, or high entropy); a URL keeps everything but its password.
    Idempotent; names, paths and prose pass unchanged.
    """
    if not text:
        return text
    text = str(_WORD.sub(_mask_credential, text))
    # (``<redacted>`` reads as a template to the detectors: look past it.)
    if secretscan.detect(text.replace(REDACTED, " ")) is not None:
        return REDACTED
    previous = ""

    def mask(match: re.Match[str]) -> str:
        nonlocal previous
        word = match.group()
        masked = _mask_value(word, bool(previous) and vocab.is_secret_like(previous))
        if not _OPERATOR.fullmatch(word):
            previous = word.rstrip(":=")
        return masked

    return str(_WORD.sub(mask, text))


def printable_path(path: str) -> str:
    """``path`` as it may be printed: control characters escaped (a newline would split
    a finding over two lines, an ``ESC`` would reach the terminal), then redacted."""
    return redact(_CONTROL.sub(lambda m: repr(m.group())[1:-1], path))


def render_message(
    code: str, args: Mapping[str, str] | None = None, secrets: tuple[str, ...] = ()
) -> str:
    """Render the catalogue message of ``code``; never includes a secret value."""
    rule = RULES[code]
    template = rule.message
    safe = {k: redact(_safe(v, secrets, path=k == "path")) for k, v in (args or {}).items()
            if k not in rule.fixed}
    for field, texts in rule.fixed.items():  # our own words: nothing to redact
        safe[field] = texts.get((args or {}).get(field, ""), texts[""])
    try:
        text = template.format(**safe)
    except (KeyError, IndexError, ValueError):
        text = template
    for secret in secrets:
        if len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    return text


def render_hook_line(path: str, finding: Finding) -> str:
    """``path:line:col: STSnnn message`` with a 1-based column, as hooks print it."""
    return f"{printable_path(path)}:{finding.line}:{finding.col + 1}: {finding.text}"
