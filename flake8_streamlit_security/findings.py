"""Findings as typed data, rendered in one place.

Every output path (flake8 text, hook text, SARIF, GitHub annotations) renders
through :func:`render_message`, which is where redaction is enforced: message
arguments are *names* (of keys, calls, detectors), and any argument that looks
like a value rather than a name is replaced, so a secret can never reach output.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

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
    limit = _MAX_PATH if path else _MAX_WORD
    if not (_SAFE_PATH if path else _SAFE_ARG).match(value) or any(
        len(w) > limit for w in value.split()
    ):
        return REDACTED
    return value


def render_message(
    code: str, args: Mapping[str, str] | None = None, secrets: tuple[str, ...] = ()
) -> str:
    """Render the catalogue message of ``code``; never includes a secret value."""
    template = RULES[code].message
    safe = {k: _safe(v, secrets, path=k == "path") for k, v in (args or {}).items()}
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
    return f"{path}:{finding.line}:{finding.col + 1}: {finding.text}"
